"""Reading the kept warnings: of one meeting (the meeting view) or of every meeting, newest
meeting first (the secretariat's list)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Case, Meeting, RuleWarning
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import case_label
from dvmeet.services.context import Context
from dvmeet.services.warnings.models import KeptWarningOut


def meeting_warnings(ctx: Context, meeting_id: int) -> list[KeptWarningOut]:
    """The warnings kept with a meeting and its cases, in the order they arose."""
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        return _read(s, meeting_id=meeting_id)


def all_warnings(ctx: Context, body_code: str | None = None) -> list[KeptWarningOut]:
    """Every kept warning (of one body, if named), newest meeting first."""
    with ctx.reading() as s:
        body_id = lookup.body_by_code(s, body_code).id if body_code else None
        return _read(s, body_id=body_id)


def _read(
    s: Session, *, meeting_id: int | None = None, body_id: int | None = None
) -> list[KeptWarningOut]:
    query = (
        select(RuleWarning, Meeting, Body, Case)
        .join(Meeting, Meeting.id == RuleWarning.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .outerjoin(Case, Case.id == RuleWarning.case_id)
    )
    if meeting_id is not None:
        query = query.where(RuleWarning.meeting_id == meeting_id).order_by(RuleWarning.id)
    else:
        if body_id is not None:
            query = query.where(Meeting.body_id == body_id)
        query = query.order_by(Meeting.date.desc(), Meeting.id.desc(), RuleWarning.id)
    return [
        KeptWarningOut(
            id=w.id,
            meeting_id=m.id,
            meeting_date=m.date,
            body_name=b.name,
            case_id=w.case_id,
            case_label=case_label(c, b) if c is not None else None,
            rule_id=w.rule_id,
            message=w.message,
            action=w.action,
            created_at=w.created_at,
        )
        for w, m, b, c in s.execute(query)
    ]
