"""Online backups of the SQLite file (SQLite's backup API), checked before they are kept."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dvmeet.errors import StorageError
from dvmeet.paths import backup_dir, make_private_dir

_NAME = re.compile(r"^dvmeet-(\d{8}-\d{6}-\d{6})-([a-z0-9_]+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA integrity_check` and `foreign_key_check`; an empty list means clean."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if problems == ["ok"]:
        problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"Rad {rowid} i {table} peikar på ei rad som manglar i {parent}")
    return problems


def backup_sqlite(
    source: Path,
    *,
    reason: str = "manual",
    directory: Path | None = None,
    now: dt.datetime | None = None,
) -> BackupFile:
    """Copy a live database with the online backup API; keep it only if it checks clean."""
    if not source.exists():
        raise StorageError(f"Det finst ingen database å ta reservekopi av: {source}")
    directory = directory or backup_dir()
    make_private_dir(directory)
    taken_at = now or dt.datetime.now()
    target = directory / f"dvmeet-{taken_at:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is a single self-contained file: no WAL beside it.
                dst.execute("PRAGMA journal_mode = DELETE")
                problems = integrity_problems(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Reservekopien kunne ikkje takast: {exc}") from exc
    if problems:
        partial.unlink(missing_ok=True)
        raise StorageError(
            "Reservekopien bestod ikkje kontrollen og vart ikkje teken vare på: "
            + "; ".join(problems[:3])
        )
    partial.replace(target)
    return BackupFile(target, taken_at, reason)


def list_backups(directory: Path | None = None) -> list[BackupFile]:
    """Backups in the folder, newest first."""
    directory = directory or backup_dir()
    found: list[BackupFile] = []
    if not directory.is_dir():
        return found
    for path in directory.iterdir():
        m = _NAME.match(path.name)
        if m:
            taken = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
            found.append(BackupFile(path, taken, m.group(2)))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


@dataclass(frozen=True)
class Retention:
    """How many backups to keep: the newest few, then one per day, week and month."""

    newest: int = 10
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


def backups_to_keep(
    taken: Iterable[dt.datetime], now: dt.datetime, policy: Retention = Retention()
) -> set[dt.datetime]:
    """Pure retention rule: which of these backup times to keep at `now`."""
    ordered: Sequence[dt.datetime] = sorted(taken, reverse=True)
    keep: set[dt.datetime] = set(ordered[: policy.newest])

    def newest_per(key_of: Callable[[dt.datetime], object], count: int, span: dt.timedelta) -> None:
        seen: set[object] = set()
        for t in ordered:
            if now - t > span:
                break
            key = key_of(t)
            if key not in seen:
                seen.add(key)
                keep.add(t)
            if len(seen) >= count:
                break

    newest_per(lambda t: t.date(), policy.daily, dt.timedelta(days=policy.daily))
    newest_per(lambda t: t.isocalendar()[:2], policy.weekly, dt.timedelta(weeks=policy.weekly))
    newest_per(lambda t: (t.year, t.month), policy.monthly, dt.timedelta(days=31 * policy.monthly))
    return keep


def rotate(
    directory: Path | None = None,
    now: dt.datetime | None = None,
    policy: Retention = Retention(),
) -> list[Path]:
    """Delete the backups the retention rule does not keep; return what was deleted."""
    backups = list_backups(directory)
    keep = backups_to_keep([b.taken_at for b in backups], now or dt.datetime.now(), policy)
    removed = []
    for b in backups:
        if b.taken_at not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed
