"""Ordinary votes: Q-1, Q-2, Q-3, Q-5, Q-7, Q-8 and the chair per case (C-1)."""

from __future__ import annotations

import pytest
from meeting_setup import Body, make_body, recommendation, running

from dvmeet.domain.enums import BallotChoice, ProposalKind, VoteMethod, VoteOutcome
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.services import attendance, voting
from dvmeet.services.attendance.models import ChairIn
from dvmeet.services.context import Context
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ProposalIn,
    VoteIn,
)

FOR, MOT = BallotChoice.FOR, BallotChoice.MOT


def _roll(case_id: int, proposal_id: int, ballots: dict[int, BallotChoice]) -> VoteIn:
    return VoteIn(
        case_id=case_id, proposal_id=proposal_id, method=VoteMethod.ROLL_CALL, ballots=ballots
    )


def _ballots(people: list[int], n_for: int) -> dict[int, BallotChoice]:
    return {p: FOR if i < n_for else MOT for i, p in enumerate(people)}


def test_blank_vote_in_an_ordinary_case_is_refused(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    ballots = _ballots(body.members, 5)
    ballots[body.member(6)] = BallotChoice.BLANK
    with pytest.raises(RuleRefused) as err:
        voting.record_vote(ctx, _roll(case.id, rec.id, ballots))
    assert err.value.rule_id == "Q-5"
    with pytest.raises(RuleRefused) as err:
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                method=VoteMethod.COUNTS,
                dissenters=[body.member(6)],
                dissent_choice=BallotChoice.BLANK,
            ),
        )
    assert err.value.rule_id == "Q-5"
    assert voting.votes(ctx, case.id) == []


def test_every_voter_must_vote(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    with pytest.raises(RuleRefused, match="RS Person 4615-0") as err:
        voting.record_vote(ctx, _roll(case.id, rec.id, _ballots(body.members[:6], 6)))
    assert err.value.rule_id == "Q-5"
    assert voting.votes(ctx, case.id) == []


def test_absent_member_cannot_vote(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    rec = recommendation(ctx, case.id)
    with pytest.raises(InvalidInput, match="RS Person 4615-0"):
        voting.record_vote(ctx, _roll(case.id, rec.id, _ballots(body.members, 7)))
    with pytest.raises(InvalidInput):
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                method=VoteMethod.COUNTS,
                dissenters=[body.member(6)],
            ),
        )
    v = voting.record_vote(ctx, _roll(case.id, rec.id, _ballots(body.members[:6], 6)))
    assert v.eligible == 6 and v.quorum_text == "6 av 7"


def test_disqualified_member_cannot_vote(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(case_id=case.id, person_id=body.member(3), ground="fvl_6_1_b"),
    )
    voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=d.id))
    rec = recommendation(ctx, case.id)
    with pytest.raises(RuleRefused, match="ugild i saka") as refused:  # H-1
        voting.record_vote(ctx, _roll(case.id, rec.id, _ballots(body.members, 7)))
    assert refused.value.rule_id == "H-1"
    others = [p for p in body.members if p != body.member(3)]
    v = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert {b.person_id for b in v.ballots} == set(others)
    assert v.quorum_text == "6 av 7"


def test_counts_with_named_dissenters(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    v = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            method=VoteMethod.COUNTS,
            dissenters=[body.member(4), body.member(5)],
        ),
    )
    assert (v.votes_for, v.votes_against) == (5, 2)
    assert v.outcome is VoteOutcome.ADOPTED and not v.unanimous
    against = {b.person_id for b in v.ballots if b.choice is MOT}
    assert against == {body.member(4), body.member(5)}
    assert v.adopted_proposal_id == rec.id

    # Named supporters of a failing proposal: dissent_choice FOR.
    _, (other,) = running(ctx, make_body(ctx, "B2"))
    rec2 = recommendation(ctx, other.id)
    body2 = [p.person_id for p in attendance.voters(ctx, other.id).voters]
    v2 = voting.record_vote(
        ctx,
        VoteIn(
            case_id=other.id,
            proposal_id=rec2.id,
            method=VoteMethod.COUNTS,
            dissenters=body2[:2],
            dissent_choice=FOR,
        ),
    )
    assert (v2.votes_for, v2.votes_against, v2.outcome) == (2, 5, VoteOutcome.REJECTED)


def test_unanimous(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    v = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert v.unanimous and v.votes_for == 7 and v.votes_against == 0
    assert v.outcome is VoteOutcome.ADOPTED
    d = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=v.id))
    assert d.unanimous and d.text == rec.text


