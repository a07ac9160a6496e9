"""The seat effect in the Avtale view: the same sentences as the core's (which the status
report prints) in nynorsk, and in bokmål when bokmål is chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dvmeet.domain.agreement import SeatEffect
from dvmeet.i18n import set_language
from dvmeet.services.agreement.models import SeatEffectOut
from ui.agreement.words import seat_effect_sentences

EFFECTS = [
    SeatEffect(joined=40, declined=3, undecided=0, seats_per_municipality=1, current_seats=40),
    SeatEffect(joined=38, declined=1, undecided=4, seats_per_municipality=1, current_seats=43),
    SeatEffect(joined=41, declined=0, undecided=1, seats_per_municipality=1, current_seats=40),
    SeatEffect(joined=0, declined=0, undecided=43, seats_per_municipality=1, current_seats=None),
]


def out(e: SeatEffect) -> SeatEffectOut:
    return SeatEffectOut(
        body_code="RS", joined=e.joined, declined=e.declined, undecided=e.undecided,
        seats=e.seats, quorum=e.quorum, seats_if_undecided_join=e.seats_if_undecided_join,
        quorum_if_undecided_join=e.quorum_if_undecided_join, current_seats=e.current_seats,
        summary=e.summary, sentences=e.sentences, participants=[], declined_numbers=[],
        undecided_numbers=[],
    )  # fmt: skip


@pytest.fixture(autouse=True)
def nynorsk_after() -> Iterator[None]:
    yield
    set_language("nn")


@pytest.mark.parametrize("effect", EFFECTS)
def test_nynorsk_reads_as_the_status_report(effect: SeatEffect) -> None:
    set_language("nn")
    assert seat_effect_sentences(out(effect)) == effect.sentences


def test_bokmal_is_bokmal() -> None:
    set_language("nb")
    text = " ".join(seat_effect_sentences(out(EFFECTS[1])))
    assert "deltakere" in text and "kommuner har ikke" in text and "færre" in text
    assert "ikkje" not in text and "kommunar" not in text
