"""Words of the console; the enums' words come from dvmeet.domain.labels."""

from __future__ import annotations

from dvmeet.domain.enums import DisqualificationGround, ProposalKind, VoteOutcome
from dvmeet.domain.labels import label
from dvmeet.domain.legal import legal_reference
from dvmeet.i18n import _


def proposal_kind_word(kind: ProposalKind) -> str:
    return label(kind)


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
    return label(ground)


def ground_word(ground: DisqualificationGround) -> str:
    return f"{legal_reference(ground).short}: {ground_text(ground)}"


def outcome_word(outcome: VoteOutcome) -> str:
    return label(outcome)
