"""Meetings as an iCalendar file (Europe/Oslo), with the case list in the description.

The model comes from dvmeet.services.exports.calendar_document; the public calendar's
model names closed cases by their public title only (O-2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from dvmeet.documents.models import CalendarDocument, CalendarEvent
from dvmeet.documents.text import normalise
from dvmeet.domain.labels import document_phrase

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_LENGTH = dt.timedelta(hours=3)


def calendar_ics(document: CalendarDocument) -> bytes:
    """The meetings of `document` as one calendar."""
    name = document.cooperation or "dvmeet"
    cal = Calendar()
    cal.add("prodid", "-//DigiVestland//dvmeet//NN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name} – møte")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for m in document.events:
        cal.add_component(_event(m, name))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _event(m: CalendarEvent, cooperation: str) -> Event:
    start = dt.datetime.combine(m.date, m.start_time, tzinfo=OSLO)
    end = (
        dt.datetime.combine(m.date, m.end_time, tzinfo=OSLO)
        if m.end_time
        else start + DEFAULT_LENGTH
    )
    lines = [f"Møteform: {document_phrase(m.form)}", "", "Sakliste:"]
    for c in m.cases:
        closed = f" (u.off., {c.closure_reference})" if c.closed else ""
        lines.append(f"{c.label} {c.title}{closed}")
    event = Event()
    event.add("uid", f"dvmeet-meeting-{m.meeting_id}@{cooperation.lower().replace(' ', '-')}")
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", end)
    summary = f"{m.body_name}: {m.title}" if m.title else f"Møte i {m.body_name}"
    event.add("summary", normalise(summary))
    event.add("location", normalise(m.place))
    event.add("description", normalise("\n".join(lines)))
    event.add("status", "CONFIRMED")
    return event
