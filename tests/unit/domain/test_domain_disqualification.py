"""H-1, H-2, H-3: disqualification."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.disqualification import (
    QuestionState,
    case_seats,
    check_disqualification,
    disqualification_voters,
    is_automatic,
    preparer_warning,
    question_panel,
    question_state,
)
from dvmeet.domain.enums import DisqualificationGround, VoteKind
from dvmeet.domain.verdict import Severity

G = DisqualificationGround


@pytest.mark.parametrize("ground", list(G))
def test_ordinary_case_with_ground_is_fine(ground: DisqualificationGround) -> None:
    assert check_disqualification(VoteKind.ORDINARY, ground, member_votes_on_own=False) == []


def test_not_in_elections() -> None:
    [f] = check_disqualification(VoteKind.ELECTION, G.FVL_6_2, member_votes_on_own=False)
    assert (f.rule_id, f.severity) == ("H-3", Severity.REFUSAL)
    assert "val" in f.message


def test_member_may_not_vote_on_own() -> None:
    [f] = check_disqualification(VoteKind.ORDINARY, G.FVL_6_1_A, member_votes_on_own=True)
    assert (f.rule_id, f.severity) == ("H-1", Severity.REFUSAL)
    assert "sin eigen ugildskap" in f.message


def test_ground_required() -> None:
    [f] = check_disqualification(VoteKind.ORDINARY, None, member_votes_on_own=False)
    assert (f.rule_id, f.severity) == ("H-1", Severity.REFUSAL)


def test_all_problems_reported() -> None:
    findings = check_disqualification(VoteKind.ELECTION, None, member_votes_on_own=True)
    assert [f.rule_id for f in findings] == ["H-3", "H-1", "H-1"]


def test_voters_exclude_the_member_concerned() -> None:
    assert disqualification_voters([1, 2, 3], 2) == frozenset({1, 3})
    assert disqualification_voters([1, 3], 2) == frozenset({1, 3})


def test_preparer_in_body_warns() -> None:
    [f] = preparer_warning(7, [1, 7, 9])
    assert (f.rule_id, f.severity) == ("H-2", Severity.WARNING)
    assert "koml. § 11-10" in f.message


def test_preparer_not_in_body() -> None:
    assert preparer_warning(8, [1, 7, 9]) == []
    assert preparer_warning(None, [1, 7, 9]) == []


# --- fvl. § 8 (2): who decides a question, who votes in the case (H-1) -------------------


def _present(n: int) -> dict[int, int]:
    return {p: p for p in range(1, n + 1)}


def test_automatic_and_discretionary_grounds() -> None:
    assert [g for g in G if not is_automatic(g)] == [G.FVL_6_2]


def test_state_of_a_question() -> None:
    assert question_state(None) is QuestionState.OPEN
    assert question_state(True) is QuestionState.DISQUALIFIED
    assert question_state(False) is QuestionState.NOT_DISQUALIFIED


def test_22_of_43_one_concerned_not_quorate_until_the_deputy_sits_in() -> None:
    panel = question_panel(_present(22), 43, [5], [], {})
    assert (len(panel.participants), panel.quorate, panel.all_take_part) == (21, False, False)
    with_deputy = question_panel(_present(22), 43, [5], [], {100: 5})
    assert with_deputy.participants[100] == 5 and 5 not in with_deputy.participants
    assert (len(with_deputy.participants), with_deputy.quorate) == (22, True)


def test_several_concerned_none_decides_when_quorate_without_them() -> None:
    panel = question_panel(_present(7), 7, [4, 5], [], {})
    assert set(panel.participants) == {1, 2, 3, 6, 7} and not panel.all_take_part


def test_several_concerned_all_take_part_when_not_quorate_without_them() -> None:
    panel = question_panel(_present(5), 7, [4, 5], [], {})
    assert set(panel.participants) == {1, 2, 3, 4, 5} and panel.all_take_part and panel.quorate
    # one member alone: no exception, the question waits
    alone = question_panel(_present(4), 7, [4], [], {})
    assert set(alone.participants) == {1, 2, 3} and not alone.quorate


def test_a_member_found_disqualified_stays_out_and_the_deputy_keeps_the_seat() -> None:
    panel = question_panel(_present(5), 7, [4, 5], [3], {30: 3})
    assert 3 not in panel.participants and panel.participants[30] == 3


def test_the_case_without_open_and_disqualified_with_the_deputies() -> None:
    seats = case_seats(_present(6), open_questions=[2], disqualified=[3], deputies={30: 3, 20: 2})
    assert seats == {1: 1, 4: 4, 5: 5, 6: 6, 30: 3}  # 20 called in for an open question


@given(
    n=st.integers(1, 43),
    concerned=st.sets(st.integers(1, 43), max_size=5),
    out=st.sets(st.integers(1, 43), max_size=3),
)
def test_the_panel_follows_fvl_8_2(n: int, concerned: set[int], out: set[int]) -> None:
    present = _present(n)
    concerned -= out
    panel = question_panel(present, 43, concerned, out, {})
    decided_without = {p for p in present if p not in concerned | out}
    assert not set(panel.participants) & out  # the disqualified never decide
    if panel.all_take_part:
        assert len([p for p in concerned if p in present]) >= 2 or len(concerned) >= 2
        assert 2 * len(decided_without) < 43  # only when not quorate without them
        assert set(panel.participants) == set(present) - out
    else:
        assert set(panel.participants) == decided_without
    assert len(set(panel.participants.values())) == len(panel.participants)  # one per seat
