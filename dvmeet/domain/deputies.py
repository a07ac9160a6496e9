"""Deputies stand in for members of their own municipality, in rank order (rule R-1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _


@dataclass(frozen=True, slots=True)
class DeputyRef:
    """A deputy (varamedlem): person, municipality represented, rank (1 first), and
    whether the deputy can meet (not absent, not already meeting for someone)."""

    person_id: int
    municipality_id: int
    rank: int
    available: bool = True


def _same_municipality(municipality_id: int, deputies: Iterable[DeputyRef]) -> list[DeputyRef]:
    return sorted(
        (d for d in deputies if d.municipality_id == municipality_id),
        key=lambda d: (d.rank, d.person_id),
    )


def next_deputy(member_municipality: int, deputies: Iterable[DeputyRef]) -> DeputyRef | None:
    """R-1: the deputy to call for an absent member: the first available deputy of the
    member's municipality in rank order, or None when there is none."""
    for d in _same_municipality(member_municipality, deputies):
        if d.available:
            return d
    return None


def check_deputy(
    member_municipality: int, deputy: DeputyRef, all_deputies: Iterable[DeputyRef]
) -> list[RuleFinding]:
    """R-1: check that ``deputy`` may meet for a member of ``member_municipality``.

    Refusal when the deputy represents another municipality; refusal when an available
    deputy of the same municipality with a better (lower) rank has not been called.
    """
    if deputy.municipality_id != member_municipality:
        return [
            RuleFinding(
                "R-1",
                Severity.REFUSAL,
                _(
                    "Varamedlemen er vald for ein annan deltakarkommune og kan ikkje møte for "
                    "denne medlemen. Eit varamedlem kan berre møte for medlemer frå same "
                    "kommune."
                ),
            )
        ]
    skipped = [
        d
        for d in _same_municipality(member_municipality, all_deputies)
        if d.available and d.rank < deputy.rank and d.person_id != deputy.person_id
    ]
    if skipped:
        first = skipped[0]
        return [
            RuleFinding(
                "R-1",
                Severity.REFUSAL,
                _(
                    "Varamedlemer skal kallast inn i rekkjefølgje. Varamedlem nr. {first} "
                    "frå same kommune kan møte og skal kallast inn før nr. {rank}."
                ).format(first=first.rank, rank=deputy.rank),
            )
        ]
    return []


def check_rank_sequence(ranks: Sequence[int]) -> list[RuleFinding]:
    """R-1: the deputies of one municipality are ranked 1..n without gaps or repeats."""
    expected = list(range(1, len(ranks) + 1))
    if sorted(ranks) == expected:
        return []
    repeated = sorted({r for r in ranks if ranks.count(r) > 1})
    missing = sorted(set(expected) - set(ranks))
    parts: list[str] = []
    if repeated:
        parts.append(_("nummer brukt fleire gonger: ") + ", ".join(map(str, repeated)))
    if missing:
        parts.append(_("manglar nummer: ") + ", ".join(map(str, missing)))
    invalid = sorted({r for r in ranks if r < 1 or r > len(ranks)})
    if invalid:
        parts.append(_("ugyldige nummer: ") + ", ".join(map(str, invalid)))
    return [
        RuleFinding(
            "R-1",
            Severity.REFUSAL,
            _(
                "Rekkjefølgja for varamedlemene må gå frå 1 til {last} utan hol eller "
                "dobbeltnummer ({problems})."
            ).format(last=len(ranks), problems="; ".join(parts)),
        )
    ]
