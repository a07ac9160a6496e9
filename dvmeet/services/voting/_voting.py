"""Proposals, votes, elections, disqualification and decisions (Q-1..Q-8, H-1..H-3, C-1)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.audit import HEAD_COLUMN, note_head
from dvmeet.db.driver_insert import insert_rows
from dvmeet.db.driver_read import read_tuples
from dvmeet.db.models import (
    Ballot,
    Body,
    Case,
    CaseRouteStep,
    Decision,
    Disqualification,
    Meeting,
    Person,
    Proposal,
    Vote,
)
from dvmeet.domain.elections import decide_election_round, draw_lots
from dvmeet.domain.enums import (
    BallotChoice,
    MeetingStatus,
    ProposalKind,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.domain.majority import MajorityRule, decide_ordinary_vote
from dvmeet.domain.verdict import RuleViolation
from dvmeet.errors import Conflict, InvalidInput, NotFound, RuleRefused
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._disqualification_reads import refuse_blocked_ballots
from dvmeet.services._meeting_reads import (
    case_proposals,
    case_votes,
    case_voting_plan,
    decision_out,
    meeting_decisions,
    proposal_out,
    vote_out,
    vote_out_of,
)
from dvmeet.services._records import (
    CaseVoters,
    attach_loaded,
    case_label,
    case_voters,
    election_ballots,
    ensure_recommendation,
    insert_persistent,
    new_row,
    note_no_disqualifications,
    row_columns,
    seat_names,
)
from dvmeet.services._saksgang import carry_decision
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.voting._chair import require_chair
from dvmeet.services.voting._decisions import DECIDING, deciding_votes, settle_decision
from dvmeet.services.voting._several import (
    draw_lots_of_several,
    record_several_by_ballots,
    several_decision_text,
)
from dvmeet.services.voting.models import (
    ClosureVoteIn,
    DecideDisqualificationIn,
    DecisionIn,
    DecisionOut,
    ElectionIn,
    LotsIn,
    ProposalIn,
    ProposalOut,
    VoteIn,
    VoteOut,
    VotingStepOut,
)

# The case with its meeting and the meeting's body in one query: every vote and proposal
# needs all three (the meeting's status, the body's rules).
_WITH_MEETING = (
    select(Case)
    .options(joinedload(Case.meeting).joinedload(Meeting.body))
    .where(Case.id == bindparam("case_id"))
)


def _running_case(uow: UnitOfWork, case_id: int) -> Case:
    return _running(uow.session.scalars(_WITH_MEETING, {"case_id": case_id}).one_or_none(), case_id)


# The case, its meeting and the meeting's body as _WITH_MEETING reads them, as columns,
# and in the same query whether the case has deciding votes, disqualification questions,
# a decision, a route step (what a vote reads only if it has), the proposal asked for
# (checked as before, found in the session) and the audit chain's head.
_CASE_COLUMNS, _MEETING_COLUMNS = row_columns(Case), row_columns(Meeting)
_BODY_COLUMNS, _PROPOSAL_COLUMNS = row_columns(Body), row_columns(Proposal)
_WITH_FACTS = (
    select(
        *_CASE_COLUMNS,
        *_MEETING_COLUMNS,
        *_BODY_COLUMNS,
        *_PROPOSAL_COLUMNS,
        # each kind its own comparison, not an IN list SQLAlchemy expands on every run
        exists()
        .where(Vote.case_id == Case.id, or_(*(Vote.kind == kind for kind in DECIDING)))
        .label("voted"),
        exists().where(Disqualification.case_id == Case.id).label("questioned"),
        exists().where(Decision.case_id == Case.id).label("decided"),
        exists().where(CaseRouteStep.case_id == Case.id).label("routed"),
        HEAD_COLUMN,
    )
    .join(Meeting, Meeting.id == Case.meeting_id)
    .join(Body, Body.id == Meeting.body_id)
    .outerjoin(Proposal, Proposal.id == bindparam("proposal_id"))
    .where(Case.id == bindparam("case_id"))
)


def _case_with_facts(
    s: Session, case_id: int, proposal_id: int
) -> tuple[Case | None, Proposal | None, Sequence[Any]]:
    """The case (with its meeting and body, as a joined load puts them), the proposal
    asked for if it exists (held by the caller: the session keeps it only while it is
    referenced) and the facts, or None for a case that does not exist."""
    found = read_tuples(s, _WITH_FACTS, {"case_id": case_id, "proposal_id": proposal_id})
    if not found:
        return None, None, ()
    row = found[0]
    c, m, b, p = _ENDS
    body = attach_loaded(s, Body, row[m:b])
    meeting = attach_loaded(s, Meeting, row[c:m], body=body)
    case = attach_loaded(s, Case, row[:c], meeting=meeting)
    proposal = attach_loaded(s, Proposal, row[b:p]) if row[b] is not None else None
    return case, proposal, row[p:]


_ENDS = tuple(
    accumulate(map(len, (_CASE_COLUMNS, _MEETING_COLUMNS, _BODY_COLUMNS, _PROPOSAL_COLUMNS)))
)


def _running(case: Case | None, case_id: int) -> Case:
    if case is None:
        raise NotFound(_("Fann ikkje {what} med id {key}.").format(what=_("saka"), key=case_id))
    lookup.ensure_not_frozen(case.meeting)
    if case.meeting.status is not MeetingStatus.IN_PROGRESS:
        raise Conflict(_("Røysting og framlegg krev at møtet er i gang."))
    return case


# --- Proposals --------------------------------------------------------------------------


def add_proposal(ctx: Context, data: ProposalIn) -> ProposalOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _running_case(uow, data.case_id)
        if data.proposer_person_id is not None:
            lookup.person(s, data.proposer_person_id)
        if data.candidate_person_id is not None:
            lookup.person(s, data.candidate_person_id)
            if not case.is_election:
                raise InvalidInput(_("Kandidatar kan berre førast opp i ei valsak."))
        ensure_recommendation(s, case)
        position = (
            s.scalar(select(func.max(Proposal.position)).where(Proposal.case_id == case.id)) or 0
        ) + 1
        p = Proposal(
            meeting_id=case.meeting_id,
            case_id=case.id,
            kind=data.kind,
            text=data.text,
            proposer_person_id=data.proposer_person_id,
            candidate_person_id=data.candidate_person_id,
            position=position,
            withdrawn=False,
        )
        s.add(p)
        s.flush()
        uow.audit("proposal.added", "proposal", p.id, data.model_dump(mode="json"))
        return proposal_out(p)


def withdraw_proposal(ctx: Context, proposal_id: int) -> ProposalOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        p = lookup.get_or_raise(s, Proposal, proposal_id, _("framlegget"))
        _running_case(uow, p.case_id)
        if s.scalar(
            select(func.count(Vote.id)).where(
                (Vote.proposal_id == p.id) | (Vote.against_proposal_id == p.id)
            )
        ):
            raise Conflict(_("Det er alt røysta over framlegget; det kan ikkje trekkjast."))
        p.withdrawn = True
        uow.audit("proposal.withdrawn", "proposal", p.id, {})
        return proposal_out(p)


def proposals(ctx: Context, case_id: int) -> list[ProposalOut]:
    with ctx.reading() as s:
        lookup.case(s, case_id)
        return case_proposals(s, case_id)


def voting_plan(ctx: Context, case_id: int) -> list[VotingStepOut]:
    """Q-8: the order in which the proposals of the case are voted on."""
    with ctx.reading() as s:
        lookup.case(s, case_id)
        return case_voting_plan(s, case_id)


# --- Ordinary votes ---------------------------------------------------------------------


def _ballots_from_input(
    method: VoteMethod,
    ballots: dict[int, BallotChoice],
    dissenters: list[int],
    dissent_choice: BallotChoice,
    eligible: dict[int, int],
    names: dict[int, str],
) -> dict[int, BallotChoice]:
    """Every eligible voter's ballot; checks Q-5 (all present vote) and eligibility."""
    if method is VoteMethod.UNANIMOUS:
        return dict.fromkeys(eligible, BallotChoice.FOR)
    if method is VoteMethod.COUNTS:
        if dissent_choice is BallotChoice.BLANK:
            raise RuleRefused("Q-5", _("Blank røyst er ikkje høve til i ordinære saker."))
        other = BallotChoice.FOR if dissent_choice is BallotChoice.MOT else BallotChoice.MOT
        twice = sorted({p for p in dissenters if dissenters.count(p) > 1})
        if twice:  # counted once would hide a typing error in the count
            raise InvalidInput(
                _(
                    "Same person er nemnd fleire gonger blant dei som røysta {choice}: {names}."
                ).format(
                    choice=_("for") if dissent_choice is BallotChoice.FOR else _("mot"),
                    names=", ".join(names.get(p, str(p)) for p in twice),
                )
            )
        _check_eligible(dissenters, eligible, names)
        return {p: dissent_choice if p in set(dissenters) else other for p in eligible}
    _check_eligible(list(ballots), eligible, names)
    missing = [names.get(p, str(p)) for p in eligible if p not in ballots]
    if missing:
        raise RuleRefused(
            "Q-5",
            _("Alle som møter i saka, må røyste. Manglar røyst frå: {names}").format(
                names=", ".join(sorted(missing))
            ),
        )
    return dict(ballots)


