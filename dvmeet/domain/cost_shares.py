"""Cost shares per participating municipality (domain.md §1, "Financing").

The model
---------
A total budget ``T`` (whole kroner) is shared among ``n`` participants. Each
participant's *model amount* is a base part plus a population part::

    a_i = T * (wb / (wb + wp)) / n  +  T * (wp / (wb + wp)) * p_i / P

where ``wb`` and ``wp`` are the (configurable, non-negative integer) base and
population weights, ``p_i`` the participant's population and ``P`` the sum of the
populations. Without caps, ``sum(a_i) == T``.

Caps and redistribution
-----------------------
Every participant pays at least ``minimum`` and at most ``maximum`` (``None``: no
maximum). When a cap binds, the participant pays the cap, and the remainder (what the
capped ones pay less, or more, than their model amount) is shared among the others in
proportion to their model amounts. Since that can push others over a cap in turn, it is
repeated until stable. Formally the result is ``x_i = clamp(s * a_i, minimum, maximum)``
with the one scale ``s`` for which ``sum(x_i) == T``.

The iteration, in exact rational arithmetic (:class:`fractions.Fraction`):

1. Keep a set of participants fixed at the maximum, a set fixed at the minimum, and
   the free rest (at the start every participant is free).
2. Share what the fixed ones do not pay among the free ones in proportion to their
   model amounts: ``s = (T - fixed total) / sum(a_i for the free)``.
3. If nobody free falls outside ``[minimum, maximum]`` at ``s``, stop.
4. Otherwise, if the clamped amounts would sum to less than ``T`` (more is cut off at
   the maximum than added at the minimum), the true scale is larger than ``s``: fix
   those above the maximum at the maximum. If they would sum to more than ``T``, fix
   those below the minimum at the minimum. (Fixing only the side that is certain keeps
   every fixed participant correctly fixed, so the loop never has to undo a step.) If
   they sum to exactly ``T``, the clamped amounts are the answer. Go to 2.

Each round fixes at least one participant, so the loop ends after at most ``n`` rounds.
The result is monotone: a participant with more inhabitants never pays less than one with
fewer (``s * a_i`` grows with ``p_i``, and clamping keeps the order).

Whole kroner
------------
Amounts are rounded with the largest-remainder method (Hamilton): every exact amount is
rounded down, and the kroner still missing to reach ``T`` go one each to the largest
fractional parts (ties: the larger model amount, the larger population, then the key). The sum is
exactly ``T``; since the caps are whole kroner, rounding never crosses them; and the order
by population is kept.

Feasibility
-----------
Caps that cannot reach the total are refused (:class:`CostShareInfeasible`, nynorsk):
``n * maximum < T`` or ``n * minimum > T`` (or ``minimum > maximum``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from dvmeet.i18n import _

RULE_ID = "F-1"  # financing: the total budget does not grow; caps (domain.md §1)


class Bound(StrEnum):
    """Which cap a participant's amount sits at, if any."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"


