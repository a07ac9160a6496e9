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
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import AuditEvent, Case
from dvmeet.domain import lifecycle
from dvmeet.domain.labels import field_words
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
    # every title the case has had (its audit events), the present one included
    titles: set[str] = field(default_factory=set)

    @property
    def public_name(self) -> str:
        return lifecycle.shown_title(self.title, self.public_title or "Lukka sak", True)


@dataclass
class _Life:
    """The audit events of one case under its id, from its addition to its removal: a
    removed case's id can be given to a later case (SQLite reuses the highest rowid)."""

    first: int
    last: int | None = None  # the id of the removal event
    fields: dict[str, Any] = field(default_factory=dict)
    ever_closed: bool = False
    titles: set[str] = field(default_factory=set)

    def holds(self, event_id: int) -> bool:
        return self.first <= event_id and (self.last is None or event_id <= self.last)

    def facts(self) -> _CaseFacts:
        title = str(self.fields.get("title", ""))
        return _CaseFacts(
            title, self.fields.get("public_title"), self.ever_closed, self.titles | {title}
        )


@dataclass
class _Cases:
    """The facts of the meeting's cases and of cases named in the log since removed."""

    current: dict[int, _CaseFacts]
    lives: dict[int, list[_Life]]

    def at(self, case_id: int, event_id: int) -> _CaseFacts | None:
        """The case `case_id` was when the event `event_id` was written."""
        for life in self.lives.get(case_id, []):
            if life.last is not None and life.holds(event_id):
                return life.facts()
        return self.current.get(case_id)

    def every(self) -> list[_CaseFacts]:
        removed = [life for of_id in self.lives.values() for life in of_id if life.last is not None]
        return list(self.current.values()) + [life.facts() for life in removed]


def _case_facts(s: Session, cases: list[Case], logged: set[int]) -> _Cases:
    """Title, public title, every earlier title and whether it was ever closed, for the
    meeting's cases and for cases named in the log that have since been taken off the
    list (from their audit events: the addition, every later update, the removal)."""
    ids = sorted({c.id for c in cases} | logged)
    lives: dict[int, list[_Life]] = {}
    for event_id, entity_id, action, payload in s.execute(
        select(AuditEvent.id, AuditEvent.entity_id, AuditEvent.action, AuditEvent.payload)
        .where(
            AuditEvent.entity == "case",
            AuditEvent.entity_id.in_(ids),
            AuditEvent.action.in_(("case.added", "case.updated", "case.removed")),
        )
        .order_by(AuditEvent.id)
    ):
        if entity_id is None:
            continue
        of_id = lives.setdefault(entity_id, [])
        if action == "case.added" or not of_id or of_id[-1].last is not None:
            of_id.append(_Life(first=event_id))
        life = of_id[-1]
        if action == "case.removed":
            life.last = event_id
            continue
        data = json.loads(payload)
        life.fields.update({k: v for k, v in data.items() if v is not None})
        life.ever_closed |= data.get("closed") is True
        if data.get("title"):
            life.titles.add(str(data["title"]))
    current: dict[int, _CaseFacts] = {}
    for c in cases:
        # a case on the list now is the last life of its id (one not removed)
        alive = [life for life in lives.get(c.id, []) if life.last is None]
        current[c.id] = _CaseFacts(
            c.title,
            c.public_title,
            c.closed or any(life.ever_closed for life in alive),
            {c.title}.union(*(life.titles for life in alive)),
        )
    return _Cases(current, lives)


def _sentence(payload: dict[str, Any], case: _CaseFacts | None, public: bool) -> str:
    change = payload["change"]
    label = payload.get("label", "")
    title = ""
    if case is not None:
        title = case.public_name if public and case.ever_closed else case.title
    fields = field_words(payload.get("fields", []))
    named = f": {title}" if title else ""
    match change:
        case "meeting_changed":
            return f"Møtet er endra: {fields}"
        case "case_added":
            return f"Ny sak {label}{named}"
        case "case_updated":
            return f"Endra sak {label}: {fields}"
        case "case_removed":
            return f"Saka {label} er teken av saklista"
        case "reordered":
            return "Rekkjefølgja på saklista er endra"
        case "urgent_reported":
            return f"Ny referatsak{named}"
    raise ValueError(f"unknown notice change {change!r}")


# The sentences of earlier versions that end in a case's title.
_NAMING = re.compile(r"^(Ny sak [^:]+|Ny referatsak): (.+)$", re.DOTALL)


def _legacy(description: str, cases: _Cases, public: bool) -> str:
    """A sentence stored by an earlier version, as a public document may show it."""
    if not public:
        return description
    every = cases.every()
    closed = [c for c in every if c.ever_closed]
    replaced = sorted(
        ((t, c.public_name) for c in closed for t in c.titles if t), key=lambda r: -len(r[0])
    )
    for title, public_name in replaced:
        description = description.replace(title, public_name)
    named = _NAMING.match(description)
    if named is None:
        return description
    never_closed = (c for c in every if not c.ever_closed)
    shown = {t for c in never_closed for t in c.titles} | {c.public_name for c in closed}
    return description if named.group(2) in shown else named.group(1)


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
            case = None
            if payload["change"] in CASE_CHANGES:
                case = cases.at(payload["case_id"], event.id)
            text = _sentence(payload, case, public)
        else:
            text = _legacy(str(payload.get("description", "")), cases, public)
        out.append(LoggedChange(at=event.at, actor=event.actor, text=text))
    return out