def test_alternative_vote_between_recommendation_and_alternative(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    alt = voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case.id,
            kind=ProposalKind.ALTERNATIVE,
            text="Saka vert send tilbake.",
            proposer_person_id=body.member(2),
        ),
    )
    assert alt.proposer_municipality is not None
    with pytest.raises(InvalidInput):  # a proposal against itself
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                against_proposal_id=rec.id,
                method=VoteMethod.UNANIMOUS,
            ),
        )
    v = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            against_proposal_id=alt.id,
            method=VoteMethod.ROLL_CALL,
            ballots=_ballots(body.members, 3),
        ),
    )
    assert v.outcome is VoteOutcome.REJECTED and (v.votes_for, v.votes_against) == (3, 4)
    assert v.adopted_proposal_id == alt.id
    # Neither proposal of the alternative vote can be voted on again.
    for pid in (rec.id, alt.id):
        with pytest.raises(Conflict):
            voting.record_vote(
                ctx, VoteIn(case_id=case.id, proposal_id=pid, method=VoteMethod.UNANIMOUS)
            )
    with pytest.raises(Conflict):  # voted on as the other side of the alternative vote
        voting.withdraw_proposal(ctx, alt.id)
    d = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=v.id))
    assert d.text == "Saka vert send tilbake."
    with pytest.raises(Conflict):  # one decision per case
        voting.record_decision(ctx, DecisionIn(case_id=case.id, text="Anna"))


def test_second_vote_on_the_same_proposal_is_refused(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    with pytest.raises(Conflict):
        voting.record_vote(
            ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
        )
    assert len(voting.votes(ctx, case.id)) == 1
    with pytest.raises(Conflict):  # a proposal voted on cannot be withdrawn
        voting.withdraw_proposal(ctx, rec.id)


def test_withdrawn_proposal_cannot_be_voted_on(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    alt = voting.add_proposal(
        ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ALTERNATIVE, text="Anna")
    )
    assert voting.withdraw_proposal(ctx, alt.id).withdrawn
    with pytest.raises(Conflict):
        voting.record_vote(
            ctx, VoteIn(case_id=case.id, proposal_id=alt.id, method=VoteMethod.UNANIMOUS)
        )


def test_qualified_majority_has_no_casting_vote(ctx: Context) -> None:
    body = make_body(ctx)
    _, cases = running(ctx, body, cases=2, case_fields={"qualified_majority": True})
    four = recommendation(ctx, cases[0].id)
    v = voting.record_vote(ctx, _roll(cases[0].id, four.id, _ballots(body.members, 4)))
    assert v.outcome is VoteOutcome.REJECTED and v.votes_for == 4
    assert "2/3" in v.reason
    five = recommendation(ctx, cases[1].id)
    v = voting.record_vote(ctx, _roll(cases[1].id, five.id, _ballots(body.members, 5)))
    assert v.outcome is VoteOutcome.ADOPTED

    # A tie with the chair voting for: no casting vote under a qualified majority.
    body2 = make_body(ctx, "B2")
    _, (tied,) = running(
        ctx,
        body2,
        present=body2.members[:6],
        forfall=[body2.member(6)],
        case_fields={"qualified_majority": True},
    )
    rec = recommendation(ctx, tied.id)
    v = voting.record_vote(ctx, _roll(tied.id, rec.id, _ballots(body2.members[:6], 3)))
    assert v.chair_person_id == body2.member(0)
    assert v.outcome is VoteOutcome.REJECTED and not v.casting_vote_used


def test_not_quorate_and_no_decision(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body, present=body.members[:3])
    out = attendance.voters(ctx, case.id)
    assert out.quorum_text == "3 av 7" and not out.quorate
    rec = recommendation(ctx, case.id)
    v = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert v.outcome is VoteOutcome.NOT_QUORATE and not v.quorate
    assert v.adopted_proposal_id is None
    for text in (None, "Vedteke likevel"):
        with pytest.raises(RuleRefused) as err:
            voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=v.id, text=text))
        assert err.value.rule_id == "Q-1"
    assert voting.decisions(ctx, case.meeting_id) == []


def test_half_of_the_seats_is_quorate(ctx: Context) -> None:
    body = make_body(ctx, municipalities=6)
    _, (case,) = running(ctx, body, present=body.members[:3])
    assert attendance.voters(ctx, case.id).quorate  # 2 * 3 >= 6


