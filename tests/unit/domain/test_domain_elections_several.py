"""Q-4, M-7: an election of several in one round, by most votes, ties by lot."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.elections import (
    decide_election_of_several,
    draw_lots_for_places,
    elected_sentence,
    join_names,
)
from dvmeet.domain.enums import VoteOutcome

NAMES = {1: "Solveig Bøe", 2: "Ingrid Brekke", 3: "Per Lie", 4: "Åse Vik"}


def test_names_are_joined_with_og() -> None:
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A og B"
    assert join_names(["A", "B", "C"]) == "A, B og C"
    assert elected_sentence(["Solveig Bøe", "Ingrid Brekke"], unanimous=True) == (
        "Solveig Bøe og Ingrid Brekke vart samrøystes valde."
    )
    assert elected_sentence(["A", "B"], unanimous=False, votes=[1, 4]) == (
        "A (1 røyst) og B (4 røyster) vart valde."
    )
    assert elected_sentence(["A"], unanimous=False) == "A vart vald."


def test_most_votes_are_elected() -> None:
    r = decide_election_of_several({1: 3, 2: 9, 3: 5}, 2, voters=10, names=NAMES, seats=19)
    assert r.outcome is VoteOutcome.ELECTED
    assert r.elected == (2, 3)
    assert r.reason == "Ingrid Brekke (9 røyster) og Per Lie (5 røyster) vart valde."


def test_a_tie_inside_the_places_needs_no_lot() -> None:
    r = decide_election_of_several({1: 5, 2: 5, 3: 1}, 2, voters=6, names=NAMES)
    assert r.outcome is VoteOutcome.ELECTED and r.elected == (1, 2)


def test_a_tie_across_the_last_place_is_drawn() -> None:
    r = decide_election_of_several({1: 4, 2: 4, 3: 4}, 2, voters=6, names=NAMES)
    assert r.outcome is VoteOutcome.LOTS
    assert (r.elected, r.tied, r.places_left) == ((), (1, 2, 3), 2)
    assert "om dei siste 2 plassane" in r.reason
    drawn = draw_lots_for_places(r.tied, r.places_left, random.Random(3))
    assert len(drawn) == 2 and set(drawn) <= {1, 2, 3}


def test_not_quorate_and_too_few_with_votes() -> None:
    assert (
        decide_election_of_several({1: 3}, 2, voters=3, seats=7).outcome is VoteOutcome.NOT_QUORATE
    )
    assert decide_election_of_several({1: 3, 2: 0}, 2, voters=4).outcome is VoteOutcome.NEW_ROUND


@pytest.mark.parametrize(
    ("tally", "message"),
    [({1: 7}, "kan ikkje ha 7 røyster"), ({1: 6, 2: 6, 3: 6}, "høgst 12"), ({9: 1}, "ikkje er")],
)
def test_impossible_counts(tally: dict[int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decide_election_of_several(tally, 2, voters=6, candidates=(1, 2, 3))


@given(st.dictionaries(st.integers(1, 8), st.integers(0, 10), min_size=2), st.integers(1, 3))
def test_elected_have_at_least_the_votes_of_anyone_left_out(
    tally: dict[int, int], to_elect: int
) -> None:
    r = decide_election_of_several(tally, to_elect, voters=10, voting_weight=100)
    if r.outcome is VoteOutcome.ELECTED:
        assert len(r.elected) == to_elect
        least = min(tally[c] for c in r.elected)
        assert all(v <= least for c, v in tally.items() if c not in r.elected)
    if r.outcome is VoteOutcome.LOTS:
        assert len(r.elected) + r.places_left == to_elect
        assert len(r.tied) > r.places_left
        assert len({tally[c] for c in r.tied}) == 1
