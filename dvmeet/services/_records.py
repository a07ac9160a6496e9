from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import (
    Executable,
    Result,
    Select,
    bindparam,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    aliased,
    configure_mappers,
    make_transient_to_detached,
)
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlalchemy.orm.util import identity_key

from dvmeet.db.driver_insert import insert_row
from dvmeet.db.driver_read import read_tuples
from dvmeet.db.models import (
    AttendanceEvent,
    Ballot,
    Body,
    Case,
    Disqualification,
    Meeting,
    Membership,
    Municipality,
    Person,
    Proposal,
)
from dvmeet.domain import lifecycle, meeting_plan
from dvmeet.domain.attendance import EventFields, TimelineEvent, present_at
from dvmeet.domain.disqualification import case_seats
from dvmeet.domain.enums import BallotChoice, ProposalKind, Role
from dvmeet.domain.enums import MeetingKind as MeetingKind  # for callers building PlanMeetingIn
from dvmeet.domain.legal import format_reference
from dvmeet.domain.meeting_plan import FIRST_STANDING as FIRST_STANDING
from dvmeet.domain.meeting_plan import PlannedCase
from dvmeet.domain.verdict import RuleFinding
from dvmeet.services._kept_warnings import kept_findings
from dvmeet.services.meetings.models import (
    CaseOut,
    Finding,
    MeetingOut,
)

NOTICE_CHANGED = "notice.changed"


def read_rows(s: Session, statement: Executable, params: dict[str, Any]) -> Result[Any]:
    """A read of columns (not objects) on the session's connection, after what is pending
    is flushed (as the session's autoflush would): without the ORM's per-statement work."""
    s.flush()
    return s.connection().execute(statement, params)


Row = TypeVar("Row")
_INSERTS: dict[type, _InsertOf] = {}


@dataclass(frozen=True)
class _InsertOf:
    columns: list[tuple[str, str]]  # (attribute, column)
    version: tuple[str, str] | None  # the version counter's (attribute, column)
    primary_key: list[str]  # the attributes of the primary key, in its order
    attributes: frozenset[str]  # every column attribute
    new_instance: Callable[[], Any]  # an empty instance of the class, with its state


def _insert_of(cls: type) -> _InsertOf:
    """The names insert_persistent and attach_loaded need: found once per class."""
    found = _INSERTS.get(cls)
    if found is None:
        mapper: Any = inspect(cls)
        version = None
        if mapper.version_id_col is not None:
            prop = mapper.get_property_by_column(mapper.version_id_col)
            version = (prop.key, mapper.version_id_col.key)
        found = _INSERTS[cls] = _InsertOf(
            [(prop.key, prop.columns[0].key) for prop in mapper.column_attrs],
            version,
            [mapper.get_property_by_column(column).key for column in mapper.primary_key],
            frozenset(prop.key for prop in mapper.column_attrs),
            manager_of_class(cls).new_instance,
        )
    return found


def new_row(cls: type[Row], **values: Any) -> Row:
    """A new ORM object with these attributes, as cls(**values) makes it (an unknown name
    is a TypeError; columns only, no relationship), its attributes put in place without
    the instrumented set of each: for insert_persistent, which keeps no change history
    either."""
    configure_mappers()  # as the constructor would (a no-op once they are)
    how = _insert_of(cls)
    unknown = values.keys() - how.attributes
    if unknown:
        raise TypeError(f"{sorted(unknown)} are not column attributes of {cls.__name__}")
    obj: Row = how.new_instance()
    obj.__dict__.update(values)
    return obj


def insert_persistent(s: Session, obj: Row) -> Row:
    """Write a new ORM object with one INSERT (driver_insert.insert_row) and put it in the
    session as the flush would (persistent, its attributes as given; a column left out
    gets its default in the row and is read if asked for): no unit-of-work bookkeeping for
    a row that is only written. Rows pending in the session are flushed first."""
    how = _insert_of(type(obj))
    state = obj.__dict__
    values = {column: state[key] for key, column in how.columns if key in state}
    if how.version is not None and how.version[0] not in state:  # a new row's version is 1
        setattr(obj, how.version[0], 1)
        values[how.version[1]] = 1
    s.flush()
    key = insert_row(s, type(obj), values)
    state.update(zip(how.primary_key, key, strict=True))  # as given: committed just below
    make_transient_to_detached(obj)
    s.add(obj)
    return obj


