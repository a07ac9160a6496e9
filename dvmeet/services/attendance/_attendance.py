"""Roll call, the attendance timeline (A-1), deputies (R-1), chair per case (C-1)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple, Protocol

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from dvmeet.db.audit import HEAD_COLUMN, note_head
from dvmeet.db.driver_insert import insert_row
from dvmeet.db.driver_read import read_tuples
from dvmeet.db.models import (
    AbsenceReason,
    AttendanceEvent,
    Case,
    Meeting,
    MeetingProgress,
    Membership,
    Minutes,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.attendance import present_at
from dvmeet.domain.deputies import DeputyRef, check_deputy
from dvmeet.domain.enums import AttendanceKind, MeetingStatus, MinutesStatus, Role
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services import _meeting_times as times
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._kept_warnings import enforce_and_keep
from dvmeet.services._meeting_reads import (
    attendance_entries_of,
    current_case_id,
    roll_call_out,
    voters_out,
)
from dvmeet.services._records import (
    attach_loaded,
    attendance_timeline,
    case_label,
    case_out,
    case_voters,
    ensure_recommendation,
    meeting_out,
    own_seat,
    read_rows,
    row_columns,
    seat_membership_of,
    seat_memberships,
)
from dvmeet.services.attendance.models import (
    AttendanceEntry,
    ChairIn,
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
    RollCallIn,
    RollCallOut,
    VotersOut,
)
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.meetings.models import MeetingOut

# The event's number in the meeting, taken in the INSERT itself (no read before it: the
# write transaction holds the meeting; sequence is unique per meeting).
_NEXT_SEQUENCE = (
    select(func.coalesce(func.max(AttendanceEvent.sequence), 0) + 1)
    .where(AttendanceEvent.meeting_id == bindparam("of_meeting"))
    .scalar_subquery()
)
_INSERT_EVENT = insert(AttendanceEvent).values(sequence=_NEXT_SEQUENCE)
_MEETING_OF_CASE = select(Case.meeting_id).where(Case.id == bindparam("case_id"))


class _Seat(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def role(self) -> Role: ...


# The person's seat as seat_membership_of finds it (the same rows, the same order), as
# the columns an act needs: its id and its role.
_OWN_SEAT = own_seat(Membership.id, Membership.role)


class _OwnSeat(NamedTuple):
    id: int
    role: Role


def _seat_of(s: Session, meeting: Meeting, person_id: int) -> _Seat:
    """_membership_of's seat as (id, role), read as columns; the same refusal."""
    found = read_tuples(
        s, _OWN_SEAT, {"person_id": person_id, "body_id": meeting.body_id, "on": meeting.date}
    )
    if not found:
        return _membership_of(s, meeting, person_id)  # refused there, with the name
    return _OwnSeat(*found[0])


def _membership_of(s: Session, meeting: Meeting, person_id: int) -> Membership:
    found = seat_membership_of(s, meeting, person_id)
    if found is not None:
        return found
    person = lookup.person(s, person_id)
    raise InvalidInput(
        _("{name} har ikkje sete i {body} på møtedagen {date}.").format(
            name=person.name, body=meeting.body.name, date=f"{meeting.date:%d.%m.%Y}"
        )
    )


def _add_event(
    uow: UnitOfWork,
    meeting: Meeting,
    person_id: int,
    kind: AttendanceKind,
    *,
    case_id: int | None = None,
    at_time: dt.time | None = None,
    for_membership_id: int | None = None,
    membership: _Seat | None = None,
    case_read: tuple[int | None] | None = None,
) -> int:
    """Record the act; returns the event's id. `case_read`: the meeting of the case as
    the caller has read it in this transaction (_live_meeting_at), else it is read."""
    s = uow.session
    if membership is None:
        membership = _membership_of(s, meeting, person_id)
    if case_id is not None:
        if case_read is None:
            case_read = (read_rows(s, _MEETING_OF_CASE, {"case_id": case_id}).scalar(),)
        (case_meeting,) = case_read
        if case_meeting is None:
            raise NotFound(_("Fann ikkje {what} med id {key}.").format(what=_("saka"), key=case_id))
        if case_meeting != meeting.id:
            raise InvalidInput(_("Saka høyrer ikkje til dette møtet."))
    during = case_id is not None and meeting.status is MeetingStatus.IN_PROGRESS
    times.check_act_time(
        s, meeting, person_id, kind, at_time, during_meeting=during, now=dt.datetime.now()
    )
    s.flush()  # anything pending goes first; the event is the driver's insert
    (event_id,) = insert_row(
        s,
        AttendanceEvent,
        {
            "meeting_id": meeting.id,
            "of_meeting": meeting.id,
            "person_id": person_id,
            "membership_id": membership.id,
            "kind": kind,
            "for_membership_id": for_membership_id,
            "case_id": case_id,
            "at_time": at_time,
        },
        _INSERT_EVENT,
    )
    event_id = int(event_id)
    uow.audit(
        f"attendance.{kind.value}",
        "attendance_event",
        event_id,
        {
            "meeting_id": meeting.id,
            "person_id": person_id,
            "case_id": case_id,
            "at_time": at_time.isoformat() if at_time else None,
            "for_membership_id": for_membership_id,
        },
    )
    return event_id


