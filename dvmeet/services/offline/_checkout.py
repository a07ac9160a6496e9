"""Taking a meeting out to a meeting file, and releasing it at home (issue 18)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text, update

from dvmeet.db.audit import append_event
from dvmeet.db.base import Base
from dvmeet.db.models import (
    DatabaseIdentity,
    Meeting,
    Minutes,
    OfflineCheckout,
    OfflineManifest,
)
from dvmeet.db.offline_seal import REGISTRY, content_digest, registry_digest, seal
from dvmeet.db.storage import open_database
from dvmeet.domain.enums import MinutesStatus
from dvmeet.errors import ChangedElsewhere, Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.offline._rows import Key, Row, key_of, owned_tables, snapshot_json
from dvmeet.services.offline.models import CheckoutIn, CheckoutOut, CheckoutState

# In the meeting file the registry is read-only, and so is everything else the meeting
# does not own (it would not come back): the database refuses every change.
FILE_REGISTRY = "dvmeet_offline_file: registeret kan ikkje endrast i ei møtefil"
FILE_OTHER = "dvmeet_offline_other: ei møtefil held berre det eine møtet"
# The case papers travel read-only: the laptop shows them; a case removed there takes its
# papers with it (the checkin removes the case, and its papers, at home too).
FILE_PAPERS = "dvmeet_offline_papers: sakspapira kan ikkje endrast i ei møtefil"
PAPERS = ("case_paper", "case_attachment")
# Never guarded in the file: the chain, the manifest and its seal, the database's id.
FILE_FREE = frozenset({"audit_event", "offline_manifest", "database_identity"})


def checkout_out(row: OfflineCheckout) -> CheckoutOut:
    return CheckoutOut(
        meeting_id=row.meeting_id,
        meeting_version=row.meeting_version,
        file_name=row.file_name,
        taken_by=row.taken_by,
        taken_at=row.taken_at,
        content_hash=row.content_hash,
        state=CheckoutState(row.state),
        ended_at=row.ended_at,
        ended_by=row.ended_by,
    )


def out_message(row: OfflineCheckout) -> str:
    return _(
        "Møtet er teke med ut på møtefila {file} (av {who}, {when}) og kan ikkje endrast "
        "her før det er henta inn att (Møte → Hent inn møtet …) eller fila er lagd bort "
        "(Møte → Ikkje bruk fila)."
    ).format(file=row.file_name, who=row.taken_by, when=row.taken_at.strftime("%d.%m.%Y %H:%M"))


def meeting_checkout(ctx: Context, meeting_id: int) -> CheckoutOut | None:
    """The meeting's checkout that is out now, or None (the meeting is at home)."""
    with ctx.reading() as s:
        row = s.scalars(
            select(OfflineCheckout).where(
                OfflineCheckout.meeting_id == meeting_id, OfflineCheckout.state == "out"
            )
        ).first()
        return checkout_out(row) if row is not None else None


def checked_out_meetings(ctx: Context) -> list[CheckoutOut]:
    """Every meeting out on a meeting file now (one read for the meeting list's marks)."""
    with ctx.reading() as s:
        rows = s.scalars(
            select(OfflineCheckout)
            .where(OfflineCheckout.state == "out")
            .order_by(OfflineCheckout.meeting_id)
        ).all()
        return [checkout_out(r) for r in rows]


