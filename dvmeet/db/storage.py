"""open_database: refuse what this version cannot read, back up, migrate, hand out the Database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from dvmeet.db.backup import backup_sqlite
from dvmeet.db.database import Database, connect, resolve_url
from dvmeet.db.migrate import (
    current_revision,
    head_revision,
    refuse_unknown_revision,
    sqlite_file_revision,
    upgrade,
)
from dvmeet.errors import StorageError
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
    """
    url = target if isinstance(target, URL) else resolve_url(target)
    path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if path is not None and str(path) != ":memory:":
        if is_network_path(path):
            raise StorageError(
                f"Databasefila {path} ligg på ein nettverksdisk. SQLite kan ikkje brukast trygt "
                "der. Flytt fila til ein lokal disk, eller bruk ein PostgreSQL-tenar for å dele "
                "databasen."
            )
        revision = sqlite_file_revision(path)
        refuse_unknown_revision(revision, str(path))
    db = connect(url)
    try:
        if path is None or str(path) == ":memory:":
            revision = current_revision(db)
            refuse_unknown_revision(revision, db.display_name)
        if migrate and revision != head_revision():
            if path is not None and revision is not None:
                backup_sqlite(path, reason="migration", directory=backup_directory)
            upgrade(db)
    except DBAPIError as exc:
        db.dispose()
        raise StorageError(f"Databasen {db.display_name} kan ikkje opnast: {exc.orig}") from exc
    except BaseException:
        db.dispose()
        raise
    return db
