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
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import quorum_status

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
    deputy = name(d.deputy_person_id) if d.deputy_person_id else None
    fvl_8_2 = legal_reference("fvl_8_2").short
    if d.decided is None:
        parts = [
            f"Spørsmålet om {who} er ugild etter {ground}, vart ikkje avgjort, og {who} "
            "røysta difor ikkje i saka."
        ]
        if deputy:
            parts.append(f"{deputy} var kalla inn for {who}.")
        return " ".join(parts)
    if vote is None:
        found = "er ugild" if d.decided else "ikkje er ugild"
        parts = [f"Organet fann at {who} {found} etter {ground}."]
    else:
        parts = [_vote_sentence(s, vote, who, ground)]
    if d.all_took_part:
        parts.append(
            "Spørsmålet gjaldt fleire medlemer, og organet ville elles ikkje ha vore "
            f"vedtaksfør; alle medlemene var difor med på avgjerda ({fvl_8_2})."
        )
    else:
        parts.append(f"{who} var ikkje med på avgjerda ({fvl_8_2}).")
    if vote is not None:
        parts.append(quorum_status(vote.eligible, vote.seats).sentence)
    elif d.participants is not None:
        parts.append(f"Vedtaksfør: {d.participants} av {seats} medlemer var med på avgjerda.")
    if deputy and d.decided:
        parts.append(f"{deputy} møtte for {who} i saka.")
    elif deputy:
        parts.append(f"{deputy} var kalla inn for {who} og var med på avgjerda.")
    return " ".join(parts)


def _vote_sentence(s: Session, vote: Vote, who: str, ground: str) -> str:
    subject = f"Framlegget om at {who} er ugild etter {ground},"
    verb = "vart vedteke" if vote.outcome is VoteOutcome.ADOPTED else "fall"
    if vote.unanimous:
        return f"{subject} {verb} samrøystes."
    ballots = list(s.scalars(select(Ballot).where(Ballot.vote_id == vote.id)))
    for_names = sorted(b.person.name for b in ballots if b.choice is BallotChoice.FOR)
    against = sorted(b.person.name for b in ballots if b.choice is BallotChoice.MOT)
    text = (
        f"{subject} {verb} med {vote.votes_for} røyster for{_names(for_names)} "
        f"mot {vote.votes_against}{_names(against)}."
    )
    if vote.casting_vote_used:
        text += (
            " Røystelikskap – møteleiaren si røyst var avgjerande "
            f"({legal_reference('koml_11_9').short})."
        )
    return text


def _names(names: list[str]) -> str:
    return f" ({', '.join(names)})" if names else ""
