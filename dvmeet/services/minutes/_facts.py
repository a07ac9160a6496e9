"""The facts digest of approved minutes (B-3): the SHA-256 of every row an approved meeting
owns, by id and values, so that `check` can tell a frozen row changed, added or removed
with the database's triggers dropped (sqlite3 on the file, a PostgreSQL owner).

The rows are exactly those the freeze triggers protect (migrations 0007, 0011 and 0017): the
meeting itself and every row that belongs to it directly or through its case, vote,
proposal, disqualification, attendance event or minutes, found through every parent as
the triggers find them. Registry tables (persons, bodies, municipalities) are not in it:
a name may change legitimately, and the snapshot keeps the names as approved.

Left out of every row: the concurrency counter `version` (bumped by the last writes of
the approval), `meeting.frozen` (set after the digest, the lock rather than a fact) and
`minutes.facts_hash` (the digest itself). Corrections are not in it either: they are
added after approval (linked records, insert-only), and each is checked against its
audit event instead (`correction_problems`).

Which columns of which tables went into the digest is kept in the snapshot at approval
(`manifest`), itself covered by the snapshot hash printed in the møtebok: a column a later
migration adds to an owned table never changes the digest of minutes approved before it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, or_, select
from sqlalchemy.orm import Session

from dvmeet.db.audit import _redacted_payloads, canonical_json
from dvmeet.db.base import Base
from dvmeet.db.models import AuditEvent, Body, Correction, Meeting, Minutes
from dvmeet.domain.enums import MinutesStatus
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import RecordCheck

# For every table whose rows belong to a meeting: the ways a row names its meetings, as
# (column, parent table): None for the row's own meeting column, else the parent whose
# `meeting_id` the column points at. The same paths as the freeze triggers' OWNERS.
OWNERS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "meeting": (("id", None),),
    "agenda_case": (("meeting_id", None),),
    "attendance_event": (("meeting_id", None), ("case_id", "agenda_case")),
    "absence_reason": (("meeting_id", None), ("attendance_event_id", "attendance_event")),
    "disqualification": (("meeting_id", None), ("case_id", "agenda_case")),
    "proposal": (("meeting_id", None), ("case_id", "agenda_case")),
    "vote": (
        ("meeting_id", None),
        ("case_id", "agenda_case"),
        ("proposal_id", "proposal"),
        ("against_proposal_id", "proposal"),
        ("disqualification_id", "disqualification"),
    ),
    "ballot": (("meeting_id", None), ("vote_id", "vote")),
    "decision": (("meeting_id", None), ("case_id", "agenda_case"), ("vote_id", "vote")),
    "minutes": (("meeting_id", None),),
    "minutes_signatory": (("meeting_id", None), ("minutes_id", "minutes")),
    "meeting_progress": (("meeting_id", None), ("current_case_id", "agenda_case")),
    "vote_draft": (("meeting_id", None), ("case_id", "agenda_case")),
    "rule_warning": (("meeting_id", None), ("case_id", "agenda_case")),
    # the case papers (0017): the saksframlegg and the attachments, bytes and all
    "case_paper": (("case_id", "agenda_case"),),
    "case_attachment": (("case_id", "agenda_case"),),
    # the speakers' list (0019): who spoke, in order, with the times
    "speaker_entry": (
        ("meeting_id", None),
        ("case_id", "agenda_case"),
        ("replying_to_id", "speaker_entry"),
    ),
    # the send log of the notice by e-mail (0020): who was sent which notice, when, with
    # the attachments' hashes (whether the body was lawfully summoned)
    "mail_message": (("meeting_id", None),),
}

# Columns that are not facts of the meeting (see the module's docstring).
LEFT_OUT = {("meeting", "frozen"), ("minutes", "facts_hash")}
ALL_TABLES = "version"  # a column left out of every table


def manifest() -> dict[str, list[str]]:
    """The columns of every owned table that go into the digest, as the schema is now."""
    tables = Base.metadata.tables
    return {
        name: [
            c.name
            for c in tables[name].columns
            if c.name != ALL_TABLES and (name, c.name) not in LEFT_OUT
        ]
        for name in sorted(OWNERS)
    }


def _owned_by(table: Table, meeting_id: int) -> ColumnElement[bool]:
    tables = Base.metadata.tables
    clauses: list[ColumnElement[bool]] = []
    for column, parent in OWNERS[table.name]:
        if parent is None:
            clauses.append(table.c[column] == meeting_id)
        else:
            owner = tables[parent]
            clauses.append(
                table.c[column].in_(select(owner.c.id).where(owner.c.meeting_id == meeting_id))
            )
    return or_(*clauses)


def _plain(value: Any) -> Any:
    """A value as canonical JSON keeps it, the same on SQLite and PostgreSQL."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def owned_rows(
    session: Session, meeting_id: int, columns: Mapping[str, Sequence[str]]
) -> dict[str, list[list[Any]]]:
    """The rows the meeting owns, per table: the values of `columns`, ordered by key."""
    tables = Base.metadata.tables
    found: dict[str, list[list[Any]]] = {}
    for name in sorted(columns):
        table = tables[name]
        keys = [c for c in table.primary_key.columns]
        stmt = (
            select(*(table.c[c] for c in columns[name]))
            .where(_owned_by(table, meeting_id))
            .order_by(*keys)
        )
        found[name] = [[_plain(v) for v in row] for row in session.execute(stmt)]
    return found


