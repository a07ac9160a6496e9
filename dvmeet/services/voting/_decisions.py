"""A vote leads to a decision (issue 15): recording a vote records the case's decision.

The decision follows the votes of the case: its text is the adopted proposal's (with any
addition adopted separately) or who was elected, its document version the one the
recommendation carries. The text stays editable until the minutes are approved; a later
vote in the case (an addition, say) rewrites the text only while nobody has edited it.
A case whose votes adopted nothing, or were not quorate, gets no decision: the minutes say
so in words (never a vote without a "Vedtak" line)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Decision, Person, Proposal, Vote
from dvmeet.domain.enums import ProposalKind, VoteKind, VoteOutcome
from dvmeet.services._saksgang import carry_decision
from dvmeet.services.context import UnitOfWork
from dvmeet.services.voting._several import several_decision_text

# The votes a decision follows (a disqualification question or the closing of the
# meeting for a case are decisions on the way, not the case's decision).
DECIDING = (VoteKind.ORDINARY, VoteKind.ELECTION)


@dataclass(frozen=True)
class AutoDecision:
    text: str
    vote_id: int
    adopted_version_id: int | None
    unanimous: bool


def adopted_proposal_id(vote: Vote) -> int | None:
    """The proposal the vote adopted: the one voted on, or the other side of an
    alternative vote that the first lost."""
    if vote.outcome is VoteOutcome.ADOPTED:
        return vote.proposal_id
    if vote.outcome is VoteOutcome.REJECTED and vote.against_proposal_id is not None:
        return vote.against_proposal_id
    return None


def election_text(s: Session, vote: Vote) -> str | None:
    """Who the election round elected, as the decision says it; None while undecided."""
    if vote.elected_person_id is None:
        return None
    if vote.elected_person_ids is not None:  # an election of several (Q-4, M-7)
        return several_decision_text(s, vote)
    return f"{s.get_one(Person, vote.elected_person_id).name} vart vald."


def deciding_votes(s: Session, case_id: int) -> list[Vote]:
    return list(
        s.scalars(
            select(Vote).where(Vote.case_id == case_id, Vote.kind.in_(DECIDING)).order_by(Vote.id)
        )
    )


def auto_decision(s: Session, case: Case, votes: list[Vote]) -> AutoDecision | None:
    """The decision the votes make: None while an election is undecided, or when no vote
    adopted anything."""
    elections = [v for v in votes if v.kind is VoteKind.ELECTION]
    if elections:
        last = elections[-1]
        text = election_text(s, last)
        if text is None:
            return None
        return AutoDecision(text, last.id, None, last.unanimous)
    adopted = [(v, p) for v in votes if (p := adopted_proposal_id(v)) is not None]
    if not adopted:
        return None
    proposals = {
        p.id: p
        for p in s.scalars(select(Proposal).where(Proposal.id.in_([p for _v, p in adopted])))
    }
    main = [(v, p) for v, p in adopted if proposals[p].kind is not ProposalKind.ADDITION]
    vote, proposal_id = (main or adopted)[-1]
    proposal = proposals[proposal_id]
    lines = [proposal.text]
    lines += [
        proposals[p].text
        for v, p in adopted
        if v.id != vote.id and proposals[p].kind is ProposalKind.ADDITION
    ]
    version = case.document_version_id if proposal.kind is ProposalKind.RECOMMENDATION else None
    return AutoDecision("\n".join(lines), vote.id, version, vote.unanimous)


def settle_decision(uow: UnitOfWork, case: Case, new_vote: Vote) -> Decision | None:
    """After `new_vote`: the case's decision as its votes make it, in the same unit of
    work. A text the secretary has edited is kept; the links follow the votes."""
    s = uow.session
    votes = deciding_votes(s, case.id)
    after = auto_decision(s, case, votes)
    before = auto_decision(s, case, [v for v in votes if v.id != new_vote.id])
    decision = s.scalar(select(Decision).where(Decision.case_id == case.id).order_by(Decision.id))
    if after is None:
        return decision
    if decision is None:
        decision = Decision(
            meeting_id=case.meeting_id,
            case_id=case.id,
            text=after.text,
            vote_id=after.vote_id,
            adopted_version_id=after.adopted_version_id,
            unanimous=after.unanimous,
        )
        s.add(decision)
        s.flush()
        uow.audit(
            "decision.recorded",
            "decision",
            decision.id,
            {
                "case_id": case.id,
                "text": after.text,
                "adopted_version_id": after.adopted_version_id,
                "vote_id": after.vote_id,
                "from_vote": True,
            },
        )
        carry_decision(uow, case)  # issue 19: the next body's innstilling
        return decision
    edited = before is None or decision.text != before.text
    text = decision.text if edited else after.text
    now = (decision.text, decision.vote_id, decision.adopted_version_id, decision.unanimous)
    wanted = (text, after.vote_id, after.adopted_version_id, after.unanimous)
    if now == wanted:
        return decision
    decision.text, decision.vote_id, decision.adopted_version_id, decision.unanimous = wanted
    s.flush()
    uow.audit(
        "decision.updated",
        "decision",
        decision.id,
        {
            "text": text,
            "vote_id": after.vote_id,
            "adopted_version_id": after.adopted_version_id,
            "from_vote": True,
            "text_kept": edited,
        },
    )
    carry_decision(uow, case)  # issue 19: the next body's innstilling
    return decision
