"""H-1, H-2, H-3: disqualification."""

from __future__ import annotations

import pytest

from dvmeet.domain.disqualification import (
    check_disqualification,
    disqualification_voters,
    preparer_warning,
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
