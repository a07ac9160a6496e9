"""Q-1, Q-2, Q-3, Q-5, Q-7: ordinary votes."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dvmeet.domain.enums import BallotChoice, VoteOutcome
from dvmeet.domain.majority import (
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    MajorityRule,
    decide_counts,
    decide_ordinary_vote,
)
from dvmeet.domain.verdict import RuleViolation

FOR = BallotChoice.FOR
MOT = BallotChoice.MOT


def ballots(n_for: int, n_against: int) -> dict[int, BallotChoice]:
    """Persons 1..n_for vote for, the next n_against vote against."""
    result = dict.fromkeys(range(1, n_for + 1), FOR)
    result.update(dict.fromkeys(range(n_for + 1, n_for + n_against + 1), MOT))
    return result


# --- worked examples ---------------------------------------------------------------


def test_plain_majority_adopted() -> None:
    r = decide_ordinary_vote(ballots(25, 12), None, chair_id=1, seats=43)
    assert (r.votes_for, r.votes_against) == (25, 12)
    assert r.adopted and r.outcome is VoteOutcome.ADOPTED
    assert r.quorate.quorate and r.quorate.text == "37 av 43"
    assert not r.casting_vote_used and not r.unanimous
    assert r.reason == "Framlegget vart vedteke med 25 røyster for og 12 mot."


def test_plain_majority_rejected() -> None:
    r = decide_ordinary_vote(ballots(12, 25), None, chair_id=1, seats=43)
    assert not r.adopted and r.outcome is VoteOutcome.REJECTED
    assert r.reason == "Framlegget fall med 12 røyster for og 25 mot."


def test_unanimous() -> None:
    r = decide_ordinary_vote(ballots(30, 0), None, chair_id=1, seats=43)
    assert r.adopted and r.unanimous
    assert "samrøystes" in r.reason


def test_tie_decided_by_chair_for() -> None:
    b = ballots(20, 20)
    r = decide_ordinary_vote(b, None, chair_id=3, seats=43)  # person 3 voted for
    assert r.adopted and r.casting_vote_used
    assert "møteleiaren si røyst var avgjerande (koml. § 11-9)" in r.reason


def test_tie_decided_by_chair_against() -> None:
    r = decide_ordinary_vote(ballots(20, 20), None, chair_id=40, seats=43)  # 40 voted against
    assert not r.adopted and r.casting_vote_used
    assert r.outcome is VoteOutcome.REJECTED


def test_tie_without_chair_vote_is_a_violation() -> None:
    with pytest.raises(RuleViolation) as err:
        decide_ordinary_vote(ballots(20, 20), None, chair_id=99, seats=43)
    assert err.value.rule_id == "Q-3"
    with pytest.raises(RuleViolation):
        decide_ordinary_vote(ballots(20, 20), None, chair_id=None, seats=43)


def test_no_tie_does_not_need_chair() -> None:
    r = decide_ordinary_vote(ballots(21, 20), None, chair_id=None, seats=43)
    assert r.adopted and not r.casting_vote_used


def test_blank_in_ordinary_vote_is_a_violation() -> None:
    b = ballots(20, 10)
    b[99] = BallotChoice.BLANK
    with pytest.raises(RuleViolation) as err:
        decide_ordinary_vote(b, None, chair_id=1, seats=43)
    assert err.value.rule_id == "Q-5"
    assert "Blank røyst" in err.value.message


def test_not_quorate_is_never_adopted() -> None:
    r = decide_ordinary_vote(ballots(21, 0), None, chair_id=1, seats=43)
    assert not r.adopted
    assert r.outcome is VoteOutcome.NOT_QUORATE
    assert not r.quorate.quorate
    assert "Ikkje vedtaksfør" in r.reason


def test_not_quorate_tie_does_not_need_chair() -> None:
    r = decide_ordinary_vote(ballots(5, 5), None, chair_id=None, seats=43)
    assert r.outcome is VoteOutcome.NOT_QUORATE and not r.casting_vote_used


def test_two_thirds_exactly_is_adopted() -> None:
    r = decide_ordinary_vote(ballots(26, 13), None, chair_id=1, seats=43, rule=TWO_THIRDS)
    assert r.adopted


def test_two_thirds_short_is_rejected() -> None:
    r = decide_ordinary_vote(ballots(25, 13), None, chair_id=1, seats=43, rule=TWO_THIRDS)
    assert not r.adopted
    assert "minst 2/3 av dei avgjevne røystene" in r.reason


def test_no_casting_vote_under_qualified_majority() -> None:
    r = decide_ordinary_vote(ballots(20, 20), None, chair_id=1, seats=43, rule=TWO_THIRDS)
    assert not r.adopted and not r.casting_vote_used
    assert "Dobbeltrøysta gjeld ikkje" in r.reason


def test_weights() -> None:
    b = {1: FOR, 2: MOT, 3: MOT}
    r = decide_ordinary_vote(b, {1: 3}, chair_id=None, seats=3)
    assert (r.votes_for, r.votes_against) == (3, 2)
    assert r.adopted
    assert r.quorate.voters == 3  # quorum counts persons, not weights


def test_weight_below_one_rejected() -> None:
    with pytest.raises(ValueError):
        decide_ordinary_vote({1: FOR}, {1: 0}, chair_id=1, seats=1)


def test_majority_of_seats() -> None:
    rule = MajorityRule(1, 2, of_cast=False)
    assert not decide_counts(5, 1, None, seats=10, rule=rule).adopted
    assert decide_counts(6, 0, None, seats=10, rule=rule).adopted
    assert rule.text_nn == "meir enn halvparten av medlemene i organet"


def test_weights_with_majority_of_seats_refused() -> None:
    with pytest.raises(ValueError):
        decide_ordinary_vote({1: FOR}, {1: 2}, 1, seats=1, rule=MajorityRule(of_cast=False))


@pytest.mark.parametrize(("n", "d"), [(1, 3), (3, 2), (1, 0), (0, 1)])
def test_invalid_rules(n: int, d: int) -> None:
    with pytest.raises(ValueError):
        MajorityRule(n, d)


def test_rule_texts() -> None:
    assert SIMPLE_MAJORITY.is_simple and SIMPLE_MAJORITY.casting_vote_applies
    assert not TWO_THIRDS.is_simple and not TWO_THIRDS.casting_vote_applies
    assert MajorityRule(2, 4).is_simple  # 2/4 is 1/2
    assert MajorityRule(1, 1).text_nn == "alle dei avgjevne røystene"


def test_decide_counts_examples() -> None:
    r = decide_counts(25, 12, None, seats=43, rule=SIMPLE_MAJORITY)
    assert r.adopted and r.quorate.text == "37 av 43"
    assert decide_counts(10, 10, FOR, seats=20, rule=SIMPLE_MAJORITY).adopted
    assert not decide_counts(10, 10, MOT, seats=20, rule=SIMPLE_MAJORITY).adopted
    with pytest.raises(RuleViolation):
        decide_counts(10, 10, None, seats=20, rule=SIMPLE_MAJORITY)
    with pytest.raises(RuleViolation):
        decide_counts(10, 9, BallotChoice.BLANK, seats=20, rule=SIMPLE_MAJORITY)
    with pytest.raises(ValueError):
        decide_counts(0, 10, FOR, seats=20, rule=SIMPLE_MAJORITY)
    with pytest.raises(ValueError):
        decide_counts(-1, 10, None, seats=20, rule=SIMPLE_MAJORITY)
    with pytest.raises(ValueError):
        decide_counts(10, 10, None, seats=5, rule=SIMPLE_MAJORITY)  # more voters than seats


# --- properties ----------------------------------------------------------------------


@st.composite
def votes(
    draw: st.DrawFn, chair_votes: bool = False
) -> tuple[int, dict[int, BallotChoice], int | None]:
    """Seats, named ballots of the members present and voting, and a chair id. The chair
    may or may not be among the voters, unless ``chair_votes`` (then always a voter)."""
    seats = draw(st.integers(1, 60))
    voters = draw(st.integers(1 if chair_votes else 0, seats))
    choices = draw(st.lists(st.sampled_from([FOR, MOT]), min_size=voters, max_size=voters))
    b = {person: choice for person, choice in enumerate(choices, start=1)}
    if chair_votes:
        chair: int | None = draw(st.integers(1, voters))
    else:
        chair = draw(st.one_of(st.none(), st.integers(1, seats + 1)))
    return seats, b, chair


def rules(of_cast: bool | None = None) -> st.SearchStrategy[MajorityRule]:
    """Any threshold from 1/2 (simple) to 1 (all), of votes cast or of seats."""
    return st.builds(
        lambda d, extra, cast: MajorityRule(d + min(extra, d), 2 * d, cast),
        st.integers(1, 6),
        st.integers(0, 6),
        st.booleans() if of_cast is None else st.just(of_cast),
    )


@given(votes())
def test_simple_majority_adopted_iff_more_for_or_chair_breaks_tie(
    v: tuple[int, dict[int, BallotChoice], int | None],
) -> None:
    seats, b, chair = v
    n_for = sum(1 for c in b.values() if c is FOR)
    n_against = len(b) - n_for
    quorate = 2 * len(b) >= seats
    tie = n_for == n_against
    if quorate and tie and (chair is None or chair not in b):
        with pytest.raises(RuleViolation):
            decide_ordinary_vote(b, None, chair, seats, SIMPLE_MAJORITY)
        return
    r = decide_ordinary_vote(b, None, chair, seats, SIMPLE_MAJORITY)
    assert (r.votes_for, r.votes_against) == (n_for, n_against)
    assert r.quorate.quorate is quorate
    if not quorate:
        assert not r.adopted and r.outcome is VoteOutcome.NOT_QUORATE
        return
    expected = n_for > n_against or (tie and chair is not None and b.get(chair) is FOR)
    assert r.adopted is expected
    assert r.casting_vote_used is tie
    assert r.outcome is (VoteOutcome.ADOPTED if expected else VoteOutcome.REJECTED)


@given(votes(), rules())
def test_never_adopted_when_not_quorate(
    v: tuple[int, dict[int, BallotChoice], int | None], rule: MajorityRule
) -> None:
    seats, b, chair = v
    assume(2 * len(b) < seats)
    r = decide_ordinary_vote(b, None, chair, seats, rule)
    assert not r.adopted
    assert r.outcome is VoteOutcome.NOT_QUORATE


@given(votes(), rules())
def test_weights_default_to_one(
    v: tuple[int, dict[int, BallotChoice], int | None], rule: MajorityRule
) -> None:
    seats, b, chair = v
    outcomes = []
    for weights in (None, {}, dict.fromkeys(b, 1)):
        try:
            outcomes.append(decide_ordinary_vote(b, weights, chair, seats, rule))
        except RuleViolation as err:
            outcomes.append(err.rule_id)  # type: ignore[arg-type]
    assert outcomes[0] == outcomes[1] == outcomes[2]


@given(votes(chair_votes=True), st.booleans(), st.data())
def test_higher_threshold_never_adopts_more(
    v: tuple[int, dict[int, BallotChoice], int | None], of_cast: bool, data: st.DataObject
) -> None:
    seats, b, chair = v
    r1 = data.draw(rules(of_cast))
    r2 = data.draw(rules(of_cast))
    low, high = sorted([r1, r2], key=lambda r: r.fraction)
    if decide_ordinary_vote(b, None, chair, seats, high).adopted:
        assert decide_ordinary_vote(b, None, chair, seats, low).adopted


@given(votes(), st.integers(1, 6), st.integers(1, 6))
def test_qualified_threshold_is_exact(
    v: tuple[int, dict[int, BallotChoice], int | None], extra: int, d: int
) -> None:
    seats, b, chair = v
    rule = MajorityRule(min(d + extra, 2 * d), 2 * d)
    assume(not rule.is_simple and 2 * len(b) >= seats)
    r = decide_ordinary_vote(b, None, chair, seats, rule)
    total = r.votes_for + r.votes_against
    expected = r.votes_for > 0 and Fraction(r.votes_for, total) >= rule.fraction
    assert r.adopted is expected
    assert not r.casting_vote_used


@given(votes(chair_votes=True), st.integers(2, 5))
def test_scaling_all_weights_changes_nothing(
    v: tuple[int, dict[int, BallotChoice], int | None], k: int
) -> None:
    seats, b, chair = v
    plain = decide_ordinary_vote(b, None, chair, seats, SIMPLE_MAJORITY)
    scaled = decide_ordinary_vote(b, dict.fromkeys(b, k), chair, seats, SIMPLE_MAJORITY)
    assert plain.adopted is scaled.adopted
    assert plain.casting_vote_used is scaled.casting_vote_used
    assert (scaled.votes_for, scaled.votes_against) == (
        k * plain.votes_for,
        k * plain.votes_against,
    )


@given(votes(chair_votes=True), rules())
def test_counts_agree_with_named_ballots(
    v: tuple[int, dict[int, BallotChoice], int | None], rule: MajorityRule
) -> None:
    seats, b, chair = v
    assert chair is not None
    named = decide_ordinary_vote(b, None, chair, seats, rule)
    counted = decide_counts(named.votes_for, named.votes_against, b[chair], seats, rule)
    assert counted == named


@given(votes(), st.integers(1, 60))
def test_any_blank_is_refused(v: tuple[int, dict[int, BallotChoice], int | None], who: int) -> None:
    seats, b, chair = v
    b = {**b, who: BallotChoice.BLANK}
    assume(len(b) <= seats)
    with pytest.raises(RuleViolation) as err:
        decide_ordinary_vote(b, None, chair, seats, SIMPLE_MAJORITY)
    assert err.value.rule_id == "Q-5"
