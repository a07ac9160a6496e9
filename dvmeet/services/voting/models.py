"""Pydantic models for proposals, votes, elections, disqualification and decisions."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from dvmeet.domain.disqualification import QuestionState
from dvmeet.domain.enums import (
    BallotChoice,
    DisqualificationGround,
    ProposalKind,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.i18n import _
from dvmeet.services.models import In, Out


class ProposalIn(In):
    case_id: int
    kind: ProposalKind
    text: str = Field(min_length=1, max_length=50_000)
    proposer_person_id: int | None = None
    candidate_person_id: int | None = None

    @model_validator(mode="after")
    def _candidate(self) -> ProposalIn:
        if self.kind is ProposalKind.CANDIDATE and self.candidate_person_id is None:
            raise ValueError(_("ein kandidat i eit val må vere ein person"))
        if self.kind is ProposalKind.RECOMMENDATION:
            raise ValueError(_("innstillinga kjem frå saka; framlegg i møtet er anna slag"))
        return self


class ProposalOut(Out):
    id: int
    case_id: int
    kind: ProposalKind
    text: str
    proposer_person_id: int | None
    proposer_name: str | None
    proposer_municipality: str | None
    candidate_person_id: int | None
    position: int
    withdrawn: bool


class VotingStepOut(Out):
    number: int
    kind: str
    proposal_ids: list[int]
    text: str


class VoteIn(In):
    """An ordinary vote on a proposal, or a proposal against another (alternative vote).

    - roll_call: `ballots` names every voter's choice (For / Mot).
    - counts: `dissenters` lists who voted `dissent_choice`; everyone else voted the other way.
    - unanimous: every eligible voter voted For.
    """

    case_id: int
    proposal_id: int
    against_proposal_id: int | None = None
    method: VoteMethod
    ballots: dict[int, BallotChoice] = {}
    dissenters: list[int] = []
    dissent_choice: BallotChoice = BallotChoice.MOT


class BallotOut(Out):
    person_id: int
    name: str
    municipality_name: str
    choice: BallotChoice
    candidate_person_id: int | None = None


class VoteOut(Out):
    id: int
    case_id: int
    kind: VoteKind
    method: VoteMethod
    proposal_id: int | None
    against_proposal_id: int | None
    round_no: int
    votes_for: int
    votes_against: int
    votes_blank: int
    eligible: int
    seats: int
    quorate: bool
    quorum_text: str
    outcome: VoteOutcome
    casting_vote_used: bool
    unanimous: bool
    chair_person_id: int | None
    elected_person_id: int | None
    lot_witnesses: str | None
    reason: str
    ballots: list[BallotOut]
    adopted_proposal_id: int | None


class ElectionIn(In):
    """One round of an election (Q-4): voter -> candidate person, None for a blank vote."""

    case_id: int
    ballots: dict[int, int | None]
    final_round: bool = False


class ClosureVoteIn(In):
    """O-1, koml. § 11-5: the body's decision to close the meeting while it deals with a
    case (the case is marked closed with its legal basis first). Votes as an ordinary vote:
    unanimous, counts with named dissenters, or roll call."""

    case_id: int
    method: VoteMethod = VoteMethod.UNANIMOUS
    ballots: dict[int, BallotChoice] = {}
    dissenters: list[int] = []
    dissent_choice: BallotChoice = BallotChoice.MOT


class SeveralElectionIn(In):
    """Q-4, M-7: an election of several (the case's `seats_to_fill`) in one round, counted
    by show of hands: the votes each candidate got (each voter may vote for up to that many
    candidates), or unanimous (every voter for the nominated candidates)."""

    case_id: int
    unanimous: bool = False
    votes: dict[int, int] = {}  # candidate person id -> votes


class LotsIn(In):
    """Drawing of lots after a tie in the final round (Q-4), with witnesses."""

    vote_id: int
    witnesses: str = Field(min_length=3, max_length=1000)
    seed: int | None = None  # tests only; the app draws from the system's randomness


class DisqualificationIn(In):
    case_id: int
    person_id: int
    ground: DisqualificationGround
    explanation: str | None = Field(default=None, max_length=5000)


class DecideDisqualificationIn(In):
    """The body decides the question without the member (H-1, fvl. § 8 (2)).

    - ``method`` None: the body decided without a vote (the usual way for an automatic
      ground, fvl. § 6 (1)); ``disqualified`` says what it found (default: ugild). The
      minutes print "Organet fann at …", never a vote.
    - ``method`` set: the vote that took place (roll call, counts with named dissenters,
      or unanimous); the vote decides, so ``disqualified`` is not given.
    - ``deputy_person_id``: the member's deputy is called in first (R-1 rank order),
      takes part in the decision and, if the member is found ugild, votes in the case.

    The body must be quorate on the question (counted from the database); otherwise the
    question stays open and the call changes nothing.
    """

    disqualification_id: int
    method: VoteMethod | None = None
    disqualified: bool | None = None
    ballots: dict[int, BallotChoice] = {}
    dissenters: list[int] = []
    dissent_choice: BallotChoice = BallotChoice.MOT
    deputy_person_id: int | None = None

    @model_validator(mode="after")
    def _vote_or_finding(self) -> DecideDisqualificationIn:
        if self.method is not None and self.disqualified is not None:
            raise ValueError(
                _("når organet røystar, avgjer røystene utfallet; vel anten røysting eller utfall")
            )
        if self.method is None and (self.ballots or self.dissenters):
            raise ValueError(_("røyster er førte opp, men ikkje korleis organet røysta"))
        return self

    @property
    def finding(self) -> bool:
        """Without a vote: what the body found (ugild unless told otherwise)."""
        return True if self.disqualified is None else self.disqualified


class DisqualificationDeputyIn(In):
    """Call in the member's deputy for the question and, if ugild, the case (R-1, fvl. § 8
    (2): a deputy should be called in and take part in the decision)."""

    disqualification_id: int
    deputy_person_id: int


class DisqualificationOut(Out):
    id: int
    case_id: int
    person_id: int
    name: str
    ground: DisqualificationGround
    legal_basis: str  # "fvl. § 6 (1) b"
    ground_text: str  # the ground in words
    automatic: bool  # fvl. § 6 (1) a–e, koml. § 11-10 (2): disqualified by law
    explanation: str | None
    decided: bool | None  # None: the question is open
    state: QuestionState
    vote_id: int | None  # the vote that decided it; None when decided without a vote
    participants: int | None  # who took part (decided) or can take part now (open)
    deciders: list[int] = []  # open: who takes part in deciding it now (fvl. § 8 (2))
    all_took_part: bool  # fvl. § 8 (2): several concerned, all took part
    quorate_now: bool | None  # open: can the body decide it now (Q-1 on the question)
    quorum_text: str | None  # "22 av 43"
    deputy_person_id: int | None
    deputy_name: str | None
    suggested_deputy_id: int | None  # the next deputy in rank who can come
    suggested_deputy_name: str | None

    @property
    def is_open(self) -> bool:
        return self.decided is None


class DecisionIn(In):
    case_id: int
    text: str | None = Field(default=None, max_length=50_000)  # default: the adopted proposal
    vote_id: int | None = None


class DecisionOut(Out):
    id: int
    case_id: int
    text: str
    vote_id: int | None
    adopted_version_id: int | None
    unanimous: bool
    created_at: dt.datetime
    version: int  # optimistic concurrency: pass it back to update_decision_text


# --- The ballots being typed in the console (voting._drafts) ---------------------------


class VoteDraftIn(In):
    case_id: int
    proposal_id: int | None = None  # None in an election
    against_proposal_id: int | None = None
    # voter -> "for" / "mot" (ordinary), or candidate person id / "blank" (election)
    ballots: dict[int, str] = {}
    # how the vote is being taken: the grid (roll call; None for older drafts) or counts
    # with named dissenters, whose ticks are the ballots ({dissenter: dissent choice})
    method: VoteMethod | None = None


class VoteDraftOut(Out):
    case_id: int
    proposal_id: int | None
    against_proposal_id: int | None
    ballots: dict[int, str]
    method: VoteMethod | None = None
