"""Words of the console; the enums' words come from dvmeet.domain.labels."""

from __future__ import annotations

from dvmeet.domain.enums import DisqualificationGround, ProposalKind, SeatStatus, VoteOutcome
from dvmeet.domain.labels import label
from dvmeet.domain.legal import legal_reference


def proposal_kind_word(kind: ProposalKind) -> str:
    return label(kind)


def status_word(status: str) -> str:
    """A roll-call status (SeatStatus) in words; an unknown status as it is."""
    try:
        return label(SeatStatus(status))
    except ValueError:
        return status


def ground_text(ground: DisqualificationGround) -> str:
    """Translated when asked (not at import), so a change of language reaches it."""
    return label(ground)


def ground_word(ground: DisqualificationGround) -> str:
    return f"{legal_reference(ground).short}: {ground_text(ground)}"


def outcome_word(outcome: VoteOutcome) -> str:
    return label(outcome)
