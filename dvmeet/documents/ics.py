"""The meetings as an iCalendar file (Europe/Oslo), with the case list in the description.

The public calendar shows closed cases by their public title only (O-2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from dvmeet.documents.models import FORM_WORDS
from dvmeet.documents.text import normalise
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import MeetingOut

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_LENGTH = dt.timedelta(hours=3)


def calendar_ics(
    ctx: Context, *, body_code: str | None = None, public: bool = True, year: int | None = None
) -> bytes:
    """A body's meetings (of a year) as one calendar."""
    summaries = meetings.list_meetings(ctx, body_code, year)
    return _calendar(ctx, [meetings.get_meeting(ctx, s.id) for s in summaries], public)


def meeting_ics(ctx: Context, meeting_id: int, *, public: bool = True) -> bytes:
    """One meeting, to send with its notice: the file a calendar imports as one event."""
    return _calendar(ctx, [meetings.get_meeting(ctx, meeting_id)], public)


def _calendar(ctx: Context, items: list[MeetingOut], public: bool) -> bytes:
    coop = registry.get_cooperation(ctx)
    name = coop.name if coop else "dvmeet"
    cal = Calendar()
    cal.add("prodid", "-//DigiVestland//dvmeet//NN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name} – møte")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for m in items:
        cal.add_component(_event(m, name, public))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _event(m: MeetingOut, cooperation: str, public: bool) -> Event:
    start = dt.datetime.combine(m.date, m.start_time, tzinfo=OSLO)
    end = (
        dt.datetime.combine(m.date, m.end_time, tzinfo=OSLO)
        if m.end_time
        else start + DEFAULT_LENGTH
    )
    lines = [f"Møteform: {FORM_WORDS[m.form]}", "", "Sakliste:"]
    for c in m.cases:
        title = c.shown_title if public else c.title
        closed = f" (u.off., {c.closure_reference})" if c.closed else ""
        lines.append(f"{c.label} {title}{closed}")
    event = Event()
    event.add("uid", f"dvmeet-meeting-{m.id}@{cooperation.lower().replace(' ', '-')}")
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", end)
    summary = f"{m.body_name}: {m.title}" if m.title else f"Møte i {m.body_name}"
    event.add("summary", normalise(summary))
    event.add("location", normalise(m.place))
    event.add("description", normalise("\n".join(lines)))
    event.add("status", "CONFIRMED")
    return event