def facts_digest(session: Session, meeting_id: int, columns: Mapping[str, Sequence[str]]) -> str:
    """SHA-256 of the rows the meeting owns (`columns`: the manifest kept at approval)."""
    material = canonical_json(
        {
            name: {"kolonnar": list(columns[name]), "rader": rows}
            for name, rows in owned_rows(session, meeting_id, columns).items()
        }
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def manifest_of(snapshot: str) -> dict[str, list[str]] | None:
    """The manifest kept in a snapshot, or None (minutes approved before facts digests)."""
    try:
        kept = json.loads(snapshot).get("fakta")
    except (ValueError, AttributeError):
        return None
    if not isinstance(kept, dict):
        return None
    columns = kept.get("kolonnar")
    if not isinstance(columns, dict):
        return None
    tables = Base.metadata.tables
    if any(
        name not in OWNERS
        or not isinstance(cols, list)
        or any(not isinstance(c, str) or c not in tables[name].c for c in cols)
        for name, cols in columns.items()
    ):
        return None
    return {str(name): [str(c) for c in cols] for name, cols in columns.items()}


# --- corrections --------------------------------------------------------------------------

CORRECTED = "minutes.corrected"


def correction_problems(session: Session) -> list[tuple[int, int, str]]:
    """(meeting id, correction id, what is wrong) for every correction that its audit
    event does not account for: a row with no event, an event with no row (deleted), or
    a row whose values differ from those the event recorded (edited). A payload a
    recorded erasure redacted is checked for its row only."""
    rows = {c.id: c for c in session.scalars(select(Correction).order_by(Correction.id))}
    events = session.execute(
        select(AuditEvent.id, AuditEvent.entity_id, AuditEvent.payload)
        .where(AuditEvent.action == CORRECTED, AuditEvent.entity == "correction")
        .order_by(AuditEvent.id)
    ).all()
    redacted = _redacted_payloads(session)
    columns = set(Base.metadata.tables["correction"].c.keys())
    problems: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for event_id, correction_id, payload in events:
        if correction_id is None:
            continue
        seen.add(correction_id)
        try:
            recorded = json.loads(payload)
        except ValueError:
            recorded = {}
        row = rows.get(correction_id)
        meeting_id = recorded.get("meeting_id") if isinstance(recorded, dict) else None
        if row is None:
            problems.append((int(meeting_id or 0), correction_id, "deleted"))
            continue
        if event_id in redacted or not isinstance(recorded, dict):
            continue
        differs = any(
            _plain(getattr(row, key)) != _plain(value)
            for key, value in recorded.items()
            if key in columns and key != "id"
        )
        if differs:
            problems.append((row.meeting_id, correction_id, "edited"))
    problems += [(row.meeting_id, cid, "unlogged") for cid, row in rows.items() if cid not in seen]
    return problems


# --- the check ----------------------------------------------------------------------------


def _named(session: Session) -> dict[int, str]:
    """Every meeting as «Body name dd.mm.åååå», the way check's sentences name it."""
    rows = session.execute(
        select(Meeting.id, Meeting.date, Body.name).join(Body, Body.id == Meeting.body_id)
    )
    return {mid: f"{name} {day:%d.%m.%Y}" for mid, day, name in rows}


def _approved(session: Session, meeting_id: int | None) -> list[tuple[int, Minutes, bool]]:
    """(meeting id, minutes, frozen) of every meeting whose minutes show any sign of
    approval: a status, a hash or the meeting's lock, so that clearing one of them with
    the triggers dropped does not take the minutes out of the check."""
    stmt = (
        select(Minutes, Meeting.frozen)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(
            or_(
                Minutes.status == MinutesStatus.APPROVED,
                Minutes.snapshot_hash.is_not(None),
                Minutes.facts_hash.is_not(None),
                Minutes.audit_head.is_not(None),
                Meeting.frozen.is_(True),
            )
        )
        .order_by(Meeting.date, Meeting.id)
    )
    if meeting_id is not None:
        stmt = stmt.where(Minutes.meeting_id == meeting_id)
    return [(m.meeting_id, m, bool(frozen)) for m, frozen in session.execute(stmt).all()]


def record_check(ctx: Context, meeting_id: int | None = None) -> RecordCheck:
    """Recompute the facts digest of every approved meeting (or of one) and hold every
    correction against its audit event: one sentence per finding, naming the meeting."""
    problems: list[str] = []
    notes: list[str] = []
    with ctx.reading() as s:
        named = _named(s)
        for mid, minutes, frozen in _approved(s, meeting_id):
            meeting = named.get(mid, str(mid))
            if not frozen:
                problems.append(
                    _(
                        "Møteboka for {meeting} er godkjend, men møtet er ikkje lenger låst: "
                        "låsen er teken av utanom dvmeet"
                    ).format(meeting=meeting)
                )
            columns = manifest_of(minutes.snapshot) if minutes.snapshot else None
            if minutes.facts_hash is None and columns is None:
                notes.append(
                    _(
                        "Møteboka for {meeting} vart godkjend før dvmeet tok vare på ein sum "
                        "av opplysningane i møtet, så endringar i dei kan ikkje finnast for "
                        "denne møteboka (innhaldet i sjølve møteboka blir kontrollert)"
                    ).format(meeting=meeting)
                )
            elif minutes.facts_hash is None or columns is None:
                problems.append(
                    _(
                        "Summen av opplysningane i den godkjende møteboka for {meeting} er "
                        "fjerna eller øydelagd etter godkjenninga"
                    ).format(meeting=meeting)
                )
            elif facts_digest(s, mid, columns) != minutes.facts_hash:
                problems.append(
                    _(
                        "Opplysningane i møtet {meeting} er endra etter at møteboka vart "
                        "godkjend (summen av radene møtet eig, stemmer ikkje)"
                    ).format(meeting=meeting)
                )
        for mid, cid, kind in correction_problems(s):
            if meeting_id is not None and mid != meeting_id:
                continue
            meeting = named.get(mid, str(mid))
            if kind == "deleted":
                text = _(
                    "Retting nr. {id} til møteboka for {meeting} er sletta: "
                    "revisjonsloggen har ho, men ho finst ikkje lenger"
                )
            elif kind == "edited":
                text = _(
                    "Retting nr. {id} til møteboka for {meeting} er endra etter at ho vart "
                    "ført: ho stemmer ikkje med revisjonsloggen"
                )
            else:
                text = _(
                    "Retting nr. {id} til møteboka for {meeting} finst ikkje i "
                    "revisjonsloggen: ho er lagd inn utanom dvmeet"
                )
            problems.append(text.format(id=cid, meeting=meeting))
    return RecordCheck(problems=problems, notes=notes)
