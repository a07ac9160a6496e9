"""M-2, M-3, M-5: notice, a third of the members, cases added in the meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.notice import (
    DEFAULT_NOTICE_DAYS,
    check_case_added_in_meeting,
    check_notice,
    third_demand_met,
)
from dvmeet.domain.verdict import Severity

MEETING = date(2025, 12, 11)


def test_notice_in_time() -> None:
    assert check_notice(date(2025, 11, 27), MEETING, 14) == []
    assert DEFAULT_NOTICE_DAYS == 14


def test_short_notice_warns() -> None:
    [finding] = check_notice(date(2025, 12, 1), MEETING, 14)
    assert finding.rule_id == "M-3" and finding.severity is Severity.WARNING
    assert "10 dagar før møtet" in finding.message and "14 dagar" in finding.message


def test_notice_after_meeting_warns() -> None:
    [finding] = check_notice(date(2025, 12, 12), MEETING, 14)
    assert finding.severity is Severity.WARNING and "etter møtedatoen" in finding.message


def test_negative_period_refused() -> None:
    with pytest.raises(ValueError):
        check_notice(MEETING, MEETING, -1)


@given(st.integers(-30, 60), st.integers(0, 30))
def test_notice_warns_iff_shorter(days_before: int, period: int) -> None:
    findings = check_notice(MEETING - timedelta(days=days_before), MEETING, period)
    assert bool(findings) is (days_before < period)
    assert all(f.severity is Severity.WARNING for f in findings)


@pytest.mark.parametrize(
    ("demanding", "members", "met"),
    [(14, 43, False), (15, 43, True), (1, 3, True), (0, 3, False), (13, 40, False), (14, 40, True)],
)
def test_third_demand(demanding: int, members: int, met: bool) -> None:
    assert third_demand_met(demanding, members) is met


@pytest.mark.parametrize(("demanding", "members"), [(-1, 10), (11, 10), (0, 0)])
def test_third_demand_invalid(demanding: int, members: int) -> None:
    with pytest.raises(ValueError):
        third_demand_met(demanding, members)


@given(st.integers(1, 200), st.data())
def test_third_demand_property(members: int, data: st.DataObject) -> None:
    demanding = data.draw(st.integers(0, members))
    assert third_demand_met(demanding, members) is (demanding >= members / 3)


def test_case_added_without_objection() -> None:
    assert check_case_added_in_meeting(False, 0, 30) == []
    assert check_case_added_in_meeting(False, 9, 30) == []


def test_case_added_chair_objects() -> None:
    [finding] = check_case_added_in_meeting(True, 0, 30)
    assert finding.rule_id == "M-5" and finding.severity is Severity.REFUSAL
    assert "Møteleiaren" in finding.message


def test_case_added_third_objects() -> None:
    [finding] = check_case_added_in_meeting(False, 10, 30)
    assert finding.severity is Severity.REFUSAL and "10 av 30" in finding.message
    assert len(check_case_added_in_meeting(True, 10, 30)) == 2


@pytest.mark.parametrize(("objecting", "present"), [(-1, 10), (11, 10), (0, -1)])
def test_case_added_invalid(objecting: int, present: int) -> None:
    with pytest.raises(ValueError):
        check_case_added_in_meeting(False, objecting, present)


@given(st.booleans(), st.integers(1, 100), st.data())
def test_case_added_property(chair: bool, present: int, data: st.DataObject) -> None:
    objecting = data.draw(st.integers(0, present))
    blocked = bool(check_case_added_in_meeting(chair, objecting, present))
    assert blocked is (chair or objecting >= present / 3)
