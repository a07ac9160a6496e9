"""A vote leads to a decision (issue 15): recording a vote records the case's decision.

The decision follows the votes of the case: its text is the adopted proposal's (with any
addition adopted separately) or who was elected, its document version the one the
recommendation carries. The text stays editable until the minutes are approved; a later
vote in the case (an addition, say) rewrites the text only while nobody has edited it.
A case whose votes adopted nothing, or were not quorate, gets no decision: the minutes say
so in words (never a vote without a "Vedtak" line)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from dvmeet.db.models import Case, Decision, Person, Proposal, Vote
from dvmeet.domain.enums import ProposalKind, VoteKind, VoteOutcome
from dvmeet.services._records import insert_persistent, new_row
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


# Statements built once (compiled once per engine, found in its cache after).
_DECIDING_VOTES = (
    select(Vote)
    .where(Vote.case_id == bindparam("case_id"), Vote.kind.in_(DECIDING))
    .order_by(Vote.id)
)
_FIRST_DECISION = (
    select(Decision).where(Decision.case_id == bindparam("case_id")).order_by(Decision.id).limit(1)
)


def deciding_votes(s: Session, case_id: int) -> list[Vote]:
    return list(s.scalars(_DECIDING_VOTES, {"case_id": case_id}))


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
    proposals = _proposals(s, {p for _v, p in adopted})
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


def _proposals(s: Session, ids: set[int]) -> dict[int, Proposal]:
    """The proposals by id: those the session holds already (the one just voted on, as a
    rule) without a query, the others in one."""
    found: dict[int, Proposal] = {}
    for pid in ids:
        held = s.identity_map.get(identity_key(Proposal, pid))
        if isinstance(held, Proposal):
            found[pid] = held
    missing = ids - set(found)
    if missing:
        found.update((p.id, p) for p in s.scalars(select(Proposal).where(Proposal.id.in_(missing))))
    return found


def settle_decision(
    uow: UnitOfWork,
    case: Case,
    new_vote: Vote,
    earlier: list[Vote] | None = None,
    *,
    decided: bool = True,
    routed: bool = True,
) -> Decision | None:
    """After `new_vote`: the case's decision as its votes make it, in the same unit of
    work. A text the secretary has edited is kept; the links follow the votes.

    What the caller has read in this transaction, to spare the reads: `earlier`, the
    case's deciding votes before `new_vote` was stored (else they are read, the new one
    among them); `decided` False: the case has no decision; `routed` False: the case is
    on no route (nothing to carry)."""
    s = uow.session
    votes = deciding_votes(s, case.id) if earlier is None else [*earlier, new_vote]
    after = auto_decision(s, case, votes)
    before = auto_decision(s, case, [v for v in votes if v.id != new_vote.id])
    decision = s.scalar(_FIRST_DECISION, {"case_id": case.id}) if decided else None
    if after is None:
        return decision
    if decision is None:
        decision = new_row(
            Decision,
            meeting_id=case.meeting_id,
            case_id=case.id,
            text=after.text,
            vote_id=after.vote_id,
            adopted_version_id=after.adopted_version_id,
            unanimous=after.unanimous,
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        insert_persistent(s, decision)  # one INSERT, no unit-of-work bookkeeping
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
        if routed:
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
