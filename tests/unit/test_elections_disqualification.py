"""Elections (Q-4, Q-5) and disqualification (H-1, H-3, R-1)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from meeting_setup import Body, make_body, recommendation, running

from dvmeet.domain.enums import (
    BallotChoice,
    DisqualificationGround,
    ProposalKind,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.services import attendance, minutes, voting
from dvmeet.services.attendance.models import CloseMeetingIn, ForfallIn
from dvmeet.services.context import Context
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationDeputyIn,
    DisqualificationIn,
    ElectionIn,
    LotsIn,
    ProposalIn,
    VoteIn,
)

FOR, MOT = BallotChoice.FOR, BallotChoice.MOT
GROUND = DisqualificationGround.FVL_6_1_B


def _election_case(ctx: Context, body: Body) -> tuple[int, int, int]:
    _, (case,) = running(ctx, body, case_fields={"is_election": True, "recommendation": None})
    a, b = body.member(2), body.member(3)
    for candidate in (a, b):
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=candidate,
            ),
        )
    return case.id, a, b


def _votes(body: Body, *choices: int | None) -> dict[int, int | None]:
    return dict(zip(body.members, choices, strict=True))


def test_majority_in_the_first_round(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, b = _election_case(ctx, body)
    r = voting.record_election_round(
        ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, a, b, b, None))
    )
    assert r.outcome is VoteOutcome.ELECTED and r.elected_person_id == a
    assert r.round_no == 1 and r.votes_for == 4 and r.votes_blank == 1
    assert r.kind is VoteKind.ELECTION
    with pytest.raises(Conflict):  # decided: no further round
        voting.record_election_round(
            ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, a, a, a, a))
        )
    d = voting.record_decision(ctx, DecisionIn(case_id=case, vote_id=r.id))
    assert d.text == "RS Person 4611-0 vart vald."


def test_no_majority_gives_a_new_round_then_plurality(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, b = _election_case(ctx, body)
    r1 = voting.record_election_round(
        ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, b, b, b, None))
    )
    assert r1.outcome is VoteOutcome.NEW_ROUND and r1.elected_person_id is None
    with pytest.raises(Conflict):  # no decision before the election is decided
        voting.record_decision(ctx, DecisionIn(case_id=case, vote_id=r1.id, text="Ingen"))
    r2 = voting.record_election_round(
        ctx, ElectionIn(case_id=case, ballots=_votes(body, b, b, b, a, a, None, None))
    )
    assert r2.round_no == 2 and r2.outcome is VoteOutcome.ELECTED
    assert r2.elected_person_id == b and r2.votes_for == 3  # most votes, not a majority
    assert r2.votes_blank == 2


def test_tie_in_the_final_round_is_drawn_by_lot(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, b = _election_case(ctx, body)
    voting.record_election_round(
        ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, b, b, b, None))
    )
    r2 = voting.record_election_round(
        ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, b, b, b, None))
    )
    assert r2.outcome is VoteOutcome.LOTS and r2.elected_person_id is None
    with pytest.raises(Conflict):
        voting.record_election_round(
            ctx, ElectionIn(case_id=case, ballots=_votes(body, a, a, a, a, b, b, None))
        )
    drawn = voting.draw_election_lots(
        ctx, LotsIn(vote_id=r2.id, witnesses="Kari Nordmann og Ola Nordmann", seed=7)
    )
    expected = random.Random(7).choice(sorted([a, b]))
    assert drawn.elected_person_id == expected
    assert drawn.lot_witnesses == "Kari Nordmann og Ola Nordmann"
    assert "Loddtrekking" in drawn.reason and "Kari Nordmann" in drawn.reason
    assert voting.votes(ctx, case)[-1].elected_person_id == expected
    with pytest.raises(Conflict):
        voting.draw_election_lots(ctx, LotsIn(vote_id=r2.id, witnesses="Nokon", seed=1))
    d = voting.record_decision(ctx, DecisionIn(case_id=case, vote_id=r2.id))
    assert "vart vald" in d.text


def test_final_round_flag_elects_by_plurality_in_round_one(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, b = _election_case(ctx, body)
    r = voting.record_election_round(
        ctx,
        ElectionIn(case_id=case, ballots=_votes(body, a, a, a, b, b, None, None), final_round=True),
    )
    assert r.outcome is VoteOutcome.ELECTED and r.elected_person_id == a


def test_election_ballots_are_checked(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, b = _election_case(ctx, body)
    with pytest.raises(RuleRefused) as err:  # every voter votes, blank is allowed
        voting.record_election_round(
            ctx, ElectionIn(case_id=case, ballots=dict(list(_votes(body, *[a] * 7).items())[:6]))
        )
    assert err.value.rule_id == "Q-5"
    with pytest.raises(InvalidInput):  # a vote for someone who is not a candidate
        voting.record_election_round(
            ctx,
            ElectionIn(case_id=case, ballots=_votes(body, a, a, a, a, b, b, body.member(6))),
        )
    with pytest.raises(InvalidInput):  # ordinary vote in an election case
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case,
                proposal_id=voting.proposals(ctx, case)[0].id,
                method=VoteMethod.UNANIMOUS,
            ),
        )
    assert voting.votes(ctx, case) == []


def test_disqualification_does_not_apply_to_elections(ctx: Context) -> None:
    body = make_body(ctx)
    case, a, _ = _election_case(ctx, body)
    with pytest.raises(RuleRefused) as err:
        voting.propose_disqualification(
            ctx, DisqualificationIn(case_id=case, person_id=a, ground=GROUND)
        )
    assert err.value.rule_id == "H-3"
    assert a in {v.person_id for v in attendance.voters(ctx, case).voters}


def _disq_setup(ctx: Context, **case_fields: object) -> tuple[Body, int, list[int], int]:
    body = make_body(ctx)
    m, cases = running(ctx, body, cases=2, case_fields=dict(case_fields) or None)
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=cases[0].id,
            person_id=body.member(3),
            ground=GROUND,
            explanation="Bror til søkjaren",
        ),
    )
    assert d.decided is None and d.legal_basis
    return body, m.id, [c.id for c in cases], d.id


def test_member_concerned_cannot_vote_on_own_disqualification(ctx: Context) -> None:
    body, _, _, d = _disq_setup(ctx)
    concerned = body.member(3)
    with pytest.raises(RuleRefused) as err:
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=d,
                method=VoteMethod.ROLL_CALL,
                ballots=dict.fromkeys(body.members, FOR),
            ),
        )
    assert err.value.rule_id == "H-1"
    with pytest.raises(RuleRefused):
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=d, method=VoteMethod.COUNTS, dissenters=[concerned]
            ),
        )
    others = [p for p in body.members if p != concerned]
    out = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=d,
            method=VoteMethod.ROLL_CALL,
            ballots={p: FOR if i < 4 else MOT for i, p in enumerate(others)},
        ),
    )
    assert out.decided is True
    vote = next(v for v in voting.votes(ctx, out.case_id) if v.kind is VoteKind.DISQUALIFICATION)
    assert vote.eligible == 6 and concerned not in {b.person_id for b in vote.ballots}
    with pytest.raises(Conflict):
        voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=d))


def test_body_can_find_the_member_not_disqualified(ctx: Context) -> None:
    body, mid, (case, _), d = _disq_setup(ctx)
    others = [p for p in body.members if p != body.member(3)]
    # The deputy called in takes part in deciding the question (fvl. § 8 (2)): 7 decide.
    out = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=d,
            method=VoteMethod.COUNTS,
            dissenters=others[:4],
            deputy_person_id=body.deputy(3),
        ),
    )
    assert out.decided is False and out.participants == 7
    vote = next(v for v in voting.votes(ctx, case) if v.kind is VoteKind.DISQUALIFICATION)
    assert (vote.votes_for, vote.votes_against, vote.outcome) == (3, 4, VoteOutcome.REJECTED)
    assert body.deputy(3) in {b.person_id for b in vote.ballots}
    # Not ugild: the member votes in the case, the deputy does not.
    voters = {v.person_id for v in attendance.voters(ctx, case).voters}
    assert body.member(3) in voters and body.deputy(3) not in voters
    with pytest.raises(InvalidInput):  # no deputy for a member found not ugild
        voting.call_disqualification_deputy(
            ctx, DisqualificationDeputyIn(disqualification_id=d, deputy_person_id=body.deputy(3, 2))
        )
    assert voting.disqualifications(ctx, mid)[0].deputy_person_id == body.deputy(3)


def test_deputy_of_the_same_municipality_steps_in_for_that_case_only(ctx: Context) -> None:
    body, mid, (case, other_case), d = _disq_setup(ctx)
    for wrong in (body.deputy(4), body.deputy(3, 2)):  # other municipality; rank 2 before 1
        with pytest.raises(RuleRefused) as err:
            voting.decide_disqualification(
                ctx, DecideDisqualificationIn(disqualification_id=d, deputy_person_id=wrong)
            )
        assert err.value.rule_id == "R-1"
    assert voting.disqualifications(ctx, mid)[0].decided is None

    out = voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=d, deputy_person_id=body.deputy(3))
    )
    assert out.decided and out.deputy_person_id == body.deputy(3)
    voters = {v.person_id: v for v in attendance.voters(ctx, case).voters}
    assert body.member(3) not in voters
    assert voters[body.deputy(3)].seat_person_id == body.member(3)
    assert attendance.voters(ctx, case).quorum_text == "7 av 7"
    other = {v.person_id for v in attendance.voters(ctx, other_case).voters}
    assert body.deputy(3) not in other and body.member(3) in other

    rec = recommendation(ctx, case)
    ballots = {p: FOR for p in voters}
    v = voting.record_vote(
        ctx,
        VoteIn(case_id=case, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    assert body.deputy(3) in {b.person_id for b in v.ballots}

    attendance.close_meeting(
        ctx,
        CloseMeetingIn(
            meeting_id=mid, closed_at=dt.datetime.combine(dt.date(2025, 3, 12), dt.time(12))
        ),
    )
    draft = minutes.minutes_draft(ctx, mid)
    (line,) = draft.disqualifications
    assert line.name == "RS Person 4612-0" and line.deputy_name == "RS Person 4612-1"
    assert "fvl. § 6" in line.legal_basis


def test_disqualification_is_decided_by_simple_majority_in_a_qualified_case(
    ctx: Context,
) -> None:
    body, _, _, d = _disq_setup(ctx, qualified_majority=True)
    others = [p for p in body.members if p != body.member(3)]
    # 3–3 among the six others; the chair (leiar) votes for: the casting vote decides.
    ballots = {p: FOR if i < 3 else MOT for i, p in enumerate(others)}
    assert ballots[body.member(0)] is FOR
    out = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=d, method=VoteMethod.ROLL_CALL, ballots=ballots
        ),
    )
    assert out.decided is True


def test_rank_two_deputy_steps_in_when_rank_one_has_forfall(ctx: Context) -> None:
    body, mid, (case, _), d = _disq_setup(ctx)
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=mid, person_id=body.deputy(3, 1)))
    out = voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=d, deputy_person_id=body.deputy(3, 2))
    )
    assert out.deputy_person_id == body.deputy(3, 2)
    assert body.deputy(3, 2) in {v.person_id for v in attendance.voters(ctx, case).voters}