def _gather(conn: Connection, meeting: Meeting) -> dict[str, dict[Key, Row]]:
    """The rows the file holds: the meeting and what it owns, the body and its
    memberships, every cooperation row, the urgent decisions reported in it, and every
    row those name (persons, municipalities, document versions ...), with their ids."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    chosen: dict[str, dict[Key, Row]] = {name: {} for name in tables}

    def take(table: Table, rows: Any) -> None:
        for r in rows.mappings():
            row = dict(r)
            chosen[table.name].setdefault(key_of(table, row), row)

    def take_where(name: str, clause: Any) -> None:
        table = tables[name]
        take(table, conn.execute(select(table).where(clause)))

    for table in owned_tables():
        if table.name == "meeting":
            take_where("meeting", table.c.id == meeting.id)
        elif "meeting_id" in table.c:
            take_where(table.name, table.c.meeting_id == meeting.id)
    take_where("body", tables["body"].c.id == meeting.body_id)
    take_where("membership", tables["membership"].c.body_id == meeting.body_id)
    take(tables["cooperation"], conn.execute(select(tables["cooperation"])))
    if "speaker_settings" in tables:  # the body's speaking times, read-only in the file
        take_where("speaker_settings", tables["speaker_settings"].c.body_id == meeting.body_id)
    case_ids = [r["id"] for r in chosen["agenda_case"].values()]
    if case_ids:
        take_where("urgent_decision", tables["urgent_decision"].c.reported_case_id.in_(case_ids))
        for name in PAPERS:
            take_where(name, tables[name].c.case_id.in_(case_ids))
        if "budget_case_cost_shares" in tables:
            take_where(
                "budget_case_cost_shares",
                tables["budget_case_cost_shares"].c.case_id.in_(case_ids),
            )
    # Every row named by a row taken, until nothing is missing.
    while True:
        missing: dict[tuple[str, str], set[Any]] = {}
        for name, rows in chosen.items():
            for fk in tables[name].foreign_keys:
                target = fk.column.table.name
                column = fk.column.name
                have = {r[column] for r in chosen[target].values()}
                for row in rows.values():
                    value = row[fk.parent.name]
                    if value is not None and value not in have:
                        missing.setdefault((target, column), set()).add(value)
        if not missing:
            break
        for (target, column), values in missing.items():
            take_where(target, tables[target].c[column].in_(sorted(values)))
    if "cost_share_line" in tables and chosen.get("cost_share_budget"):
        budgets = [r["id"] for r in chosen["cost_share_budget"].values()]
        take_where("cost_share_line", tables["cost_share_line"].c.budget_id.in_(budgets))
    chosen.pop("database_identity", None)
    chosen.pop("offline_checkout", None)
    chosen.pop("offline_manifest", None)
    return chosen


def _file_guards(conn: Connection, meeting_id: int) -> None:
    """Triggers in the meeting file: the registry and every row the meeting does not own
    are refused (what the file may change is what the checkin brings back)."""
    owned = {t.name for t in owned_tables()}
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in FILE_FREE or name in owned:
            continue
        if name in PAPERS:
            for op in ("INSERT", "UPDATE"):
                conn.execute(
                    text(
                        f"CREATE TRIGGER trg_{name}_meeting_file_{op.lower()} BEFORE {op} "
                        f"ON {name} BEGIN SELECT RAISE(ABORT, '{FILE_PAPERS}'); END"
                    )
                )
            continue
        marker = FILE_REGISTRY if name in REGISTRY else FILE_OTHER
        for op in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                text(
                    f"CREATE TRIGGER trg_{name}_meeting_file_{op.lower()} BEFORE {op} ON {name} "
                    f"BEGIN SELECT RAISE(ABORT, '{marker}'); END"
                )
            )
    for op, when in (
        ("INSERT", "1"),
        ("DELETE", "1"),
        ("UPDATE", f"OLD.id <> {int(meeting_id)} OR NEW.id <> {int(meeting_id)}"),
    ):
        conn.execute(
            text(
                f"CREATE TRIGGER trg_meeting_meeting_file_{op.lower()} BEFORE {op} ON meeting "
                f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{FILE_OTHER}'); END"
            )
        )


def _write_file(
    part: Path,
    rows: dict[str, dict[Key, Row]],
    manifest: dict[str, Any],
    actor: str,
) -> tuple[str, str]:
    """Make the meeting file at `part`; returns its content and registry digests."""
    db = open_database(part)
    try:
        with db.write_session() as s:
            conn = s.connection()
            for table in Base.metadata.sorted_tables:
                table_rows = list(rows.get(table.name, {}).values())
                if table_rows:
                    conn.execute(insert(table), table_rows)
            _file_guards(conn, manifest["meeting_id"])
            conn.execute(
                insert(OfflineManifest),
                [
                    {
                        **manifest,
                        "id": 1,
                        "content_hash": "",
                        "registry_hash": "",
                        "seal_head": "",
                        "seal_digest": "",
                    }
                ],
            )
            append_event(
                s,
                actor=actor,
                action="offline.checkout",
                entity="meeting",
                entity_id=manifest["meeting_id"],
                payload={
                    "checkout": manifest["checkout_uid"],
                    "origin": manifest["origin_uid"],
                    "meeting_version": manifest["meeting_version"],
                },
            )
            content = content_digest(conn)
            registry = registry_digest(conn)
            conn.execute(
                update(OfflineManifest).values(content_hash=content, registry_hash=registry)
            )
            seal(conn)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    return content, registry


def _remove(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{extra}").unlink()


def checkout_meeting(ctx: Context, data: CheckoutIn) -> CheckoutOut:
    """Take the meeting out to `data.file` and mark it out here, or change nothing."""
    target = data.file.expanduser().absolute()
    if target.exists() and not data.overwrite:
        raise InvalidInput(
            _("Fila {file} finst frå før. Vel eit anna namn på møtefila.").format(file=target)
        )
    if not target.parent.is_dir():
        raise InvalidInput(_("Mappa {folder} finst ikkje.").format(folder=target.parent))
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with ctx.unit_of_work() as uow:
            s = uow.session
            meeting = s.scalars(
                select(Meeting).where(Meeting.id == data.meeting_id).with_for_update()
            ).first()
            if meeting is None:
                raise NotFound(_("Fann ikkje møtet."))
            if s.scalar(select(OfflineManifest.id)) is not None:
                raise Conflict(
                    _("Dette er ei møtefil. Eit møte kan berre takast med ut frå hovuddatabasen.")
                )
            if data.expected_version is not None and meeting.version != data.expected_version:
                raise ChangedElsewhere()
            minutes = s.scalars(select(Minutes).where(Minutes.meeting_id == meeting.id)).first()
            if meeting.frozen or (minutes is not None and minutes.status is MinutesStatus.APPROVED):
                raise Conflict(
                    _(
                        "Møteboka for dette møtet er godkjend. Eit godkjent møte kan ikkje "
                        "takast med ut."
                    )
                )
            out = s.scalars(
                select(OfflineCheckout).where(
                    OfflineCheckout.meeting_id == meeting.id, OfflineCheckout.state == "out"
                )
            ).first()
            if out is not None:
                raise Conflict(out_message(out))
            identity = s.get(DatabaseIdentity, 1)
            if identity is None:  # pragma: no cover - every database has one (0015)
                raise Conflict(_("Databasen manglar identiteten sin."))
            conn = s.connection()
            uid = str(uuid.uuid4())
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            manifest = {
                "checkout_uid": uid,
                "origin_uid": identity.uid,
                "origin_name": ctx.display_name,
                "meeting_id": meeting.id,
                "meeting_version": meeting.version,
                "taken_by": ctx.actor,
                "taken_at": now,
            }
            rows = _gather(conn, meeting)
            snapshot = snapshot_json(conn, meeting.id)
            content, registry = _write_file(part, rows, manifest, ctx.actor)
            row = OfflineCheckout(
                uid=uid,
                meeting_id=meeting.id,
                meeting_version=meeting.version,
                file_name=str(target),
                taken_by=ctx.actor,
                taken_at=now,
                content_hash=content,
                registry_hash=registry,
                snapshot=snapshot,
                state="out",
            )
            s.add(row)
            s.flush()
            uow.audit(
                "offline.checkout",
                "meeting",
                meeting.id,
                {
                    "checkout": uid,
                    "file": str(target),
                    "meeting_version": meeting.version,
                    "content_hash": content,
                },
            )
            os.replace(part, target)
            result = checkout_out(row)
    except BaseException:
        _remove(part)
        if "result" in locals():  # the file was in place when the commit failed
            _remove(target)
        raise
    return result


def cancel_checkout(ctx: Context, meeting_id: int) -> CheckoutOut:
    """«Ikkje bruk fila»: release the meeting at home; the file can no longer be checked in."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = s.scalars(
            select(OfflineCheckout)
            .where(OfflineCheckout.meeting_id == meeting_id, OfflineCheckout.state == "out")
            .with_for_update()
        ).first()
        if row is None:
            raise NotFound(_("Møtet er ikkje teke med ut på noka møtefil."))
        row.state = "cancelled"
        row.ended_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        row.ended_by = ctx.actor
        s.flush()
        uow.audit(
            "offline.cancel", "meeting", meeting_id, {"checkout": row.uid, "file": row.file_name}
        )
        return checkout_out(row)
