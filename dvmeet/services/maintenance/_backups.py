"""Keeping the database healthy: checks, backups, rotation."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.backup import (
    backup_sqlite,
    file_problems,
    integrity_problems,
    list_backups,
    newest_good_backup,
    replace_with_backup,
    rotate,
    set_aside_damaged,
)
from dvmeet.db.database import resolve_url
from dvmeet.db.lock import acquire_writer_lock, held_locks, resolved, same_file
from dvmeet.db.models import Body, Meeting, Minutes
from dvmeet.db.readonly import file_read_only_reason, reading_uri
from dvmeet.db.restore_leftovers import recover_interrupted_restore
from dvmeet.db.revisions import refuse_unknown_revision, sqlite_file_revision
from dvmeet.errors import DatabaseDamaged, StorageError
from dvmeet.i18n import _
from dvmeet.services import minutes
from dvmeet.services.context import Context
from dvmeet.services.models import Out
from dvmeet.services.progress import Progress, quiet


class CheckReport(Out):
    database: str
    problems: list[str]
    audit_events: int
    audit_head: str
    # what could not be checked, and why (minutes approved before facts digests)
    notes: list[str] = []

    @property
    def clean(self) -> bool:
        return not self.problems


class BackupOut(Out):
    path: Path
    removed: list[Path]


class BackupInfo(Out):
    path: Path
    reason: str
    size: int


def database_exists(target: str | Path | None) -> bool:
    """False for an SQLite file that is not there (checking must not create it)."""
    url = resolve_url(target)
    if url.get_backend_name() != "sqlite" or not url.database:
        return True
    return Path(url.database).exists()


def _altered_snapshots(session: Session) -> list[str]:
    """Approved minutes whose kept snapshot no longer has the hash stored (and printed in
    the møtebok) at approval: edited with the database's triggers dropped."""
    rows = session.execute(
        select(Meeting.date, Body.code, Minutes.snapshot, Minutes.snapshot_hash)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .join(Body, Body.id == Meeting.body_id)
        .where(Minutes.snapshot_hash.is_not(None))
        .order_by(Meeting.date)
    )
    return [
        _(
            "Innhaldet i den godkjende møteboka for {body} {date} er endra etter godkjenninga "
            "(hashen stemmer ikkje)"
        ).format(body=code, date=f"{day:%d.%m.%Y}")
        for day, code, snapshot, stored in rows
        if snapshot is None or hashlib.sha256(snapshot.encode("utf-8")).hexdigest() != stored
    ]


def _approval_heads(session: Session) -> list[tuple[dt.date, str, str]]:
    """(meeting date, body code, chain head printed in the minutes) of approved minutes."""
    rows = session.execute(
        select(Meeting.date, Body.code, Minutes.audit_head)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .join(Body, Body.id == Meeting.body_id)
        .where(Minutes.audit_head.is_not(None))
        .order_by(Meeting.date)
    )
    return [(day, code, str(head)) for day, code, head in rows]


def _missing_approvals(
    approvals: list[tuple[dt.date, str, str]], verified: dict[str, int]
) -> list[str]:
    """Every approval's head must be an event of the verified chain: a log cut short, or
    rewritten and chained anew, no longer holds the head the minutes printed."""
    return [
        _(
            "Møteboka for {body} {date} vart godkjend ved ei hending som ikkje finst i "
            "revisjonsloggen (hash {head}): loggen er avkorta eller skriven om"
        ).format(body=code, date=f"{day:%d.%m.%Y}", head=head[:16])
        for day, code, head in approvals
        if head not in verified
    ]


