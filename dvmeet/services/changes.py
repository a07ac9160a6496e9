"""A cheap change counter, so an open window learns of other users' changes.

Every change writes an audit event in its own transaction (dvmeet.db.audit), so the
highest audit event id is a counter of committed changes. A front end remembers the
counter, polls it, and reloads the areas whose entities appear in newer events. The
areas and the entity -> area map live in dvmeet.services.areas; a window's own writes
tell their areas through Context.recording_changes.
"""

from __future__ import annotations

from sqlalchemy import func, select

from dvmeet.db.models import AuditEvent
from dvmeet.services.areas import AREAS, areas_of, areas_of_all
from dvmeet.services.context import Context

__all__ = ["AREAS", "areas_of", "changed_since", "latest_change", "poll"]


def latest_change(ctx: Context) -> int:
    """The id of the newest audit event: grows with every committed change (0 when none)."""
    with ctx.reading() as s:
        return int(s.scalar(select(func.max(AuditEvent.id))) or 0)


def changed_since(ctx: Context, last: int) -> set[str]:
    """The areas changed by events newer than the counter value `last`."""
    with ctx.reading() as s:
        entities = s.scalars(select(AuditEvent.entity).where(AuditEvent.id > last).distinct())
        return areas_of_all(entities)


def poll(ctx: Context, last: int) -> tuple[int, set[str]]:
    """The counter now and the areas changed since `last` (one round trip when unchanged)."""
    now = latest_change(ctx)
    if now <= last:
        return now, set()
    return now, changed_since(ctx, last)
