"""The driver's own statements (issue 21) write and read what SQLAlchemy's Core would:
rows written with driver_insert equal the rows Core writes from the same values (enums,
times, a default made in Python, a statement's own subquery and literals, an upsert);
read_tuples gives the values Core's result rows hold (and runs an expanding IN through
SQLAlchemy); objects attached with attach_loaded are the session's, with their related
objects, read without a statement. Both engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from meeting_setup import make_body, recommendation, running
from sqlalchemy import delete, event, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from dvmeet.db.audit import append_event, verify_audit_chain
from dvmeet.db.driver_insert import insert_row, insert_rows
from dvmeet.db.driver_read import read_tuples
from dvmeet.db.models import (
    AttendanceEvent,
    AuditEvent,
    Ballot,
    Body,
    Case,
    Meeting,
    Proposal,
    Vote,
    VoteDraft,
)
from dvmeet.domain.enums import AttendanceKind, BallotChoice, VoteMethod
from dvmeet.errors import InvalidInput, NotFound
from dvmeet.services import voting
from dvmeet.services._records import _SEAT_ROWS, _TIMELINE, attach_loaded, row_columns
from dvmeet.services.attendance._attendance import _INSERT_EVENT
from dvmeet.services.context import Context
from dvmeet.services.voting._drafts import _upsert
from dvmeet.services.voting._voting import _WITH_FACTS
from dvmeet.services.voting.models import VoteIn


def _row(s: Session, cls: type, key: int, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    table: Any = cls.__table__  # type: ignore[attr-defined]
    found = s.execute(select(table).where(table.c.id == key)).mappings().one()
    return {k: v for k, v in found.items() if k not in ("id", *leave_out)}


def _voted(ctx: Context) -> tuple[int, int, list[int], int]:
    """(meeting, case, members, a vote of the case): a vote to hang ballots on."""
    body = make_body(ctx, municipalities=4)
    meeting, (case,) = running(ctx, body, present=body.members, day=dt.date(2025, 5, 8))
    rec = recommendation(ctx, case.id)
    out = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            method=VoteMethod.ROLL_CALL,
            ballots=dict.fromkeys(body.members, BallotChoice.FOR),
        ),
    )
    return meeting.id, case.id, body.members, out.id


def test_ballots_written_by_the_driver_are_the_rows_core_writes(ctx: Context) -> None:
    meeting, _case, members, vote = _voted(ctx)
    with ctx.unit_of_work() as uow:
        s = uow.session
        # a second vote of the same case to hold both sets (a ballot is unique per vote)
        twin = s.get_one(Vote, vote)
        copy = {c.key: getattr(twin, c.key) for c in Vote.__table__.c if c.key != "id"}
        other = s.connection().execute(insert(Vote).values(copy)).inserted_primary_key[0]  # type: ignore[index]
        choices = (BallotChoice.MOT, BallotChoice.BLANK, BallotChoice.FOR, "for")
        rows = [
            (meeting, vote_id, person, choice, weight)
            for vote_id in (vote, other)
            for person, choice, weight in zip(members, choices, (2, 1, 1, 3), strict=True)
        ]
        s.execute(delete(Ballot).where(Ballot.vote_id == vote))
        columns = ("meeting_id", "vote_id", "person_id", "choice", "weight")
        insert_rows(s, Ballot, columns, rows[:4])
        s.connection().execute(
            insert(Ballot), [dict(zip(columns, r, strict=True)) for r in rows[4:]]
        )
    with ctx.reading() as s:
        by_driver = s.execute(
            select(Ballot.person_id, Ballot.choice, Ballot.weight, Ballot.candidate_person_id)
            .where(Ballot.vote_id == vote)
            .order_by(Ballot.person_id)
        ).all()
        by_core = s.execute(
            select(Ballot.person_id, Ballot.choice, Ballot.weight, Ballot.candidate_person_id)
            .where(Ballot.vote_id == other)
            .order_by(Ballot.person_id)
        ).all()
    assert by_driver == by_core
    assert [b.choice for b in by_driver] == [
        BallotChoice.MOT,
        BallotChoice.BLANK,
        BallotChoice.FOR,
        BallotChoice.FOR,
    ]


def test_an_event_written_by_the_driver_is_the_row_core_writes(ctx: Context) -> None:
    meeting, case, members, _vote = _voted(ctx)
    values = {
        "meeting_id": meeting,
        "of_meeting": meeting,
        "person_id": members[1],
        "membership_id": None,
        "kind": AttendanceKind.LEFT,
        "for_membership_id": None,
        "case_id": case,
        "at_time": dt.time(11, 7, 30),
    }
    with ctx.unit_of_work() as uow:
        s = uow.session
        (by_driver,) = insert_row(s, AttendanceEvent, values, _INSERT_EVENT)
        by_core = s.connection().execute(_INSERT_EVENT, values).inserted_primary_key[0]  # type: ignore[index]
        driver_row = _row(s, AttendanceEvent, by_driver, ("recorded_at", "sequence"))
        core_row = _row(s, AttendanceEvent, by_core, ("recorded_at", "sequence"))
        made = [s.get_one(AttendanceEvent, k) for k in (by_driver, by_core)]
    assert by_core == by_driver + 1  # the driver's key is the row's own
    assert driver_row == core_row
    assert driver_row["kind"] is AttendanceKind.LEFT and driver_row["at_time"] == dt.time(11, 7, 30)
    # the statement's subquery numbered both, one after the other
    assert made[1].sequence == made[0].sequence + 1
    # the default made in Python (the time it was recorded) is there, as Core makes it
    assert abs(made[0].recorded_at - made[1].recorded_at) < dt.timedelta(minutes=1)


def test_an_upsert_through_the_driver_inserts_then_updates(ctx: Context) -> None:
    meeting, case, _members, _vote = _voted(ctx)
    for content in ('{"a": 1}', '{"a": 2, "ø": "å"}'):
        with ctx.unit_of_work() as uow:
            s = uow.session
            values = {
                "case_id": case,
                "meeting_id": meeting,
                "content": content,
                "updated_at": dt.datetime(2025, 5, 8, 12, 0, 1),
            }
            assert (
                insert_row(s, VoteDraft, values, _upsert(s.get_bind().dialect.name), key=False)
                == ()
            )
    with ctx.reading() as s:
        drafts = s.scalars(select(VoteDraft).where(VoteDraft.case_id == case)).all()
    assert [(d.content, d.updated_at) for d in drafts] == [
        ('{"a": 2, "ø": "å"}', dt.datetime(2025, 5, 8, 12, 0, 1))
    ]


def test_read_tuples_gives_what_core_rows_hold(ctx: Context) -> None:
    meeting_id, case_id, _members, _vote = _voted(ctx)
    with ctx.reading() as s:
        meeting = s.get_one(Meeting, meeting_id)
        proposal = s.scalars(select(Proposal.id).where(Proposal.case_id == case_id)).first()
        asked: list[tuple[Any, dict[str, Any]]] = [
            (_TIMELINE, {"meeting_id": meeting_id}),
            (_SEAT_ROWS, {"body_id": meeting.body_id, "on": meeting.date}),
            (_WITH_FACTS, {"case_id": case_id, "proposal_id": proposal}),
            (_WITH_FACTS, {"case_id": -1, "proposal_id": proposal}),  # no row
            # an expanding IN: SQLAlchemy finishes it, read_tuples hands it over
            (select(Case.id, Case.kind).where(Case.id.in_([case_id, -1])), {}),
        ]
        for statement, params in asked:
            by_core = [tuple(r) for r in s.execute(statement, params)]
            assert read_tuples(s, statement, params) == by_core
            assert [type(v) for r in by_core for v in r] == [
                type(v) for r in read_tuples(s, statement, params) for v in r
            ]
        assert read_tuples(s, _TIMELINE, {"meeting_id": meeting_id})[0][2] in AttendanceKind


def test_attached_objects_are_the_sessions_with_their_relations(ctx: Context) -> None:
    _meeting_id, case_id, _members, _vote = _voted(ctx)
    columns = [*row_columns(Case), *row_columns(Meeting), *row_columns(Body)]
    with ctx.reading() as s:
        row = s.execute(
            select(*columns)
            .join(Meeting, Meeting.id == Case.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .where(Case.id == case_id)
        ).one()
    with ctx.reading() as s:
        statements: list[str] = []
        event.listen(s.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        c, m = len(row_columns(Case)), len(row_columns(Meeting))
        body = attach_loaded(s, Body, row[c + m :])
        meeting = attach_loaded(s, Meeting, row[c : c + m], body=body)
        case = attach_loaded(s, Case, row[:c], meeting=meeting)
        assert s.get(Case, case_id) is case and s.get(Meeting, meeting.id) is meeting
        assert case.meeting is meeting and case.meeting.body is body
        assert (case.title, meeting.status, body.code) == (
            row[[col.key for col in row_columns(Case)].index("title")],
            row[c + [col.key for col in row_columns(Meeting)].index("status")],
            row[c + m + [col.key for col in row_columns(Body)].index("code")],
        )
        assert statements == []  # nothing read: every column and relation is in place
        assert attach_loaded(s, Case, row[:c], meeting=meeting) is case  # the session's copy
        assert not s.dirty and not s.new


def _audit_inserts(ctx: Context, call: Any) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []

    def note(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO AUDIT_EVENT", "SELECT EVENT_ID")):
            seen.append((statement, many))

    event.listen(ctx.db.engine, "before_cursor_execute", note)
    try:
        call()
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", note)
    return seen


def test_a_votes_events_are_written_together_and_chain(ctx: Context) -> None:
    body = make_body(ctx, municipalities=3)
    _meeting, (case,) = running(ctx, body, present=body.members, day=dt.date(2025, 5, 9))
    rec = recommendation(ctx, case.id)
    data = VoteIn(
        case_id=case.id,
        proposal_id=rec.id,
        method=VoteMethod.ROLL_CALL,
        ballots=dict.fromkeys(body.members, BallotChoice.FOR),
    )
    writes = _audit_inserts(ctx, lambda: voting.record_vote(ctx, data))
    with ctx.reading() as s:
        report = verify_audit_chain(s)
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)).all()
    assert report.broken_at is None, report.problem
    assert [e.action for e in reversed(last)] == ["vote.recorded", "decision.recorded"]
    assert last[0].prev_hash == last[1].hash  # the decision's event chains to the vote's
    # SQLite: both in one executemany; PostgreSQL: the server appends each
    assert writes == ([(writes[0][0], True)] if ctx.is_sqlite else writes[:2])
    assert len(writes) == (1 if ctx.is_sqlite else 2)


def test_events_held_together_keep_the_chains_order(ctx: Context) -> None:
    make_body(ctx, municipalities=1)
    with ctx.unit_of_work() as uow:
        with uow.events_together():
            uow.audit("test.first", "meeting", 1, {"n": 1})
            uow.audit("test.second", "meeting", 2, {"n": 2})
            # an event appended straight away writes the held ones before it
            direct = append_event(
                uow.session,
                actor="prøve",
                action="test.third",
                entity="case",
                entity_id=3,
                payload={"n": 3},
            )
            uow.audit("test.fourth", "meeting", 4, {"n": 4})
        assert uow.audited[-4:] == ["meeting", "meeting", "case", "meeting"]
    _fail_after_a_held_event(ctx)
    with ctx.reading() as s:
        report = verify_audit_chain(s)
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert s.get_one(AuditEvent, direct.id).action == "test.third"
    assert report.broken_at is None, report.problem
    assert actions[-4:] == ["test.first", "test.second", "test.third", "test.fourth"]
    assert "test.failed" not in actions


class _Stop(Exception):
    pass


def _fail_after_a_held_event(ctx: Context) -> None:
    """A unit of work whose held event is followed by an error: nothing is written."""
    with pytest.raises(_Stop), ctx.unit_of_work() as uow, uow.events_together():
        uow.audit("test.failed", "meeting", 9, {})
        raise _Stop


def test_a_savepoint_inside_events_held_together_is_refused(ctx: Context) -> None:
    if not ctx.is_sqlite:
        pytest.skip("PostgreSQL's server appends each event at once: nothing is held")
    make_body(ctx, municipalities=1)
    with (
        pytest.raises(RuntimeError, match="savepoint"),
        ctx.unit_of_work() as uow,
        uow.events_together(),
    ):
        uow.audit("test.held", "meeting", 1, {})
        with uow.session.begin_nested():
            uow.audit("test.inside", "meeting", 2, {})
    with ctx.reading() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
        assert verify_audit_chain(s).broken_at is None
    assert "test.held" not in actions and "test.inside" not in actions


def test_a_refusal_by_the_database_is_sqlalchemys_error(ctx: Context) -> None:
    meeting, _case, members, vote = _voted(ctx)
    columns = ("meeting_id", "vote_id", "person_id", "choice", "weight")
    with pytest.raises(IntegrityError) as caught, ctx.db.write_session() as s:
        # the same voter twice in a vote: refused by the table's unique constraint
        insert_rows(s, Ballot, columns, [(meeting, vote, members[0], BallotChoice.FOR, 1)])
    assert isinstance(caught.value.orig, Exception) and "ballot" in str(caught.value).lower()
    with pytest.raises(DBAPIError), ctx.db.write_session() as s:
        # a case that does not exist: refused by the foreign key
        insert_row(s, VoteDraft, {"case_id": -5, "meeting_id": meeting, "content": ""})
    with ctx.reading() as s:  # nothing of either was kept
        assert s.scalars(select(VoteDraft)).all() == []
        assert len(s.scalars(select(Ballot).where(Ballot.vote_id == vote)).all()) == len(members)


def test_a_vote_on_what_does_not_exist_is_refused_and_writes_nothing(ctx: Context) -> None:
    body = make_body(ctx, municipalities=3)
    _meeting, (case, other) = running(ctx, body, cases=2, day=dt.date(2025, 5, 10))
    rec, elsewhere = recommendation(ctx, case.id), recommendation(ctx, other.id)
    ballots = dict.fromkeys(body.members, BallotChoice.FOR)

    def vote(case_id: int, proposal_id: int) -> None:
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case_id,
                proposal_id=proposal_id,
                method=VoteMethod.ROLL_CALL,
                ballots=ballots,
            ),
        )

    def written() -> tuple[int, int, int]:
        with ctx.reading() as s:
            return (
                len(s.scalars(select(Vote.id)).all()),
                len(s.scalars(select(Ballot.id)).all()),
                len(s.scalars(select(AuditEvent.id)).all()),
            )

    before = written()
    with pytest.raises(NotFound, match="Fann ikkje saka med id 999999"):
        vote(999999, rec.id)
    with pytest.raises(NotFound, match="Fann ikkje framlegget"):
        vote(case.id, 999999)
    with pytest.raises(InvalidInput, match="høyrer ikkje til denne saka"):
        vote(case.id, elsewhere.id)
    assert written() == before
    vote(case.id, rec.id)  # and the right one is taken
    assert written()[0] == before[0] + 1
