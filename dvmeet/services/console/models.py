"""What the chair's console and the projector show, read in one transaction."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import MeetingStatus, ProposalKind, VoteKind
from dvmeet.services.attendance.models import RollCallOut, VotersOut
from dvmeet.services.meetings.models import CaseOut, MeetingOut
from dvmeet.services.models import Out
from dvmeet.services.voting.models import (
    DecisionOut,
    DisqualificationOut,
    ProposalOut,
    VoteDraftOut,
    VoteOut,
    VotingStepOut,
)


class ConsoleCase(Out):
    """The case the meeting is at, with everything the console shows about it."""

    case: CaseOut
    voters: VotersOut
    proposals: list[ProposalOut]
    plan: list[VotingStepOut]
    votes: list[VoteOut]
    decision: DecisionOut | None
    disqualifications: list[DisqualificationOut]
    document: str | None  # "Mandat for styringsgruppa, versjon 2 (sha256 …)"
    draft: VoteDraftOut | None

    @property
    def ordinary_votes(self) -> list[VoteOut]:
        # not the decisions on the way: a disqualification question (H-1), or closing the
        # meeting for the case (O-1)
        on_the_way = (VoteKind.DISQUALIFICATION, VoteKind.CLOSURE)
        return [v for v in self.votes if v.kind not in on_the_way]

    def proposal(self, proposal_id: int | None) -> ProposalOut | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)

    @property
    def election_rounds(self) -> list[VoteOut]:
        return [v for v in self.votes if v.kind is VoteKind.ELECTION]

    @property
    def decisive_vote(self) -> VoteOut | None:
        """The vote the decision follows: the last vote that adopted a proposal or elected
        someone (one on an addition only when no other did), else the last vote held."""
        ordinary = self.ordinary_votes
        adopted = [v for v in ordinary if v.adopted_proposal_id is not None or v.elected_person_id]
        if adopted:
            main = [
                v
                for v in adopted
                if (p := self.proposal(v.adopted_proposal_id)) is None
                or p.kind is not ProposalKind.ADDITION
            ]
            return (main or adopted)[-1]
        return ordinary[-1] if ordinary else None

    def voted(self, proposal_id: int) -> VoteOut | None:
        """The ordinary vote held on the proposal, if any."""
        return next(
            (v for v in self.votes if v.kind is VoteKind.ORDINARY and v.proposal_id == proposal_id),
            None,
        )


class ConsoleSnapshot(Out):
    """Everything the console and the projector show, from the database (nothing cached)."""

    meeting: MeetingOut
    roll: RollCallOut
    current_case_id: int | None
    case: ConsoleCase | None
    names: dict[int, str] = {}  # person id -> name, for everyone holding a seat
    # the last moment anything of the running meeting was saved (attendance, the case it
    # is at, a ballot typed, a decision), in local time: where a resumed console says the
    # meeting was interrupted
    last_saved_at: dt.datetime | None = None

    @property
    def started(self) -> bool:
        return self.meeting.status is MeetingStatus.IN_PROGRESS

    @property
    def ended(self) -> bool:
        return self.meeting.ended
