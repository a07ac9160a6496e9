"""Schema migrations (Alembic, shipped in the package) and the checks before them."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from dvmeet.db.database import Database
from dvmeet.errors import DatabaseDamaged, DatabaseTooNew, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([^"\'\s]+)["\']?', re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # Alembic is loaded only when a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@functools.cache  # the shipped migrations do not change while the program runs
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files as text: opening a database
    that is already current then needs no Alembic import (startup time). A test checks this
    against Alembic's own reading."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict((m.group(1), m.group(2)) for m in _REVISION.finditer(path.read_text("utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


@functools.cache
def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise StorageError(f"Migrasjonane har {len(heads)} hovud: {sorted(heads)}")
    return heads.pop()


def sqlite_file_revision(path: Path) -> str | None:
    """Read the stamped revision without writing a byte to the file (read-only open)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    # A read-only open of a WAL database still creates -wal and -shm files beside it.
    # With no -wal (or -journal) there, the file alone holds everything: read it as
    # immutable so that nothing at all is written beside it.
    sidecars = (path.with_name(path.name + s) for s in ("-wal", "-journal"))
    immutable = "&immutable=1" if not any(p.exists() for p in sidecars) else ""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseDamaged(f"Databasefila {path} kan ikkje opnast: {exc}") from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseDamaged(
                    f"Fila {path} er ein database, men ikkje ein dvmeet-database."
                )
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(
            f"Fila {path} er skadd eller er ikkje ein database ({exc}). "
            "Bruk ein reservekopi eller vel ei anna fil."
        ) from exc
    finally:
        conn.close()


def refuse_unknown_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(
            f"Databasen {where} er laga av ein nyare versjon av dvmeet (skjema {revision}). "
            "Oppdater dvmeet for å opne han. Databasen er ikkje endra."
        )


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


@contextmanager
def _migration_transaction(db: Database) -> Iterator[Connection]:
    """One transaction for the migration. On SQLite, batch migrations copy a table and drop
    the old one; with foreign keys on, that DROP fails (or cascades) as soon as another
    table refers to a row. So foreign keys are off while migrating (the pragma only takes
    effect outside a transaction) and every reference is checked before the commit."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StorageError(
                            "Oppgraderinga av databasen vart avbroten: "
                            f"{len(broken)} rader peikar på rader som manglar "
                            f"(første i tabellen {broken[0][0]}). Databasen er ikkje endra."
                        )
        finally:
            if raw is not None:
                try:
                    raw.execute("PRAGMA foreign_keys = ON")
                except sqlite3.Error:
                    conn.invalidate()  # never hand a connection without foreign keys back


def upgrade(db: Database, revision: str = "head") -> None:
    try:
        with _migration_transaction(db) as conn:
            from alembic import command

            command.upgrade(alembic_config(conn), revision)
    except StorageError:
        raise
    except Exception as exc:
        raise StorageError(f"Oppgraderinga av databasen feila: {exc}") from exc


def downgrade(db: Database, revision: str) -> None:
    with _migration_transaction(db) as conn:
        from alembic import command

        command.downgrade(alembic_config(conn), revision)


def has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())
