"""The calendar of meetings (iCalendar): what each event says, and the facts that let a
calendar client recognise an event again: a UID that names the database and the meeting
(never a name that can change), a SEQUENCE that every change raises, LAST-MODIFIED."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import AuditEvent, DatabaseIdentity
from dvmeet.documents.models import CalendarCase, CalendarDocument, CalendarEvent
from dvmeet.errors import StorageError
from dvmeet.i18n import _
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import MeetingOut

UID_DOMAIN = "dvmeet"  # no name that can change: the database id makes it unique


def calendar_document(
    ctx: Context,
    *,
    body_code: str | None = None,
    public: bool = True,
    year: int | None = None,
    meeting_id: int | None = None,
) -> CalendarDocument:
    """A body's meetings (of a year) as one calendar, or one meeting (`meeting_id`): the
    file a calendar imports, to send with the notice. The public calendar names closed
    cases by their public title only (O-2)."""
    if meeting_id is not None:
        items = [meetings.get_meeting(ctx, meeting_id)]
    else:
        summaries = meetings.list_meetings(ctx, body_code, year)
        items = [meetings.get_meeting(ctx, s.id) for s in summaries]
    coop = registry.get_cooperation(ctx)
    with ctx.reading() as s:
        database = database_uid(s)
        facts = {m.id: _revision(s, m.id) for m in items}
    return CalendarDocument(
        cooperation=coop.name if coop else "dvmeet",
        events=[_event(m, public, database, *facts[m.id]) for m in items],
        stamp=dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None),
    )


def database_uid(s: Session) -> str:
    """This database's own id (a random UUID made once, when it was created): unique, fixed
    for the life of the database (a restored backup is the same database), and no name."""
    uid = s.scalar(select(DatabaseIdentity.uid).where(DatabaseIdentity.id == 1))
    if uid is None:
        raise StorageError(_("Databasen manglar identiteten sin (tabellen database_identity)."))
    return uid


def _revision(s: Session, meeting_id: int) -> tuple[int, dt.datetime | None]:
    """SEQUENCE and LAST-MODIFIED of a meeting's event, from the meeting's own audit events
    after the one that planned it: every change of date, time, place or status, the notice,
    and every change of the case list after the notice. The log is append-only, so the
    sequence only ever grows."""
    count, last = s.execute(
        select(func.count(AuditEvent.id), func.max(AuditEvent.at)).where(
            AuditEvent.entity == "meeting", AuditEvent.entity_id == meeting_id
        )
    ).one()
    return max(int(count or 0) - 1, 0), last


def _event(
    m: MeetingOut, public: bool, database: str, sequence: int, last: dt.datetime | None
) -> CalendarEvent:
    return CalendarEvent(
        meeting_id=m.id,
        uid=f"meeting-{m.id}-{database}@{UID_DOMAIN}",
        sequence=sequence,
        last_modified=last,
        body_name=m.body_name,
        title=m.title,
        date=m.date,
        start_time=m.start_time,
        end_time=m.end_time,
        place=m.place,
        form=m.form,
        cases=[
            CalendarCase(
                label=c.label,
                title=c.shown_title if public else c.title,
                closed=c.closed,
                closure_reference=c.closure_reference,
            )
            for c in m.cases
        ],
    )