def _check_eligible(persons: list[int], eligible: dict[int, int], names: dict[int, str]) -> None:
    for p in persons:
        if p not in eligible:
            name = names[p] if p in names else _("person {id}").format(id=p)
            raise InvalidInput(
                _(
                    "{name} kan ikkje røyste i denne saka: personen er ikkje til stades, "
                    "har forfall eller er ugild."
                ).format(name=name)
            )


def _names(s: Session, ids: list[int]) -> dict[int, str]:
    return {
        pid: name
        for pid, name in s.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    }


def _rule_for(case: Case) -> MajorityRule:
    body = case.meeting.body
    if case.qualified_majority:
        return MajorityRule(body.qualified_numerator, body.qualified_denominator)
    return MajorityRule()


def _proposal_of_case(s: Session, case: Case, proposal_id: int) -> Proposal:
    p = lookup.get_or_raise(s, Proposal, proposal_id, _("framlegget"))
    if p.case_id != case.id:
        raise InvalidInput(_("Framlegget høyrer ikkje til denne saka."))
    if p.withdrawn:
        raise Conflict(_("Framlegget er trekt."))
    return p


def record_vote(ctx: Context, data: VoteIn) -> VoteOut:
    """Record an ordinary vote; the result is computed by the rules, never typed in."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        found, _held, facts = _case_with_facts(s, data.case_id, data.proposal_id)
        case = _running(found, data.case_id)
        voted, questioned, decided, routed, head = facts  # _held: in the session
        note_head(s, head)
        if not questioned:  # none to read for the blocked ballots and the voters (H-1)
            note_no_disqualifications(s, case.id)
        if case.is_election:
            raise InvalidInput(_("Dette er ei valsak: bruk røysting ved val."))
        proposal = _proposal_of_case(s, case, data.proposal_id)
        against = (
            _proposal_of_case(s, case, data.against_proposal_id)
            if data.against_proposal_id is not None
            else None
        )
        if against is not None and against.id == proposal.id:
            raise InvalidInput(_("Eit framlegg kan ikkje setjast opp mot seg sjølv."))
        involved = {proposal.id} | ({against.id} if against is not None else set())
        # The case's votes so far: is either proposal voted on already (a vote's proposals
        # are of its own case), and what the decision follows after this vote.
        earlier = deciding_votes(s, case.id) if voted else []
        if any(
            v.kind is VoteKind.ORDINARY
            and (v.proposal_id in involved or v.against_proposal_id in involved)
            for v in earlier
        ):
            raise Conflict(_("Det er alt røysta over dette framlegget."))
        refuse_blocked_ballots(uow, case, [*data.ballots, *data.dissenters])  # H-1
        cv = case_voters(s, case)
        require_chair(uow, case, cv)
        with uow.events_together():  # the vote's and the decision's in one statement
            vote, out = _store_ordinary_vote(
                uow, case, cv, data, proposal, against, VoteKind.ORDINARY
            )
            # a vote leads to a decision
            settle_decision(uow, case, vote, earlier, decided=decided, routed=routed)
        return out


def _store_ordinary_vote(
    uow: UnitOfWork,
    case: Case,
    cv: CaseVoters,
    data: VoteIn | DecideDisqualificationIn | ClosureVoteIn,
    proposal: Proposal | None,
    against: Proposal | None,
    kind: VoteKind,
    disqualification: Disqualification | None = None,
) -> tuple[Vote, VoteOut]:
    """The vote stored (with its ballots and audit event) and as the caller returns it."""
    s = uow.session
    assert data.method is not None  # a decision without a vote stores no vote (H-1)
    # Names from the seats the session holds; anyone else named (a wrong ballot) is read.
    seated = seat_names(s, case.meeting)
    asked = [*cv.voters, *data.ballots, *data.dissenters]
    names = {p: seat[0] for p in asked if (seat := seated.get(p)) is not None}
    if len(names) < len(set(asked)):
        names.update(_names(s, [p for p in asked if p not in names]))
    ballots = _ballots_from_input(
        data.method,
        dict(data.ballots),
        list(data.dissenters),
        data.dissent_choice,
        cv.voters,
        names,
    )
    if not ballots:
        raise InvalidInput(_("Ingen kan røyste i saka: registrer frammøtet fyrst."))
    try:
        # H-1: the disqualification question (and O-1, closing the meeting for the case)
        # is decided by simple majority, whatever majority the case itself needs.
        simple = kind in (VoteKind.DISQUALIFICATION, VoteKind.CLOSURE)
        rule = MajorityRule() if simple else _rule_for(case)
        result = decide_ordinary_vote(ballots, cv.weights, cv.chair_person_id, cv.seats, rule)
    except RuleViolation as exc:
        raise RuleRefused(exc.rule_id, exc.message) from exc
    vote = new_row(
        Vote,
        meeting_id=case.meeting_id,
        case_id=case.id,
        kind=kind,
        method=data.method,
        proposal_id=proposal.id if proposal else None,
        against_proposal_id=against.id if against else None,
        disqualification_id=disqualification.id if disqualification else None,
        round_no=1,
        votes_for=result.votes_for,
        votes_against=result.votes_against,
        votes_blank=0,
        eligible=len(cv.voters),
        seats=cv.seats,
        quorate=result.quorate.quorate,
        outcome=result.outcome,
        casting_vote_used=result.casting_vote_used,
        unanimous=result.unanimous,
        chair_person_id=cv.chair_person_id,
        reason=_alternative_reason(result.reason, against) if against else result.reason,
        # every column given, so the result is built without reading the row back
        elected_person_id=None,
        elected_person_ids=None,
        lot_witnesses=None,
        recorded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    insert_persistent(s, vote)
    # The ballots in one executemany of the driver's own INSERT: no object per ballot to
    # track, no SQLAlchemy parameter work per row.
    meeting_id, vote_id, weights = case.meeting_id, vote.id, cv.weights  # once, not per ballot
    insert_rows(
        s,
        Ballot,
        _BALLOT_COLUMNS,
        [
            (meeting_id, vote_id, person_id, choice, weights.get(person_id, 1))
            for person_id, choice in ballots.items()
        ],
    )
    uow.audit(
        "vote.recorded",
        "vote",
        vote.id,
        {
            "case_id": case.id,
            "kind": kind.value,
            "proposal_id": vote.proposal_id,
            "against_proposal_id": vote.against_proposal_id,
            "ballots": {str(k): v.value for k, v in sorted(ballots.items())},
            "outcome": vote.outcome.value,
        },
    )
    # The ballots as just written, in their order, with the names read above: the same
    # VoteOut as vote_out reads back (vote_out_of), without reading them back.
    rows = [(p, names[p], choice, None) for p, choice in ballots.items()]
    return vote, vote_out_of(s, vote, rows, seated)


_BALLOT_COLUMNS = ("meeting_id", "vote_id", "person_id", "choice", "weight")


def _alternative_reason(reason: str, against: Proposal) -> str:
    return (
        reason.replace("Framlegget vart", "Framlegget vart (mot det andre framlegget)")
        + " Røystene mot er røyster for det andre framlegget."
    )


def votes(ctx: Context, case_id: int) -> list[VoteOut]:
    with ctx.reading() as s:
        lookup.case(s, case_id)
        return case_votes(s, case_id)


# --- Elections (Q-4) --------------------------------------------------------------------


def record_election_round(ctx: Context, data: ElectionIn) -> VoteOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _running_case(uow, data.case_id)
        if not case.is_election:
            raise InvalidInput(_("Saka er ikkje ei valsak."))
        if case.seats_to_fill > 1:  # an election of several in one round (Q-4, M-7)
            require_chair(uow, case, case_voters(s, case))  # C-1
            return record_several_by_ballots(uow, case, data)
        previous = list(
            s.scalars(
                select(Vote)
                .where(Vote.case_id == case.id, Vote.kind == VoteKind.ELECTION)
                .order_by(Vote.round_no)
            )
        )
        if previous and previous[-1].outcome is not VoteOutcome.NEW_ROUND:
            raise Conflict(_("Valet er avgjort; ein ny runde kan ikkje registrerast."))
        round_no = len(previous) + 1
        cv = case_voters(s, case)
        require_chair(uow, case, cv)
        candidates = [
            p.candidate_person_id
            for p in s.scalars(
                select(Proposal).where(
                    Proposal.case_id == case.id,
                    Proposal.kind == ProposalKind.CANDIDATE,
                    Proposal.withdrawn.is_(False),
                )
            )
            if p.candidate_person_id is not None
        ]
        names = _names(s, [*cv.voters, *data.ballots, *candidates])
        _check_eligible(list(data.ballots), cv.voters, names)
        missing = [names.get(p, str(p)) for p in cv.voters if p not in data.ballots]
        if missing:
            raise RuleRefused(
                "Q-5",
                _("Alle som møter, må røyste (blankt er lov ved val). Manglar: {names}").format(
                    names=", ".join(sorted(missing))
                ),
            )
        try:
            result = decide_election_round(
                data.ballots,
                round_no,
                data.final_round,
                candidates=candidates,
                weights=cv.weights,
                seats=cv.seats,
                names=names,
            )
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        vote = Vote(
            meeting_id=case.meeting_id,
            case_id=case.id,
            kind=VoteKind.ELECTION,
            method=VoteMethod.ROLL_CALL,
            round_no=round_no,
            votes_for=result.votes_for(result.elected) if result.elected else 0,
            votes_against=0,
            votes_blank=result.blank,
            eligible=len(cv.voters),
            seats=cv.seats,
            quorate=result.quorate.quorate if result.quorate else True,
            outcome=result.outcome,
            chair_person_id=cv.chair_person_id,
            elected_person_id=result.elected,
            reason=result.reason,
        )
        s.add(vote)
        s.flush()
        s.add_all(election_ballots(case, vote.id, cv, data.ballots))
        s.flush()
        uow.audit(
            "election.round",
            "vote",
            vote.id,
            {
                "case_id": case.id,
                "round": round_no,
                "ballots": {str(k): v for k, v in sorted(data.ballots.items())},
                "outcome": result.outcome.value,
                "elected": result.elected,
            },
        )
        settle_decision(uow, case, vote)  # an election that elects records the decision
        return vote_out(s, vote)


def draw_election_lots(ctx: Context, data: LotsIn) -> VoteOut:
    """Q-4: after a tie in the final round, the lot decides; witnesses are recorded."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        vote = lookup.get_or_raise(s, Vote, data.vote_id, _("røystinga"))
        case = _running_case(uow, vote.case_id)
        if vote.elected_person_ids is not None:  # an election of several (Q-4, M-7)
            return draw_lots_of_several(uow, vote, data)
        if vote.outcome is not VoteOutcome.LOTS or vote.elected_person_id is not None:
            raise Conflict(_("Det er ikkje loddtrekking som skal avgjere denne røystinga."))
        tally: dict[int, int] = {}
        for b in vote.ballots:
            if b.candidate_person_id is not None:
                tally[b.candidate_person_id] = tally.get(b.candidate_person_id, 0) + b.weight
        top = max(tally.values())
        tied = [c for c, n in tally.items() if n == top]
        rng = random.Random(data.seed) if data.seed is not None else random.SystemRandom()
        winner = draw_lots(tied, rng)
        vote.elected_person_id = winner
        vote.votes_for = top
        vote.lot_witnesses = data.witnesses
        name = s.get_one(Person, winner).name
        vote.reason += f" Loddtrekking: {name} vart vald. Vitne: {data.witnesses}."
        uow.audit(
            "election.lots",
            "vote",
            vote.id,
            {"tied": sorted(tied), "elected": winner, "witnesses": data.witnesses},
        )
        settle_decision(uow, case, vote)
        return vote_out(s, vote)


