from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from dvmeet.db.models import (
    AttendanceEvent,
    Ballot,
    Body,
    Case,
    Disqualification,
    Meeting,
    Membership,
    Proposal,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.attendance import TimelineEvent, present_at
from dvmeet.domain.closure import check_closure
from dvmeet.domain.disqualification import case_seats, preparer_warning
from dvmeet.domain.enums import BallotChoice, MeetingStatus, ProposalKind, StandingCase
from dvmeet.domain.enums import MeetingKind as MeetingKind  # for callers building PlanMeetingIn
from dvmeet.domain.legal import format_reference
from dvmeet.domain.notice import check_notice
from dvmeet.domain.verdict import RuleFinding, Severity, apply_body_kind
from dvmeet.i18n import _
from dvmeet.services._kept_warnings import kept_findings
from dvmeet.services.meetings.models import (
    CaseOut,
    Finding,
    MeetingOut,
)

FIRST_STANDING = (
    StandingCase.NOTICE_APPROVAL,
    StandingCase.SIGNATORIES,
    StandingCase.PREVIOUS_MINUTES,
)


NOTICE_CHANGED = "notice.changed"


def case_label(case: Case, body: Body) -> str:
    prefix = f"{body.case_prefix} " if body.case_prefix else ""
    return f"{prefix}{case.kind.value} {case.number:03d}/{case.year % 100:02d}"


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
    """What the rules say about a planned meeting: notice (M-3), closure (O-1, M-6), H-2."""
    body = meeting.body
    findings: list[RuleFinding] = []
    if meeting.notice_sent_at is not None:
        findings += check_notice(meeting.notice_sent_at.date(), meeting.date, body.notice_days)
    elif meeting.status is MeetingStatus.PLANNED:
        latest = meeting.date - dt.timedelta(days=body.notice_days)
        if dt.date.today() > latest and meeting.date >= dt.date.today():
            findings.append(
                RuleFinding(
                    "M-3",
                    Severity.WARNING,
                    _(
                        "Innkallinga er ikkje send, og fristen på {days} dagar gjekk ut {date}."
                    ).format(days=body.notice_days, date=f"{latest:%d.%m.%Y}"),
                )
            )
    if meeting.form.is_remote and not body.remote_allowed:
        findings.append(
            RuleFinding(
                "M-1",
                Severity.WARNING,
                _("{body} har ikkje opna for fjernmøte.").format(body=body.name),
            )
        )
    members = body_person_ids(session, body.id, meeting.date)
    cases = meeting_cases(session, meeting.id)
    findings += standing_order_findings(cases)
    for case in cases:
        label = case_label(case, body)
        for f in check_closure(case.closed, case.closure_basis, meeting.form):
            if f.severity is not Severity.INFO:
                findings.append(RuleFinding(f.rule_id, f.severity, f"{label}: {f.message}"))
        for f in preparer_warning(case.preparer_person_id, members):
            findings.append(RuleFinding(f.rule_id, f.severity, f"{label}: {f.message}"))
    # An administrative body gets the rules as warnings (domain.md §1).
    return apply_body_kind(findings, body.kind)


def standing_order_findings(ordered: list[Case]) -> list[RuleFinding]:
    """M-7: the standing first cases in their fixed order at the top, eventuelt last."""
    present = {c.standing for c in ordered}
    first = [standing for standing in FIRST_STANDING if standing in present]
    leading = [c.standing for c in ordered[: len(first)]]
    wrong = leading != first or (
        StandingCase.EVENTUELT in present and ordered[-1].standing is not StandingCase.EVENTUELT
    )
    if not wrong:
        return []
    return [
        RuleFinding(
            "M-7",
            Severity.REFUSAL,
            _(
                "Dei faste sakene skal stå fyrst (godkjenning av innkalling, val av "
                "underskrivarar, førre møtebok) og eventuelt sist."
            ),
        )
    ]


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
    on = meeting.date
    return s.scalars(
        select(Membership)
        .where(
            Membership.person_id == person_id,
            Membership.body_id == meeting.body_id,
            Membership.valid_from <= on,
            (Membership.valid_to.is_(None)) | (Membership.valid_to >= on),
        )
        .order_by(Membership.municipality_id, Membership.deputy_rank.nulls_first())
        .limit(1)
    ).first()


@event.listens_for(Session, "after_flush")
def _memberships_flushed(s: Session, _context: object) -> None:
    if _SEATS in s.info and any(isinstance(o, Membership) for o in (*s.new, *s.dirty, *s.deleted)):
        del s.info[_SEATS]


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(s: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost: not a flush's or a savepoint's
        s.info.pop(_SEATS, None)


@event.listens_for(Session, "do_orm_execute")
def _bulk_membership_change(state: ORMExecuteState) -> None:
    changes = state.is_update or state.is_delete or state.is_insert
    if not changes or _SEATS not in state.session.info:
        return
    if any(m.class_ is Membership for m in state.all_mappers):
        del state.session.info[_SEATS]


def attendance_events(s: Session, meeting_id: int) -> list[AttendanceEvent]:
    return list(
        s.scalars(
            select(AttendanceEvent)
            .where(AttendanceEvent.meeting_id == meeting_id)
            .order_by(AttendanceEvent.sequence)
        )
    )


def attendance_timeline(s: Session, meeting_id: int) -> list[TimelineEvent]:
    positions = {
        case_id: position
        for case_id, position in s.execute(
            select(Case.id, Case.position).where(Case.meeting_id == meeting_id)
        )
    }
    deputised = select(AttendanceEvent.for_membership_id).where(
        AttendanceEvent.meeting_id == meeting_id
    )
    holders = {
        mid: pid
        for mid, pid in s.execute(
            select(Membership.id, Membership.person_id).where(Membership.id.in_(deputised))
        )
    }
    return [
        TimelineEvent(
            sequence=e.sequence,
            person_id=e.person_id,
            kind=e.kind,
            at_position=positions.get(e.case_id) if e.case_id is not None else None,
            for_person=holders.get(e.for_membership_id) if e.for_membership_id else None,
        )
        for e in attendance_events(s, meeting_id)
    ]


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
    present = present_at(attendance_timeline(s, meeting.id), case.position)
    disq = list(s.scalars(select(Disqualification).where(Disqualification.case_id == case.id)))
    voters = case_seats(
        present,
        [d.person_id for d in disq if d.decided is None],
        [d.person_id for d in disq if d.decided],
        {d.deputy_person_id: d.person_id for d in disq if d.deputy_person_id is not None},
    )
    memberships = {m.person_id: m for m in seat_memberships(s, meeting)}
    weights = {
        p: (
            memberships[seat].vote_weight
            if meeting.body.weighted_votes and seat in memberships
            else 1
        )
        for p, seat in voters.items()
    }
    return CaseVoters(meeting.body.seats, voters, weights, chair_of_case(s, case, voters))


def chair_of_case(s: Session, case: Case, voters: dict[int, int]) -> int | None:
    """C-1: the person set as chair of the case, else the leiar, else the nestleiar present."""
    if case.chair_person_id is not None:
        return case.chair_person_id
    holders = [(m.role, m.person_id) for m in seat_memberships(s, case.meeting)]
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
