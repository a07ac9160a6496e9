"""An election of several in one round (Q-4, M-7: the two members who sign the minutes
with the chair): the case's `seats_to_fill` candidates with most votes are elected, a
tie for the last places is drawn by lot with witnesses. The votes are counted by show of
hands per candidate (each voter may vote for up to `seats_to_fill` candidates), or the
election is unanimous.

The vote row keeps, in `elected_person_ids`, a JSON object: the elected in order
("elected"), the tally ("tally": [[candidate, votes], ...]), and while the lot is to be
drawn the tied candidates ("tied") and the places the lot fills ("places_left")."""

from __future__ import annotations

import json
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Decision, Person, Proposal, Vote
from dvmeet.domain.elections import (
    SeveralElectedResult,
    decide_election_of_several,
    draw_lots_for_places,
    elected_sentence,
    join_names,
)
from dvmeet.domain.enums import (
    MeetingStatus,
    ProposalKind,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._meeting_reads import vote_out
from dvmeet.services._records import CaseVoters, case_voters, election_ballots
from dvmeet.services._saksgang import carry_decision
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.voting.models import ElectionIn, LotsIn, SeveralElectionIn, VoteOut


def record_election_of_several(ctx: Context, data: SeveralElectionIn) -> VoteOut:
    """Q-4: elect the case's `seats_to_fill` (two signatories, M-7) in one round."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        if case.meeting.status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Røysting og framlegg krev at møtet er i gang."))
        if not case.is_election:
            raise InvalidInput(_("Saka er ikkje ei valsak."))
        if case.seats_to_fill < 2:
            raise InvalidInput(
                _("I denne saka skal éin veljast: bruk røysting ved val (éin runde om gongen).")
            )
        _no_election_yet(s, case)
        cv = case_voters(s, case)
        if not cv.voters:
            raise InvalidInput(_("Ingen kan røyste i saka: registrer frammøtet fyrst."))
        candidates = _candidates(s, case)
        names = _names(s, [*candidates, *data.votes])
        weight = sum(cv.weights.get(p, 1) for p in cv.voters)
        if data.unanimous:
            if data.votes:
                raise InvalidInput(
                    _(
                        "Eit samrøystes val har ingen røystetal: tøm røystetala, "
                        "eller tak bort «samrøystes»."
                    )
                )
            if len(candidates) != case.seats_to_fill:
                raise InvalidInput(
                    _(
                        "Samrøystes val krev at det er nøyaktig {n} kandidatar; no er det {k}."
                    ).format(n=case.seats_to_fill, k=len(candidates))
                )
            tally = dict.fromkeys(candidates, weight)
        else:
            tally = dict(data.votes)
        try:
            result = decide_election_of_several(
                tally,
                case.seats_to_fill,
                voters=len(cv.voters),
                voting_weight=weight,
                candidates=candidates,
                seats=cv.seats,
                names=names,
                unanimous=data.unanimous,
            )
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        vote = _store(
            uow,
            case,
            cv,
            result,
            VoteMethod.UNANIMOUS if data.unanimous else VoteMethod.COUNTS,
        )
        _audit(uow, case, vote, result, {str(k): v for k, v in sorted(tally.items())})
        return vote_out(s, vote)


def record_several_by_ballots(uow: UnitOfWork, case: Case, data: ElectionIn) -> VoteOut:
    """Q-4, M-7: the election of several in one round by roll call, each voter naming one
    candidate (or blank): the case's `seats_to_fill` with most votes are elected."""
    s = uow.session
    _no_election_yet(s, case)
    cv = case_voters(s, case)
    candidates = _candidates(s, case)
    names = _names(s, [*cv.voters, *data.ballots, *candidates])
    for voter in data.ballots:
        if voter not in cv.voters:
            raise InvalidInput(
                _(
                    "{name} kan ikkje røyste i denne saka: personen er ikkje til stades, "
                    "har forfall eller er ugild."
                ).format(name=names.get(voter, _("person {id}").format(id=voter)))
            )
    missing = sorted(names.get(p, str(p)) for p in cv.voters if p not in data.ballots)
    if missing:
        raise RuleRefused(
            "Q-5",
            _("Alle som møter, må røyste (blankt er lov ved val). Manglar: {names}").format(
                names=", ".join(missing)
            ),
        )
    tally: dict[int, int] = {}
    blank = 0
    for voter, candidate in data.ballots.items():
        weight = cv.weights.get(voter, 1)
        if candidate is None:
            blank += weight
        else:
            tally[candidate] = tally.get(candidate, 0) + weight
    weight = sum(cv.weights.get(p, 1) for p in cv.voters)
    try:
        result = decide_election_of_several(
            tally,
            case.seats_to_fill,
            voters=len(cv.voters),
            voting_weight=weight,
            candidates=candidates,
            seats=cv.seats,
            names=names,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    vote = _store(uow, case, cv, result, VoteMethod.ROLL_CALL, votes_blank=blank)
    s.add_all(election_ballots(case, vote.id, cv, data.ballots))
    s.flush()
    _audit(uow, case, vote, result, {str(k): v for k, v in sorted(data.ballots.items())})
    return vote_out(s, vote)


def draw_lots_of_several(uow: UnitOfWork, vote: Vote, data: LotsIn) -> VoteOut:
    """Q-4: the lot fills the last places of an election of several; witnesses recorded."""
    s = uow.session
    kept = json.loads(vote.elected_person_ids or "{}")
    tied, places = kept.get("tied", []), int(kept.get("places_left", 0))
    if vote.outcome is not VoteOutcome.LOTS or vote.elected_person_id is not None or not tied:
        raise Conflict(_("Det er ikkje loddtrekking som skal avgjere denne røystinga."))
    rng = random.Random(data.seed) if data.seed is not None else random.SystemRandom()
    drawn = draw_lots_for_places(tied, places, rng)
    elected = [*kept["elected"], *drawn]
    names = _names(s, [*tied, *elected])
    kept = {"elected": elected, "tally": kept["tally"], "drawn": list(drawn)}
    vote.elected_person_ids = json.dumps(kept)
    vote.elected_person_id = elected[0]
    vote.lot_witnesses = data.witnesses
    verb = "vart vald" if len(drawn) == 1 else "vart valde"
    vote.reason += (
        f" Loddtrekking: {join_names([names[c] for c in drawn])} {verb}. Vitne: {data.witnesses}."
    )
    uow.audit(
        "election.lots",
        "vote",
        vote.id,
        {"tied": sorted(tied), "elected": list(drawn), "witnesses": data.witnesses},
    )
    _record_decision(uow, s.get_one(Case, vote.case_id), vote)
    return vote_out(s, vote)


def _no_election_yet(s: Session, case: Case) -> None:
    if s.scalar(
        select(Vote.id).where(
            Vote.case_id == case.id,
            Vote.kind == VoteKind.ELECTION,
            Vote.outcome.in_((VoteOutcome.ELECTED, VoteOutcome.LOTS)),
        )
    ):
        raise Conflict(_("Valet er alt gjennomført i denne saka."))


def _store(
    uow: UnitOfWork,
    case: Case,
    cv: CaseVoters,
    result: SeveralElectedResult,
    method: VoteMethod,
    *,
    votes_blank: int = 0,
) -> Vote:
    """The vote row of the election (and the decision, once everyone is elected)."""
    s = uow.session
    kept: dict[str, Any] = {
        "elected": list(result.elected),
        "tally": [list(t) for t in result.tally],
    }
    if result.outcome is VoteOutcome.LOTS:
        kept |= {"tied": list(result.tied), "places_left": result.places_left}
    complete = result.outcome is VoteOutcome.ELECTED
    vote = Vote(
        meeting_id=case.meeting_id,
        case_id=case.id,
        kind=VoteKind.ELECTION,
        method=method,
        round_no=1,
        votes_for=sum(v for _c, v in result.tally),
        votes_against=0,
        votes_blank=votes_blank,
        eligible=len(cv.voters),
        seats=cv.seats,
        quorate=result.quorate.quorate if result.quorate else True,
        outcome=result.outcome,
        unanimous=result.unanimous,
        chair_person_id=cv.chair_person_id,
        elected_person_id=result.elected[0] if complete else None,
        elected_person_ids=json.dumps(kept),
        reason=result.reason,
    )
    s.add(vote)
    s.flush()
    if complete:
        _record_decision(uow, case, vote)
    return vote


def _audit(
    uow: UnitOfWork, case: Case, vote: Vote, result: SeveralElectedResult, given: dict[str, Any]
) -> None:
    uow.audit(
        "election.several",
        "vote",
        vote.id,
        {
            "case_id": case.id,
            "to_elect": result.to_elect,
            "method": vote.method.value,
            "given": given,
            "outcome": result.outcome.value,
            "elected": list(result.elected),
        },
    )


def _record_decision(uow: UnitOfWork, case: Case, vote: Vote) -> None:
    """An election that elects records the case's decision (who was elected), unless the
    case has a decision already (typed by the secretary: it is left as written)."""
    s = uow.session
    if s.scalar(select(Decision.id).where(Decision.case_id == case.id)) is not None:
        return
    decision = Decision(
        meeting_id=case.meeting_id,
        case_id=case.id,
        text=several_decision_text(s, vote),
        vote_id=vote.id,
        unanimous=vote.unanimous,
    )
    s.add(decision)
    s.flush()
    uow.audit(
        "decision.recorded",
        "decision",
        decision.id,
        {"case_id": case.id, "text": decision.text, "adopted_version_id": None},
    )
    carry_decision(uow, case)  # issue 19: the next body's innstilling


def several_decision_text(s: Session, vote: Vote) -> str:
    """The decision of an election of several: "A og B vart samrøystes valde." or with
    the votes each got, and who the lot drew."""
    kept = json.loads(vote.elected_person_ids or "{}")
    elected = [int(p) for p in kept.get("elected", [])]
    tally = {int(c): int(v) for c, v in kept.get("tally", [])}
    names = _names(s, elected)
    text = elected_sentence(
        [names[p] for p in elected],
        unanimous=vote.unanimous,
        votes=None if vote.unanimous else [tally.get(p, 0) for p in elected],
    )
    drawn = [int(p) for p in kept.get("drawn", [])]
    if drawn:
        verb = "vart vald" if len(drawn) == 1 else "vart valde"
        text += f" {join_names([names[p] for p in drawn])} {verb} ved loddtrekking."
    return text


def _candidates(s: Session, case: Case) -> list[int]:
    return [
        p.candidate_person_id
        for p in s.scalars(
            select(Proposal)
            .where(
                Proposal.case_id == case.id,
                Proposal.kind == ProposalKind.CANDIDATE,
                Proposal.withdrawn.is_(False),
            )
            .order_by(Proposal.position)
        )
        if p.candidate_person_id is not None
    ]


def _names(s: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