def row_columns(cls: type) -> list[Any]:
    """The columns of a mapped class in the order `attach_loaded` takes their values."""
    table: Any = inspect(cls).local_table
    return [table.c[column] for _, column in _insert_of(cls).columns]


def attach_loaded(s: Session, cls: type[Row], values: Sequence[Any], **related: Any) -> Row:
    """The object of cls whose columns the caller has read (values in `row_columns`
    order), as a query would load it into the session: the session's own copy if it
    holds that row already, else a new persistent object with those attributes and the
    related objects given (as a joined load puts them), without the ORM's loading work."""
    how = _insert_of(cls)
    state = dict(zip((attribute for attribute, _ in how.columns), values, strict=True))
    key = identity_key(cls, tuple(state[attribute] for attribute in how.primary_key))
    held = s.identity_map.get(key)
    if held is not None:
        return held
    obj: Row = how.new_instance()
    obj.__dict__.update(state)
    obj.__dict__.update(related)
    make_transient_to_detached(obj)
    s.add(obj)
    return obj


def case_label(case: Case, body: Body) -> str:
    return lifecycle.case_label(body.case_prefix, case.kind.value, case.number, case.year)


def case_out(case: Case, body: Body) -> CaseOut:
    closure_reference = None
    if case.closure_basis is not None:
        closure_reference = format_reference(case.closure_basis, case.closure_note)
    return CaseOut(
        id=case.id,
        meeting_id=case.meeting_id,
        kind=case.kind,
        number=case.number,
        year=case.year,
        label=case_label(case, body),
        heading=f"Sak {case.number:03d}/{case.year % 100:02d}",
        standing=case.standing,
        title=case.title,
        public_title=case.public_title,
        closed=case.closed,
        closure_basis=case.closure_basis,
        closure_reference=closure_reference,
        closure_note=case.closure_note,
        recommendation=case.recommendation,
        description=case.description,
        preparer_person_id=case.preparer_person_id,
        preparer_name=case.preparer.name if case.preparer else None,
        document_version_id=case.document_version_id,
        position=case.position,
        added_in_meeting=case.added_in_meeting,
        qualified_majority=case.qualified_majority,
        is_election=case.is_election,
        chair_person_id=case.chair_person_id,
        seats_to_fill=case.seats_to_fill,
        decision_public=case.decision_public,
        version=case.version,
    )


def findings_out(findings: list[RuleFinding]) -> list[Finding]:
    return [
        Finding(rule_id=f.rule_id, severity=f.severity.value, message=f.message) for f in findings
    ]


def meeting_out(session: Session, meeting: Meeting) -> MeetingOut:
    body = meeting.body
    return MeetingOut(
        id=meeting.id,
        body_code=body.code,
        body_name=body.name,
        kind=meeting.kind,
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        form=meeting.form,
        status=meeting.status,
        frozen=meeting.frozen,
        demanded_by=meeting.demanded_by,
        secretariat=meeting.secretariat,
        notice_remarks=meeting.notice_remarks,
        notice_sent_at=meeting.notice_sent_at,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        recorded_afterwards=meeting.recorded_afterwards,
        cases=[case_out(c, body) for c in meeting_cases(session, meeting.id)],
        warnings=findings_out(_shown_findings(session, meeting)),
        version=meeting.version,
    )


def _shown_findings(session: Session, meeting: Meeting) -> list[RuleFinding]:
    """What the rules say of the meeting now, then the warnings kept when actions met them
    (domain.md §1: none is computed and dropped), each once."""
    now = meeting_findings(session, meeting)
    labels = {c.id: case_label(c, meeting.body) for c in meeting_cases(session, meeting.id)}
    seen = {(f.rule_id, f.message) for f in now}
    kept = [
        f for f in kept_findings(session, meeting, labels) if (f.rule_id, f.message) not in seen
    ]
    return now + kept


def meeting_cases(session: Session, meeting_id: int) -> list[Case]:
    return list(
        session.scalars(select(Case).where(Case.meeting_id == meeting_id).order_by(Case.position))
    )


def body_person_ids(session: Session, body_id: int, on: dt.date) -> set[int]:
    """Everyone holding a seat (member or deputy) in the body on a date."""
    rows = session.scalars(
        select(Membership.person_id).where(
            Membership.body_id == body_id,
            Membership.valid_from <= on,
            (Membership.valid_to.is_(None)) | (Membership.valid_to >= on),
        )
    )
    return set(rows)


