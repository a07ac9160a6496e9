"""open_database: refuse what this version cannot read, back up, migrate, hand out the Database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from dvmeet.db import offline_seal
from dvmeet.db.backup import (
    backup_sqlite,
    file_problems,
    keep_wal_evidence,
    newest_good_backup,
    set_aside_damaged,
)
from dvmeet.db.database import Database, connect, connect_read_only, resolve_url
from dvmeet.db.lock import acquire_writer_lock
from dvmeet.db.migrate import current_revision, upgrade
from dvmeet.db.readonly import (
    ReadOnlyReason,
    file_read_only_reason,
    read_only_refusal,
    read_only_uri,
)
from dvmeet.db.restore_leftovers import recover_interrupted_restore
from dvmeet.db.revisions import head_revision, refuse_unknown_revision, sqlite_file_revision
from dvmeet.errors import DatabaseDamaged, StorageError
from dvmeet.i18n import _
from dvmeet.paths import is_network_path


def open_database(
    target: str | Path | URL | None = None,
    *,
    migrate: bool = True,
    backup_directory: Path | None = None,
) -> Database:
    """Open (and create or migrate) the database at a path or URL.

    A database stamped by a newer dvmeet is refused before anything is written to it.
    An existing SQLite database is backed up before it is migrated.
    A SQLite file is claimed for this process (one writer per file) before anything else,
    and checked read-only: a damaged file is set aside (copied) and never written to.
    A file that cannot be written (dvmeet.db.readonly) is opened for reading only, never
    migrated, and says so in `Database.read_only_notice`; a PostgreSQL login that may only
    read is marked the same way. What an interrupted restore left beside the file is dealt
    with first (dvmeet.db.restore_leftovers), and the user told in `Database.notices`.
    """
    url = target if isinstance(target, URL) else resolve_url(target)
    path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if path is not None and str(path) != ":memory:":
        if is_network_path(path):
            raise StorageError(network_message(path))
        read_only = file_read_only_reason(path)
        lock = acquire_writer_lock(path)
        try:
            notices: list[str] = []
            if read_only not in (ReadOnlyReason.FOLDER, ReadOnlyReason.MOUNT):
                left = recover_interrupted_restore(path, file_problems)
                notices += [left] if left else []
            uri = read_only_uri(path, read_only) if read_only is not None else None
            refuse_damaged(path, backup_directory)
            keep_wal_evidence(path, backup_directory.parent / "wal" if backup_directory else None)
            revision = sqlite_file_revision(path)
            refuse_unknown_revision(revision, str(path))
            if read_only is not None and uri is not None:
                if migrate and revision != head_revision():
                    raise StorageError(read_only_refusal(str(path), revision))
                db = connect_read_only(url, uri, read_only)
            else:
                db = connect(url)
        except BaseException:
            lock.release()
            raise
        db.on_dispose.append(lock.release)
        db.notices += notices
    else:
        db = connect(url)
    try:
        if path is None or str(path) == ":memory:":
            revision = current_revision(db)
            refuse_unknown_revision(revision, db.display_name)
        if migrate and revision != head_revision():
            if path is not None and revision is not None:
                backup_sqlite(path, reason="migration", directory=backup_directory)
            try:
                upgrade(db)
            except StorageError as exc:
                if _content_mismatch(exc.__cause__):
                    raise StorageError(stale_stamp_message(db.display_name, revision)) from exc
                if isinstance(exc.__cause__, DBAPIError):  # disk full, locked: no SQL shown
                    raise StorageError(
                        _("Oppgraderinga av databasen feila: {error}").format(
                            error=_first_line(exc.__cause__.orig)
                        )
                    ) from exc
                raise
        if not db.is_sqlite and _role_reads_only(db):
            db.read_only = ReadOnlyReason.ROLE
        offline_seal.attach(db)  # a meeting file (issue 18): sealed at every commit
    except DBAPIError as exc:
        db.dispose()
        raise StorageError(
            _("Databasen {name} kan ikkje opnast: {error}").format(
                name=db.display_name, error=_first_line(exc.orig)
            )
        ) from exc
    except BaseException:
        db.dispose()
        raise
    return db


def _role_reads_only(db: Database) -> bool:
    """Whether the PostgreSQL login may only read (the observer role of `dvmeet db
    init-roles`: read-only transactions by default, no right to change a meeting)."""
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT current_setting('transaction_read_only'), "
            "to_regclass('meeting') IS NULL "
            "OR has_table_privilege(current_user, 'meeting', 'UPDATE')"
        ).one()
    return str(row[0]) == "on" or not bool(row[1])


_MISMATCH = ("already exists", "duplicate column", "no such table", "no such column")


def _first_line(error: object) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""


def _content_mismatch(cause: BaseException | None) -> bool:
    """Whether a failed upgrade met tables other than its stamp promised (a stale stamp)."""
    if cause is None or isinstance(cause, StorageError):
        return False
    if isinstance(cause, DBAPIError):
        return any(m in _first_line(cause.orig) for m in _MISMATCH)
    return not isinstance(cause, OSError)  # e.g. SQLAlchemy's view of a schema it did not expect


def stale_stamp_message(name: str, revision: str | None) -> str:
    """One sentence, never SQL, for a database whose content does not match its stamp."""
    stamp = f"versjon {revision}" if revision else "ingen versjon"
    return (
        f"Databasen {name} er merkt med {stamp}, men innhaldet passar ikkje til den "
        "versjonen, så han kan ikkje oppgraderast; han er ikkje endra, og ein reservekopi "
        "kan gjenopprettast frå menyen Fil."
    )


def network_message(path: Path) -> str:
    return (
        f"Databasefila {path} ligg på ein nettverksdisk eller i ei skysynkronisert mappe "
        "(OneDrive, Dropbox, Google Drive, iCloud). SQLite kan ikkje brukast trygt der: "
        "synkronisering og nettverk kan øydeleggje fila. Flytt fila til ei lokal mappe, eller "
        "bruk ein PostgreSQL-tenar for å dele databasen mellom fleire."
    )


def refuse_damaged(path: Path, backup_directory: Path | None = None) -> None:
    """Raise DatabaseDamaged for a file that fails SQLite's quick check (read-only); a copy
    is set aside in the "damaged" folder and the newest good backup is named."""
    if not path.exists() or path.stat().st_size == 0:
        return
    # A -wal left with frames in it (a crash, or a stray file) gets the full check: the first
    # write connection would copy those frames into the file.
    wal = path.with_name(path.name + "-wal")
    problems = file_problems(path, quick=not (wal.exists() and wal.stat().st_size > 0))
    if problems:
        raise damaged_error(path, problems, backup_directory)


def damaged_error(
    path: Path, problems: list[str], backup_directory: Path | None = None
) -> DatabaseDamaged:
    """The error for a damaged file, after setting a copy aside and finding a good backup."""
    lines = [f"Databasefila {path} er skadd ({'; '.join(problems[:2])}). Fila er ikkje endra."]
    try:
        aside = set_aside_damaged(
            path, backup_directory.parent / "damaged" if backup_directory else None
        )
        lines.append(f"Ein kopi av den skadde fila er lagd til side: {aside}.")
    except OSError as exc:
        lines.append(f"Fila kunne ikkje kopierast til side ({exc.strerror}).")
    good = newest_good_backup(backup_directory)
    if good is None:
        lines.append("Det finst ingen god reservekopi. Kontakt brukarstøtta.")
    else:
        lines.append(
            f"Nyaste gode reservekopi er frå {good.taken_at:%d.%m.%Y %H:%M}: {good.path}. "
            f"Gjenopprett han med «dvmeet restore {good.path}» eller frå menyen Fil."
        )
    return DatabaseDamaged(" ".join(lines))