def _leiar_absent(ctx: Context) -> tuple[Body, list[int]]:
    body = make_body(ctx)
    _, cases = running(ctx, body, cases=2, present=body.members[1:], forfall=[body.member(0)])
    return body, [c.id for c in cases]


def test_nestleiar_chairs_when_leiar_is_absent_and_has_the_casting_vote(ctx: Context) -> None:
    body, (case, _) = _leiar_absent(ctx)
    out = attendance.voters(ctx, case)
    assert out.chair_person_id == body.member(1) and out.chair_name == "RS Person 4602-0"
    rec = recommendation(ctx, case)
    present = body.members[1:]  # nestleiar first: votes against
    ballots = {p: MOT if i < 3 else FOR for i, p in enumerate(present)}
    v = voting.record_vote(ctx, _roll(case, rec.id, ballots))
    assert v.casting_vote_used and v.chair_person_id == body.member(1)
    assert v.outcome is VoteOutcome.REJECTED and "møteleiaren si røyst" in v.reason


def test_chair_set_per_case_holds_the_casting_vote(ctx: Context) -> None:
    body, (first, second) = _leiar_absent(ctx)
    with pytest.raises(InvalidInput):  # the chair must be present in the case
        attendance.set_case_chair(ctx, ChairIn(case_id=second, person_id=body.member(0)))
    attendance.set_case_chair(ctx, ChairIn(case_id=second, person_id=body.member(4)))
    assert attendance.voters(ctx, second).chair_person_id == body.member(4)
    assert attendance.voters(ctx, first).chair_person_id == body.member(1)
    rec = recommendation(ctx, second)
    ballots = {p: FOR if p in body.members[3:6] else MOT for p in body.members[1:]}
    assert list(ballots.values()).count(FOR) == 3
    v = voting.record_vote(ctx, _roll(second, rec.id, ballots))
    assert v.casting_vote_used and v.chair_person_id == body.member(4)
    assert v.outcome is VoteOutcome.ADOPTED


def test_weights_change_the_count_but_not_the_quorum(ctx: Context) -> None:
    body = make_body(ctx, weights=[3, 1, 1, 1, 1, 1, 1])
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    weights = {v.person_id: v.weight for v in attendance.voters(ctx, case.id).voters}
    assert weights[body.member(0)] == 3 and weights[body.member(1)] == 1
    # Three persons for (weight 5) against four (weight 4).
    v = voting.record_vote(ctx, _roll(case.id, rec.id, _ballots(body.members, 3)))
    assert (v.votes_for, v.votes_against) == (5, 4)
    assert v.outcome is VoteOutcome.ADOPTED
    assert v.quorum_text == "7 av 7"

    # Three persons present carry 5 of 9 weights, but 3 of 7 seats is not quorate.
    body2 = make_body(ctx, "W2", weights=[3, 1, 1, 1, 1, 1, 1])
    _, (case2,) = running(ctx, body2, present=body2.members[:3])
    rec2 = recommendation(ctx, case2.id)
    v2 = voting.record_vote(
        ctx, VoteIn(case_id=case2.id, proposal_id=rec2.id, method=VoteMethod.UNANIMOUS)
    )
    assert v2.votes_for == 5 and v2.outcome is VoteOutcome.NOT_QUORATE


def test_weights_are_ignored_unless_the_body_uses_them(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    assert {v.weight for v in attendance.voters(ctx, case.id).voters} == {1}


def test_voting_plan_postponement_first_additions_last(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    add = voting.add_proposal(
        ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ADDITION, text="Tillegg")
    )
    alt = voting.add_proposal(
        ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ALTERNATIVE, text="Alternativ")
    )
    post = voting.add_proposal(
        ctx, ProposalIn(case_id=case.id, kind=ProposalKind.POSTPONEMENT, text="Utset saka")
    )
    withdrawn = voting.add_proposal(
        ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ALTERNATIVE, text="Trekt")
    )
    voting.withdraw_proposal(ctx, withdrawn.id)
    steps = voting.voting_plan(ctx, case.id)
    assert [s.kind for s in steps] == ["postponement", "alternative", "addition"]
    assert [s.proposal_ids for s in steps] == [[post.id], [rec.id, alt.id], [add.id]]
    assert [s.number for s in steps] == [1, 2, 3]


def test_candidates_only_in_elections(ctx: Context) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    with pytest.raises(InvalidInput):
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=body.member(1),
            ),
        )
