"""A cheap change counter, so an open window learns of other users' changes.

Every change writes an audit event in its own transaction (dvmeet.db.audit), so the
highest audit event id is a counter of committed changes. A front end remembers the
counter, polls it, and reloads the areas whose entities appear in newer events.
"""

from __future__ import annotations

from sqlalchemy import func, select

from dvmeet.db.models import AuditEvent
from dvmeet.services.context import Context

AREAS = ("meetings", "registry", "documents", "minutes", "agreement")

# Audit entity -> the areas of the app that show it. An unknown entity reloads all.
_ENTITY_AREAS: dict[str, tuple[str, ...]] = {
    "person": ("registry",),
    "membership": ("registry",),
    "body": ("registry",),
    "municipality": ("registry",),
    "cooperation": ("registry",),
    "cost_share_budget": ("registry",),
    "governing_document": ("documents",),
    "document_version": ("documents",),
    "meeting": ("meetings",),
    "case": ("meetings",),
    "agenda_case": ("meetings",),
    "urgent_decision": ("meetings",),
    "attendance_event": ("meetings", "minutes"),
    "disqualification": ("meetings", "minutes"),
    "proposal": ("meetings", "minutes"),
    "vote": ("meetings", "minutes"),
    "decision": ("meetings", "minutes"),
    "minutes": ("minutes", "meetings"),
    "correction": ("minutes", "meetings"),
}


def areas_of(entity: str) -> tuple[str, ...]:
    if entity in _ENTITY_AREAS:
        return _ENTITY_AREAS[entity]
    if entity.startswith("agreement"):
        return ("agreement",)
    if entity.startswith("cost_share"):
        return ("registry",)
    return AREAS


def latest_change(ctx: Context) -> int:
    """The id of the newest audit event: grows with every committed change (0 when none)."""
    with ctx.reading() as s:
        return int(s.scalar(select(func.max(AuditEvent.id))) or 0)


def changed_since(ctx: Context, last: int) -> set[str]:
    """The areas changed by events newer than the counter value `last`."""
    with ctx.reading() as s:
        entities = s.scalars(select(AuditEvent.entity).where(AuditEvent.id > last).distinct())
        return {area for entity in entities for area in areas_of(entity)}


def poll(ctx: Context, last: int) -> tuple[int, set[str]]:
    """The counter now and the areas changed since `last` (one round trip when unchanged)."""
    now = latest_change(ctx)
    if now <= last:
        return now, set()
    return now, changed_since(ctx, last)
