"""The meeting file's seal (issue 18): what tells the checkin that a meeting file was
changed by dvmeet only.

A meeting file (a SQLite database of dvmeet's own schema holding one meeting, made by
`dvmeet.services.offline.checkout_meeting`) has one row in `offline_manifest`. At every
commit in such a file dvmeet renews the seal in that row in the same transaction: the
head of the file's audit chain and the digest of every row of every table. A row changed
outside dvmeet (another SQLite tool) leaves the seal behind: the checkin recomputes the
digest and refuses the file. (A tool that knows this code could forge a seal; the seal
finds edits, it is no signature.)"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, event, select, text, update
from sqlalchemy.orm import Session

from dvmeet.db.audit import GENESIS, canonical_json
from dvmeet.db.base import Base
from dvmeet.db.database import Database
from dvmeet.db.models import AuditEvent, OfflineManifest
from dvmeet.i18n import _

# Not part of the digest: the chain (checked by itself), the seal's own row.
UNSEALED = frozenset({"audit_event", "offline_manifest", "offline_checkout"})
# The registry as it stood at checkout: read-only in the file (triggers made at checkout).
REGISTRY = (
    "cooperation",
    "municipality",
    "body",
    "person",
    "membership",
    "governing_document",
    "document_version",
)


def plain(value: Any) -> Any:
    """A column's value as JSON can hold it, the same on both engines."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def sealed_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in UNSEALED]


def rows_digest(conn: Connection, tables: Iterable[Table]) -> str:
    """SHA-256 over every row of the tables (by name, rows by primary key)."""
    digest = hashlib.sha256()
    for table in sorted(tables, key=lambda t: t.name):
        digest.update(table.name.encode("utf-8") + b"\n")
        order = list(table.primary_key.columns)
        for row in conn.execute(select(table).order_by(*order)).mappings():
            line = canonical_json([plain(row[c.name]) for c in table.columns])
            digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def content_digest(conn: Connection) -> str:
    return rows_digest(conn, sealed_tables())


def registry_digest(conn: Connection) -> str:
    return rows_digest(conn, [Base.metadata.tables[name] for name in REGISTRY])


def audit_head(conn: Connection) -> str:
    head = conn.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return head or GENESIS


def seal(conn: Connection) -> None:
    """Renew the seal in the caller's transaction."""
    conn.execute(
        update(OfflineManifest)
        .where(OfflineManifest.id == 1)
        .values(seal_head=audit_head(conn), seal_digest=content_digest(conn))
    )


def _before_commit(session: Session) -> None:
    session.flush()
    seal(session.connection())


def is_meeting_file(conn: Connection) -> bool:
    exists = conn.scalar(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'offline_manifest'")
    )
    return bool(exists) and conn.scalar(select(OfflineManifest.id)) is not None


class StandingNotice(str):
    """A notice that stays in the window for as long as the database is open (the bar
    offers no close for it): a meeting file says so all the time. A plain str elsewhere."""

    stays = True


def attach(db: Database) -> None:
    """When `db` is a meeting file: renew its seal at every commit, and say what it is."""
    if not db.is_sqlite or db.path is None:
        return
    with db.engine.connect() as conn:
        if not is_meeting_file(conn):
            return
        manifest = conn.execute(select(OfflineManifest)).one()
    db.notices.append(
        StandingNotice(
            _(
                "Dette er ei møtefil: eitt møte teke med ut frå {origin} av {who}. Berre dette "
                "møtet er med, og registeret kan ikkje endrast her (bortsett frå å kalle inn "
                "varamedlemer og føre frammøte). Hent inn møtet i hovuddatabasen etterpå."
            ).format(origin=manifest.origin_name, who=manifest.taken_by)
        )
    )
    if db.read_only is None:
        event.listen(db._write, "before_commit", _before_commit)