def check_database(ctx: Context) -> CheckReport:
    """Integrity and foreign-key check (SQLite), then the audit chain (every backend)."""
    problems: list[str] = []
    path = ctx.database_path
    if path is not None:
        try:
            conn = sqlite3.connect(reading_uri(path), uri=True)
            try:
                problems += integrity_problems(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(
                _("Databasen {path} er skadd: {error}").format(path=path, error=exc)
            ) from exc
    with ctx.reading() as session:
        chain = verify_audit_chain(session)
        approvals = _approval_heads(session)
        problems += _altered_snapshots(session)
    if chain.broken_at is not None:
        problems.append(
            _("Revisjonsloggen er endra: hending nr. {n} – {problem}").format(
                n=chain.broken_at, problem=chain.problem
            )
        )
    else:
        problems += _missing_approvals(approvals, chain.verified)
    records = minutes.record_check(ctx)
    return CheckReport(
        database=ctx.display_name,
        problems=problems + records.problems,
        audit_events=chain.events,
        audit_head=chain.head,
        notes=records.notes,
    )


def backup_now(
    ctx: Context,
    reason: str = "manual",
    directory: Path | None = None,
    progress: Progress | None = None,
) -> BackupOut:
    path = _sqlite_path(ctx)
    steps = progress or quiet()
    made = backup_sqlite(
        path,
        reason=reason,
        directory=directory,
        progress=lambda done, total: steps.step(done, total, _("Kopierer databasen")),
    )
    removed = rotate(directory)
    return BackupOut(path=made.path, removed=removed)


def backups(directory: Path | None = None) -> list[BackupInfo]:
    return [
        BackupInfo(path=b.path, reason=b.reason, size=b.path.stat().st_size)
        for b in list_backups(directory)
    ]


def _sqlite_path(ctx: Context) -> Path:
    if ctx.database_path is None:
        raise StorageError(
            _(
                "Reservekopi frå dvmeet gjeld SQLite-filer. "
                "Ein PostgreSQL-tenar blir sikra med pg_dump av driftsansvarleg."
            )
        )
    return ctx.database_path


# --- damaged files and restore ---------------------------------------------------------------


class DamagedOut(Out):
    """A damaged database file: what is wrong, where its copy was set aside, what to restore."""

    database: Path
    problems: list[str]
    set_aside: Path | None
    newest_good_backup: BackupInfo | None


class RestoreOut(Out):
    database: Path
    restored_from: Path
    replaced: Path | None  # the database that was there before, kept as <name>.replaced-<tid>


def _sqlite_file(target: str | Path | None) -> Path:
    url = resolve_url(target)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise StorageError(
            _(
                "Gjenoppretting frå dvmeet gjeld SQLite-filer. "
                "Ein PostgreSQL-tenar blir gjenoppretta med pg_restore av driftsansvarleg."
            )
        )
    return Path(url.database)


def newest_backup(directory: Path | None = None) -> BackupInfo | None:
    """The newest backup that passes the full integrity check: what the app offers."""
    good = newest_good_backup(directory)
    if good is None:
        return None
    return BackupInfo(path=good.path, reason=good.reason, size=good.path.stat().st_size)


def check_file(
    target: str | Path | None, backup_directory: Path | None = None
) -> DamagedOut | None:
    """Full integrity check of a SQLite file before it is opened, without writing to it.
    None when the file is clean (or not a SQLite file); otherwise a copy is set aside."""
    url = resolve_url(target)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    if not path.exists() or path.stat().st_size == 0:
        return None
    problems = file_problems(path)
    if not problems:
        return None
    try:
        aside: Path | None = set_aside_damaged(
            path, backup_directory.parent / "damaged" if backup_directory else None
        )
    except OSError:
        aside = None
    return DamagedOut(
        database=path,
        problems=problems,
        set_aside=aside,
        newest_good_backup=newest_backup(backup_directory),
    )


def restore_database(backup: Path, target: str | Path | None = None) -> RestoreOut:
    """Replace the database with a backup, safely: the backup is checked first, no other
    dvmeet may have the file open, and the replaced file is kept aside. The app closes its
    own Context before calling this and opens the database again afterwards."""
    path = _sqlite_file(target)
    backup = backup.expanduser().absolute()
    if not backup.is_file():
        raise StorageError(_("Reservekopien finst ikkje: {path}").format(path=backup))
    if same_file(backup, path):
        raise StorageError(_("Reservekopien og databasen er same fila."))
    problems = file_problems(backup)
    if problems:
        raise DatabaseDamaged(
            _(
                "Reservekopien {path} er skadd og vart ikkje brukt: {problems}. "
                "Databasen er ikkje endra."
            ).format(path=backup, problems="; ".join(problems[:3]))
        )
    refuse_unknown_revision(sqlite_file_revision(backup), str(backup))
    if resolved(path) in held_locks():
        raise StorageError(_("Lukk databasen før han blir gjenoppretta frå ein reservekopi."))
    if file_read_only_reason(path) is not None:
        raise StorageError(
            _(
                "Databasefila {path} er skriveverna, så ho kan ikkje bytast ut med ein "
                "reservekopi; databasen er ikkje endra."
            ).format(path=path)
        )
    lock = acquire_writer_lock(path)
    try:
        # What an earlier, interrupted restore left is dealt with first (as an open would).
        recover_interrupted_restore(path, file_problems)
        replaced = replace_with_backup(path, backup)
    finally:
        lock.release()
    return RestoreOut(database=path, restored_from=backup, replaced=replaced)