def _live_meeting(uow: UnitOfWork, meeting_id: int) -> Meeting:
    return _live(lookup.meeting(uow.session, meeting_id, for_update=True))


def _live(meeting: Meeting) -> Meeting:
    lookup.ensure_not_frozen(meeting)
    if lifecycle.meeting_ended(meeting.status):
        raise Conflict(_("Møtet er avslutta; frammøtet kan ikkje endrast."))
    return meeting


# The meeting and, in the same query, the meeting of the case an act happens at and the
# audit chain's head (the act's event chains to it).
# The meeting as columns (attached to the session as a load would), read through the
# driver: an act of attendance is a keystroke of the chair's.
_MEETING_COLUMNS = row_columns(Meeting)
_MEETING_AT = select(
    *_MEETING_COLUMNS,
    select(Case.meeting_id).where(Case.id == bindparam("case_id")).scalar_subquery(),
    HEAD_COLUMN,
).where(Meeting.id == bindparam("meeting_id"))


def _live_meeting_at(
    uow: UnitOfWork, meeting_id: int, case_id: int | None
) -> tuple[Meeting, tuple[int | None] | None]:
    """_live_meeting, with the meeting of the case read along (for _add_event's check)."""
    if case_id is None:
        return _live_meeting(uow, meeting_id), None
    s = uow.session
    found = read_tuples(s, _MEETING_AT, {"meeting_id": meeting_id, "case_id": case_id})
    if not found:
        raise NotFound(_("Fann ikkje {what} med id {key}.").format(what=_("møtet"), key=meeting_id))
    row, columns = found[0], len(_MEETING_COLUMNS)
    note_head(s, row[columns + 1])
    return _live(attach_loaded(s, Meeting, row[:columns])), (row[columns],)


def mark_present(ctx: Context, data: PresenceIn) -> None:
    """Present from the start (case None) or arrived at a case (A-1)."""
    with ctx.unit_of_work() as uow:
        meeting, case_read = _live_meeting_at(uow, data.meeting_id, data.case_id)
        seat = _seat_of(uow.session, meeting, data.person_id)
        if seat.role is Role.VARAMEDLEM:
            _ensure_own_seat(uow.session, meeting, data.person_id)  # refused there
        kind = AttendanceKind.PRESENT if data.case_id is None else AttendanceKind.ARRIVED
        _add_event(
            uow,
            meeting,
            data.person_id,
            kind,
            case_id=data.case_id,
            at_time=data.at_time,
            membership=seat,
            case_read=case_read,
        )


def _ensure_own_seat(s: Session, meeting: Meeting, person_id: int) -> Membership:
    """A deputy has no seat of their own: they meet for a named member (A-1, R-1).
    Returns the person's own membership."""
    membership = _membership_of(s, meeting, person_id)
    if membership.role is Role.VARAMEDLEM:
        raise InvalidInput(
            _(
                "{name} er varamedlem og møter berre for ein namngjeven medlem. "
                "Kall inn varamedlemen for medlemen i staden."
            ).format(name=membership.person.name)
        )
    return membership


