"""Verdicts of the rule functions: findings, severities and the rule-violation error.

Every rule function in :mod:`dvmeet.domain` reports what it found as
:class:`RuleFinding` values (messages written for the secretary, in the interface language:
nynorsk, or bokmål when chosen) or, when a
value cannot be computed at all, raises :class:`RuleViolation`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from dvmeet.domain.enums import BodyKind


class Severity(StrEnum):
    """How hard a finding is: a refusal stops the action, a warning asks for a look."""

    REFUSAL = "refusal"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """One finding of a rule of domain.md, cited by its ``rule_id`` (for example "Q-1")."""

    rule_id: str
    severity: Severity
    message: str


class RuleViolation(ValueError):
    """A rule of domain.md makes the input impossible to decide (for example Q-5, Q-3).

    ``message`` is for the secretary (interface language); ``rule_id`` cites the rule.
    """

    def __init__(self, rule_id: str, message: str) -> None:
        super().__init__(f"{rule_id}: {message}")
        self.rule_id = rule_id
        self.message = message

    @property
    def finding(self) -> RuleFinding:
        """The violation as a refusal finding, for views that list findings."""
        return RuleFinding(self.rule_id, Severity.REFUSAL, self.message)


def apply_body_kind(findings: Iterable[RuleFinding], kind: BodyKind) -> list[RuleFinding]:
    """Soften refusals to warnings for administrative bodies (domain.md §1, "kind is data").

    Elected bodies get the koml. ch. 11 rules as hard rules; administrative bodies get the
    same checks as warnings. Warnings and information are left as they are.
    """
    result = list(findings)
    if kind is BodyKind.ELECTED:
        return result
    return [
        replace(f, severity=Severity.WARNING) if f.severity is Severity.REFUSAL else f
        for f in result
    ]


def refusals(findings: Iterable[RuleFinding]) -> list[RuleFinding]:
    """The findings that stop the action (severity refusal)."""
    return [f for f in findings if f.severity is Severity.REFUSAL]


def warnings(findings: Iterable[RuleFinding]) -> list[RuleFinding]:
    """The findings that ask the secretary to take a look (severity warning)."""
    return [f for f in findings if f.severity is Severity.WARNING]
