"""Erasing a person on request (GDPR art. 17), within what the law on archives allows.

The person's e-mail, phone, title and gender are erased everywhere. The name is erased too,
unless the person appears in approved (frozen) minutes: those are official records that
must be kept (arkivlova, kommunelova § 11-4), so the name stays there and the service says
so in its note. Texts that quote the erased values are rewritten where they are not frozen,
and the audit log's copies are redacted: the erasure event records, for every redacted
event, the SHA-256 of its new payload, so the hash chain still verifies (see
`dvmeet.db.audit.verify_audit_chain`). On PostgreSQL the server does the audit part
(`dvmeet_erase_person_audit`, migration 0010, a SECURITY DEFINER function reading the
person's values itself), so the secretariat erases without any right on the audit table
and without owning a table. On SQLite the freed bytes are overwritten
(`secure_delete`, on for every connection), the full-text index is merged, the file is
rewritten (VACUUM) and the write-ahead log emptied, so none of the values remain in the
file. Backups taken before the erasure still hold them until rotation deletes them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Enum, String, Text, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvmeet.db import models  # noqa: F401  (every table is registered before it is walked)
from dvmeet.db.audit import appended_event
from dvmeet.db.base import Base
from dvmeet.db.models import AuditEvent, Meeting, Person
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services.context import FROZEN_MARKER, Context
from dvmeet.services.models import Out

REDACTED = "[sletta]"
ERASED_ACTION = "person.erased"


class ErasureOut(Out):
    person_id: int
    name_kept: bool
    frozen_meetings: list[int]
    rows_rewritten: int
    rows_kept_frozen: int
    audit_events_redacted: int
    note: str


def _frozen_meetings(s: Session, person_id: int) -> list[int]:
    """Frozen meetings whose records refer to the person (any column pointing at person.id
    in a table of meeting records)."""
    found: set[int] = set()
    for table in Base.metadata.sorted_tables:
        if "meeting_id" not in table.c:
            continue
        for column in table.c:
            if not any(fk.column.table.name == "person" for fk in column.foreign_keys):
                continue
            stmt = (
                select(table.c.meeting_id)
                .join(Meeting.__table__, Meeting.id == table.c.meeting_id)
                .where(column == person_id, Meeting.frozen.is_(True))
                .distinct()
            )
            found.update(int(m) for m in s.execute(stmt).scalars())
    return sorted(found)


def _rewrite_texts(s: Session, needles: list[str]) -> tuple[int, int]:
    """Replace the values in every text column of every row that may change; rows of frozen
    meetings refuse (their trigger) and are left as they are. Returns (rewritten, kept)."""
    rewritten = kept = 0
    for table in Base.metadata.sorted_tables:
        if table.name in ("audit_event", "person", "alembic_version"):
            continue
        pk = list(table.primary_key.columns)
        if len(pk) != 1:
            continue
        for column in table.c:
            if not isinstance(column.type, String | Text) or isinstance(column.type, Enum):
                continue  # enumerations hold codes, never names
            for needle in needles:
                ids = s.execute(
                    select(pk[0]).where(column.contains(needle, autoescape=True))
                ).scalars()
                for row_id in list(ids):
                    current = s.execute(select(column).where(pk[0] == row_id)).scalar()
                    if not isinstance(current, str) or needle not in current:
                        continue
                    try:
                        with s.begin_nested():
                            s.execute(
                                table.update()
                                .where(pk[0] == row_id)
                                .values({column.name: current.replace(needle, REDACTED)})
                            )
                        rewritten += 1
                    except DBAPIError as exc:
                        if FROZEN_MARKER not in str(exc.orig):
                            raise
                        kept += 1
    return rewritten, kept


def _json_forms(needle: str) -> list[str]:
    escaped = json.dumps(needle, ensure_ascii=False)[1:-1]
    return [needle] if escaped == needle else [needle, escaped]


def _redact_audit(s: Session, needles: list[str]) -> dict[str, str]:
    """Rewrite audit payloads that hold the values; {event id: SHA-256 of the new payload}.
    SQLite only."""
    forms = [f for n in needles for f in _json_forms(n)]
    changed: dict[int, str] = {}
    for form in forms:
        for event in s.scalars(
            select(AuditEvent).where(AuditEvent.payload.contains(form, autoescape=True))
        ):
            payload = changed.get(event.id, event.payload)
            if form in payload:
                changed[event.id] = payload.replace(form, REDACTED)
    if not changed:
        return {}
    # SQLite: the update trigger is lifted for the redaction and put back in the same
    # transaction (PostgreSQL does this in dvmeet_erase_person_audit, as the owner).
    conn = s.connection()
    triggers = [
        (str(name), str(sql))
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'audit_event' AND upper(sql) LIKE '%BEFORE UPDATE%'"
        )
    ]
    for name, _sql in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for event_id, payload in changed.items():
        s.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(payload=payload))
    for _name, sql in triggers:
        conn.exec_driver_sql(sql)
    return {
        str(event_id): hashlib.sha256(payload.encode("utf-8")).hexdigest()
        for event_id, payload in sorted(changed.items())
    }


def _purge_sqlite(ctx: Context) -> None:
    """Overwrite what the erasure freed: merge the full-text index, rewrite the file, empty
    the write-ahead log."""
    with ctx.db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        raw.execute("PRAGMA secure_delete = ON")
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND upper(sql) LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'"
        ).fetchall():
            raw.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')')
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_person(ctx: Context, person_id: int) -> ErasureOut:
    """Erase a person's personal data; see the module text for what is kept and why."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        person = lookup.get_or_raise(s, Person, person_id, _("personen"))
        if ctx.is_sqlite:
            frozen = _frozen_meetings(s, person.id)
            redacted_count = None
        else:
            # The server reads the person's values, redacts the log and chains the
            # erasure (migration 0010): the secretariat has no write on the audit table.
            erased = s.execute(
                text("SELECT * FROM dvmeet_erase_person_audit(:actor, :person_id)"),
                {"actor": uow.actor, "person_id": person.id},
            ).one()
            appended_event(s, int(erased.event_id))
            frozen = sorted(int(m) for m in erased.frozen_meetings)
            redacted_count = int(erased.redacted)
        name_kept = bool(frozen)
        needles = [v for v in (person.email, person.phone) if v]
        if not name_kept:
            needles.append(person.name)
        needles = sorted({n for n in needles if n and n.strip()}, key=len, reverse=True)
        rewritten, kept = _rewrite_texts(s, needles)
        person.email = None
        person.phone = None
        person.title = None
        person.gender = None
        if not name_kept:
            person.name = f"Sletta person {person.id}"
        s.flush()
        if redacted_count is None:
            redacted = _redact_audit(s, needles)
            redacted_count = len(redacted)
            uow.audit(
                ERASED_ACTION,
                "person",
                person.id,
                {"name_kept": name_kept, "frozen_meetings": frozen, "redacted_events": redacted},
            )
    if ctx.is_sqlite:
        _purge_sqlite(ctx)
    if name_kept:
        note = _(
            "Namnet er teke vare på fordi personen står i godkjende møtebøker "
            "(møte {meetings}). Møtebøkene er arkivverdige "
            "offentlege dokument som ikkje kan endrast (arkivlova, kommunelova § 11-4). "
            "E-post, telefon og andre personopplysningar er sletta."
        ).format(meetings=", ".join(str(m) for m in frozen))
    else:
        note = _("Namn, e-post, telefon og andre personopplysningar er sletta.")
    if kept:
        note += " " + _("{kept} tekstar i godkjende møtebøker er ikkje endra.").format(kept=kept)
    note += " " + _("Eldre reservekopiar held opplysningane til dei blir sletta ved rotering.")
    return ErasureOut(
        person_id=person_id,
        name_kept=name_kept,
        frozen_meetings=frozen,
        rows_rewritten=rewritten,
        rows_kept_frozen=kept,
        audit_events_redacted=redacted_count,
        note=note,
    )
