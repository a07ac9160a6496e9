"""The sentences of the change log after the notice was sent, from stored facts (O-2).

One copy of the rule for both readers of the log: `dvmeet.services._notice_log` (the
services, through SQLAlchemy) and `dvmeet.services.minutes._plain` (the møtebok read with
sqlite3). The readers fetch the rows; what a sentence says, and which case titles a
public document may show, is decided here. See `dvmeet.services._notice_log` for the
facts an event holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dvmeet.domain import lifecycle
from dvmeet.domain.labels import field_words

CASE_CHANGES = ("case_added", "case_updated", "urgent_reported")


class UnknownChange(ValueError):
    """A logged change of a kind this version does not know."""


@dataclass
class CaseFacts:
    title: str
    public_title: str | None
    ever_closed: bool
    # every title the case has had (its audit events), the present one included
    titles: set[str] = field(default_factory=set)

    @property
    def public_name(self) -> str:
        return lifecycle.shown_title(self.title, self.public_title or "Lukka sak", True)


@dataclass
class Life:
    """The audit events of one case under its id, from its addition to its removal: a
    removed case's id can be given to a later case (SQLite reuses the highest rowid)."""

    first: int
    last: int | None = None  # the id of the removal event
    fields: dict[str, Any] = field(default_factory=dict)
    ever_closed: bool = False
    titles: set[str] = field(default_factory=set)

    def holds(self, event_id: int) -> bool:
        return self.first <= event_id and (self.last is None or event_id <= self.last)

    def facts(self) -> CaseFacts:
        title = str(self.fields.get("title", ""))
        return CaseFacts(
            title, self.fields.get("public_title"), self.ever_closed, self.titles | {title}
        )


@dataclass
class Cases:
    """The facts of the meeting's cases and of cases named in the log since removed."""

    current: dict[int, CaseFacts]
    lives: dict[int, list[Life]]

    def at(self, case_id: int, event_id: int) -> CaseFacts | None:
        """The case `case_id` was when the event `event_id` was written."""
        for life in self.lives.get(case_id, []):
            if life.last is not None and life.holds(event_id):
                return life.facts()
        return self.current.get(case_id)

    def every(self) -> list[CaseFacts]:
        removed = [life for of_id in self.lives.values() for life in of_id if life.last is not None]
        return list(self.current.values()) + [life.facts() for life in removed]


def case_facts(
    events: Iterable[tuple[int, int | None, str, str]],
    cases: Iterable[tuple[int, str, str | None, bool]],
) -> Cases:
    """Title, public title, every earlier title and whether it was ever closed, for the
    meeting's cases (`cases`: id, title, public title, closed, as stored now) and for
    cases named in the log that have since been taken off the list, from their audit
    events (`events`: id, entity id, action, payload of every `case.added`, `case.updated`
    and `case.removed` of those ids, in id order)."""
    lives: dict[int, list[Life]] = {}
    for event_id, entity_id, action, payload in events:
        if entity_id is None:
            continue
        of_id = lives.setdefault(entity_id, [])
        if action == "case.added" or not of_id or of_id[-1].last is not None:
            of_id.append(Life(first=event_id))
        life = of_id[-1]
        if action == "case.removed":
            life.last = event_id
            continue
        data = json.loads(payload)
        life.fields.update({k: v for k, v in data.items() if v is not None})
        life.ever_closed |= data.get("closed") is True
        if data.get("title"):
            life.titles.add(str(data["title"]))
    current: dict[int, CaseFacts] = {}
    for case_id, title, public_title, closed in cases:
        # a case on the list now is the last life of its id (one not removed)
        alive = [life for life in lives.get(case_id, []) if life.last is None]
        current[case_id] = CaseFacts(
            title,
            public_title,
            closed or any(life.ever_closed for life in alive),
            {title}.union(*(life.titles for life in alive)),
        )
    return Cases(current, lives)


def sentence(payload: dict[str, Any], case: CaseFacts | None, public: bool) -> str:
    """The sentence of a change stored as facts; `case` the case it names, as it was."""
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
    raise UnknownChange(f"unknown notice change {change!r}")


# The sentences of earlier versions that end in a case's title.
_NAMING = re.compile(r"^(Ny sak [^:]+|Ny referatsak): (.+)$", re.DOTALL)


def legacy(description: str, cases: Cases, public: bool) -> str:
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


def text(payload: dict[str, Any], event_id: int, cases: Cases, public: bool) -> str:
    """The sentence of one logged event (its id and parsed payload), as the document
    (internal or public) shows it."""
    if "change" in payload:
        case = None
        if payload["change"] in CASE_CHANGES:
            case = cases.at(payload["case_id"], event_id)
        return sentence(payload, case, public)
    return legacy(str(payload.get("description", "")), cases, public)
