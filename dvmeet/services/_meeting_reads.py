"""Session-level reads of a meeting as it runs: roll call, current case, voters, proposals,
voting plan, votes, disqualifications, decisions, vote draft, governing document label.

Each public reader of attendance and voting is `with ctx.reading() as s:` around one of
these; a read model (the console snapshot) calls several of them in one transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import (
    Ballot,
    Body,
    Case,
    Decision,
    DocumentVersion,
    Meeting,
    MeetingProgress,
    Membership,
    Municipality,
    Person,
    Proposal,
    Vote,
    VoteDraft,
)
from dvmeet.domain.attendance import present_at
from dvmeet.domain.enums import (
    AttendanceKind,
    BallotChoice,
    MeetingStatus,
    ProposalKind,
    Role,
    SeatOrder,
    SeatStatus,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.domain.quorum import quorum_status
from dvmeet.domain.voting_order import ProposalRef, voting_order
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import (
    CaseVoters,
    attendance_events,
    attendance_timeline,
    case_label,
    seat_memberships,
    seat_names,
)
from dvmeet.services.attendance.models import (
    AttendanceEntry,
    RollCallOut,
    RollCallSeat,
    SeatHolder,
    Voter,
    VotersOut,
)
from dvmeet.services.voting.models import (
    BallotOut,
    DecisionOut,
    ProposalOut,
    VoteDraftOut,
    VoteOut,
    VotingStepOut,
)

# --- Attendance -------------------------------------------------------------------------


def roll_call_out(s: Session, meeting_id: int) -> RollCallOut:
    """The seats per municipality with the member, ranked deputies and their status now."""
    meeting = lookup.meeting(s, meeting_id)
    timeline = attendance_timeline(s, meeting.id)
    last_position = max((c.position for c in meeting.cases), default=0)
    present = present_at(timeline, last_position if meeting.status is MeetingStatus.HELD else 0)
    if meeting.status is MeetingStatus.IN_PROGRESS:
        progress = s.get(MeetingProgress, meeting.id)
        if progress is not None and progress.current_case_id is not None:
            present = present_at(timeline, lookup.case(s, progress.current_case_id).position)
    forfall = {e.person_id for e in timeline if e.kind is AttendanceKind.FORFALL}
    left = {e.person_id for e in timeline if e.kind is AttendanceKind.LEFT}
    by_muni: dict[int, RollCallSeat] = {}
    munis = {m.id: m for m in s.scalars(select(Municipality))}
    for m in seat_memberships(s, meeting):
        muni = munis[m.municipality_id]
        seat = by_muni.setdefault(
            m.municipality_id,
            RollCallSeat(
                municipality_id=muni.id,
                municipality_number=muni.number,
                municipality_name=muni.name,
                members=[],
                deputies=[],
            ),
        )
        if m.person_id in present:
            sits_for = present[m.person_id]
            status = SeatStatus.PRESENT if sits_for == m.person_id else SeatStatus.DEPUTY_FOR
        elif m.person_id in left:
            status, sits_for = SeatStatus.LEFT, None
        elif m.person_id in forfall:
            status, sits_for = SeatStatus.FORFALL, None
        else:
            status, sits_for = SeatStatus.NOT_RECORDED, None
        holder = SeatHolder(
            person_id=m.person_id,
            name=m.person.name,
            membership_id=m.id,
            role=m.role,
            deputy_rank=m.deputy_rank,
            status=status,
            meeting_for_person_id=sits_for if status is SeatStatus.DEPUTY_FOR else None,
        )
        (seat.deputies if m.role is Role.VARAMEDLEM else seat.members).append(holder)
    quorum = quorum_status(len(present), meeting.body.seats)
    return RollCallOut(
        meeting_id=meeting.id,
        seats=meeting.body.seats,
        seats_list=sorted(
            by_muni.values(),
            key=lambda r: seat_key(
                meeting.body,
                r.municipality_number,
                r.municipality_name,
                r.members[0].name if r.members else "",
            ),
        ),
        present=len(present),
        quorate=quorum.quorate,
        quorum_text=quorum.text,
    )


def attendance_entries_of(s: Session, meeting_id: int) -> list[AttendanceEntry]:
    """Every attendance event of the meeting, in order, with names and case labels."""
    meeting = lookup.meeting(s, meeting_id)
    members = {m.id: m for m in s.scalars(select(Membership))}
    cases = {c.id: c for c in meeting.cases}
    out = []
    for e in attendance_events(s, meeting.id):
        membership = members.get(e.membership_id) if e.membership_id else None
        for_m = members.get(e.for_membership_id) if e.for_membership_id else None
        case = cases.get(e.case_id) if e.case_id else None
        out.append(
            AttendanceEntry(
                person_id=e.person_id,
                name=e.person.name,
                municipality_name=membership.municipality.name if membership else "",
                kind=e.kind,
                for_person_id=for_m.person_id if for_m else None,
                for_name=for_m.person.name if for_m else None,
                case_id=e.case_id,
                case_label=case_label(case, meeting.body) if case else None,
                at_time=e.at_time,
            )
        )
    return out


def surname(name: str) -> str:
    """The last word of a name: what a seat order by surname sorts on."""
    words = name.split()
    return words[-1].casefold() if words else ""


def seat_key(body: Body, number: str, name: str, member_name: str) -> tuple[object, ...]:
    """The place of a municipality's seat in the body's seat order (issue 17): the roll
    call and the vote grid list the seats in this one order."""
    order = body.seat_order
    if order is SeatOrder.MUNICIPALITY_NAME:
        return (name.casefold(), number)
    if order is SeatOrder.SURNAME:
        return (surname(member_name), member_name.casefold(), number)
    if order is SeatOrder.CUSTOM:
        places = [n for n in body.seat_places.split(",") if n]
        return (places.index(number) if number in places else len(places), number)
    return (number,)


def current_case_id(s: Session, meeting_id: int) -> int | None:
    """The case the running meeting is at (set by set_current_case), for the console."""
    lookup.meeting(s, meeting_id)
    progress = s.get(MeetingProgress, meeting_id)
    return progress.current_case_id if progress is not None else None


def voters_out(s: Session, case: Case, cv: CaseVoters) -> VotersOut:
    """The eligible voters of a case with the quorum (Q-1) and the chair (C-1)."""
    members = {m.person_id: m for m in seat_memberships(s, case.meeting)}
    persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(list(cv.voters))))}
    out = []
    for person_id, seat in cv.voters.items():
        m = members.get(person_id)
        out.append(
            Voter(
                person_id=person_id,
                name=persons[person_id].name,
                municipality_name=m.municipality.name if m else "",
                seat_person_id=seat,
                is_deputy=m is not None and m.role is Role.VARAMEDLEM,
                weight=cv.weights[person_id],
            )
        )

    def place(v: Voter) -> tuple[object, ...]:
        # a deputy sits in the place of the member whose seat it is
        seat = members.get(v.seat_person_id)
        muni = seat.municipality if seat is not None else None
        return (
            *seat_key(
                case.meeting.body,
                muni.number if muni else "9999",
                muni.name if muni else "",
                seat.person.name if seat is not None else v.name,
            ),
            v.name,
        )

    out.sort(key=place)
    quorum = quorum_status(len(cv.voters), cv.seats)
    chair = persons.get(cv.chair_person_id) if cv.chair_person_id else None
    if cv.chair_person_id is not None and chair is None:
        chair = s.get(Person, cv.chair_person_id)
    return VotersOut(
        case_id=case.id,
        seats=cv.seats,
        voters=out,
        quorate=quorum.quorate,
        quorum_text=quorum.text,
        chair_person_id=cv.chair_person_id,
        chair_name=chair.name if chair else None,
    )


# --- Proposals and the voting plan ------------------------------------------------------


def proposal_out(p: Proposal) -> ProposalOut:
    municipality = None
    if p.proposer is not None and p.proposer.municipality is not None:
        municipality = p.proposer.municipality.name
    return ProposalOut(
        id=p.id,
        case_id=p.case_id,
        kind=p.kind,
        text=p.text,
        proposer_person_id=p.proposer_person_id,
        proposer_name=p.proposer.name if p.proposer else None,
        proposer_municipality=municipality,
        candidate_person_id=p.candidate_person_id,
        position=p.position,
        withdrawn=p.withdrawn,
    )


def case_proposals(s: Session, case_id: int) -> list[ProposalOut]:
    rows = s.scalars(
        select(Proposal).where(Proposal.case_id == case_id).order_by(Proposal.position)
    )
    return [proposal_out(p) for p in rows]


def case_voting_plan(s: Session, case_id: int) -> list[VotingStepOut]:
    """Q-8: the order in which the proposals of the case are voted on."""
    refs = [
        ProposalRef(p.id, p.kind, p.position)
        for p in s.scalars(
            select(Proposal).where(
                Proposal.case_id == case_id,
                Proposal.withdrawn.is_(False),
                Proposal.kind != ProposalKind.CANDIDATE,
            )
        )
    ]
    return [
        VotingStepOut(
            number=step.number,
            kind=step.kind.value,
            proposal_ids=list(step.proposal_ids),
            text=step.text,
        )
        for step in voting_order(refs)
    ]


# --- Votes ------------------------------------------------------------------------------


BallotRow = tuple[int, str, BallotChoice, int | None]  # person, name, choice, candidate


def vote_out(s: Session, vote: Vote) -> VoteOut:
    # One read of the ballots with their voters' names (no ballot or person objects).
    rows = s.execute(
        select(Ballot.person_id, Person.name, Ballot.choice, Ballot.candidate_person_id)
        .join(Person, Person.id == Ballot.person_id)
        .where(Ballot.vote_id == vote.id)
        .order_by(Ballot.id)
    ).all()
    return vote_out_of(s, vote, [tuple(r) for r in rows])  # type: ignore[misc]


@cache
def _ballots_out() -> TypeAdapter[list[BallotOut]]:
    """A vote's ballots validated in one call (a vote makes 43 of them), built when first
    asked for, as the models are."""
    return TypeAdapter(list[BallotOut])


def vote_out_of(
    s: Session,
    vote: Vote,
    rows: Sequence[BallotRow],
    seated: Mapping[int, tuple[str, str]] | None = None,
) -> VoteOut:
    """The vote with the ballots given (in the order they were stored): what vote_out
    reads, for a vote whose ballots the caller has just written. `seated`: the meeting's
    _records.seat_names, when the caller has them at hand."""
    if seated is None:
        seated = seat_names(s, s.get_one(Meeting, vote.meeting_id))
    ballots = _ballots_out().validate_python(
        [
            {
                "person_id": person_id,
                "name": name,
                "municipality_name": seat[1] if (seat := seated.get(person_id)) else "",
                "choice": choice,
                "candidate_person_id": candidate,
            }
            for person_id, name, choice, candidate in sorted(rows, key=lambda r: r[1])
        ]
    )
    adopted: int | None = None
    if vote.outcome is VoteOutcome.ADOPTED:
        adopted = vote.proposal_id
    elif vote.outcome is VoteOutcome.REJECTED and vote.against_proposal_id is not None:
        adopted = vote.against_proposal_id
    return VoteOut(
        id=vote.id,
        case_id=vote.case_id,
        kind=vote.kind,
        method=vote.method,
        proposal_id=vote.proposal_id,
        against_proposal_id=vote.against_proposal_id,
        round_no=vote.round_no,
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        votes_blank=vote.votes_blank,
        eligible=vote.eligible,
        seats=vote.seats,
        quorate=vote.quorate,
        quorum_text=quorum_status(vote.eligible, vote.seats).text,
        outcome=vote.outcome,
        casting_vote_used=vote.casting_vote_used,
        unanimous=vote.unanimous,
        chair_person_id=vote.chair_person_id,
        elected_person_id=vote.elected_person_id,
        lot_witnesses=vote.lot_witnesses,
        reason=vote.reason,
        ballots=ballots,
        adopted_proposal_id=adopted,
    )


def case_votes(s: Session, case_id: int) -> list[VoteOut]:
    rows = s.scalars(select(Vote).where(Vote.case_id == case_id).order_by(Vote.id))
    return [vote_out(s, v) for v in rows]


# --- Decisions (disqualifications: services/_disqualification_reads.py) ------------------


def decision_out(d: Decision) -> DecisionOut:
    return DecisionOut(
        id=d.id,
        case_id=d.case_id,
        text=d.text,
        vote_id=d.vote_id,
        adopted_version_id=d.adopted_version_id,
        unanimous=d.unanimous,
        created_at=d.created_at,
        version=d.version,
    )


def meeting_decisions(s: Session, meeting_id: int, case_id: int | None = None) -> list[DecisionOut]:
    """The decisions of the meeting (of one case when case_id is given)."""
    query = select(Decision).where(Decision.meeting_id == meeting_id)
    if case_id is not None:
        query = query.where(Decision.case_id == case_id)
    return [decision_out(d) for d in s.scalars(query.order_by(Decision.id))]


def vote_draft_out(s: Session, case_id: int) -> VoteDraftOut | None:
    row = s.get(VoteDraft, case_id)
    if row is None:
        return None
    data = json.loads(row.content)
    return VoteDraftOut(
        case_id=case_id,
        proposal_id=data.get("proposal_id"),
        against_proposal_id=data.get("against_proposal_id"),
        ballots={int(k): str(v) for k, v in data.get("ballots", {}).items()},
        method=VoteMethod(data["method"]) if data.get("method") else None,
    )


def document_label(s: Session, version_id: int | None) -> str | None:
    """A governing document version as the console names it, with the start of its hash."""
    if version_id is None:
        return None
    version = s.get(DocumentVersion, version_id)
    if version is None:
        return None
    return _("{title}, versjon {no} (sha256 {hash} …)").format(
        title=version.document.title, no=version.version_no, hash=version.content_hash[:12]
    )