def meeting_findings(session: Session, meeting: Meeting) -> list[RuleFinding]:
    """What the rules say about a planned meeting: notice (M-3), closure (O-1, M-6), H-2
    (domain.meeting_plan)."""
    body = meeting.body
    members = body_person_ids(session, body.id, meeting.date)
    cases = [
        PlannedCase(
            case_label(c, body), c.standing, c.closed, c.closure_basis, c.preparer_person_id
        )
        for c in meeting_cases(session, meeting.id)
    ]
    return meeting_plan.meeting_findings(
        date=meeting.date,
        status=meeting.status,
        form=meeting.form,
        notice_sent_at=meeting.notice_sent_at,
        body_name=body.name,
        body_kind=body.kind,
        notice_days=body.notice_days,
        remote_allowed=body.remote_allowed,
        cases=cases,
        members=members,
    )


def standing_order_findings(ordered: list[Case]) -> list[RuleFinding]:
    """M-7: the standing first cases in their fixed order at the top, eventuelt last."""
    return meeting_plan.standing_order_findings([c.standing for c in ordered])


_SEATS = "dvmeet_seat_memberships"  # session.info: {(body, date): memberships}


def seat_memberships(s: Session, meeting: Meeting) -> list[Membership]:
    """Every membership of the meeting's body valid on the meeting date.

    Read once per session (a unit of work asks for them in several rule checks and in the
    result it returns); the copy is dropped when a membership is flushed and when the
    transaction ends, so what a caller gets is always what the transaction holds."""
    key = (meeting.body_id, meeting.date)
    cached: dict[tuple[int, dt.date], list[Membership]] = s.info.setdefault(_SEATS, {})
    pending = (*s.new, *s.dirty, *s.deleted)
    if key in cached and not any(isinstance(o, Membership) for o in pending):
        return list(cached[key])
    on = meeting.date
    found = list(
        s.scalars(
            select(Membership)
            .where(
                Membership.body_id == meeting.body_id,
                Membership.valid_from <= on,
                (Membership.valid_to.is_(None)) | (Membership.valid_to >= on),
            )
            .order_by(Membership.municipality_id, Membership.deputy_rank.nulls_first())
        )
    )
    cached[key] = found
    return list(found)


def seat_membership_of(s: Session, meeting: Meeting, person_id: int) -> Membership | None:
    """The person's membership among seat_memberships (the first, in their order), read
    alone unless the session has them all already."""
    pending = (*s.new, *s.dirty, *s.deleted)
    cached = s.info.get(_SEATS, {}).get((meeting.body_id, meeting.date))
    if cached is not None and not any(isinstance(o, Membership) for o in pending):
        return next((m for m in cached if m.person_id == person_id), None)
    return s.scalars(
        _MEMBERSHIP_OF,
        {"person_id": person_id, "body_id": meeting.body_id, "on": meeting.date},
    ).first()


# The seats of a body on a date (bind parameters body_id and on), and their order.
SEATS_ON = (
    Membership.body_id == bindparam("body_id"),
    Membership.valid_from <= bindparam("on"),
    (Membership.valid_to.is_(None)) | (Membership.valid_to >= bindparam("on")),
)
SEAT_ORDER = (Membership.municipality_id, Membership.deputy_rank.nulls_first())


def own_seat(*columns: Any) -> Select[Any]:
    """The columns of a person's seat (bind parameter person_id) as seat_membership_of
    finds it: the first of the body's seats on the date, in their order."""
    return (
        select(*columns)
        .where(Membership.person_id == bindparam("person_id"), *SEATS_ON)
        .order_by(*SEAT_ORDER)
        .limit(1)
    )


_MEMBERSHIP_OF = own_seat(Membership)


_DISQ = "dvmeet_case_disqualifications"  # session.info: {case: disqualification questions}
_NAMES = "dvmeet_seats"  # session.info: {(body, date): [Seat]}
# The rows each session copy is made of: a change to one of them drops the copy.
_COPIES: dict[str, tuple[type, ...]] = {
    _SEATS: (Membership,),
    _DISQ: (Disqualification,),
    _NAMES: (Membership, Person, Municipality),
}


