"""The rules' warnings met by an action, kept with the meeting or case (domain.md §1).

An administrative body gets the koml. ch. 11 rules as warnings, and every body gets some
warnings (a short notice, M-3). A service that asks the rules passes their findings here
instead of to `_lookup.enforce` alone: a refusal still raises, and every warning is
stored in `rule_warning` in the same unit of work, so none is computed and dropped. The
meeting view and the secretariat's list read them back (services/warnings)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Meeting, RuleWarning
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.services import _lookup as lookup
from dvmeet.services.context import UnitOfWork


def enforce_and_keep(
    uow: UnitOfWork,
    findings: list[RuleFinding],
    meeting: Meeting,
    *,
    action: str,
    case: Case | None = None,
) -> list[RuleFinding]:
    """Raise on the first refusal (elected bodies); keep every warning left, once per
    meeting, case, rule and message; return what is left, as `lookup.enforce` does."""
    left = lookup.enforce(findings, meeting.body.kind)
    keep_warnings(uow, left, meeting, action=action, case=case)
    return left


def keep_warnings(
    uow: UnitOfWork,
    findings: list[RuleFinding],
    meeting: Meeting,
    *,
    action: str,
    case: Case | None = None,
) -> list[RuleWarning]:
    """Store the warnings among `findings` (not information) not kept already."""
    s = uow.session
    kept: list[RuleWarning] = []
    for f in findings:
        if f.severity is not Severity.WARNING:
            continue
        case_id = case.id if case is not None else None
        already = s.scalar(
            select(RuleWarning.id).where(
                RuleWarning.meeting_id == meeting.id,
                RuleWarning.case_id.is_(None)
                if case_id is None
                else RuleWarning.case_id == case_id,
                RuleWarning.rule_id == f.rule_id,
                RuleWarning.message == f.message,
            )
        )
        if already is not None:
            continue
        row = RuleWarning(
            meeting_id=meeting.id,
            case_id=case_id,
            rule_id=f.rule_id,
            message=f.message,
            action=action,
        )
        s.add(row)
        s.flush()
        uow.audit(
            "warning.kept",
            "rule_warning",
            row.id,
            {"meeting_id": meeting.id, "case_id": case_id, "rule": f.rule_id, "action": action},
        )
        kept.append(row)
    return kept


def kept_findings(s: Session, meeting: Meeting, labels: dict[int, str]) -> list[RuleFinding]:
    """The warnings kept with the meeting, as findings for its view ("PS 004/25: …" for
    a case's), in the order they arose."""
    found: list[RuleFinding] = []
    for rule_id, message, case_id in s.execute(
        select(RuleWarning.rule_id, RuleWarning.message, RuleWarning.case_id)
        .where(RuleWarning.meeting_id == meeting.id)
        .order_by(RuleWarning.id)
    ):
        text = f"{labels[case_id]}: {message}" if case_id in labels else message
        found.append(RuleFinding(rule_id, Severity.WARNING, text))
    return found


def unlink_case_warnings(s: Session, case: Case, label: str) -> None:
    """A case removed from the list before the meeting: its kept warnings stay with the
    meeting, naming the removed case ("PS 004/25 (fjerna frå saklista): …")."""
    for w in s.scalars(select(RuleWarning).where(RuleWarning.case_id == case.id)):
        w.case_id = None
        w.message = f"{label} (fjerna frå saklista): {w.message}"
