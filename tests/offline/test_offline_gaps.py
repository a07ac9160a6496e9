"""Issue 18, what the first round left: carried audit events point at the rows at home,
cases renumbered on the laptop onto numbers home gave away, conflict words in bokmål."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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
