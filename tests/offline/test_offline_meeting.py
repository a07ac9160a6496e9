"""Issue 18: the constituent meeting held on a meeting file and brought back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from constituent import DAY, hold, prepare
from meeting_setup import make_body, plan, snapshot_all
from sqlalchemy.engine import URL

from dvmeet.db.storage import open_database
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.errors import Conflict, DvmeetError
from dvmeet.services import attendance, meetings, minutes, offline
from dvmeet.services.attendance.models import PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.offline.models import CheckinIn, CheckoutIn, CheckoutState


def on_file(path: Path) -> Context:
    return Context(open_database(path), actor="møteleiar")


def test_constituent_meeting_on_a_meeting_file(ctx: Context, tmp_path: Path) -> None:
    body = make_body(ctx)
    prepared = prepare(ctx, body)
    mid = prepared.meeting_id
    file = tmp_path / "møte.dvmeet"
    out = offline.checkout_meeting(ctx, CheckoutIn(meeting_id=mid, file=file))
    assert out.state is CheckoutState.OUT and file.is_file()
    assert offline.meeting_checkout(ctx, mid) == out
    info = offline.meeting_file(file)
    assert info is not None and info.meeting_id == mid
    assert offline.meeting_file(Path(ctx.db.path)) is None if ctx.db.path else True

    # At home the meeting's rows are refused, naming the file; other meetings stay editable.
    with pytest.raises(Conflict, match=re.escape("møte.dvmeet")):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(0)))
    with pytest.raises(Conflict, match="teke med ut"):
        meetings.add_case(ctx, CaseIn(meeting_id=mid, title="Ny sak heime"))
    other = plan(ctx, body, DAY + dt.timedelta(days=60))
    assert meetings.add_case(ctx, CaseIn(meeting_id=other.id, title="Sak i eit anna møte")).id

    laptop = on_file(file)
    try:
        assert offline.this_meeting_file(laptop) is not None
        with pytest.raises(Conflict, match="berre takast med ut frå hovuddatabasen"):
            offline.checkout_meeting(laptop, CheckoutIn(meeting_id=mid, file=tmp_path / "x"))
        assert not (tmp_path / "x").exists()
        assert any("møtefil" in n for n in laptop.notices)
        signatories = hold(laptop, body, prepared)
        drafted = minutes.minutes_document(laptop, mid, public=False)
    finally:
        laptop.close()

    preview = offline.preview_checkin(ctx, file)
    assert preview.conflicts == []
    assert preview.counts.added["røystingar"] == 7 and preview.counts.added["vedtak"] == 8
    (timings,) = (line for line in preview.lines if line.startswith("Møtet: "))
    assert all(word in timings for word in ("status", "opna", "heva")), timings
    result = offline.checkin_meeting(ctx, CheckinIn(file=file))
    assert result.meeting_id == mid
    assert offline.meeting_checkout(ctx, mid) is None

    home_draft = minutes.minutes_document(ctx, mid, public=False)
    assert home_draft.model_dump() == drafted.model_dump()
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY + dt.timedelta(days=2),
            signatory_person_ids=signatories,
        ),
    )
    assert meetings.get_meeting(ctx, mid).frozen
    approved = minutes.minutes_document(ctx, mid, public=False)
    laptop_cases = drafted.minutes.cases
    assert len(approved.minutes.cases) == len(laptop_cases) == 8
    for home_case, laptop_case in zip(approved.minutes.cases, laptop_cases, strict=True):
        assert home_case.model_dump() == laptop_case.model_dump()
    assert approved.minutes.present == drafted.minutes.present
    assert approved.minutes.deputies == drafted.minutes.deputies
    assert approved.minutes.movements == drafted.minutes.movements
    tie = next(c for c in laptop_cases if c.title == "Møtegodtgjersle")
    assert "møteleiaren si røyst var avgjerande" in tie.votes[0].text
    assert [d.name for d in drafted.minutes.deputies] == ["RS Person 4615-1"]
    assert any(c.closed for c in laptop_cases)


# --- refusals: each with its message, main unchanged ----------------------------------------


def _checked_out(ctx: Context, tmp_path: Path) -> tuple[object, object, Path]:
    body = make_body(ctx)
    prepared = prepare(ctx, body)
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=prepared.meeting_id, file=file))
    return body, prepared, file


def _refused(ctx: Context, url: URL, file: Path, match: str) -> None:
    before = snapshot_all(url)
    with pytest.raises(DvmeetError, match=match):
        offline.preview_checkin(ctx, file)
    with pytest.raises(DvmeetError, match=match):
        offline.checkin_meeting(ctx, CheckinIn(file=file))
    assert snapshot_all(url) == before


def test_a_file_of_another_database_is_refused(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    _, _, file = _checked_out(ctx, tmp_path)
    other = Context(open_database(tmp_path / "annan.sqlite"), actor="test")
    try:
        before = snapshot_all(other.db.url)
        with pytest.raises(Conflict, match="høyrer til ein annan database"):
            offline.checkin_meeting(other, CheckinIn(file=file))
        assert snapshot_all(other.db.url) == before
    finally:
        other.close()
    # the file is still good for its own database
    assert offline.checkin_meeting(ctx, CheckinIn(file=file)).meeting_id


def test_a_second_checkin_is_refused(ctx: Context, database_url: URL, tmp_path: Path) -> None:
    body, prepared, file = _checked_out(ctx, tmp_path)
    laptop = on_file(file)
    try:
        attendance.mark_present(
            laptop, PresenceIn(meeting_id=prepared.meeting_id, person_id=body.member(0))
        )
    finally:
        laptop.close()
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    _refused(ctx, database_url, file, "allereie henta inn")


def test_a_cancelled_checkout_releases_the_meeting_and_refuses_the_file(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    body, prepared, file = _checked_out(ctx, tmp_path)
    mid = prepared.meeting_id
    cancelled = offline.cancel_checkout(ctx, mid)
    assert cancelled.state is CheckoutState.CANCELLED
    attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(0)))
    _refused(ctx, database_url, file, "Ikkje bruk fila")


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE vote SET votes_for = votes_for + 1",
        "UPDATE person SET name = 'Ein annan' WHERE id = (SELECT min(id) FROM person)",
        "UPDATE audit_event SET actor = 'x' WHERE id = (SELECT max(id) FROM audit_event)",
        "DELETE FROM attendance_event",
    ],
)
def test_a_file_altered_outside_dvmeet_is_refused(
    ctx: Context, database_url: URL, tmp_path: Path, edit: str
) -> None:
    import sqlite3

    body, prepared, file = _checked_out(ctx, tmp_path)
    laptop = on_file(file)
    try:
        hold(laptop, body, prepared)
    finally:
        laptop.close()
    raw = sqlite3.connect(file)
    try:
        # an insider drops the guards of the tables they edit first
        for (trigger,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('person', 'audit_event', 'attendance_event', 'vote')"
        ).fetchall():
            raw.execute(f'DROP TRIGGER "{trigger}"')
        raw.execute(edit)
        raw.commit()
    finally:
        raw.close()
    _refused(ctx, database_url, file, "endra utanom dvmeet")


def test_the_registry_of_a_meeting_file_is_read_only(ctx: Context, tmp_path: Path) -> None:
    from dvmeet.services import registry
    from dvmeet.services.registry.models import PersonIn

    body, _, file = _checked_out(ctx, tmp_path)
    laptop = on_file(file)
    try:
        with pytest.raises(Conflict, match="Registeret kan ikkje endrast i ei møtefil"):
            registry.create_person(laptop, PersonIn(name="Ny person"))
        # another meeting would never come back: refused in the file
        with pytest.raises(Conflict, match="berre det eine møtet"):
            plan(laptop, body, DAY + dt.timedelta(days=30))
    finally:
        laptop.close()
    assert offline.preview_checkin(ctx, file).conflicts == []


def test_changed_at_home_is_refused_then_resolved_per_item(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine, text

    body, prepared, file = _checked_out(ctx, tmp_path)
    mid = prepared.meeting_id
    laptop = on_file(file)
    try:
        hold(laptop, body, prepared)
        with laptop.unit_of_work() as uow:
            uow.session.execute(
                text("UPDATE meeting SET place = 'Laptopsalen' WHERE id = :m"), {"m": mid}
            )
    finally:
        laptop.close()
    raw = create_engine(database_url)
    try:
        with raw.begin() as conn:
            conn.execute(
                text("UPDATE meeting SET place = 'Heimesalen', secretariat = 'Ola' WHERE id = :m"),
                {"m": mid},
            )
    finally:
        raw.dispose()
    conflicts = offline.checkin_conflicts(ctx, file)
    assert {c.key for c in conflicts} == {f"meeting:[{mid}]:place", f"meeting:[{mid}]:secretariat"}
    assert {c.what for c in conflicts} == {"Møtet: møtestad", "Møtet: frå sekretariatet"}
    place = next(c for c in conflicts if c.key.endswith("place"))
    assert (place.home, place.file) == ("Heimesalen", "Laptopsalen")
    before = snapshot_all(database_url)
    with pytest.raises(Conflict, match="endra heime etter at det vart teke med ut"):
        offline.checkin_meeting(ctx, CheckinIn(file=file))
    assert snapshot_all(database_url) == before
    with pytest.raises(Conflict, match="endra heime"):
        offline.checkin_meeting(ctx, CheckinIn(file=file, choices={place.key: offline.Side.FILE}))
    choices = {c.key: offline.Side.FILE if c is place else offline.Side.HOME for c in conflicts}
    offline.checkin_meeting(ctx, CheckinIn(file=file, choices=choices))
    meeting = meetings.get_meeting(ctx, mid)
    assert meeting.place == "Laptopsalen"
    assert meeting.secretariat == "Ola"
    assert len(minutes.minutes_draft(ctx, mid).present) == 6


def test_a_case_added_on_the_laptop_gets_a_free_number_at_home(
    ctx: Context, tmp_path: Path
) -> None:
    body, prepared, file = _checked_out(ctx, tmp_path)
    mid = prepared.meeting_id
    # at home, meanwhile: the next meeting of the year takes the next case numbers
    other = plan(ctx, body, DAY + dt.timedelta(days=10))
    home_case = meetings.add_case(ctx, CaseIn(meeting_id=other.id, title="Sak heime"))
    laptop = on_file(file)
    try:
        added = meetings.add_case(laptop, CaseIn(meeting_id=mid, title="Sak frå møtet"))
    finally:
        laptop.close()
    taken = {c.label for c in meetings.get_meeting(ctx, other.id).cases}
    assert added.label in taken  # the same number was given at home
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    back = meetings.get_meeting(ctx, mid)
    (new,) = (c for c in back.cases if c.title == "Sak frå møtet")
    assert new.label not in taken
    assert home_case.label in {c.label for c in meetings.get_meeting(ctx, other.id).cases}


def test_the_database_refuses_the_out_meetings_rows_at_home(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    """Raw SQL on another connection: while the meeting is out the database itself refuses
    its cases, attendance, speakers' list and state; its place may change."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    body, prepared, _file = _checked_out(ctx, tmp_path)
    mid, case = prepared.meeting_id, prepared.fee_case
    person = body.member(0)
    raw = create_engine(database_url)
    statements = [
        f"UPDATE agenda_case SET title = 'x' WHERE meeting_id = {mid}",
        f"DELETE FROM agenda_case WHERE meeting_id = {mid}",
        "INSERT INTO attendance_event (meeting_id, person_id, kind, sequence, recorded_at) "
        f"VALUES ({mid}, {person}, 'present', 1, '2024-12-11')",
        "INSERT INTO speaker_entry (meeting_id, case_id, person_id, kind, position, "
        f"requested_at) VALUES ({mid}, {case}, {person}, 'innlegg', 1, '2024-12-11')",
        f"UPDATE meeting SET status = 'in_progress' WHERE id = {mid}",
        f"DELETE FROM meeting WHERE id = {mid}",
    ]
    try:
        before = snapshot_all(database_url)
        for statement in statements:
            with pytest.raises(DBAPIError, match="dvmeet_offline"), raw.begin() as conn:
                conn.execute(text(statement))
        assert snapshot_all(database_url) == before
        with raw.begin() as conn:
            conn.execute(text(f"UPDATE meeting SET place = 'Voss' WHERE id = {mid}"))
    finally:
        raw.dispose()
    offline.cancel_checkout(ctx, mid)
    with raw.begin() as conn:
        conn.execute(text(f"UPDATE agenda_case SET title = 'Fri att' WHERE id = {case}"))
    raw.dispose()
