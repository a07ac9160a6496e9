"""The cost-share calculation (dvmeet.domain.cost_shares): properties and a worked example."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dvmeet.domain.cost_shares import (
    Bound,
    CostShareInfeasible,
    CostShareSettings,
    Participant,
    calculate,
    changes,
    kroner,
    largest_remainder,
    model_amounts,
)


def people(*populations: int) -> list[Participant]:
    return [Participant(key=f"{i:04d}", population=p) for i, p in enumerate(populations, 1)]


def test_worked_example_with_both_caps_binding() -> None:
    """Checked by hand (amounts in kroner).

    T = 1 000 000; 20 % shared equally, 80 % by population; minimum 100 000, maximum
    300 000. Populations A 100 000, B 20 000, C 10 000, D 5 000, E 1 000 (P = 136 000).

    Model amounts: 40 000 each + 800 000 * p / 136 000 = 40 000 + 100 p / 17:
      A 628 235.29  B 157 647.06  C 98 823.53  D 69 411.76  E 45 882.35   (sum 1 000 000)

    Round 1 (s = 1): A is 328 235.29 above the maximum; C, D, E are 85 882.35 below the
    minimum in all. More is cut than added, so the true scale is larger: A is fixed at
    300 000 (C and D must NOT be fixed at the minimum: they end up well above it).
    Round 2: the other four share 700 000: s = 700 000 / (6 320 000 / 17) = 595 / 316;
      B 296 835.44  C 186 075.95  D 130 696.20  E 86 392.41 -> E below the minimum: fixed.
    Round 3: B, C, D share 600 000: s = 600 000 / (5 540 000 / 17) = 510 / 277;
      B = 80 400 000 / 277 = 290 252.71   C = 50 400 000 / 277 = 181 949.46
      D = 35 400 000 / 277 = 127 797.83   all within the caps: stable.
    Whole kroner: floors 290 252 + 181 949 + 127 797 = 599 998; the 2 kroner missing go
    to the largest remainders, D (.83) and B (.71).
    """
    s = CostShareSettings(
        total=1_000_000, base_weight=20, population_weight=80, minimum=100_000, maximum=300_000
    )
    result = calculate(s, people(100_000, 20_000, 10_000, 5_000, 1_000))
    shares = result.shares
    assert [x.model_amount for x in shares] == [
        Fraction(40_000) + Fraction(100 * p, 17) for p in (100_000, 20_000, 10_000, 5_000, 1_000)
    ]
    assert result.rounds == 3
    assert result.scale == Fraction(510, 277)
    assert [x.exact_amount for x in shares] == [
        Fraction(300_000),
        Fraction(80_400_000, 277),
        Fraction(50_400_000, 277),
        Fraction(35_400_000, 277),
        Fraction(100_000),
    ]
    assert [x.amount for x in shares] == [300_000, 290_253, 181_949, 127_798, 100_000]
    assert [x.bound for x in shares] == [Bound.MAXIMUM, None, None, None, Bound.MINIMUM]
    assert result.total == 1_000_000


def test_without_caps_it_is_the_model() -> None:
    s = CostShareSettings(total=900, base_weight=1, population_weight=2)
    result = calculate(s, people(1, 2, 3))
    # 300 base (100 each) + 600 by population (100, 200, 300)
    assert [x.amount for x in result.shares] == [200, 300, 400]
    assert result.rounds == 1


@pytest.mark.parametrize(
    ("settings_", "n", "message"),
    [
        (
            CostShareSettings(total=1_000_000, base_weight=1, population_weight=1, maximum=200_000),
            4,
            "4 deltakarar × maksimum 200\u00a0000 kr = 800\u00a0000 kr, som er mindre enn "
            "totalbudsjettet på 1\u00a0000\u00a0000 kr. Auk maksimumsbeløpet til minst "
            "250\u00a0000 kr",
        ),
        (
            CostShareSettings(total=100_000, base_weight=1, population_weight=1, minimum=30_000),
            4,
            "som er meir enn totalbudsjettet på 100\u00a0000 kr. Set minstebeløpet til høgst "
            "25\u00a0000 kr",
        ),
        (
            CostShareSettings(
                total=100, base_weight=1, population_weight=1, minimum=50, maximum=40
            ),
            1,
            "Maksimumsbeløpet (40 kr) er lågare enn minstebeløpet (50 kr)",
        ),
        (CostShareSettings(total=100, base_weight=0, population_weight=0), 2, "Minst éi"),
        (CostShareSettings(total=100, base_weight=1, population_weight=0), 0, "ingen deltakarar"),
    ],
)
def test_infeasible_settings_are_refused(
    settings_: CostShareSettings, n: int, message: str
) -> None:
    with pytest.raises(CostShareInfeasible) as err:
        calculate(settings_, people(*[1000] * n))
    assert message in err.value.message


def test_largest_remainder_sums_exactly() -> None:
    exact = [Fraction(10, 3)] * 3
    assert largest_remainder(exact, 10, ["a", "b", "c"]) == [4, 3, 3]
    assert largest_remainder([Fraction(5, 2), Fraction(5, 2)], 5, ["b", "a"]) == [2, 3]


def test_changes_against_last_year() -> None:
    out = {c.key: c for c in changes({"1": 110, "2": 50}, {"1": 100, "3": 40})}
    assert (out["1"].change, out["1"].percent) == (10, 10.0)
    assert out["2"].change is None and out["2"].last_year is None
    assert out["3"].amount is None
    assert kroner(1234567) == "1\u00a0234\u00a0567 kr"


# --- Properties ---------------------------------------------------------------------------


def _reference(s: CostShareSettings, participants: list[Participant]) -> list[Fraction]:
    """An independent exact solver: x_i = clamp(t * a_i) with the piecewise-linear sum
    solved between breakpoints."""
    a = model_amounts(s, participants)
    hi = None if s.maximum is None else Fraction(s.maximum)
    lo = Fraction(s.minimum)

    def clamp(x: Fraction) -> Fraction:
        x = max(x, lo)
        return min(x, hi) if hi is not None else x

    def f(t: Fraction) -> Fraction:
        return sum((clamp(t * ai) for ai in a), Fraction(0))

    if not any(a):  # only when the total is 0
        return [Fraction(s.total, len(a))] * len(a)
    points = {Fraction(0)}
    for ai in a:
        if ai > 0:
            points.add(lo / ai)
            if hi is not None:
                points.add(hi / ai)
    top = max(points) + 1 + Fraction(s.total) / min(ai for ai in a if ai > 0)
    points.add(top)
    ordered = sorted(points)
    for left, right in itertools.pairwise(ordered):
        fl, fr = f(left), f(right)
        if fl <= s.total <= fr:
            t = left if fr == fl else left + (s.total - fl) * (right - left) / (fr - fl)
            return [clamp(t * ai) for ai in a]
    raise AssertionError("no scale found")


@st.composite
def cases(draw: st.DrawFn) -> tuple[CostShareSettings, list[Participant]]:
    n = draw(st.integers(1, 45))
    populations = draw(st.lists(st.integers(1, 300_000), min_size=n, max_size=n))
    total = draw(st.integers(0, 50_000_000))
    base = draw(st.integers(0, 100))
    pop = draw(st.integers(0, 100))
    assume(base + pop > 0)
    minimum = draw(st.integers(0, total // n))
    maximum = draw(st.none() | st.integers(max(minimum, -(-total // n)), max(total, minimum) + 1))
    return (
        CostShareSettings(
            total=total,
            base_weight=base,
            population_weight=pop,
            minimum=minimum,
            maximum=maximum,
        ),
        people(*populations),
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_sum_is_the_budget_and_caps_hold(case: tuple[CostShareSettings, list[Participant]]) -> None:
    s, participants = case
    result = calculate(s, participants)
    amounts = [x.amount for x in result.shares]
    assert sum(amounts) == s.total
    assert all(a >= s.minimum for a in amounts)
    if s.maximum is not None:
        assert all(a <= s.maximum for a in amounts)
    # exact amounts agree with an independent solver; rounding moves each by under 1 kr
    assert [x.exact_amount for x in result.shares] == _reference(s, participants)
    assert all(abs(x.amount - x.exact_amount) < 1 for x in result.shares)
    assert result.rounds <= len(participants) + 1


@settings(max_examples=300, deadline=None)
@given(cases())
def test_more_inhabitants_never_pay_less(case: tuple[CostShareSettings, list[Participant]]) -> None:
    """Monotone in population; where a cap binds, both sit at the same cap (equal pay)."""
    s, participants = case
    result = calculate(s, participants)
    for x in result.shares:
        for y in result.shares:
            if x.population > y.population:
                assert x.amount >= y.amount
                if x.bound is None and y.bound is None and s.population_weight and s.total:
                    assert x.exact_amount > y.exact_amount


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 45),
    st.integers(1, 50_000_000),
    st.integers(0, 1000),
)
def test_caps_that_cannot_reach_the_total_are_refused(n: int, total: int, short: int) -> None:
    maximum = total // n - short - 1
    assume(maximum * n < total and maximum >= 0)
    s = CostShareSettings(total=total, base_weight=1, population_weight=1, maximum=maximum)
    with pytest.raises(CostShareInfeasible, match="kan ikkje fordelast"):
        calculate(s, people(*[1000] * n))
    low = CostShareSettings(total=total, base_weight=1, population_weight=1, minimum=total // n + 1)
    with pytest.raises(CostShareInfeasible, match="meir enn totalbudsjettet"):
        calculate(low, people(*[1000] * n))
