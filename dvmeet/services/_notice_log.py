"""The change log of a meeting after its notice was sent, told from stored facts.

Each change is an audit event (`notice.changed`) whose payload holds facts, not a sentence:
what changed and which case (by id). The sentence is made when a document is made, so a
public document names a case by its public title whenever the case is closed now or was
closed at any time (O-2). Events written before the facts were stored hold a finished
sentence; in a public document every title of such a case in it is replaced too.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import AuditEvent, Case
from dvmeet.domain import lifecycle
from dvmeet.services._records import NOTICE_CHANGED, meeting_cases

CASE_CHANGES = ("case_added", "case_updated", "urgent_reported")


@dataclass(frozen=True)
class LoggedChange:
    at: dt.datetime
    actor: str
    text: str


def change_payload(change: str, **facts: Any) -> dict[str, Any]:
    """The payload of a `notice.changed` event: the kind of change and its facts (case ids,
    labels, field names), never a title."""
    return {"change": change, **facts}


@dataclass
class _CaseFacts:
    title: str
    public_title: str | None
    ever_closed: bool

    @property
    def public_name(self) -> str:
        return lifecycle.shown_title(self.title, self.public_title or "Lukka sak", True)


def _case_facts(s: Session, cases: list[Case], logged: set[int]) -> dict[int, _CaseFacts]:
    """Title, public title and whether it was ever closed, for the meeting's cases and for
    cases named in the log that have since been taken off the list (from their audit
    events: the addition and every later update)."""
    facts = {c.id: _CaseFacts(c.title, c.public_title, c.closed) for c in cases}
    ids = sorted({c.id for c in cases} | logged)
    if not ids:
        return facts
    gone: dict[int, dict[str, Any]] = {}
    for entity_id, payload in s.execute(
        select(AuditEvent.entity_id, AuditEvent.payload)
        .where(
            AuditEvent.entity == "case",
            AuditEvent.entity_id.in_(ids),
            AuditEvent.action.in_(("case.added", "case.updated")),
        )
        .order_by(AuditEvent.id)
    ):
        if entity_id is None:
            continue
        data = json.loads(payload)
        if entity_id in facts:
            facts[entity_id].ever_closed |= data.get("closed") is True
        else:
            fields = gone.setdefault(entity_id, {"ever_closed": False})
            fields.update({k: v for k, v in data.items() if v is not None})
            fields["ever_closed"] |= data.get("closed") is True
    for entity_id, fields in gone.items():
        facts[entity_id] = _CaseFacts(
            str(fields.get("title", "")), fields.get("public_title"), fields["ever_closed"]
        )
    return facts


def _sentence(payload: dict[str, Any], cases: dict[int, _CaseFacts], public: bool) -> str:
    change = payload["change"]
    case = cases.get(payload["case_id"]) if change in CASE_CHANGES else None
    label = payload.get("label", "")
    title = ""
    if case is not None:
        title = case.public_name if public and case.ever_closed else case.title
    fields = ", ".join(payload.get("fields", []))
    match change:
        case "meeting_changed":
            return f"Møtet er endra: {fields}"
        case "case_added":
            return f"Ny sak {label}: {title}"
        case "case_updated":
            return f"Endra sak {label}: {fields}"
        case "case_removed":
            return f"Saka {label} er teken av saklista"
        case "reordered":
            return "Rekkjefølgja på saklista er endra"
        case "urgent_reported":
            return f"Ny referatsak: {title}"
    raise ValueError(f"unknown notice change {change!r}")


def _legacy(description: str, cases: dict[int, _CaseFacts], public: bool) -> str:
    if not public:
        return description
    for case in sorted(cases.values(), key=lambda c: len(c.title), reverse=True):
        if case.ever_closed and case.title:
            description = description.replace(case.title, case.public_name)
    return description


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
    out: list[LoggedChange] = []
    for event, payload in zip(events, payloads, strict=True):
        if "change" in payload:
            text = _sentence(payload, cases, public)
        else:
            text = _legacy(str(payload.get("description", "")), cases, public)
        out.append(LoggedChange(at=event.at, actor=event.actor, text=text))
    return out