def mark_left(ctx: Context, data: PresenceIn) -> None:
    """Left the meeting before the case given (A-1)."""
    with ctx.unit_of_work() as uow:
        meeting, case_read = _live_meeting_at(uow, data.meeting_id, data.case_id)
        if data.case_id is None:
            raise InvalidInput(_("Vel saka der medlemen gjekk frå møtet."))
        _add_event(
            uow,
            meeting,
            data.person_id,
            AttendanceKind.LEFT,
            case_id=data.case_id,
            at_time=data.at_time,
            membership=_seat_of(uow.session, meeting, data.person_id),
            case_read=case_read,
        )


def mark_forfall(ctx: Context, data: ForfallIn) -> None:
    """Forfall; the reason is kept apart and never printed (R-5)."""
    with ctx.unit_of_work() as uow:
        meeting = _live_meeting(uow, data.meeting_id)
        event_id = _add_event(uow, meeting, data.person_id, AttendanceKind.FORFALL)
        if data.reason:
            uow.session.add(
                AbsenceReason(
                    attendance_event_id=event_id, meeting_id=meeting.id, reason=data.reason
                )
            )


def call_deputy(ctx: Context, data: DeputyIn) -> None:
    """A deputy meets for a named member: same municipality, in rank order (R-1)."""
    with ctx.unit_of_work() as uow:
        meeting = _live_meeting(uow, data.meeting_id)
        _call_deputy(uow, meeting, data)


def _call_deputy(uow: UnitOfWork, meeting: Meeting, data: DeputyIn) -> None:
    s = uow.session
    memberships = seat_memberships(s, meeting)
    member = _membership_of(s, meeting, data.for_person_id)
    deputy = _membership_of(s, meeting, data.deputy_person_id)
    if member.role is Role.VARAMEDLEM:
        raise InvalidInput(_("Eit varamedlem kan berre kallast inn for ein medlem."))
    if deputy.role is not Role.VARAMEDLEM:
        raise InvalidInput(
            _("{name} er ikkje varamedlem i organet.").format(name=deputy.person.name)
        )
    timeline = attendance_timeline(s, meeting.id)
    position = lookup.case(s, data.case_id).position if data.case_id else 0
    present = present_at(timeline, position)
    if data.deputy_person_id in present:
        raise Conflict(_("{name} møter alt i dette møtet.").format(name=deputy.person.name))
    if present.get(data.for_person_id) == data.for_person_id:
        raise Conflict(
            _("{name} møter sjølv; varamedlem skal ikkje kallast inn.").format(
                name=member.person.name
            )
        )
    unavailable = {e.person_id for e in timeline if e.kind is AttendanceKind.FORFALL} | set(present)
    refs = [
        DeputyRef(
            person_id=m.person_id,
            municipality_id=m.municipality_id,
            rank=m.deputy_rank or 0,
            available=m.person_id not in unavailable,
        )
        for m in memberships
        if m.role is Role.VARAMEDLEM
    ]
    this = DeputyRef(
        deputy.person_id, deputy.municipality_id, deputy.deputy_rank or 0, available=True
    )
    # an administrative body gets a deputy from another municipality as a warning,
    # kept with the meeting (or the case the deputy steps in at)
    enforce_and_keep(
        uow,
        check_deputy(member.municipality_id, this, refs),
        meeting,
        action="attendance.deputy",
        case=lookup.case(s, data.case_id) if data.case_id else None,
    )
    _add_event(
        uow,
        meeting,
        data.deputy_person_id,
        AttendanceKind.DEPUTY,
        case_id=data.case_id,
        at_time=data.at_time,
        for_membership_id=member.id,
    )


def roll_call(ctx: Context, meeting_id: int) -> RollCallOut:
    """The seats per municipality with the member, ranked deputies and their status now."""
    with ctx.reading() as s:
        return roll_call_out(s, meeting_id)


def attendance_entries(ctx: Context, meeting_id: int) -> list[AttendanceEntry]:
    with ctx.reading() as s:
        return attendance_entries_of(s, meeting_id)


def voters(ctx: Context, case_id: int) -> VotersOut:
    """The eligible voters of a case with the quorum (Q-1) and the chair (C-1)."""
    with ctx.reading() as s:
        case = lookup.case(s, case_id)
        return voters_out(s, case, case_voters(s, case))