# --- Decisions --------------------------------------------------------------------------


def record_decision(ctx: Context, data: DecisionIn) -> DecisionOut:
    """The decision of a case. Its text defaults to the adopted proposal; when the case
    decides on a governing-document version, the decision records exactly that version."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _running_case(uow, data.case_id)
        vote = None
        if data.vote_id is not None:
            vote = lookup.get_or_raise(s, Vote, data.vote_id, _("røystinga"))
            if vote.case_id != case.id:
                raise InvalidInput(_("Røystinga høyrer ikkje til denne saka."))
        if vote is not None and vote.kind is VoteKind.ELECTION and vote.elected_person_id is None:
            raise Conflict(
                _("Valet er ikkje avgjort: registrer ein ny runde eller loddtrekkinga fyrst.")
            )
        adopted = vote_out(s, vote).adopted_proposal_id if vote is not None else None
        if vote is not None and vote.outcome is VoteOutcome.NOT_QUORATE:
            raise RuleRefused(
                "Q-1", _("Organet var ikkje vedtaksfør; det vart ikkje gjort vedtak.")
            )
        existing = s.scalar(
            select(Decision).where(Decision.case_id == case.id).order_by(Decision.id)
        )
        if existing is not None:
            # The vote recorded the decision already: saving it again keeps it, with the
            # text the secretary typed, if any. A second decision of its own is refused.
            if vote is None:
                raise Conflict(
                    _("Saka har alt eit vedtak. Rett vedtaket i staden for å lage eit nytt.")
                )
            if data.text and data.text.strip() != existing.text:
                existing.text = data.text.strip()
                uow.audit("decision.updated", "decision", existing.id, {"text": existing.text})
                s.flush()
                carry_decision(uow, case)  # issue 19: the next body's innstilling
            return decision_out(existing)
        text = data.text
        adopted_version = None
        if adopted is not None:
            proposal = s.get_one(Proposal, adopted)
            text = text or proposal.text
            # The version on the case is the recommendation's text; an adopted
            # alternative is other words, not that version.
            if proposal.kind is ProposalKind.RECOMMENDATION:
                adopted_version = case.document_version_id
        if vote is not None and vote.elected_person_ids and vote.elected_person_id:
            text = text or several_decision_text(s, vote)
        if vote is not None and vote.kind is VoteKind.ELECTION and vote.elected_person_id:
            text = text or f"{s.get_one(Person, vote.elected_person_id).name} vart vald."
        if not text:
            raise InvalidInput(_("Skriv vedtaksteksten."))
        decision = Decision(
            meeting_id=case.meeting_id,
            case_id=case.id,
            text=text,
            vote_id=vote.id if vote else None,
            adopted_version_id=adopted_version,
            unanimous=bool(vote and vote.unanimous),
        )
        s.add(decision)
        s.flush()
        uow.audit(
            "decision.recorded",
            "decision",
            decision.id,
            {"case_id": case.id, "text": text, "adopted_version_id": adopted_version},
        )
        carry_decision(uow, case)  # issue 19: the next body's innstilling
        return decision_out(decision)


def update_decision_text(
    ctx: Context, decision_id: int, text: str, *, expected_version: int | None = None
) -> DecisionOut:
    """Correct the decision's text; `expected_version` is the decision's version the text
    was edited from (a stale one is refused with ChangedElsewhere and the current text)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        decision = lookup.get_or_raise(s, Decision, decision_id, _("vedtaket"))
        case = lookup.case(s, decision.case_id, for_update=True)
        ensure_version(
            s,
            decision,
            expected_version,
            lambda: decision_out(decision),
            _("vedtaket i sak {case}").format(case=case_label(case, case.meeting.body)),
        )
        if not text.strip():
            raise InvalidInput(_("Vedtaksteksten kan ikkje vere tom."))
        decision.text = text.strip()
        uow.audit("decision.updated", "decision", decision.id, {"text": decision.text})
        carry_decision(uow, case)  # issue 19: the next body's innstilling
        return decision_out(decision)


def decisions(ctx: Context, meeting_id: int) -> list[DecisionOut]:
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        return meeting_decisions(s, meeting_id)
