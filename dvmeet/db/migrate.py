"""Schema migrations (Alembic, shipped in the package) and the checks before them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from dvmeet.db.database import Database
from dvmeet.db.revisions import MIGRATIONS
from dvmeet.errors import StorageError
from dvmeet.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # Alembic is loaded only when a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


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
                            _(
                                "Oppgraderinga av databasen vart avbroten: {n} rader peikar "
                                "på rader som manglar (første i tabellen {table}). Databasen "
                                "er ikkje endra."
                            ).format(n=len(broken), table=broken[0][0])
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
        raise StorageError(
            _("Oppgraderinga av databasen feila: {error}").format(error=exc)
        ) from exc


def downgrade(db: Database, revision: str) -> None:
    with _migration_transaction(db) as conn:
        from alembic import command

        command.downgrade(alembic_config(conn), revision)


def has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())