class CostShareInfeasible(ValueError):
    """The settings cannot be met; ``message`` says why and what to change (nynorsk)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class CostShareSettings:
    """What the calculation needs besides the participants (all amounts whole kroner)."""

    total: int
    base_weight: int
    population_weight: int
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    key: str  # municipality number
    population: int


@dataclass(frozen=True, slots=True)
class CostShare:
    key: str
    population: int
    model_amount: Fraction  # base + population share before caps
    exact_amount: Fraction  # after caps and redistribution, before rounding
    amount: int  # whole kroner
    bound: Bound | None

    @property
    def base_and_population(self) -> int:
        """The model amount rounded to whole kroner (for display only)."""
        return round(self.model_amount)


@dataclass(frozen=True, slots=True)
class CostShareResult:
    settings: CostShareSettings
    shares: tuple[CostShare, ...]
    rounds: int  # how many redistribution rounds the iteration took
    scale: Fraction  # the final s

    @property
    def total(self) -> int:
        return sum(s.amount for s in self.shares)

    def by_key(self) -> dict[str, CostShare]:
        return {s.key: s for s in self.shares}


def kroner(amount: int) -> str:
    """Whole kroner the Norwegian way: '1 234 567 kr' (non-breaking spaces)."""
    sign = "−" if amount < 0 else ""
    return f"{sign}{abs(amount):,} kr".replace(",", "\u00a0")


def share_summary(
    _: Callable[[str], str], participants: int, total: int, at_maximum: int, at_minimum: int
) -> str:
    """'40 deltakarar deler 10 000 000 kr; 2 betaler maksimumsbeløpet.' in the language of
    ``_`` (the interface's translation for a view, ``keep_nynorsk`` for a document)."""
    text = _("{n} deltakarar deler {total}").format(n=participants, total=kroner(total))
    if at_maximum:
        text += _("; {n} betaler maksimumsbeløpet").format(n=at_maximum)
    if at_minimum:
        text += _("; {n} betaler minstebeløpet").format(n=at_minimum)
    return text + "."


def check_feasible(settings: CostShareSettings, participants: int) -> None:
    """Refuse settings that cannot share the total among ``participants`` (F-1)."""
    s = settings
    if participants < 1:
        raise CostShareInfeasible(
            _("Det er ingen deltakarar å fordele budsjettet på. Vel minst éin kommune.")
        )
    if s.total < 0:
        raise CostShareInfeasible(_("Totalbudsjettet kan ikkje vere negativt."))
    if s.base_weight < 0 or s.population_weight < 0:
        raise CostShareInfeasible(_("Vektene for grunnbeløp og folketal kan ikkje vere negative."))
    if s.base_weight + s.population_weight == 0:
        raise CostShareInfeasible(
            _("Minst éi av vektene (grunnbeløp eller folketal) må vere større enn 0.")
        )
    if s.minimum < 0:
        raise CostShareInfeasible(_("Minstebeløpet kan ikkje vere negativt."))
    if s.maximum is not None and s.maximum < s.minimum:
        raise CostShareInfeasible(
            _("Maksimumsbeløpet ({maximum}) er lågare enn minstebeløpet ({minimum}).").format(
                maximum=kroner(s.maximum), minimum=kroner(s.minimum)
            )
        )
    if s.maximum is not None and participants * s.maximum < s.total:
        need = -(-s.total // participants)
        raise CostShareInfeasible(
            _(
                "Budsjettet kan ikkje fordelast: {participants} deltakarar × maksimum "
                "{maximum} = {product}, som er mindre enn totalbudsjettet på {total}. Auk "
                "maksimumsbeløpet til minst {need}, eller reduser budsjettet."
            ).format(
                participants=participants,
                maximum=kroner(s.maximum),
                product=kroner(participants * s.maximum),
                total=kroner(s.total),
                need=kroner(need),
            )
        )
    if participants * s.minimum > s.total:
        most = s.total // participants
        raise CostShareInfeasible(
            _(
                "Budsjettet kan ikkje fordelast: {participants} deltakarar × minstebeløp "
                "{minimum} = {product}, som er meir enn totalbudsjettet på {total}. Set "
                "minstebeløpet til høgst {most}, eller auk budsjettet."
            ).format(
                participants=participants,
                minimum=kroner(s.minimum),
                product=kroner(participants * s.minimum),
                total=kroner(s.total),
                most=kroner(most),
            )
        )


def model_amounts(
    settings: CostShareSettings, participants: Sequence[Participant]
) -> list[Fraction]:
    """Base part plus population part for each participant, before caps (exact)."""
    n = len(participants)
    weights = settings.base_weight + settings.population_weight
    base_total = Fraction(settings.total * settings.base_weight, weights)
    population_total = Fraction(settings.total * settings.population_weight, weights)
    people = sum(p.population for p in participants)
    out = []
    for p in participants:
        share = base_total / n
        if people > 0:
            share += population_total * p.population / people
        else:  # nobody has inhabitants: the population part is shared equally
            share += population_total / n
        out.append(share)
    return out


def _distribute(
    total: int, amounts: list[Fraction], minimum: int, maximum: int | None
) -> tuple[list[Fraction], list[Bound | None], Fraction, int]:
    """The iteration of the module docstring: exact amounts, bounds, the scale, rounds."""
    n = len(amounts)
    bounds: list[Bound | None] = [None] * n  # fixed at a cap, or free
    caps = {Bound.MINIMUM: Fraction(minimum), Bound.MAXIMUM: Fraction(maximum or 0)}
    rounds = 0
    while True:
        rounds += 1
        free = [i for i in range(n) if bounds[i] is None]
        rest = Fraction(total) - sum((caps[b] for b in bounds if b is not None), Fraction(0))
        weight = sum((amounts[i] for i in free), Fraction(0))
        scale = rest / weight if weight else Fraction(0)
        exact = [caps[b] if b is not None else Fraction(0) for b in bounds]
        above: list[int] = []
        below: list[int] = []
        for i in free:
            # model amounts are all 0 only when the total is 0: share the rest equally
            exact[i] = scale * amounts[i] if weight else rest / len(free)
            if maximum is not None and exact[i] > maximum:
                above.append(i)
            elif exact[i] < minimum:
                below.append(i)
        if not above and not below:
            return exact, bounds, scale, rounds
        cut = sum((exact[i] - caps[Bound.MAXIMUM] for i in above), Fraction(0))
        added = sum((minimum - exact[i] for i in below), Fraction(0))
        if cut >= added:  # the true scale is larger: those above stay above
            for i in above:
                bounds[i] = Bound.MAXIMUM
        if cut <= added:  # the true scale is smaller: those below stay below
            for i in below:
                bounds[i] = Bound.MINIMUM
        if cut == added:  # the clamped amounts sum to the total: that is the answer
            return [caps[b] if b else exact[i] for i, b in enumerate(bounds)], bounds, scale, rounds


def largest_remainder(
    exact: Sequence[Fraction], total: int, tie_keys: Sequence[object]
) -> list[int]:
    """Whole numbers summing to ``total``: floors, then +1 to the largest remainders.

    ``sum(exact)`` must equal ``total``. Ties in the remainder go to the smallest
    ``tie_keys`` entry (callers pass a key that puts the larger model amount first).
    """
    floors = [math.floor(x) for x in exact]
    missing = total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), tie_keys[i]))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def calculate(settings: CostShareSettings, participants: Sequence[Participant]) -> CostShareResult:
    """The cost shares of the module docstring; raises :class:`CostShareInfeasible`."""
    keys = [p.key for p in participants]
    if len(set(keys)) != len(keys):
        raise CostShareInfeasible(_("Same kommune er med fleire gonger i lista over deltakarar."))
    if any(p.population < 0 for p in participants):
        raise CostShareInfeasible(_("Folketalet kan ikkje vere negativt."))
    check_feasible(settings, len(participants))
    amounts = model_amounts(settings, participants)
    exact, bounds, scale, rounds = _distribute(
        settings.total, amounts, settings.minimum, settings.maximum
    )
    if sum(exact) != settings.total:  # cannot happen once check_feasible passed
        raise CostShareInfeasible(_("Budsjettet let seg ikkje fordele med desse innstillingane."))
    whole = largest_remainder(
        exact,
        settings.total,
        [(-amounts[i], -participants[i].population, keys[i]) for i in range(len(keys))],
    )
    shares = tuple(
        CostShare(
            key=p.key,
            population=p.population,
            model_amount=amounts[i],
            exact_amount=exact[i],
            amount=whole[i],
            bound=bounds[i],
        )
        for i, p in enumerate(participants)
    )
    return CostShareResult(settings=settings, shares=shares, rounds=rounds, scale=scale)


@dataclass(frozen=True, slots=True)
class ShareChange:
    """One participant's amount against last year (None: not a participant then/now)."""

    key: str
    amount: int | None
    last_year: int | None

    @property
    def change(self) -> int | None:
        if self.amount is None or self.last_year is None:
            return None
        return self.amount - self.last_year

    @property
    def percent(self) -> float | None:
        change = self.change
        if change is None or not self.last_year:
            return None
        return 100.0 * change / self.last_year


def changes(current: dict[str, int], last_year: dict[str, int]) -> list[ShareChange]:
    """Each municipality's amount now and last year, for every key in either year."""
    keys = sorted(set(current) | set(last_year))
    return [ShareChange(k, current.get(k), last_year.get(k)) for k in keys]
