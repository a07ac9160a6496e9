"""How the møtebok tells the handling of each disqualification question (H-1, B-1):
printed in its case before the proposals and votes, with the ground in full and the
outcome, and only a vote that took place (a decision without a vote is printed as the
body's finding). A question never decided is printed as such."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Ballot, Disqualification, Meeting, Vote
from dvmeet.domain.disqualification import GROUND_IN_FULL
from dvmeet.domain.enums import BallotChoice, VoteKind, VoteOutcome
from dvmeet.services.minutes._shared import question_paragraph, question_vote_sentence

Name = Callable[[int | None], str]


def question_paragraphs(s: Session, meeting: Meeting, name: Name) -> dict[int, list[str]]:
    """{case id: one paragraph per disqualification question of the case, in order}."""
    questions = list(
        s.scalars(
            select(Disqualification)
            .where(Disqualification.meeting_id == meeting.id)
            .order_by(Disqualification.id)
        )
    )
    votes: dict[int, Vote] = {}
    for v in s.scalars(
        select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.kind == VoteKind.DISQUALIFICATION)
        .order_by(Vote.id)
    ):
        if v.disqualification_id is not None and v.outcome is not VoteOutcome.NOT_QUORATE:
            votes[v.disqualification_id] = v  # the vote that decided it
    out: dict[int, list[str]] = {}
    for d in questions:
        out.setdefault(d.case_id, []).append(
            paragraph(s, d, votes.get(d.id), name, meeting.body.seats)
        )
    return out


def paragraph(s: Session, d: Disqualification, vote: Vote | None, name: Name, seats: int) -> str:
    who = name(d.person_id)
    ground = GROUND_IN_FULL[d.ground]

    def ballots(vote: Vote) -> tuple[list[str], list[str]]:
        cast = list(s.scalars(select(Ballot).where(Ballot.vote_id == vote.id)))
        return (
            [b.person.name for b in cast if b.choice is BallotChoice.FOR],
            [b.person.name for b in cast if b.choice is BallotChoice.MOT],
        )

    def vote_sentence(vote: Vote) -> str:
        return question_vote_sentence(
            who=who,
            ground=ground,
            adopted=vote.outcome is VoteOutcome.ADOPTED,
            unanimous=vote.unanimous,
            votes_for=vote.votes_for,
            votes_against=vote.votes_against,
            casting_vote_used=vote.casting_vote_used,
            ballots=lambda: ballots(vote),
        )

    return question_paragraph(
        who=who,
        ground=ground,
        deputy=name(d.deputy_person_id) if d.deputy_person_id else None,
        decided=d.decided,
        all_took_part=d.all_took_part,
        vote=None if vote is None else (lambda: vote_sentence(vote), vote.eligible, vote.seats),
        participants=d.participants,
        seats=seats,
    )
