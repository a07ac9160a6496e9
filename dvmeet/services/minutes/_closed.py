"""What the møtebok says of closed cases beyond their title (O-1, O-2): the body's
decision to close the meeting for a case, and the decision text of a closed case marked
"vedtaket er offentleg". Nothing else of a closed case is read here for the public
version: its public title comes from the case, its decision text only when marked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Decision, Meeting, Vote
from dvmeet.domain.enums import VoteKind, VoteOutcome

CLOSURE_SUBJECT = "Framlegget om å lukke møtet"


def public_decision(s: Session, case: Case) -> tuple[str, bool] | None:
    """(text, unanimous) of a closed case's decision when the case is marked
    "vedtaket er offentleg" (O-2); None otherwise."""
    if not (case.closed and case.decision_public):
        return None
    decision = s.scalar(
        select(Decision).where(Decision.case_id == case.id).order_by(Decision.id).limit(1)
    )
    return (decision.text, decision.unanimous) if decision is not None else None


def closure_decisions(s: Session, meeting: Meeting) -> dict[int, str]:
    """O-1, koml. § 11-5: per case, the body's vote on closing the meeting for it, in
    words ("Vedteke samrøystes", "Vedteke med 5 mot 2 røyster", "Ikkje vedteke (2 for,
    5 mot): møtet vart ikkje lukka")."""
    words: dict[int, str] = {}
    for vote in s.scalars(
        select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.kind == VoteKind.CLOSURE)
        .order_by(Vote.id)
    ):
        if vote.outcome is VoteOutcome.NOT_QUORATE:
            text = "Organet var ikkje vedtaksfør"
        elif vote.outcome is VoteOutcome.ADOPTED:
            text = (
                "Vedteke samrøystes"
                if vote.unanimous
                else f"Vedteke med {vote.votes_for} mot {vote.votes_against} røyster"
            )
        else:
            text = (
                f"Ikkje vedteke ({vote.votes_for} for, {vote.votes_against} mot): "
                "møtet vart ikkje lukka"
            )
        words[vote.case_id] = text
    return words
