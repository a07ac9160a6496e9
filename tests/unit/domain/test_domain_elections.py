"""Q-4: elections, rounds, ties and drawing of lots."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.elections import decide_election_round, draw_lots
from dvmeet.domain.enums import VoteOutcome

A, B, C = 101, 102, 103


def ballots(**counts: int) -> dict[int, int | None]:
    """ballots(a=3, b=2, blank=1): voters numbered from 1."""
    ids = {"a": A, "b": B, "c": C, "blank": None}
    result: dict[int, int | None] = {}
    voter = 1
    for key, n in counts.items():
        for _ in range(n):
            result[voter] = ids[key]
            voter += 1
    return result


def test_absolute_majority_in_first_round() -> None:
    r = decide_election_round(ballots(a=12, b=8), round_no=1, names={A: "Kari Nordmann"})
    assert r.outcome is VoteOutcome.ELECTED and r.elected == A
    assert r.votes_for(A) == 12 and r.votes_for(B) == 8 and r.votes_cast == 20
    assert r.reason.startswith("Kari Nordmann vart vald med 12 av 20 avgjevne røyster")


def test_exactly_half_is_not_enough_in_first_round() -> None:
    r = decide_election_round(ballots(a=10, b=10), round_no=1, candidates=[A, B, C])
    assert r.outcome is VoteOutcome.NEW_ROUND and r.elected is None
    assert r.continuing == (A, B, C)  # nobody is dropped, also C with no votes
    assert "ny røysting" in r.reason


def test_blank_counts_as_cast_by_default() -> None:
    b = ballots(a=10, b=5, blank=6)
    r = decide_election_round(b, round_no=1)
    assert r.blank == 6 and r.votes_cast == 21
    assert r.outcome is VoteOutcome.NEW_ROUND
    assert "blanke røyster er rekna med" in r.reason


def test_blanks_can_be_left_out_by_setting() -> None:
    b = ballots(a=10, b=5, blank=6)
    r = decide_election_round(b, round_no=1, blanks_count_as_cast=False)
    assert r.votes_cast == 15
    assert r.outcome is VoteOutcome.ELECTED and r.elected == A


def test_second_round_plurality_wins() -> None:
    r = decide_election_round(ballots(a=9, b=8, c=4), round_no=2)
    assert r.final_round
    assert r.outcome is VoteOutcome.ELECTED and r.elected == A


def test_final_round_flag_in_round_one() -> None:
    r = decide_election_round(ballots(a=9, b=8, c=4), round_no=1, final_round=True)
    assert r.outcome is VoteOutcome.ELECTED and r.elected == A


def test_tie_in_final_round_goes_to_lots() -> None:
    r = decide_election_round(ballots(a=8, b=8, c=4), round_no=2)
    assert r.outcome is VoteOutcome.LOTS
    assert r.tied == (A, B) and r.elected is None
    assert "loddtrekking" in r.reason


def test_nobody_got_votes() -> None:
    r = decide_election_round(ballots(blank=5), round_no=2, candidates=[A, B])
    assert r.outcome is VoteOutcome.NEW_ROUND and r.continuing == (A, B)


def test_not_quorate_when_seats_given() -> None:
    r = decide_election_round(ballots(a=5), round_no=1, seats=43)
    assert r.outcome is VoteOutcome.NOT_QUORATE and r.elected is None
    assert r.quorate is not None and not r.quorate.quorate


def test_weights() -> None:
    r = decide_election_round({1: A, 2: B, 3: B}, round_no=1, weights={1: 3})
    assert r.outcome is VoteOutcome.ELECTED and r.elected == A


def test_vote_for_non_candidate_refused() -> None:
    with pytest.raises(ValueError):
        decide_election_round({1: C}, round_no=1, candidates=[A, B])


def test_round_number_validated() -> None:
    with pytest.raises(ValueError):
        decide_election_round({1: A}, round_no=0)


def test_tally_sorted_most_votes_first() -> None:
    r = decide_election_round(ballots(a=2, b=5, c=2), round_no=1)
    assert r.tally == ((B, 5), (A, 2), (C, 2))


def test_draw_lots_is_reproducible_and_order_independent() -> None:
    first = draw_lots([A, B, C], random.Random(7))
    assert first in (A, B, C)
    assert draw_lots([C, A, B], random.Random(7)) == first


@pytest.mark.parametrize("tied", [[], [A], [A, A]])
def test_draw_lots_validates(tied: list[int]) -> None:
    with pytest.raises(ValueError):
        draw_lots(tied, random.Random(1))


# --- properties ----------------------------------------------------------------------

election_ballots = st.dictionaries(
    st.integers(1, 80), st.one_of(st.none(), st.sampled_from([A, B, C])), max_size=80
)


@given(election_ballots, st.booleans())
def test_first_round_elects_iff_more_than_half(b: dict[int, int | None], blanks_cast: bool) -> None:
    r = decide_election_round(b, round_no=1, blanks_count_as_cast=blanks_cast)
    counts = {c: sum(1 for v in b.values() if v == c) for c in (A, B, C)}
    blanks = sum(1 for v in b.values() if v is None)
    cast = sum(counts.values()) + (blanks if blanks_cast else 0)
    winners = [c for c, n in counts.items() if n > 0 and 2 * n > cast]
    if winners:
        assert r.outcome is VoteOutcome.ELECTED and r.elected == winners[0]
    else:
        assert r.outcome is VoteOutcome.NEW_ROUND and r.elected is None
        assert set(r.continuing) == {c for c, n in counts.items() if n > 0}


@given(election_ballots, st.integers(2, 5))
def test_final_round_elects_a_unique_leader_or_draws_lots(
    b: dict[int, int | None], round_no: int
) -> None:
    r = decide_election_round(b, round_no=round_no)
    counts = {c: sum(1 for v in b.values() if v == c) for c in (A, B, C)}
    top = max(counts.values())
    leaders = sorted(c for c, n in counts.items() if n == top)
    if top == 0:
        assert r.outcome is VoteOutcome.NEW_ROUND
    elif len(leaders) == 1:
        assert r.outcome is VoteOutcome.ELECTED and r.elected == leaders[0]
    else:
        assert r.outcome is VoteOutcome.LOTS and list(r.tied) == leaders
        assert draw_lots(r.tied, random.Random(0)) in leaders


@given(election_ballots, st.integers(1, 80), st.integers(1, 3))
def test_never_elected_when_not_quorate(
    b: dict[int, int | None], seats: int, round_no: int
) -> None:
    if len(b) > seats:
        seats = len(b)
    r = decide_election_round(b, round_no=round_no, seats=seats)
    if 2 * len(b) < seats:
        assert r.outcome is VoteOutcome.NOT_QUORATE and r.elected is None


@given(st.lists(st.integers(), min_size=2, max_size=10, unique=True), st.integers())
def test_draw_lots_picks_one_of_the_tied(tied: list[int], seed: int) -> None:
    assert draw_lots(tied, random.Random(seed)) in tied
