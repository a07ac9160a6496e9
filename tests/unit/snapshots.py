"""Every row of some tables, to show that a refused or failed call left them as they were."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dvmeet.db.models import AuditEvent, Base
from dvmeet.services.context import Context

Rows = dict[str, list[tuple[Any, ...]]]


def rows_of(ctx: Context, *models: type[Base]) -> Rows:
    """The rows of each model's table in primary-key order; the audit log is always included."""
    tables = (*models, AuditEvent) if AuditEvent not in models else models
    with ctx.reading() as s:
        return {
            t.__tablename__: [
                tuple(getattr(r, c.key) for c in t.__table__.columns)
                for r in s.scalars(select(t).order_by(*t.__table__.primary_key.columns))
            ]
            for t in tables
        }


def audit_actions(ctx: Context) -> list[str]:
    with ctx.reading() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
