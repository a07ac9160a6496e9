"""Q-1: quorum per case."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvmeet.domain.quorum import QuorumStatus, is_quorate, minimum_voters, quorum_status


@pytest.mark.parametrize(
    ("voters", "seats", "quorate"),
    [
        (37, 43, True),
        (22, 43, True),
        (21, 43, False),
        (20, 40, True),
        (19, 40, False),
        (1, 1, True),
        (0, 1, False),
        (1, 2, True),
    ],
)
def test_worked_examples(voters: int, seats: int, quorate: bool) -> None:
    assert is_quorate(voters, seats) is quorate


def test_status_text() -> None:
    status = quorum_status(37, 43)
    assert status == QuorumStatus(voters=37, seats=43, quorate=True)
    assert status.text == "37 av 43"
    assert status.sentence == "Vedtaksfør: 37 av 43 medlemer røysta."


def test_status_sentence_when_not_quorate() -> None:
    status = quorum_status(20, 43)
    assert not status.quorate
    assert "Ikkje vedtaksfør" in status.sentence
    assert "minst 22" in status.sentence


@pytest.mark.parametrize(("voters", "seats"), [(-1, 10), (0, 0), (5, -3), (11, 10)])
def test_invalid_input_raises(voters: int, seats: int) -> None:
    with pytest.raises(ValueError):
        is_quorate(voters, seats)
    with pytest.raises(ValueError):
        quorum_status(voters, seats)


@given(seats=st.integers(1, 500), data=st.data())
def test_quorate_iff_at_least_half(seats: int, data: st.DataObject) -> None:
    voters = data.draw(st.integers(0, seats))
    assert is_quorate(voters, seats) is (voters >= seats / 2)


@given(seats=st.integers(1, 500))
def test_minimum_voters_is_the_threshold(seats: int) -> None:
    m = minimum_voters(seats)
    assert is_quorate(m, seats)
    assert m == 0 or not is_quorate(m - 1, seats)


@given(seats=st.integers(1, 500), data=st.data())
def test_monotone_in_voters(seats: int, data: st.DataObject) -> None:
    voters = data.draw(st.integers(0, seats - 1))
    if is_quorate(voters, seats):
        assert is_quorate(voters + 1, seats)


def test_property_tests_have_no_deadline() -> None:
    """tests/conftest.py's profile: a busy machine slows the examples, it cannot fail them."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
