"""Online backups of the SQLite file (SQLite's backup API), checked before they are kept."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dvmeet.db.readonly import reading_uri
from dvmeet.db.restore_leftovers import (
    begin_restore,
    end_restore,
    file_sha256,
    recover_interrupted_restore,
)
from dvmeet.errors import DatabaseDamaged, StorageError
from dvmeet.i18n import _
from dvmeet.paths import backup_dir, make_private_dir

# Pages copied per step of the online backup (4 MB at SQLite's default page size): small
# databases go in one step; a big one reports progress and can be cancelled between steps.
BACKUP_STEP_PAGES = 1024
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
    progress: Callable[[int, int], None] | None = None,
) -> BackupFile:
    """Copy a live database with the online backup API; keep it only if it checks clean.

    `progress(copied_pages, total_pages)` is called as the copy goes; an exception raised
    from it stops the copy, removes the partial file and is raised again."""
    if not source.exists():
        raise StorageError(
            _("Det finst ingen database å ta reservekopi av: {path}").format(path=source)
        )
    directory = directory or backup_dir()
    make_private_dir(directory)
    taken_at = now or dt.datetime.now()
    target = directory / f"dvmeet-{taken_at:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        src = sqlite3.connect(reading_uri(source), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst, pages=BACKUP_STEP_PAGES, progress=report)
                # A backup is a single self-contained file: no WAL beside it.
                dst.execute("PRAGMA journal_mode = DELETE")
                problems = integrity_problems(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _("Reservekopien kunne ikkje takast: {error}").format(error=exc)
        ) from exc
    except BaseException:  # cancelled from `progress`: leave nothing behind
        partial.unlink(missing_ok=True)
        raise
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


# --- damaged files, the newest good backup, restore -----------------------------------------

SIDECARS = ("-wal", "-journal")


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def file_problems(path: Path, *, quick: bool = False) -> list[str]:
    """Check a database file without writing a byte to it; an empty list means clean.

    With no -wal or -journal beside it, the file alone is the database: it is read as
    immutable so that not even a -shm is created. `quick` runs `quick_check` (the b-tree
    structure, in milliseconds) instead of the full `integrity_check`.
    """
    immutable = "" if any(sidecar(path, s).exists() for s in SIDECARS) else "&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        if quick:
            found = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            return [] if found == ["ok"] else found
        return integrity_problems(conn)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def newest_good_backup(directory: Path | None = None) -> BackupFile | None:
    """The newest backup that passes the full check, or None."""
    for backup in list_backups(directory):
        if not file_problems(backup.path):
            return backup
    return None


def set_aside_damaged(
    path: Path, directory: Path | None = None, now: dt.datetime | None = None
) -> Path:
    """Copy a damaged database (and its -wal) into the "damaged" folder; the file itself is
    only read. The same damaged content is kept once, however often it is met."""
    directory = directory or backup_dir().parent / "damaged"
    make_private_dir(directory)
    digest = file_sha256(path)[:16]
    existing = sorted(directory.glob(f"*-{digest}-{path.name}"))
    if existing:
        return existing[0]
    taken = now or dt.datetime.now()
    target = directory / f"{taken:%Y%m%d-%H%M%S}-{digest}-{path.name}"
    for suffix in ("", *SIDECARS):
        source = sidecar(path, suffix) if suffix else path
        if source.exists():
            dest = sidecar(target, suffix) if suffix else target
            partial = dest.with_name(dest.name + ".partial")
            fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            os.close(fd)
            shutil.copyfile(source, partial)
            partial.replace(dest)
    return target


def keep_wal_evidence(
    path: Path, directory: Path | None = None, now: dt.datetime | None = None
) -> Path | None:
    """Copy a file whose -wal holds frames (a crash, or a stray -wal), with that -wal, into the
    "wal" folder before any write connection checkpoints it into the file (or drops frames
    it cannot trust): the evidence of what was committed is kept. Kept once per -wal content;
    the copy's path, or None when there is no -wal with frames."""
    wal = sidecar(path, "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return None
    directory = directory or backup_dir().parent / "wal"
    make_private_dir(directory)
    digest = file_sha256(wal)[:16]
    existing = sorted(directory.glob(f"*-{digest}-{path.name}"))
    if existing:
        return existing[0]
    target = directory / f"{now or dt.datetime.now():%Y%m%d-%H%M%S}-{digest}-{path.name}"
    for source, dest in ((wal, sidecar(target, "-wal")), (path, target)):  # the file last
        partial = dest.with_name(dest.name + ".partial")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        shutil.copyfile(source, partial)
        partial.replace(dest)
    return target


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Names the steps of a restore; DVMEET_TEST_KILL_RESTORE_AT=<step> makes the process kill
# itself (SIGKILL) on reaching that step, so the reliability tests can stop a restore
# anywhere without timing it.
RESTORE_STEPS = ("copy", "checked", "kept", "checkpointed", "sidecars", "replaced", "synced")


def _restore_step(name: str) -> None:
    if os.environ.get("DVMEET_TEST_KILL_RESTORE_AT") == name:  # pragma: no cover - tests
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _keep(source: Path, copy: Path) -> None:
    """`copy` becomes another name of `source` (a hard link), or a copy where links fail."""
    try:
        os.link(source, copy)
    except OSError:
        shutil.copy2(source, copy)


def _checkpoint(target: Path) -> None:
    """Bring the -wal's committed pages into the file itself, so that the file alone holds
    every acknowledged write. A damaged file that cannot be checkpointed is left as it is."""
    try:
        conn = sqlite3.connect(target, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def replace_with_backup(target: Path, backup: Path, now: dt.datetime | None = None) -> Path | None:
    """Put a checked copy of `backup` where `target` is. The replaced database (with its -wal,
    so that nothing committed is lost) is kept beside it as `<name>.replaced-<timestamp>`;
    that path is returned. The caller holds the writer lock of `target`.

    Atomic at every step: the new file is written and checked beside the old one, the old
    one is kept under another name (a hard link) without leaving `target`, its -wal is
    checkpointed into it, and one rename puts the new file in place. Killed anywhere,
    `target` holds a complete database, the old one or the new one, and the next open
    deals with what was left beside it (dvmeet.db.restore_leftovers)."""
    problems = file_problems(backup)
    if problems:
        raise DatabaseDamaged(
            f"Reservekopien {backup} er skadd og vart ikkje brukt: " + "; ".join(problems[:3])
        )
    make_private_dir(target.parent)
    replaced = None
    if target.exists():
        stamp = f"{now or dt.datetime.now():%Y%m%d-%H%M%S}"
        replaced = target.with_name(f"{target.name}.replaced-{stamp}")
        n = 1
        while replaced.exists():
            n += 1
            replaced = target.with_name(f"{target.name}.replaced-{stamp}-{n}")
    # Killed from here on, the next open finds the state and deals with what was left
    # beside the database (dvmeet.db.restore_leftovers); failing here, the same is done
    # at once, so that a failed restore leaves the database as it was and nothing beside it.
    begin_restore(target, backup, replaced)
    try:
        _replace(target, backup, replaced)
    except BaseException:
        recover_interrupted_restore(target, file_problems)
        raise
    end_restore(target)
    return replaced


def _replace(target: Path, backup: Path, replaced: Path | None) -> None:
    staging = sidecar(target, ".restoring")
    staging.unlink(missing_ok=True)
    fd = os.open(staging, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        with backup.open("rb") as src:
            for block in iter(lambda: src.read(1 << 20), b""):
                os.write(fd, block)
                _restore_step("copy")
        os.fsync(fd)
    finally:
        os.close(fd)
    problems = file_problems(staging)
    if problems:
        staging.unlink(missing_ok=True)
        raise DatabaseDamaged(
            _("Kopien av reservekopien {backup} vart skadd under kopieringa.").format(backup=backup)
        )
    _restore_step("checked")
    if replaced is not None:
        for suffix in SIDECARS:  # copied: the checkpoint below empties the -wal itself
            if sidecar(target, suffix).exists():
                shutil.copy2(sidecar(target, suffix), sidecar(replaced, suffix))
        _keep(target, replaced)
        _fsync_dir(target.parent)
        _restore_step("kept")
        _checkpoint(target)
        _restore_step("checkpointed")
    # The old -wal must not meet the new file (its frames would be applied to it); after the
    # checkpoint it holds nothing the file lacks, and the kept copy has it as it was. The
    # shared-memory index belongs to the old -wal and would mislead the restored database.
    for suffix in (*SIDECARS, "-shm"):
        sidecar(target, suffix).unlink(missing_ok=True)
    _fsync_dir(target.parent)
    _restore_step("sidecars")
    os.replace(staging, target)
    _restore_step("replaced")
    _fsync_dir(target.parent)
    _restore_step("synced")
