"""What the console shows, read in one worker call: the meeting, where it is, the case."""

from __future__ import annotations

from dataclasses import dataclass, field

from dvmeet.domain.enums import MeetingStatus, VoteKind
from dvmeet.i18n import _
from dvmeet.services import attendance, governing, meetings, voting
from dvmeet.services.attendance.models import RollCallOut, VotersOut
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseOut, MeetingOut
from dvmeet.services.voting import VoteDraftOut
from dvmeet.services.voting.models import (
    DecisionOut,
    DisqualificationOut,
    ProposalOut,
    VoteOut,
    VotingStepOut,
)


@dataclass(frozen=True)
class CaseState:
    case: CaseOut
    voters: VotersOut
    proposals: list[ProposalOut]
    plan: list[VotingStepOut]
    votes: list[VoteOut]
    decision: DecisionOut | None
    disqualifications: list[DisqualificationOut]
    document: str | None  # "Mandat for styringsgruppa, versjon 2"
    draft: VoteDraftOut | None

    @property
    def ordinary_votes(self) -> list[VoteOut]:
        return [v for v in self.votes if v.kind is not VoteKind.DISQUALIFICATION]

    def proposal(self, proposal_id: int | None) -> ProposalOut | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)

    def voted(self, proposal_id: int) -> VoteOut | None:
        return next(
            (v for v in self.votes if v.kind is VoteKind.ORDINARY and v.proposal_id == proposal_id),
            None,
        )


@dataclass(frozen=True)
class Snapshot:
    meeting: MeetingOut
    roll: RollCallOut
    current_case_id: int | None
    case: CaseState | None
    names: dict[int, str] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return self.meeting.status is MeetingStatus.IN_PROGRESS

    @property
    def ended(self) -> bool:
        return self.meeting.status in (MeetingStatus.HELD, MeetingStatus.APPROVED)


def _document_label(ctx: Context, version_id: int | None) -> str | None:
    if version_id is None:
        return None
    for doc in governing.list_documents(ctx):
        for v in doc.versions:
            if v.id == version_id:
                return _("{title}, versjon {no} (sha256 {hash} …)").format(
                    title=doc.title, no=v.version_no, hash=v.content_hash[:12]
                )
    return None


def load_case(ctx: Context, meeting: MeetingOut, case_id: int) -> CaseState:
    case = next(c for c in meeting.cases if c.id == case_id)
    decisions = [d for d in voting.decisions(ctx, meeting.id) if d.case_id == case_id]
    return CaseState(
        case=case,
        voters=attendance.voters(ctx, case_id),
        proposals=voting.proposals(ctx, case_id),
        plan=voting.voting_plan(ctx, case_id),
        votes=voting.votes(ctx, case_id),
        decision=decisions[0] if decisions else None,
        disqualifications=[
            d for d in voting.disqualifications(ctx, meeting.id) if d.case_id == case_id
        ],
        document=_document_label(ctx, case.document_version_id),
        draft=voting.vote_draft(ctx, case_id),
    )


def load_snapshot(ctx: Context, meeting_id: int) -> Snapshot:
    """Everything the console and the projector show, from the database (nothing cached)."""
    meeting = meetings.get_meeting(ctx, meeting_id)
    roll = attendance.roll_call(ctx, meeting_id)
    current = attendance.current_case(ctx, meeting_id)
    case = load_case(ctx, meeting, current) if current is not None else None
    names = {h.person_id: h.name for seat in roll.seats_list for h in seat.members + seat.deputies}
    return Snapshot(meeting, roll, current, case, names)
