"""Voting order when a case has several proposals (rule Q-8, voteringsorden)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from dvmeet.domain.enums import ProposalKind
from dvmeet.i18n import _


@dataclass(frozen=True, slots=True)
class ProposalRef:
    """A proposal in a case: its id, kind and the order it was put forward in."""

    id: int
    kind: ProposalKind
    order: int


class StepKind(StrEnum):
    POSTPONEMENT = "postponement"  # utsetjingsframlegg, voted first
    SINGLE = "single"  # one main proposal, voted for or against
    ALTERNATIVE = "alternative"  # alternativ røysting: main proposals against each other
    ADDITION = "addition"  # tilleggsframlegg, voted separately after the main vote


@dataclass(frozen=True, slots=True)
class VotingStep:
    """One step of the voting order; ``text`` explains it in the interface language."""

    number: int
    kind: StepKind
    proposal_ids: tuple[int, ...]
    text: str


def _ordered(proposals: Sequence[ProposalRef], kind: ProposalKind) -> list[ProposalRef]:
    return sorted((p for p in proposals if p.kind is kind), key=lambda p: (p.order, p.id))


def voting_order(proposals: Sequence[ProposalRef]) -> list[VotingStep]:
    """Q-8: the order to vote over the proposals of one case.

    1. Postponement proposals first, each on its own, in the order put forward; if one is
       adopted, the rest of the vote falls away.
    2. The main vote: the recommendation (innstilling) set against the alternative
       proposals in one alternative vote; with only one main proposal, a vote for or
       against it.
    3. Additions (tilleggsframlegg) separately after the main vote, in order.

    Raises :class:`ValueError` for repeated ids, more than one recommendation, or
    candidates (elections are decided by :mod:`dvmeet.domain.elections`).
    """
    ids = [p.id for p in proposals]
    if len(set(ids)) != len(ids):
        raise ValueError(_("Same framlegg er nemnt fleire gonger."))
    if any(p.kind is ProposalKind.CANDIDATE for p in proposals):
        raise ValueError(_("Kandidatar i eit val har ingen voteringsorden; bruk valreglane."))
    recommendations = _ordered(proposals, ProposalKind.RECOMMENDATION)
    if len(recommendations) > 1:
        raise ValueError(_("Ei sak kan berre ha éi innstilling."))

    steps: list[VotingStep] = []

    def add(kind: StepKind, proposal_ids: tuple[int, ...], text: str) -> None:
        steps.append(VotingStep(len(steps) + 1, kind, proposal_ids, text))

    for p in _ordered(proposals, ProposalKind.POSTPONEMENT):
        add(
            StepKind.POSTPONEMENT,
            (p.id,),
            _(
                "Utsetjingsframlegget vert røysta over først. Vert det vedteke, vert saka "
                "utsett, og det vert ikkje røysta over dei andre framlegga."
            ),
        )

    alternatives = _ordered(proposals, ProposalKind.ALTERNATIVE)
    main = recommendations + alternatives
    if len(main) == 1:
        text = (
            _("Innstillinga vert røysta over, for eller mot.")
            if recommendations
            else _("Framlegget vert røysta over, for eller mot.")
        )
        add(StepKind.SINGLE, (main[0].id,), text)
    elif main:
        if recommendations:
            text = (
                _("Alternativ røysting: innstillinga vert sett opp mot det andre framlegget.")
                if len(alternatives) == 1
                else _("Alternativ røysting: innstillinga vert sett opp mot dei andre framlegga.")
            )
        else:
            text = _("Alternativ røysting mellom framlegga.")
        text += " " + _("Kvar medlem røystar for eitt av dei.")
        add(StepKind.ALTERNATIVE, tuple(p.id for p in main), text)

    for p in _ordered(proposals, ProposalKind.ADDITION):
        add(
            StepKind.ADDITION,
            (p.id,),
            _("Tilleggsframlegget vert røysta over for seg, etter hovudrøystinga."),
        )
    return steps
