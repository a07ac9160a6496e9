"""Times in a meeting: the time of the act, or the time the secretary types (issue 15).

In a live meeting the console sends the clock at the moment of each act (arrival,
departure, start, end). A meeting recorded afterwards from notes
(`Meeting.recorded_afterwards`) has every time typed. Both are checked the same way here:
every time lies within the meeting (from its start to its end), and one person's times
run in order (an arrival is never after the departure that follows it, and so on).
The actual start and end can be corrected until the minutes are approved; a correction
must still hold every recorded time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import AttendanceEvent, Meeting, Person
from dvmeet.domain.enums import AttendanceKind, MeetingStatus
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _

# The attendance acts that carry a time once the meeting is running.
TIMED = frozenset({AttendanceKind.ARRIVED, AttendanceKind.LEFT, AttendanceKind.DEPUTY})


def hhmm(t: dt.time | dt.datetime) -> str:
    return f"{t:%H:%M}"


def _date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def _act_word(kind: AttendanceKind) -> str:
    if kind is AttendanceKind.LEFT:
        return _("gjekk")
    if kind is AttendanceKind.DEPUTY:
        return _("kom inn som vara")
    return _("kom")


def _same_day(meeting: Meeting) -> bool:
    """Bounds on a time of day are checked unless the meeting ran past midnight."""
    opened, closed = meeting.opened_at, meeting.closed_at
    return opened is None or closed is None or closed.date() == opened.date()


def _timed_events(s: Session, meeting_id: int) -> list[AttendanceEvent]:
    return list(
        s.scalars(
            select(AttendanceEvent)
            .where(
                AttendanceEvent.meeting_id == meeting_id,
                AttendanceEvent.at_time.is_not(None),
            )
            .order_by(AttendanceEvent.sequence)
        )
    )


def _name(s: Session, person_id: int) -> str:
    person = s.get(Person, person_id)
    return person.name if person is not None else str(person_id)


def check_act_time(
    s: Session,
    meeting: Meeting,
    person_id: int,
    kind: AttendanceKind,
    at_time: dt.time | None,
    *,
    during_meeting: bool,
    now: dt.datetime | None = None,
) -> None:
    """The time of an attendance act, before it is stored.

    `during_meeting`: the act happens after the meeting was opened (at a case), so it has
    a time; in a meeting recorded afterwards that time must be typed. `now`: a live
    meeting still running after midnight (now is a later day than its start) has its
    times of day no longer compared."""
    if not during_meeting or kind not in TIMED:
        return
    if at_time is None:
        if meeting.recorded_afterwards:
            raise InvalidInput(
                _(
                    "Skriv klokkeslettet: møtet vert ført inn etterpå frå notat, så kvar "
                    "tid må skrivast inn."
                )
            )
        return
    name = _name(s, person_id)
    opened = meeting.opened_at
    live = not meeting.recorded_afterwards
    if live and opened is not None and now is not None and now.date() > opened.date():
        return  # past midnight: 00:10 is after 19:00 the day before
    if opened is not None and _same_day(meeting) and at_time < opened.time():
        raise InvalidInput(
            _("{name} {act} kl. {time}, men møtet starta kl. {start}.").format(
                name=name, act=_act_word(kind), time=hhmm(at_time), start=hhmm(opened)
            )
        )
    closed = meeting.closed_at
    if closed is not None and _same_day(meeting) and at_time > closed.time():
        raise InvalidInput(
            _("{name} {act} kl. {time}, men møtet vart heva kl. {end}.").format(
                name=name, act=_act_word(kind), time=hhmm(at_time), end=hhmm(closed)
            )
        )
    earlier = [e for e in _timed_events(s, meeting.id) if e.person_id == person_id]
    if earlier:
        last = max(earlier, key=lambda e: (e.at_time, e.sequence))
        assert last.at_time is not None
        if at_time < last.at_time:
            raise InvalidInput(
                _(
                    "{name} {before} kl. {then}; at {name} {act} kl. {time}, kan ikkje "
                    "førast før det. Tidene til ein person må kome i rekkjefølgje."
                ).format(
                    name=name,
                    before=_act_word(last.kind),
                    then=hhmm(last.at_time),
                    act=_act_word(kind),
                    time=hhmm(at_time),
                )
            )


def check_span(
    s: Session, meeting: Meeting, opened: dt.datetime, closed: dt.datetime | None
) -> None:
    """Start and end (the end when known) hold every recorded time of the meeting."""
    if closed is not None and closed <= opened:
        raise InvalidInput(
            _("Møtet kan ikkje hevast kl. {end} når det starta kl. {start}.").format(
                end=hhmm(closed), start=hhmm(opened)
            )
        )
    if closed is not None and closed.date() != opened.date():
        return  # past midnight: the times of day are not compared
    for e in _timed_events(s, meeting.id):
        assert e.at_time is not None
        if e.at_time < opened.time():
            raise InvalidInput(
                _(
                    "{name} {act} kl. {time}, før møtet starta kl. {start}. Rett tida for "
                    "{name} fyrst, eller vel ei tidlegare starttid."
                ).format(
                    name=_name(s, e.person_id),
                    act=_act_word(e.kind),
                    time=hhmm(e.at_time),
                    start=hhmm(opened),
                )
            )
        if closed is not None and e.at_time > closed.time():
            raise InvalidInput(
                _(
                    "{name} {act} kl. {time}, etter at møtet vart heva kl. {end}. Vel ei "
                    "seinare sluttid."
                ).format(
                    name=_name(s, e.person_id),
                    act=_act_word(e.kind),
                    time=hhmm(e.at_time),
                    end=hhmm(closed),
                )
            )


def opening_time(
    meeting: Meeting,
    opened_at: dt.datetime | None,
    *,
    afterwards: bool,
    before_date_confirmed: bool,
    now: dt.datetime,
) -> dt.datetime:
    """When the meeting opened: the clock now in a live meeting, the typed time when it is
    recorded afterwards. A live meeting opened before its date needs the caller's
    explicit confirmation; one held on an earlier day is recorded afterwards."""
    if afterwards:
        if opened_at is None:
            raise InvalidInput(
                _("Skriv klokkeslettet då møtet starta: møtet vert ført inn etterpå frå notat.")
            )
        if meeting.date > now.date():
            raise InvalidInput(
                _(
                    "Møtet er sett opp til {date} og er ikkje halde enno; det kan ikkje "
                    "førast inn etterpå."
                ).format(date=_date(meeting.date))
            )
        if opened_at.date() != meeting.date:
            raise InvalidInput(
                _("Starttida må vere på møtedagen {date}.").format(date=_date(meeting.date))
            )
        return opened_at.replace(second=0, microsecond=0)
    at = (opened_at or now).replace(microsecond=0)
    if at.date() < meeting.date and not before_date_confirmed:
        raise Conflict(
            _(
                "Møtet er sett opp til {date}. Stadfest at det skal haldast no, før møtedagen."
            ).format(date=_date(meeting.date))
        )
    if at.date() > meeting.date:
        raise InvalidInput(
            _(
                "Møtet var sett opp til {date}. Eit møte som alt er halde, vert ført inn "
                "etterpå frå notat, med klokkesletta frå notatet (ikkje klokka no)."
            ).format(date=_date(meeting.date))
        )
    return at


def closing_time(
    s: Session, meeting: Meeting, closed_at: dt.datetime | None, *, now: dt.datetime
) -> dt.datetime:
    """When the meeting ended: the clock now in a live meeting, typed when recorded
    afterwards; after its start and after every recorded time."""
    if closed_at is None and meeting.recorded_afterwards:
        raise InvalidInput(
            _("Skriv klokkeslettet då møtet vart heva: møtet vert ført inn etterpå frå notat.")
        )
    at = (closed_at or now).replace(microsecond=0)
    opened = meeting.opened_at
    if opened is not None and at < opened:
        raise InvalidInput(
            _("Møtet kan ikkje hevast kl. {end} når det starta kl. {start}.").format(
                end=hhmm(at), start=hhmm(opened)
            )
        )
    if opened is not None:
        check_span(s, meeting, opened, at)
    return at


def correct_actual_times(
    s: Session, meeting: Meeting, start: dt.time | None, end: dt.time | None
) -> None:
    """The actual start and end, corrected until the minutes are approved (B-3 then
    freezes them); every recorded time must still lie within them."""
    if meeting.opened_at is None:
        raise Conflict(
            _("Møtet er ikkje starta; den faktiske møtetida kan rettast når det er i gang.")
        )
    if meeting.status is MeetingStatus.APPROVED:
        raise Conflict(_("Møteboka er godkjend; møtetida kan ikkje rettast."))
    day = meeting.opened_at.date()
    opened = dt.datetime.combine(day, start) if start is not None else meeting.opened_at
    closed = meeting.closed_at
    if end is not None:
        if meeting.closed_at is None:
            raise Conflict(_("Møtet er ikkje heva enno; sluttida vert ført når det vert heva."))
        closed = dt.datetime.combine(day, end)
    opened = opened.replace(second=0, microsecond=0)
    if closed is not None:
        closed = closed.replace(second=0, microsecond=0)
    check_span(s, meeting, opened, closed)
    meeting.opened_at = opened
    if closed is not None:
        meeting.closed_at = closed