def set_case_chair(ctx: Context, data: ChairIn) -> None:
    """C-1: record who chairs a case (needed when leiar and nestleiar are both away)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        body = case.meeting.body
        ensure_version(
            s,
            case,
            data.expected_version,
            lambda: case_out(case, body),
            _("saka {label}").format(label=case_label(case, body)),
        )
        cv = case_voters(s, case)
        if data.person_id not in cv.voters:
            raise InvalidInput(_("Møteleiaren for saka må vere blant dei som møter i saka."))
        case.chair_person_id = data.person_id
        uow.audit("case.chair_set", "case", case.id, {"person_id": data.person_id})


def open_meeting(ctx: Context, data: OpenMeetingIn) -> MeetingOut:
    """Start the meeting; the recommendation of each case becomes its first proposal."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if not lifecycle.before_meeting(meeting.status):
            raise Conflict(_("Møtet er alt starta."))
        meeting.opened_at = times.opening_time(
            meeting,
            data.opened_at,
            afterwards=data.afterwards,
            before_date_confirmed=data.before_date_confirmed,
            now=dt.datetime.now(),
        )
        meeting.status = MeetingStatus.IN_PROGRESS
        meeting.recorded_afterwards = data.afterwards
        for case in meeting.cases:
            ensure_recommendation(s, case)
        first = min(meeting.cases, key=lambda c: c.position, default=None)
        s.add(MeetingProgress(meeting_id=meeting.id, current_case_id=first.id if first else None))
        uow.audit(
            "meeting.opened",
            "meeting",
            meeting.id,
            {"at": meeting.opened_at.isoformat(), "afterwards": data.afterwards},
        )
        return meeting_out(s, meeting)


def set_current_case(ctx: Context, meeting_id: int, case_id: int) -> None:
    """Where the meeting is, so the console resumes there."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, meeting_id, for_update=True)
        case = lookup.case(s, case_id)
        if case.meeting_id != meeting.id:
            raise InvalidInput(_("Saka høyrer ikkje til dette møtet."))
        progress = s.get(MeetingProgress, meeting.id)
        if progress is None:
            s.add(MeetingProgress(meeting_id=meeting.id, current_case_id=case.id))
        else:
            progress.current_case_id = case.id
        uow.audit("meeting.current_case", "meeting", meeting.id, {"case_id": case.id})


def close_meeting(ctx: Context, data: CloseMeetingIn) -> MeetingOut:
    """End the meeting with the time; the draft minutes follow from the data."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if meeting.status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Berre eit møte som er i gang, kan hevast."))
        closed_at = times.closing_time(s, meeting, data.closed_at, now=dt.datetime.now())
        meeting.status = MeetingStatus.HELD
        meeting.closed_at = closed_at
        if meeting.end_time is None:
            meeting.end_time = closed_at.time().replace(second=0)
        if s.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id)) is None:
            s.add(Minutes(meeting_id=meeting.id, status=MinutesStatus.DRAFT))
        uow.audit("meeting.closed", "meeting", meeting.id, {"at": closed_at.isoformat()})
        return meeting_out(s, meeting)


def record_roll_call(ctx: Context, data: RollCallIn) -> RollCallOut:
    """The opprop as one unit of work: forfall first, then members present, then deputies."""
    with ctx.unit_of_work() as uow:
        meeting = _live_meeting(uow, data.meeting_id)
        for person_id, reason in data.forfall.items():
            event_id = _add_event(uow, meeting, person_id, AttendanceKind.FORFALL)
            if reason:
                uow.session.add(
                    AbsenceReason(
                        attendance_event_id=event_id, meeting_id=meeting.id, reason=reason
                    )
                )
        for person_id in data.present:
            _ensure_own_seat(uow.session, meeting, person_id)
            _add_event(uow, meeting, person_id, AttendanceKind.PRESENT)
        for deputy_id, member_id in data.deputies.items():
            _call_deputy(
                uow,
                meeting,
                DeputyIn(
                    meeting_id=meeting.id, deputy_person_id=deputy_id, for_person_id=member_id
                ),
            )
    return roll_call(ctx, data.meeting_id)


def current_case(ctx: Context, meeting_id: int) -> int | None:
    """The case the running meeting is at (set by set_current_case), for the console."""
    with ctx.reading() as s:
        return current_case_id(s, meeting_id)