class Seat(NamedTuple):
    """A membership of seat_memberships as the vote needs it, with the names it shows
    (a row of _SEAT_ROWS, in its column order). A named tuple: a vote reads every seat's
    fields several times, and a tuple's are read many times faster than a result row's."""

    id: int
    person_id: int
    municipality_id: int
    role: Role
    deputy_rank: int | None
    vote_weight: int
    name: str  # the person's
    place: str  # the seat's municipality's


_SEAT_ROWS = (
    select(
        Membership.id,
        Membership.person_id,
        Membership.municipality_id,
        Membership.role,
        Membership.deputy_rank,
        Membership.vote_weight,
        Person.name.label("name"),
        Municipality.name.label("place"),
    )
    .join(Person, Person.id == Membership.person_id)
    .join(Municipality, Municipality.id == Membership.municipality_id)
    .where(*SEATS_ON)
    .order_by(*SEAT_ORDER, Membership.id)
)


def seats(s: Session, meeting: Meeting) -> list[Seat]:
    """seat_memberships (same rows, same order) as plain rows with the person's and the
    municipality's name: one query of those columns, no objects, once per session (the
    copy follows the transaction as seat_memberships's does)."""
    key = (meeting.body_id, meeting.date)
    cached: dict[tuple[int, dt.date], list[Seat]] = s.info.setdefault(_NAMES, {})
    pending = (*s.new, *s.dirty, *s.deleted)
    if key in cached and not any(isinstance(o, _COPIES[_NAMES]) for o in pending):
        return cached[key]
    rows = read_tuples(s, _SEAT_ROWS, {"body_id": meeting.body_id, "on": meeting.date})
    found = list(map(Seat._make, rows))
    cached[key] = found
    return found


def seat_names(s: Session, meeting: Meeting) -> dict[int, tuple[str, str]]:
    """Everyone with a seat, with their name and the name of their seat's municipality
    (of their last membership in seat order, as vote_out shows a ballot)."""
    return {seat.person_id: (seat.name, seat.place) for seat in seats(s, meeting)}


_CASE_DISQUALIFICATIONS = (
    select(Disqualification)
    .where(Disqualification.case_id == bindparam("case_id"))
    .order_by(Disqualification.id)
)


def case_disqualifications(s: Session, case_id: int) -> list[Disqualification]:
    """The disqualification questions of a case (H-1), in the order they were raised.

    Read once per session like seat_memberships (a vote checks the blocked ballots and
    then the voters); dropped when a question is flushed or bulk-changed, when a savepoint
    ends and when the transaction does."""
    pending = (*s.new, *s.dirty, *s.deleted)
    cached: dict[int, list[Disqualification]] = s.info.setdefault(_DISQ, {})
    if case_id in cached and not any(isinstance(o, Disqualification) for o in pending):
        return list(cached[case_id])
    found = list(s.scalars(_CASE_DISQUALIFICATIONS, {"case_id": case_id}))
    cached[case_id] = found
    return list(found)


def note_no_disqualifications(s: Session, case_id: int) -> None:
    """The caller has just read that the case has no disqualification question: kept as
    the session's copy (case_disqualifications then reads nothing; a question added in
    the transaction drops it, as any change does)."""
    s.info.setdefault(_DISQ, {})[case_id] = []


