"""Who an election elected (Q-4): one (the vote's `elected_person_id`) or several in one
round (`elected_person_ids`, a JSON object whose "elected" lists them in order), and who
the meeting elected to sign its minutes with the chair (M-7, B-2)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Vote
from dvmeet.domain.enums import StandingCase, VoteKind


def elected_of(vote: Vote) -> list[int]:
    """Everyone a decided election vote elected, in order (none while undecided)."""
    if vote.elected_person_ids:
        kept = json.loads(vote.elected_person_ids)
        if vote.elected_person_id is None:  # the lot is still to be drawn
            return []
        return [int(p) for p in kept.get("elected", [])]
    return [vote.elected_person_id] if vote.elected_person_id is not None else []


def elected_signatories(s: Session, meeting_id: int) -> list[int]:
    """The members elected in the meeting's own signatories case (M-7), in the order
    elected: every election vote of that case, one round electing both or one round each."""
    case_id = s.scalar(
        select(Case.id).where(
            Case.meeting_id == meeting_id, Case.standing == StandingCase.SIGNATORIES
        )
    )
    if case_id is None:
        return []
    elected: list[int] = []
    for vote in s.scalars(
        select(Vote)
        .where(Vote.case_id == case_id, Vote.kind == VoteKind.ELECTION)
        .order_by(Vote.id)
    ):
        elected += [p for p in elected_of(vote) if p not in elected]
    return elected
