"""Meetings as an iCalendar file (Europe/Oslo), with the case list in the description.

The model comes from dvmeet.services.exports.calendar_document; the public calendar's
model names closed cases by their public title only (O-2).

The time zone is written with yearly rules (last Sunday of March and of October, the EU
rule Norway follows since 1996), not as a list of dates: clients that read only rules
(Thunderbird's ical.js, vobject) otherwise put every summer meeting an hour off."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
)

from dvmeet.documents.models import CalendarDocument, CalendarEvent
from dvmeet.documents.text import normalise
from dvmeet.domain.labels import document_phrase

TZID = "Europe/Oslo"
OSLO = ZoneInfo(TZID)
DEFAULT_LENGTH = dt.timedelta(hours=3)


Address = tuple[str, str]  # (e-mail address, name)


def calendar_ics(
    document: CalendarDocument,
    *,
    method: str = "PUBLISH",
    organizer: Address | None = None,
    attendee: Address | None = None,
) -> bytes:
    """The meetings of `document` as one calendar. `method` is PUBLISH for a file to
    import, REQUEST when the file goes out as an invitation (RFC 5546: then with the
    ORGANIZER, the sender, and the recipient as ATTENDEE). `organizer` is the sender's
    address when one is set up (mailto:)."""
    if method == "REQUEST" and (organizer is None or attendee is None):
        raise ValueError("an invitation (METHOD:REQUEST) needs an organizer and an attendee")
    name = document.cooperation or "dvmeet"
    cal = Calendar()
    cal.add("prodid", "-//DigiVestland//dvmeet//NN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", f"{name} – møte")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(oslo_timezone())
    for m in document.events:
        event = _event(m, document.stamp)
        if organizer is not None:
            event.add("organizer", _address(organizer), parameters={"CN": organizer[1]})
        if attendee is not None:
            event.add(
                "attendee",
                _address(attendee),
                parameters={
                    "CN": attendee[1],
                    "ROLE": "REQ-PARTICIPANT",
                    "PARTSTAT": "NEEDS-ACTION",
                    "RSVP": "FALSE",
                },
            )
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _address(address: Address) -> vCalAddress:
    return vCalAddress(f"mailto:{address[0]}")


def oslo_timezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _event(m: CalendarEvent, stamp: dt.datetime) -> Event:
    start = dt.datetime.combine(m.date, m.start_time, tzinfo=OSLO)
    end = (
        dt.datetime.combine(m.date, m.end_time, tzinfo=OSLO)
        if m.end_time and m.end_time > m.start_time
        else start + DEFAULT_LENGTH
    )
    lines = [f"Møteform: {document_phrase(m.form)}", "", "Sakliste:"]
    for c in m.cases:
        closed = f" (u.off., {c.closure_reference})" if c.closed else ""
        lines.append(f"{c.label} {c.title}{closed}")
    event = Event()
    event.add("uid", m.uid)
    event.add("sequence", m.sequence)
    event.add("dtstamp", _utc(stamp))
    if m.last_modified is not None:
        event.add("last-modified", _utc(m.last_modified))
    event.add("dtstart", start)
    event.add("dtend", end)
    summary = f"{m.body_name}: {m.title}" if m.title else f"Møte i {m.body_name}"
    event.add("summary", normalise(summary))
    event.add("location", normalise(m.place))
    event.add("description", normalise("\n".join(lines)))
    event.add("status", "CONFIRMED")
    return event