@event.listens_for(Session, "after_flush")
def _memberships_flushed(s: Session, _context: object) -> None:
    changed = (*s.new, *s.dirty, *s.deleted)
    for key, model in _COPIES.items():
        if key in s.info and any(isinstance(o, model) for o in changed):
            del s.info[key]


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(s: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction, or a savepoint (rolled back, its rows are gone); not a
    # flush's own subtransaction.
    if transaction.parent is None or transaction.nested:
        for key in _COPIES:
            s.info.pop(key, None)


@event.listens_for(Session, "do_orm_execute")
def _bulk_membership_change(state: ORMExecuteState) -> None:
    changes = state.is_update or state.is_delete or state.is_insert
    if not changes or not any(key in state.session.info for key in _COPIES):
        return
    for key, model in _COPIES.items():
        if key in state.session.info and any(m.class_ in model for m in state.all_mappers):
            del state.session.info[key]


def attendance_events(s: Session, meeting_id: int) -> list[AttendanceEvent]:
    return list(
        s.scalars(
            select(AttendanceEvent)
            .where(AttendanceEvent.meeting_id == meeting_id)
            .order_by(AttendanceEvent.sequence)
        )
    )


def attendance_timeline(s: Session, meeting_id: int) -> list[TimelineEvent]:
    """The meeting's attendance events in order, each with the position of its case and
    the person whose seat a deputy took: one query of those columns (no event objects).
    The outer joins give None where the event has no case or no seat taken, so each row
    is the event's fields as they are."""
    return list(map(TimelineEvent._make, timeline_fields(s, meeting_id)))


def timeline_fields(s: Session, meeting_id: int) -> Sequence[EventFields]:
    """attendance_timeline's events as plain tuples of the same fields (for present_at)."""
    return cast(Sequence[EventFields], read_tuples(s, _TIMELINE, {"meeting_id": meeting_id}))


_HOLDER = aliased(Membership)
# Built once: the statement is compiled once per engine and then found in its cache.
_TIMELINE = (
    select(
        AttendanceEvent.sequence,
        AttendanceEvent.person_id,
        AttendanceEvent.kind,
        Case.position,
        _HOLDER.person_id,
    )
    .outerjoin(
        Case,
        (Case.id == AttendanceEvent.case_id) & (Case.meeting_id == AttendanceEvent.meeting_id),
    )
    .outerjoin(_HOLDER, _HOLDER.id == AttendanceEvent.for_membership_id)
    .where(AttendanceEvent.meeting_id == bindparam("meeting_id"))
    .order_by(AttendanceEvent.sequence)
)


@dataclass(frozen=True)
class CaseVoters:
    seats: int
    voters: dict[int, int]  # person -> seat person
    weights: dict[int, int]
    chair_person_id: int | None


def election_ballots(
    case: Case, vote_id: int, cv: CaseVoters, ballots: Mapping[int, int | None]
) -> list[Ballot]:
    """The named ballots of an election round: each voter's candidate, or blank (None),
    with the voter's weight."""
    return [
        Ballot(
            meeting_id=case.meeting_id,
            vote_id=vote_id,
            person_id=voter,
            choice=BallotChoice.BLANK if candidate is None else BallotChoice.FOR,
            candidate_person_id=candidate,
            weight=cv.weights.get(voter, 1),
        )
        for voter, candidate in ballots.items()
    ]


def case_voters(s: Session, case: Case) -> CaseVoters:
    """The eligible voters of a case, from the timeline and the disqualifications (A-1, H-1)."""
    meeting = case.meeting
    present = present_at(timeline_fields(s, meeting.id), case.position)
    disq = case_disqualifications(s, case.id)
    voters = case_seats(
        present,
        [d.person_id for d in disq if d.decided is None],
        [d.person_id for d in disq if d.decided],
        {d.deputy_person_id: d.person_id for d in disq if d.deputy_person_id is not None},
    )
    body = meeting.body  # read once, not per voter
    if body.weighted_votes:
        memberships = {m.person_id: m.vote_weight for m in seats(s, meeting)}
        weights = {p: memberships.get(seat, 1) for p, seat in voters.items()}
    else:
        weights = dict.fromkeys(voters, 1)
    return CaseVoters(body.seats, voters, weights, chair_of_case(s, case, voters))


def chair_of_case(s: Session, case: Case, voters: dict[int, int]) -> int | None:
    """C-1: the person set as chair of the case, else the leiar, else the nestleiar present."""
    if case.chair_person_id is not None:
        return case.chair_person_id
    holders = [(m.role, m.person_id) for m in seats(s, case.meeting)]
    chair = lifecycle.chair_of_case(None, holders, voters)
    if chair is not None:  # the leiar or the nestleiar is here: no earlier chair is asked
        return chair
    earlier = s.scalars(
        select(Case.chair_person_id)
        .where(
            Case.meeting_id == case.meeting_id,
            Case.position < case.position,
            Case.chair_person_id.is_not(None),
        )
        .order_by(Case.position)
    )
    return lifecycle.chair_of_case(None, holders, voters, [p for p in earlier if p is not None])


def ensure_recommendation(s: Session, case: Case) -> Proposal | None:
    if not case.recommendation:
        return None
    existing = s.scalar(
        select(Proposal).where(
            Proposal.case_id == case.id, Proposal.kind == ProposalKind.RECOMMENDATION
        )
    )
    if existing is not None:
        return existing
    proposal = Proposal(
        meeting_id=case.meeting_id,
        case_id=case.id,
        kind=ProposalKind.RECOMMENDATION,
        text=case.recommendation,
        position=0,
        withdrawn=False,
    )
    s.add(proposal)
    s.flush()
    return proposal
