"""Findings, body kinds and the legal table (domain.md §1, O-1, H-1)."""

from __future__ import annotations

import pytest

from dvmeet.domain.enums import BodyKind, ClosureBasis, DisqualificationGround
from dvmeet.domain.legal import LEGAL_REFERENCES, LegalReference, legal_reference
from dvmeet.domain.verdict import (
    RuleFinding,
    RuleViolation,
    Severity,
    apply_body_kind,
    refusals,
    warnings,
)

FINDINGS = [
    RuleFinding("O-1", Severity.REFUSAL, "a"),
    RuleFinding("M-3", Severity.WARNING, "b"),
    RuleFinding("O-1", Severity.INFO, "c"),
]


def test_elected_body_keeps_refusals() -> None:
    assert apply_body_kind(FINDINGS, BodyKind.ELECTED) == FINDINGS


def test_administrative_body_turns_refusals_into_warnings() -> None:
    result = apply_body_kind(FINDINGS, BodyKind.ADMINISTRATIVE)
    assert [f.severity for f in result] == [Severity.WARNING, Severity.WARNING, Severity.INFO]
    assert [(f.rule_id, f.message) for f in result] == [(f.rule_id, f.message) for f in FINDINGS]
    assert refusals(result) == []


def test_refusals_and_warnings_filter() -> None:
    assert refusals(FINDINGS) == [FINDINGS[0]]
    assert warnings(FINDINGS) == [FINDINGS[1]]


def test_rule_violation_carries_rule_and_message() -> None:
    err = RuleViolation("Q-5", "Blank røyst er ikkje høve til.")
    assert isinstance(err, ValueError)
    assert err.rule_id == "Q-5"
    assert str(err) == "Q-5: Blank røyst er ikkje høve til."
    assert err.finding == RuleFinding("Q-5", Severity.REFUSAL, "Blank røyst er ikkje høve til.")


def test_finding_is_frozen() -> None:
    with pytest.raises(AttributeError):
        FINDINGS[0].message = "x"  # type: ignore[misc]


@pytest.mark.parametrize("key", [*ClosureBasis, *DisqualificationGround])
def test_every_enum_basis_and_ground_has_a_reference(key: str) -> None:
    ref = legal_reference(key)
    assert isinstance(ref, LegalReference)
    assert ref.code == str(key)
    assert ref.short and ref.text_nn


@pytest.mark.parametrize(
    ("key", "short"),
    [
        (ClosureBasis.KOML_11_5_2, "koml. § 11-5 (2)"),
        (ClosureBasis.KOML_11_5_3A, "koml. § 11-5 (3) a"),
        (DisqualificationGround.FVL_6_2, "fvl. § 6 (2)"),
        ("koml_11_9", "koml. § 11-9"),
        ("koml_11_3", "koml. § 11-3"),
        ("koml_11_8", "koml. § 11-8"),
        ("koml_11_10", "koml. § 11-10"),
    ],
)
def test_known_references(key: str, short: str) -> None:
    assert legal_reference(key).short == short


def test_plain_string_and_enum_give_same_reference() -> None:
    assert legal_reference("koml_11_5_2") is legal_reference(ClosureBasis.KOML_11_5_2)


def test_table_keys_match_codes_and_are_plain_strings() -> None:
    for key, ref in LEGAL_REFERENCES.items():
        assert type(key) is str
        assert key == ref.code


def test_unknown_key_raises_clear_key_error() -> None:
    with pytest.raises(KeyError, match="koml_99_1"):
        legal_reference("koml_99_1")


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        LEGAL_REFERENCES["x"] = LegalReference("x", "x", "x")  # type: ignore[index]
