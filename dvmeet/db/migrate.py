"""Schema migrations (Alembic, shipped in the package) and the checks before them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from dvmeet.db.database import Database
from dvmeet.errors import DatabaseDamaged, DatabaseTooNew, StorageError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def sqlite_file_revision(path: Path) -> str | None:
    """Read the stamped revision without writing a byte to the file (read-only open)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
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
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    try:
        with db.engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    except StorageError:
        raise
    except Exception as exc:
        raise StorageError(f"Oppgraderinga av databasen feila: {exc}") from exc


def downgrade(db: Database, revision: str) -> None:
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())
