"""The speakers' list (issue 17): the queue in order, replikkar within the body's limit,
absent members refused, stale versions refused, the timer from the stored times (so it
survives a restart), the history per case, frozen with approved minutes. Both engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import takewhile

import pytest
from meeting_setup import Body, make_body, running, snapshot_all
from sqlalchemy import text
from sqlalchemy.engine import URL

from dvmeet.db.database import connect
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.domain.speakers import SpeakerKind
from dvmeet.errors import ChangedElsewhere, Conflict, FrozenRecord, InvalidInput
from dvmeet.services import attendance, minutes, speakers
from dvmeet.services.attendance.models import CloseMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.speakers import (
    MoveSpeakerIn,
    SpeakerActIn,
    SpeakerIn,
    SpeakerSettingsIn,
    SpeakersOut,
)

T0 = dt.datetime(2025, 3, 12, 10, 30)


@pytest.fixture
def body(ctx: Context) -> Body:
    return make_body(ctx)


def _meeting(ctx: Context, body: Body, **kw: object) -> tuple[int, int]:
    meeting, (case,) = running(ctx, body, **kw)  # type: ignore[arg-type]
    return meeting.id, case.id


def _add(ctx: Context, case_id: int, person: int, kind: SpeakerKind = SpeakerKind.INNLEGG):
    return speakers.add_speaker(ctx, SpeakerIn(case_id=case_id, person_id=person, kind=kind))


def _names(entries: list[speakers.SpeakerOut]) -> list[tuple[int, str]]:
    return [(e.person_id, e.kind.value) for e in entries]


def _start_first(ctx: Context, listed: SpeakersOut, at: dt.datetime) -> SpeakersOut:
    first = listed.queue[0]
    return speakers.start_speaker(
        ctx, SpeakerActIn(entry_id=first.id, expected_version=first.version), now=at
    )


def test_the_queue_keeps_order_and_moves(ctx: Context, body: Body) -> None:
    _m, case = _meeting(ctx, body)
    a, b, c = body.members[2:5]
    for p in (a, b, c):
        listed = _add(ctx, case, p)
    assert _names(listed.queue) == [(a, "innlegg"), (b, "innlegg"), (c, "innlegg")]
    assert [e.position for e in listed.queue] == [1, 2, 3]
    moved = next(e for e in listed.queue if e.person_id == c)
    listed = speakers.move_speaker(
        ctx, MoveSpeakerIn(entry_id=moved.id, step=-1, expected_version=moved.version)
    )
    assert [e.person_id for e in listed.queue] == [a, c, b]
    # the first cannot move further up: nothing changes
    top = listed.queue[0]
    again = speakers.move_speaker(
        ctx, MoveSpeakerIn(entry_id=top.id, step=-1, expected_version=top.version)
    )
    assert [e.person_id for e in again.queue] == [a, c, b]
    gone = next(e for e in again.queue if e.person_id == c)
    listed = speakers.remove_speaker(
        ctx, SpeakerActIn(entry_id=gone.id, expected_version=gone.version)
    )
    assert [e.person_id for e in listed.queue] == [a, b]
    assert [e.position for e in listed.queue] == [1, 2]
    # the same member twice in the queue is refused
    with pytest.raises(Conflict, match="står alt på talarlista"):
        _add(ctx, case, a)


def test_start_next_stop_and_history(ctx: Context, body: Body) -> None:
    _m, case = _meeting(ctx, body)
    a, b = body.members[2:4]
    _add(ctx, case, a)
    listed = _add(ctx, case, b)
    listed = _start_first(ctx, listed, T0)
    assert listed.current is not None and listed.current.person_id == a
    assert [e.person_id for e in listed.queue] == [b]
    # the next one stops the one on the floor at the same moment
    listed = _start_first(ctx, listed, T0 + dt.timedelta(seconds=95))
    assert listed.current is not None and listed.current.person_id == b
    assert [(e.person_id, e.elapsed_seconds) for e in listed.held] == [(a, 95)]
    cur = listed.current
    listed = speakers.stop_speaker(
        ctx,
        SpeakerActIn(entry_id=cur.id, expected_version=cur.version),
        now=T0 + dt.timedelta(seconds=155),
    )
    assert listed.current is None
    assert [(e.person_id, e.elapsed_seconds) for e in listed.held] == [(a, 95), (b, 60)]
    # a held turn is history: it cannot be removed, restarted or moved
    held = listed.held[0]
    with pytest.raises(Conflict):
        speakers.remove_speaker(ctx, SpeakerActIn(entry_id=held.id))
    with pytest.raises(Conflict):
        speakers.start_speaker(ctx, SpeakerActIn(entry_id=held.id))


def test_replikk_goes_to_the_innlegg_on_the_floor_within_the_limit(
    ctx: Context, body: Body
) -> None:
    _m, case = _meeting(ctx, body)
    speakers.set_speaker_settings(
        ctx,
        SpeakerSettingsIn(
            body_code=body.code,
            innlegg_seconds=180,
            replikk_seconds=60,
            max_replikkar=2,
            expected_version=0,
        ),
    )
    a, b, c, d, e = body.members[2:7]
    with pytest.raises(Conflict, match="Ingen har hatt ordet"):
        _add(ctx, case, b, SpeakerKind.REPLIKK)
    _add(ctx, case, a)
    listed = _add(ctx, case, e)
    listed = _start_first(ctx, listed, T0)
    with pytest.raises(InvalidInput, match="eige innlegg"):
        _add(ctx, case, a, SpeakerKind.REPLIKK)
    _add(ctx, case, b, SpeakerKind.REPLIKK)
    listed = _add(ctx, case, c, SpeakerKind.REPLIKK)
    # the replikkar come before the next innlegg, in the order asked
    assert _names(listed.queue) == [(b, "replikk"), (c, "replikk"), (e, "innlegg")]
    assert all(r.replying_to_name == listed.current.name for r in listed.queue[:2])  # type: ignore[union-attr]
    assert listed.replikkar_left == 0
    before = len(listed.queue)
    with pytest.raises(Conflict, match="grensa"):
        _add(ctx, case, d, SpeakerKind.REPLIKK)
    assert len(speakers.speakers_list(ctx, case).queue) == before
    # the replikk's own limit: 60 seconds
    listed = _start_first(ctx, listed, T0 + dt.timedelta(seconds=200))
    assert listed.held[0].over_limit  # 200 s of 180
    assert listed.current is not None and listed.current.limit_seconds == 60
    later = speakers.speakers_list(ctx, case, now=T0 + dt.timedelta(seconds=261))
    assert later.current is not None
    assert later.current.elapsed_seconds == 61 and later.current.over_limit


def test_an_absent_member_is_refused(ctx: Context, body: Body) -> None:
    present = body.members[:5]
    meeting, case = _meeting(ctx, body, present=present)
    absent = body.members[6]
    with pytest.raises(InvalidInput, match="møter ikkje i saka"):
        _add(ctx, case, absent)
    assert speakers.speakers_list(ctx, case).queue == []
    assert absent not in {c.person_id for c in speakers.speakers_list(ctx, case).candidates}
    # once arrived, the member may ask for the floor
    attendance.mark_present(ctx, PresenceIn(meeting_id=meeting, person_id=absent, case_id=case))
    assert absent in {c.person_id for c in speakers.speakers_list(ctx, case).candidates}
    assert [e.person_id for e in _add(ctx, case, absent).queue] == [absent]


def test_a_stale_version_is_refused_and_nothing_changes(
    ctx: Context, body: Body, database_url: URL
) -> None:
    _m, case = _meeting(ctx, body)
    a, b = body.members[2:4]
    _add(ctx, case, a)
    listed = _add(ctx, case, b)
    seen = listed.queue[1]
    other = Context(connect(database_url), actor="andre")
    try:
        speakers.move_speaker(
            other, MoveSpeakerIn(entry_id=seen.id, step=-1, expected_version=seen.version)
        )
    finally:
        other.close()
    before = snapshot_all(database_url)
    for call in (
        lambda: speakers.move_speaker(
            ctx, MoveSpeakerIn(entry_id=seen.id, step=1, expected_version=seen.version)
        ),
        lambda: speakers.remove_speaker(
            ctx, SpeakerActIn(entry_id=seen.id, expected_version=seen.version)
        ),
        lambda: speakers.start_speaker(
            ctx, SpeakerActIn(entry_id=seen.id, expected_version=seen.version)
        ),
    ):
        with pytest.raises(ChangedElsewhere, match="talarlista i saka"):
            call()
    assert snapshot_all(database_url) == before


def test_the_timer_comes_from_the_database_after_a_restart(
    ctx: Context, body: Body, database_url: URL
) -> None:
    _m, case = _meeting(ctx, body)
    listed = _add(ctx, case, body.members[3])
    started = _start_first(ctx, listed, T0)
    assert started.current is not None
    ctx.close()  # the app dies; a new one opens the same database
    again = Context(connect(database_url), actor="etter omstart")
    try:
        read = speakers.speakers_list(again, case, now=T0 + dt.timedelta(minutes=4, seconds=5))
        assert read.current is not None
        assert read.current.id == started.current.id
        assert read.current.started_at == T0
        assert read.current.elapsed_seconds == 245
        assert read.read_at == T0 + dt.timedelta(minutes=4, seconds=5)
    finally:
        again.close()


def test_settings_take_the_version_read(ctx: Context, body: Body) -> None:
    first = speakers.speaker_settings(ctx, body.code)
    assert first.version == 0 and first.innlegg_seconds is None and not first.in_minutes
    saved = speakers.set_speaker_settings(
        ctx,
        SpeakerSettingsIn(body_code=body.code, innlegg_seconds=120, expected_version=0),
    )
    assert saved.version >= 1 and saved.innlegg_seconds == 120
    with pytest.raises(ChangedElsewhere, match="innstillingane for talarlista"):
        speakers.set_speaker_settings(
            ctx, SpeakerSettingsIn(body_code=body.code, in_minutes=True, expected_version=0)
        )
    assert not speakers.speaker_settings(ctx, body.code).in_minutes


def test_bad_settings_are_refused_in_words(ctx: Context, body: Body) -> None:
    from dvmeet.errors import InvalidInput as Bad
    from dvmeet.services.models import validate

    with pytest.raises(Bad):
        validate(SpeakerSettingsIn, {"body_code": body.code, "innlegg_seconds": 0})


@pytest.fixture
def approved_with_speakers(ctx: Context, body: Body) -> Iterator[tuple[int, int]]:
    meeting, case = _meeting(ctx, body)
    _add(ctx, case, body.members[2])
    listed = _add(ctx, case, body.members[3])
    listed = _start_first(ctx, listed, T0)
    _add(ctx, case, body.members[4], SpeakerKind.REPLIKK)
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=meeting, closed_at=dt.datetime(2025, 3, 12, 12, 0))
    )
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=meeting, method=ApprovalMethod.EMAIL_ROUND, approved_on=dt.date(2025, 3, 20)
        ),
    )
    yield meeting, case


def test_the_list_is_frozen_with_approved_minutes(
    ctx: Context, approved_with_speakers: tuple[int, int], database_url: URL
) -> None:
    meeting, case = approved_with_speakers
    listed = speakers.speakers_list(ctx, case)
    assert not listed.meeting_running and listed.candidates == []
    waiting = listed.queue[0]
    with pytest.raises((FrozenRecord, Conflict)):
        speakers.remove_speaker(ctx, SpeakerActIn(entry_id=waiting.id))
    # the database itself refuses raw changes to the approved meeting's turns
    for sql in (
        "UPDATE speaker_entry SET position = position + 1 WHERE meeting_id = :m",
        "DELETE FROM speaker_entry WHERE meeting_id = :m",
        "INSERT INTO speaker_entry (meeting_id, case_id, person_id, kind, position, "
        "requested_at, version) SELECT meeting_id, case_id, person_id, kind, 99, requested_at, 1 "
        "FROM speaker_entry WHERE meeting_id = :m",
    ):
        with pytest.raises(Exception, match="dvmeet_frozen"), ctx.db.engine.begin() as conn:
            conn.execute(text(sql), {"m": meeting})
    assert len(speakers.speakers_list(ctx, case).held) == 1


def test_every_insider_move_on_an_approved_meetings_speakers_is_refused(
    ctx: Context, body: Body, approved_with_speakers: tuple[int, int], database_url: URL
) -> None:
    """The tamper kit's raw-SQL moves (change, delete, copy, copy under another meeting's
    id, move out, move another meeting's turn in, replace) on the approved meeting's rows,
    the speakers' list among them: each refused by the database itself."""
    from tests.tamper.tamper_kit import Raw, freeze_moves

    frozen, _case = approved_with_speakers
    other, other_case = _meeting(ctx, body, day=dt.date(2025, 4, 9))
    _add(ctx, other_case, body.members[5])
    ctx.close()
    raw = Raw(database_url)
    try:
        # the moves on the meeting's tables come first (the rest needs a correction)
        table_moves = takewhile(
            lambda move: not move[0].startswith("meeting:"), freeze_moves(raw, frozen, other)
        )
        moves = [move for move in table_moves if move[0].startswith("speaker_entry")]
        assert {move[0].split(": ")[1] for move in moves} >= {
            "change a row",
            "delete a row",
            "move a row to another meeting",
            "move another meeting's row in",
            "replace a row",
            "add a copy",
        }
        for name, sql, params in moves:
            refusal = raw.attempt(sql, params)
            assert refusal is not None and "dvmeet_frozen" in refusal, name
    finally:
        raw.close()


