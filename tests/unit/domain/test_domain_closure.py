"""O-1, M-6: closed cases and remote meetings."""

from __future__ import annotations

import pytest

from dvmeet.domain.closure import check_closure
from dvmeet.domain.enums import BodyKind, ClosureBasis, MeetingForm
from dvmeet.domain.verdict import RuleFinding, Severity, apply_body_kind, refusals


def ids(findings: list[RuleFinding]) -> list[tuple[str, Severity]]:
    return [(f.rule_id, f.severity) for f in findings]


@pytest.mark.parametrize("form", list(MeetingForm))
def test_open_without_basis_is_fine(form: MeetingForm) -> None:
    assert check_closure(False, None, form) == []


@pytest.mark.parametrize("form", list(MeetingForm))
def test_closed_without_basis_refused(form: MeetingForm) -> None:
    assert ids(check_closure(True, None, form)) == [("O-1", Severity.REFUSAL)]


def test_closed_with_privacy_basis_physical_is_fine() -> None:
    assert check_closure(True, ClosureBasis.KOML_11_5_3A, MeetingForm.FYSISK) == []


def test_closed_with_public_interest_basis_reminds_of_offl() -> None:
    [f] = check_closure(True, ClosureBasis.KOML_11_5_3B, MeetingForm.FJERNMOTE)
    assert (f.rule_id, f.severity) == ("O-1", Severity.INFO)
    assert "offentleglova" in f.message


def test_confidentiality_closure_physical_is_fine() -> None:
    assert check_closure(True, ClosureBasis.KOML_11_5_2, MeetingForm.FYSISK) == []


@pytest.mark.parametrize("form", [MeetingForm.FJERNMOTE, MeetingForm.HYBRID])
def test_confidentiality_closure_remote_or_hybrid_refused(form: MeetingForm) -> None:
    [f] = check_closure(True, ClosureBasis.KOML_11_5_2, form)
    assert (f.rule_id, f.severity) == ("M-6", Severity.REFUSAL)
    assert "koml. § 11-5 (2)" in f.message and "fjernmøte" in f.message


@pytest.mark.parametrize("basis", [ClosureBasis.KOML_11_5_3A, ClosureBasis.KOML_11_5_3B])
@pytest.mark.parametrize("form", [MeetingForm.FJERNMOTE, MeetingForm.HYBRID])
def test_may_close_bases_allowed_remote(basis: ClosureBasis, form: MeetingForm) -> None:
    assert refusals(check_closure(True, basis, form)) == []


def test_must_close_basis_on_open_case_refused() -> None:
    assert ids(check_closure(False, ClosureBasis.KOML_11_5_2, MeetingForm.FYSISK)) == [
        ("O-1", Severity.REFUSAL)
    ]


def test_may_close_basis_on_open_case_warns() -> None:
    assert ids(check_closure(False, ClosureBasis.KOML_11_5_3A, MeetingForm.FYSISK)) == [
        ("O-1", Severity.WARNING)
    ]


def test_administrative_body_gets_warnings() -> None:
    findings = check_closure(True, ClosureBasis.KOML_11_5_2, MeetingForm.HYBRID)
    softened = apply_body_kind(findings, BodyKind.ADMINISTRATIVE)
    assert ids(softened) == [("M-6", Severity.WARNING)]
