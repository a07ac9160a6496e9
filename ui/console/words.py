"""Nynorsk words of the console."""

from __future__ import annotations

from dvmeet.domain.enums import DisqualificationGround, ProposalKind, VoteOutcome
from dvmeet.domain.legal import legal_reference
from dvmeet.i18n import _


def proposal_kind_word(kind: ProposalKind) -> str:
    return {
        ProposalKind.RECOMMENDATION: _("Innstilling"),
        ProposalKind.ALTERNATIVE: _("Alternativt framlegg"),
        ProposalKind.ADDITION: _("Tilleggsframlegg"),
        ProposalKind.POSTPONEMENT: _("Utsetjingsframlegg"),
        ProposalKind.CANDIDATE: _("Kandidat"),
    }[kind]


def status_word(status: str) -> str:
    return {
        "present": _("Til stades"),
        "forfall": _("Forfall"),
        "deputy_for": _("Møter som vara"),
        "not_recorded": _("Ikkje registrert"),
        "left": _("Gått"),
    }.get(status, status)


def ground_text(ground: DisqualificationGround) -> str:
    """Translated when asked (not at import), so a change of language reaches it."""
    return {
        DisqualificationGround.FVL_6_1_A: _("Er sjølv part i saka"),
        DisqualificationGround.FVL_6_1_B: _("I slekt eller svogerskap med ein part"),
        DisqualificationGround.FVL_6_1_C: _(
            "Gift, sambuar, forlova eller fosterforeldre med ein part"
        ),
        DisqualificationGround.FVL_6_1_D: _("Verje eller fullmektig for ein part"),
        DisqualificationGround.FVL_6_1_E: _("Leiar eller styremedlem i eit selskap som er part"),
        DisqualificationGround.FVL_6_2: _("Andre særeigne forhold"),
        DisqualificationGround.KOML_11_10_PREPARER: _("Har førebudd saka som tilsett"),
    }.get(ground, "")


def ground_word(ground: DisqualificationGround) -> str:
    return f"{legal_reference(ground).short}: {ground_text(ground)}"


def outcome_word(outcome: VoteOutcome) -> str:
    return {
        VoteOutcome.ADOPTED: _("Vedteke"),
        VoteOutcome.REJECTED: _("Ikkje vedteke"),
        VoteOutcome.ELECTED: _("Vald"),
        VoteOutcome.NEW_ROUND: _("Ny valrunde"),
        VoteOutcome.LOTS: _("Loddtrekking"),
        VoteOutcome.NOT_QUORATE: _("Ikkje vedtaksført"),
    }[outcome]
