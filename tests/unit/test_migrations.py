"""A migration test upgrades an empty database to head and back down and up again."""

from __future__ import annotations

import sqlite3
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from dbtarget import PG_URL, is_postgres
from sqlalchemy import create_engine, inspect, text

from dvmeet.db import models  # noqa: F401  (registers every table on Base.metadata)
from dvmeet.db.base import Base
from dvmeet.db.database import Database, connect, resolve_url
from dvmeet.db.migrate import alembic_config, current_revision, downgrade, upgrade
from dvmeet.db.revisions import head_revision
from dvmeet.db.search_text import INDEXES
from dvmeet.errors import StorageError

MODEL_TABLES = set(Base.metadata.tables)
sqlite_only = pytest.mark.skipif(is_postgres(), reason="SQLite batch migrations")


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[Database]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if PG_URL:
        url = resolve_url(PG_URL)
        name = f"dvmeet_mig_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = connect(url.set(database=name))
        yield db
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        db = connect(tmp_path / "empty.sqlite")
        yield db
        db.dispose()


def tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


# Indexes on an expression that differs by engine, written by migrations only (the ORM
# cannot declare one index per engine that alembic compares): 0026's Norwegian name order,
# 0027's full-text indexes on PostgreSQL (dvmeet.db.search_text.INDEXES).
MIGRATION_ONLY_INDEXES = {"ix_person_name_order"} | {name for name, _t, _e in INDEXES}


def _not_search_index(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Full-text indexes (FTS5 virtual and shadow tables) live in migrations only."""
    if type_ == "index" and reflected and compare_to is None and name in MIGRATION_ONLY_INDEXES:
        return False
    return not (type_ == "table" and reflected and compare_to is None and "fts" in (name or ""))


def differences(db: Database) -> list[object]:
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite's indexes on an expression (0026) are not reflected
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        mc = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _not_search_index}
        )
        return list(compare_metadata(mc, Base.metadata))


def test_models_define_tables() -> None:
    assert "audit_event" in MODEL_TABLES
    assert len(MODEL_TABLES) > 5


def test_upgrade_downgrade_upgrade(empty_database: Database) -> None:
    db = empty_database
    assert tables(db) == set()
    assert current_revision(db) is None

    upgrade(db)
    assert current_revision(db) == head_revision()
    assert tables(db) >= MODEL_TABLES
    assert tables(db) - MODEL_TABLES <= {"alembic_version"} | _extra_tables(db)

    downgrade(db, "base")
    assert current_revision(db) is None
    assert tables(db) <= {"alembic_version"}

    upgrade(db)
    assert current_revision(db) == head_revision()
    assert tables(db) >= MODEL_TABLES
    assert differences(db) == []


def test_models_match_the_migrations(empty_database: Database) -> None:
    """A model changed without a migration shows up here as a difference."""
    upgrade(empty_database)
    assert differences(empty_database) == []


def test_comparison_notices_a_model_without_migration(empty_database: Database) -> None:
    """The check above can fail: a table missing from the database is reported."""
    upgrade(empty_database)
    with empty_database.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_event"))
    diffs = differences(empty_database)
    assert any(d[0] == "add_table" and d[1].name == "audit_event" for d in diffs)  # type: ignore[index]


def test_head_is_a_single_known_revision() -> None:
    head = head_revision()
    assert head
    assert isinstance(head, str)


def _extra_tables(db: Database) -> set[str]:
    """Tables the migrations may add beside the ORM's: SQLite FTS5 shadow tables."""
    if not db.is_sqlite:
        return set()
    return {t for t in tables(db) if "fts" in t.lower()}


# --- migrating a database that holds data (SQLite batch mode copies and drops tables) ------


def first_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    bases = script.get_bases()
    assert len(bases) == 1
    return bases[0]


def insert_row(conn: sqlite3.Connection, table: str, done: set[str] | None = None) -> None:
    """Row id 1 in `table`, with row 1 in every table its required foreign keys point to."""
    done = set() if done is None else done
    if table in done:
        return
    done.add(table)
    fks = {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
    names, values = ["id"], [1]
    for _cid, name, type_, notnull, _default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if name == "id" or not notnull:
            continue
        names.append(name)
        if name in fks:
            insert_row(conn, fks[name], done)
            values.append(1)
        elif "INT" in type_ or "BOOL" in type_:
            values.append(1)
        elif "DATE" in type_ or "TIME" in type_:
            values.append("2026-01-05 10:00:00.000000")
        else:
            values.append("x")
    marks = ", ".join("?" * len(values))
    conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)


def fill_tables(path: Path) -> dict[str, int]:
    """One row in every table this generic filler can satisfy (CHECKs may refuse some)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        done: set[str] = set()
        for table in names:
            before = set(done)
            conn.execute("SAVEPOINT one")
            try:
                insert_row(conn, table, done)
            except sqlite3.DatabaseError:  # a CHECK, or a table without an id column
                conn.execute("ROLLBACK TO one")
                done = before
            conn.execute("RELEASE one")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in names}
        return {t: n for t, n in counts.items() if n}
    finally:
        conn.close()


@sqlite_only
def test_upgrade_from_the_first_revision_with_data_in_every_table(tmp_path: Path) -> None:
    """Batch migrations drop and recreate tables: rows referred to must not stop them."""
    path = tmp_path / "old.sqlite"
    db = connect(path)
    try:
        upgrade(db, first_revision())
        counts = fill_tables(path)
        # tables that later migrations recreate, and tables that refer to them
        assert {"meeting", "agenda_case", "proposal", "vote"} <= set(counts)

        upgrade(db)

        assert current_revision(db) == head_revision()
        with db.engine.connect() as conn:
            for table, n in counts.items():
                assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == n
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            # the connection went back to the pool with foreign keys on again
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


@sqlite_only
def test_upgrade_that_would_leave_broken_references_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = connect(path)
    try:
        upgrade(db, first_revision())
        assert "proposal" in fill_tables(path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM meeting")  # rows elsewhere still point at meeting 1
        conn.commit()
        conn.close()

        with pytest.raises(StorageError, match="peikar på rader som manglar"):
            upgrade(db)

        assert current_revision(db) == first_revision()
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_the_quick_revision_reading_matches_alembic() -> None:
    """open_database reads revisions from the files as text (no Alembic import); it must
    agree with Alembic's own reading of the scripts."""
    from alembic.script import ScriptDirectory

    from dvmeet.db.migrate import alembic_config
    from dvmeet.db.revisions import head_revision, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {r.revision for r in script.walk_revisions()}