def test_a_turn_changed_with_the_triggers_dropped_is_found_by_check(
    ctx: Context, approved_with_speakers: tuple[int, int]
) -> None:
    from dvmeet.services.maintenance import check_database

    meeting, _case = approved_with_speakers
    assert check_database(ctx).clean
    postgres = ctx.db.engine.dialect.name == "postgresql"
    with ctx.db.engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE speaker_entry DISABLE TRIGGER USER"))
        else:
            for name in list(
                conn.execute(
                    text(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = 'speaker_entry'"
                    )
                ).scalars()
            ):
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(
            text("UPDATE speaker_entry SET person_id = person_id + 1 WHERE meeting_id = :m"),
            {"m": meeting},
        )
        if postgres:
            conn.execute(text("ALTER TABLE speaker_entry ENABLE TRIGGER USER"))
    problems = [p for p in check_database(ctx).problems if "summen av radene" in p]
    assert len(problems) == 1


def test_a_member_who_has_left_does_not_get_the_floor(ctx: Context, body: Body) -> None:
    meeting, case = _meeting(ctx, body)
    leaving = body.members[3]
    _add(ctx, case, leaving)
    # the member leaves the meeting before this case while waiting on its list
    attendance.mark_left(ctx, PresenceIn(meeting_id=meeting, person_id=leaving, case_id=case))
    listed = speakers.speakers_list(ctx, case)
    assert leaving not in {c.person_id for c in listed.candidates}
    waiting = listed.queue[0]
    with pytest.raises(Conflict, match="møter ikkje i saka no"):
        speakers.start_speaker(
            ctx, SpeakerActIn(entry_id=waiting.id, expected_version=waiting.version)
        )
    assert speakers.speakers_list(ctx, case).current is None
    # taken off the list instead
    assert (
        speakers.remove_speaker(
            ctx, SpeakerActIn(entry_id=waiting.id, expected_version=waiting.version)
        ).queue
        == []
    )
