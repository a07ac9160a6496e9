"""Issue 18, what the first round left: carried audit events point at the rows at home,
cases renumbered on the laptop onto numbers home gave away, conflict words in bokmål."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from meeting_setup import make_body, plan
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL

from dvmeet.db.models import AuditEvent
from dvmeet.db.storage import open_database
from dvmeet.services import meetings, offline
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, ReorderCasesIn
from dvmeet.services.offline.models import CheckinIn, CheckoutIn

DAY = dt.date(2024, 12, 11)


def carried(ctx: Context) -> list[tuple[AuditEvent, dict[str, Any]]]:
    """The events carried over from a file, each with its payload read."""
    with ctx.reading() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "offline.carried")))
    return [(e, json.loads(e.payload) if isinstance(e.payload, str) else e.payload) for e in events]


def on_file(path: Path) -> Context:
    return Context(open_database(path), actor="møteleiar")


def test_a_case_renumbered_on_the_laptop_onto_a_number_home_gave_away(
    ctx: Context, tmp_path: Path
) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, DAY)
    first = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Første sak"))
    meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Andre sak"))
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    # at home, meanwhile: another meeting takes the next number (the third of the year)
    other = plan(ctx, body, DAY + dt.timedelta(days=10))
    home_case = meetings.add_case(ctx, CaseIn(meeting_id=other.id, title="Sak heime"))
    laptop = on_file(file)
    try:
        added = meetings.add_case(laptop, CaseIn(meeting_id=meeting.id, title="Sak frå møtet"))
        listed = meetings.get_meeting(laptop, meeting.id).cases
        ids = [c.id for c in listed if c.id != added.id]
        ids.insert(ids.index(first.id), added.id)  # the new case before the first case
        moved = meetings.reorder_cases(laptop, ReorderCasesIn(meeting_id=meeting.id, case_ids=ids))
        on_laptop = {c.title: c.label for c in moved.cases}
    finally:
        laptop.close()
    home_cases = meetings.get_meeting(ctx, other.id).cases
    given_away = {c.label for c in home_cases}
    # the file's new case has an id home gave to a case of the other meeting
    assert added.id in {c.id for c in home_cases}
    # an existing case now carries on the laptop a number home gave away
    assert on_laptop["Andre sak"] in given_away
    lines = offline.preview_checkin(ctx, file).lines
    notes = [line for line in lines if "får eit anna saksnummer" in line]
    # the case renumbered on the laptop onto the given-away number; the added case took the
    # first number of the meeting, which is free
    assert len(notes) == 1 and "«Andre sak»" in notes[0], lines
    result = offline.checkin_meeting(ctx, CheckinIn(file=file))
    assert result.meeting_id == meeting.id
    back = {c.title: c for c in meetings.get_meeting(ctx, meeting.id).cases}
    assert back["Sak frå møtet"].label == on_laptop["Sak frå møtet"]
    assert back["Første sak"].label == on_laptop["Første sak"]
    assert {c.label for c in meetings.get_meeting(ctx, other.id).cases} == given_away
    assert back["Andre sak"].label not in given_away  # the next free number instead
    labels = [c.label for c in meetings.get_meeting(ctx, meeting.id).cases]
    assert len(set(labels)) == len(labels)
    titles = [c.title for c in meetings.get_meeting(ctx, meeting.id).cases]
    assert titles.index("Sak frå møtet") < titles.index("Første sak") < titles.index("Andre sak")
    assert home_case.label in given_away

    # The carried events name the rows at home: the case added on the laptop by its new
    # id (the file's id, which home gave to «Sak heime», stays in the payload).
    events = carried(ctx)
    new_id = back["Sak frå møtet"].id
    assert new_id != added.id
    adds = [(e, p) for e, p in events if p["action"] == "case.added"]
    assert [e.entity_id for e, _p in adds] == [new_id]
    assert adds[0][1]["origin"]["entity_id"] == added.id == adds[0][1]["entity_id"]
    on_meeting = [e for e, _p in events if e.entity == "meeting"]
    assert on_meeting and {e.entity_id for e in on_meeting} == {meeting.id}


def test_carried_events_of_rows_that_never_came_home_name_none(
    ctx: Context, tmp_path: Path
) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, DAY)
    meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Sak"))
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    laptop = on_file(file)
    try:
        gone = meetings.add_case(laptop, CaseIn(meeting_id=meeting.id, title="Borte"))
        meetings.remove_case(laptop, gone.id)
    finally:
        laptop.close()
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    about_gone = [
        (e, p) for e, p in carried(ctx) if p["entity_id"] == gone.id and e.entity == "case"
    ]
    assert about_gone and all(e.entity_id is None for e, _p in about_gone)
    assert all(p["origin"]["entity_id"] == gone.id for _e, p in about_gone)


def test_conflict_fields_are_named_in_bokmal(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    from dvmeet.i18n import set_language

    body = make_body(ctx)
    meeting = plan(ctx, body, DAY)
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    laptop = on_file(file)
    try:
        with laptop.unit_of_work() as uow:
            uow.session.execute(
                text("UPDATE meeting SET secretariat = 'Kari' WHERE id = :m"),
                {"m": meeting.id},
            )
    finally:
        laptop.close()
    raw = create_engine(database_url)
    try:
        with raw.begin() as conn:
            conn.execute(
                text("UPDATE meeting SET secretariat = 'Ola' WHERE id = :m"),
                {"m": meeting.id},
            )
    finally:
        raw.dispose()
    assert [c.what for c in offline.checkin_conflicts(ctx, file)] == ["Møtet: frå sekretariatet"]
    set_language("nb")
    try:
        words = [c.what for c in offline.checkin_conflicts(ctx, file)]
    finally:
        set_language("nn")
    assert words == ["Møtet: fra sekretariatet"]


# --- the tables added since the first round -------------------------------------------------


def test_case_papers_travel_read_only_and_wait_at_home(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    from papers_kit import make_pdf
    from sqlalchemy.exc import DBAPIError

    from dvmeet.errors import Conflict
    from dvmeet.services import papers

    body = make_body(ctx)
    meeting = plan(ctx, body, DAY)
    case = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Sak med papir"))
    spare = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Sak som går ut"))
    paper = papers.update_paper(
        ctx, papers.PaperIn(case_id=case.id, expected_version=0, background="Bakgrunn heime")
    )
    for c in (case, spare):
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=c.id, title="Vedlegg", filename="v.pdf", content=make_pdf("Vedlegg")
            ),
        )
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))

    # at home the papers wait while the meeting is out (the database refuses them)
    with pytest.raises(Conflict, match="teke med ut"):
        papers.update_paper(
            ctx,
            papers.PaperIn(case_id=case.id, expected_version=paper.version, background="Ny"),
        )
    raw = create_engine(database_url)
    try:
        for statement in (
            f"UPDATE case_paper SET background = 'x' WHERE case_id = {case.id}",
            f"DELETE FROM case_attachment WHERE case_id = {case.id}",
            f"INSERT INTO minutes_signature (meeting_id, position, signer, signed_at, sha256, "
            f"pdf) VALUES ({meeting.id}, 1, 'Ola', '2024-12-12', '{'0' * 64}', 'x')",
        ):
            with pytest.raises(DBAPIError, match="dvmeet_offline"), raw.begin() as conn:
                conn.execute(text(statement))
        # an archive reference is registered after the fact: not refused
        with raw.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO archive_reference (version, case_id, case_year, case_sequence, "
                    f"updated_at) VALUES (1, {case.id}, 2024, 7, '2024-12-12')"
                )
            )
    finally:
        raw.dispose()

    laptop = on_file(file)
    try:
        # the laptop shows the papers, and may not change them
        assert papers.get_paper(laptop, case.id).background == "Bakgrunn heime"
        assert [a.title for a in papers.list_attachments(laptop, case.id) if a.id] == ["Vedlegg"]
        with pytest.raises(Conflict, match="Sakspapira og vedlegga kan ikkje endrast i ei møtefil"):
            papers.update_paper(
                laptop,
                papers.PaperIn(case_id=case.id, expected_version=paper.version, background="Ny"),
            )
        # a case removed on the laptop takes its attachment with it
        meetings.remove_case(laptop, spare.id)
    finally:
        laptop.close()
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    assert spare.id not in {c.id for c in meetings.get_meeting(ctx, meeting.id).cases}
    assert papers.get_paper(ctx, case.id).background == "Bakgrunn heime"
    assert [a.title for a in papers.list_attachments(ctx, case.id) if a.id] == ["Vedlegg"]
    # back home, the papers may change again
    papers.update_paper(
        ctx, papers.PaperIn(case_id=case.id, expected_version=paper.version, background="Ny")
    )


def test_rule_warnings_of_both_sides_are_kept(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, DAY)
    case = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Sak"))
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    insert = (
        "INSERT INTO rule_warning (meeting_id, case_id, rule_id, message, action, created_at) "
        f"VALUES ({meeting.id}, {{case}}, 'R-test', '{{message}}', 'test', '2024-12-12')"
    )
    raw = create_engine(database_url)
    try:
        with raw.begin() as conn:  # a warning the rules keep at home while the meeting is out
            conn.execute(text(insert.format(case=case.id, message="Heime")))
    finally:
        raw.dispose()
    laptop = on_file(file)
    try:
        with laptop.unit_of_work() as uow:
            uow.session.execute(text(insert.format(case="NULL", message="På møtet")))
        meetings.remove_case(laptop, case.id)  # home's warning names this case
    finally:
        laptop.close()
    preview = offline.preview_checkin(ctx, file)
    assert preview.conflicts == []
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    with ctx.reading() as s:
        messages = s.execute(
            text("SELECT message FROM rule_warning WHERE meeting_id = :m ORDER BY message"),
            {"m": meeting.id},
        ).scalars()
        assert list(messages) == ["Heime", "På møtet"]
        linked = s.execute(
            text("SELECT case_id FROM rule_warning WHERE message = 'Heime'")
        ).scalar_one()
    assert linked is None  # the case is gone; the warning stays, unlinked
    assert case.id not in {c.id for c in meetings.get_meeting(ctx, meeting.id).cases}
