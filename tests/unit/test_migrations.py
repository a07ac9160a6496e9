"""A migration test upgrades an empty database to head and back down and up again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import PG_URL
from sqlalchemy import create_engine, inspect, text

from dvmeet.db import models  # noqa: F401  (registers every table on Base.metadata)
from dvmeet.db.base import Base
from dvmeet.db.database import Database, connect, resolve_url
from dvmeet.db.migrate import current_revision, downgrade, head_revision, upgrade

MODEL_TABLES = set(Base.metadata.tables)


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


def _not_search_index(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Full-text indexes (FTS5 virtual and shadow tables) live in migrations only."""
    return not (type_ == "table" and reflected and compare_to is None and "fts" in (name or ""))


def differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
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
