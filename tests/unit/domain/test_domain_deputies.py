"""R-1: deputies from the same municipality, in rank order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.deputies import DeputyRef, check_deputy, check_rank_sequence, next_deputy
from dvmeet.domain.verdict import Severity

BERGEN, VOSS = 4601, 4621
DEPUTIES = [
    DeputyRef(12, BERGEN, 2),
    DeputyRef(11, BERGEN, 1, available=False),
    DeputyRef(13, BERGEN, 3),
    DeputyRef(21, VOSS, 1),
]


def test_next_deputy_skips_unavailable_and_other_municipalities() -> None:
    assert next_deputy(BERGEN, DEPUTIES) == DEPUTIES[0]
    assert next_deputy(VOSS, DEPUTIES) == DEPUTIES[3]
    assert next_deputy(4602, DEPUTIES) is None
    assert next_deputy(BERGEN, [DeputyRef(11, BERGEN, 1, available=False)]) is None


def test_right_deputy_accepted() -> None:
    assert check_deputy(BERGEN, DEPUTIES[0], DEPUTIES) == []


def test_deputy_from_other_municipality_refused() -> None:
    [f] = check_deputy(BERGEN, DEPUTIES[3], DEPUTIES)
    assert (f.rule_id, f.severity) == ("R-1", Severity.REFUSAL)
    assert "annan deltakarkommune" in f.message


def test_skipping_rank_refused() -> None:
    [f] = check_deputy(BERGEN, DEPUTIES[2], DEPUTIES)
    assert (f.rule_id, f.severity) == ("R-1", Severity.REFUSAL)
    assert "nr. 2" in f.message and "nr. 3" in f.message


def test_skipping_unavailable_rank_is_fine() -> None:
    assert check_deputy(BERGEN, DEPUTIES[0], DEPUTIES) == []


@pytest.mark.parametrize("ranks", [[], [1], [2, 1, 3], [1, 2, 3, 4]])
def test_rank_sequence_ok(ranks: list[int]) -> None:
    assert check_rank_sequence(ranks) == []


@pytest.mark.parametrize(
    ("ranks", "text"),
    [
        ([1, 3], "manglar nummer: 2"),
        ([1, 1, 2], "fleire gonger: 1"),
        ([0, 1], "ugyldige nummer: 0"),
    ],
)
def test_rank_sequence_bad(ranks: list[int], text: str) -> None:
    [f] = check_rank_sequence(ranks)
    assert (f.rule_id, f.severity) == ("R-1", Severity.REFUSAL)
    assert text in f.message


deputy_lists = st.lists(
    st.builds(
        DeputyRef,
        person_id=st.integers(1, 1000),
        municipality_id=st.sampled_from([BERGEN, VOSS]),
        rank=st.integers(1, 6),
        available=st.booleans(),
    ),
    max_size=12,
    unique_by=lambda d: d.person_id,
)


@given(deputy_lists, st.sampled_from([BERGEN, VOSS]))
def test_next_deputy_always_passes_check(deputies: list[DeputyRef], municipality: int) -> None:
    chosen = next_deputy(municipality, deputies)
    candidates = [d for d in deputies if d.municipality_id == municipality and d.available]
    if chosen is None:
        assert candidates == []
    else:
        assert chosen.available and chosen.municipality_id == municipality
        assert chosen.rank == min(d.rank for d in candidates)
        assert check_deputy(municipality, chosen, deputies) == []


@given(st.lists(st.integers(-2, 8), max_size=8))
def test_rank_sequence_property(ranks: list[int]) -> None:
    ok = sorted(ranks) == list(range(1, len(ranks) + 1))
    assert (check_rank_sequence(ranks) == []) is ok
