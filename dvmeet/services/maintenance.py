"""Keeping the database healthy: checks, backups, rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.backup import backup_sqlite, integrity_problems, list_backups, rotate
from dvmeet.db.database import resolve_url
from dvmeet.errors import DatabaseDamaged, StorageError
from dvmeet.services.context import Context
from dvmeet.services.models import Out


class CheckReport(Out):
    database: str
    problems: list[str]
    audit_events: int
    audit_head: str

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


def check_database(ctx: Context) -> CheckReport:
    """Integrity and foreign-key check (SQLite), then the audit chain (every backend)."""
    problems: list[str] = []
    path = ctx.database_path
    if path is not None:
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                problems += integrity_problems(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(f"Databasen {path} er skadd: {exc}") from exc
    with ctx.reading() as session:
        chain = verify_audit_chain(session)
    if chain.broken_at is not None:
        problems.append(
            f"Revisjonsloggen er endra: hending nr. {chain.broken_at} – {chain.problem}"
        )
    return CheckReport(
        database=ctx.display_name,
        problems=problems,
        audit_events=chain.events,
        audit_head=chain.head,
    )


def backup_now(ctx: Context, reason: str = "manual", directory: Path | None = None) -> BackupOut:
    path = _sqlite_path(ctx)
    made = backup_sqlite(path, reason=reason, directory=directory)
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
            "Reservekopi frå dvmeet gjeld SQLite-filer. "
            "Ein PostgreSQL-tenar blir sikra med pg_dump av driftsansvarleg."
        )
    return ctx.database_path
