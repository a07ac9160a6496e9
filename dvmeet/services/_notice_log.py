"""The change log of a meeting after its notice was sent, told from stored facts.

Each change is an audit event (`notice.changed`) whose payload holds facts, not a sentence:
what changed and which case (by id). The sentence is made when a document is made, so a
public document names a case by its public title whenever the case is closed now or was
closed at any time (O-2). Events written before the facts were stored hold a finished
sentence; in a public document every title a closed case ever had is replaced in it by
the public title, and a sentence that names a case ("Ny sak …: title", "Ny referatsak:
title") keeps the name only if it is one the public may see: the title of a case never
closed, or a public title. Any other name (a case renamed since, one taken off the list,
an urgent decision's first title) is left out.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import AuditEvent, Case
from dvmeet.domain import notice_log
from dvmeet.domain.notice_log import CASE_CHANGES
from dvmeet.services._records import NOTICE_CHANGED, meeting_cases


@dataclass(frozen=True)
class LoggedChange:
    at: dt.datetime
    actor: str
    text: str


def change_payload(change: str, **facts: Any) -> dict[str, Any]:
    """The payload of a `notice.changed` event: the kind of change and its facts (case ids,
    labels, field names), never a title."""
    return {"change": change, **facts}


def _case_facts(s: Session, cases: list[Case], logged: set[int]) -> notice_log.Cases:
    """The facts of the meeting's cases and of cases named in the log since taken off the
    list (from their audit events: the addition, every later update, the removal)."""
    ids = sorted({c.id for c in cases} | logged)
    events = s.execute(
        select(AuditEvent.id, AuditEvent.entity_id, AuditEvent.action, AuditEvent.payload)
        .where(
            AuditEvent.entity == "case",
            AuditEvent.entity_id.in_(ids),
            AuditEvent.action.in_(("case.added", "case.updated", "case.removed")),
        )
        .order_by(AuditEvent.id)
    )
    return notice_log.case_facts(events, ((c.id, c.title, c.public_title, c.closed) for c in cases))


def logged_changes(s: Session, meeting_id: int, *, public: bool) -> list[LoggedChange]:
    """The changes made after the notice was sent, oldest first, as sentences for an
    internal or a public document."""
    events = list(
        s.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.action == NOTICE_CHANGED,
                AuditEvent.entity == "meeting",
                AuditEvent.entity_id == meeting_id,
            )
            .order_by(AuditEvent.id)
        )
    )
    payloads = [json.loads(e.payload) for e in events]
    logged = {p["case_id"] for p in payloads if p.get("change") in CASE_CHANGES}
    cases = _case_facts(s, meeting_cases(s, meeting_id), logged)
    return [
        LoggedChange(at=e.at, actor=e.actor, text=notice_log.text(p, e.id, cases, public))
        for e, p in zip(events, payloads, strict=True)
    ]
