"""Opening a database (DESIGN.md, Storage): private files, connection settings, refusals."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from dbtarget import is_postgres
from sqlalchemy.engine import URL

from dvmeet.db import storage
from dvmeet.db.backup import list_backups
from dvmeet.db.database import BUSY_TIMEOUT_MS, resolve_url
from dvmeet.db.revisions import head_revision
from dvmeet.db.storage import open_database
from dvmeet.errors import DatabaseDamaged, DatabaseTooNew, StorageError

sqlite_only = pytest.mark.skipif(is_postgres(), reason="SQLite file behaviour")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> dict[str, str | None]:
    """Digest of each -wal/-shm/-journal file beside `path` (None when absent)."""
    out: dict[str, str | None] = {}
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        out[suffix] = sha256(side) if side.exists() else None
    return out


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def make_stamped(path: Path, revision: str) -> None:
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


# --- files private to the user ------------------------------------------------------------


@sqlite_only
def test_new_database_file_is_private_in_a_private_directory(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # a usual umask: without care the file would be 0644
    try:
        path = tmp_path / "fresh" / "dvmeet.sqlite"
        db = open_database(path)
        db.dispose()
    finally:
        os.umask(old_umask)
    assert path.exists()
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600


@sqlite_only
def test_sidecar_files_are_private_too(tmp_path: Path) -> None:
    path = tmp_path / "d" / "dvmeet.sqlite"
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar()
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                assert side.exists()
                assert mode(side) == 0o600
    finally:
        db.dispose()


# --- every connection ------------------------------------------------------------------------


@sqlite_only
def test_every_connection_has_the_pragmas(database_url: URL) -> None:
    db = open_database(database_url)
    try:
        # Several connections at once: each gets its own settings from the pool's listener.
        with db.engine.connect() as one, db.engine.connect() as two:
            for conn in (one, two):

                def pragma(name: str, conn=conn) -> object:  # type: ignore[no-untyped-def]
                    return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

                assert pragma("journal_mode") == "wal"
                assert pragma("synchronous") == 2  # FULL
                assert pragma("foreign_keys") == 1
                assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
                assert BUSY_TIMEOUT_MS >= 1000
    finally:
        db.dispose()


@sqlite_only
def test_foreign_keys_are_enforced_in_a_write_session(database_url: URL) -> None:
    db = open_database(database_url)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY)")
            conn.exec_driver_sql("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id REFERENCES p(id))")
            conn.commit()
        with pytest.raises(Exception, match="FOREIGN KEY"), db.write_session() as session:
            session.connection().exec_driver_sql("INSERT INTO c (id, p_id) VALUES (1, 99)")
    finally:
        db.dispose()


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL only")
def test_postgres_database_opens_at_head(database_url: URL) -> None:
    db = open_database(database_url)
    try:
        assert not db.is_sqlite
        assert db.path is None
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                head_revision()
            )
    finally:
        db.dispose()


# --- refusing what this version cannot read ------------------------------------------------


@sqlite_only
def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    make_stamped(path, "ffffffff")
    before = sha256(path)
    sides_before = sidecars(path)
    assert sides_before["-wal"] is None

    with pytest.raises(DatabaseTooNew) as err:
        open_database(path)

    assert "nyare versjon" in str(err.value)
    assert "ffffffff" in str(err.value)
    assert sha256(path) == before
    assert sidecars(path) == sides_before


@sqlite_only
def test_newer_database_with_a_wal_beside_it_is_refused_untouched(tmp_path: Path) -> None:
    """Another process has the file open (a -wal exists): still nothing is written."""
    path = tmp_path / "newer.sqlite"
    make_stamped(path, "ffffffff")
    holder = sqlite3.connect(path)  # keeps the WAL alive while we look
    try:
        holder.execute("SELECT count(*) FROM alembic_version").fetchone()
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        before, wal_before = sha256(path), sha256(wal)
        with pytest.raises(DatabaseTooNew):
            open_database(path)
        assert sha256(path) == before
        assert sha256(wal) == wal_before
    finally:
        holder.close()


@sqlite_only
def test_file_of_random_bytes_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "random.sqlite"
    path.write_bytes(os.urandom(16384))
    before = sha256(path)

    with pytest.raises(DatabaseDamaged):
        open_database(path)

    assert sha256(path) == before
    assert sidecars(path) == {"-wal": None, "-shm": None, "-journal": None}


@sqlite_only
def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = sha256(path)

    with pytest.raises(DatabaseDamaged, match="ikkje ein dvmeet-database"):
        open_database(path)

    assert sha256(path) == before


@sqlite_only
def test_empty_file_is_treated_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                head_revision()
            )
    finally:
        db.dispose()


# --- resolve_url ---------------------------------------------------------------------------


def test_resolve_url_path_becomes_absolute_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_url("sub/møte.sqlite")
    assert url.drivername == "sqlite+pysqlite"
    assert url.database == str(tmp_path / "sub" / "møte.sqlite")
    assert Path(url.database).is_absolute()
    assert resolve_url(tmp_path / "x.sqlite").database == str(tmp_path / "x.sqlite")


def test_resolve_url_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_url("~/a.sqlite").database == str(tmp_path / "a.sqlite")


def test_resolve_url_postgresql_uses_psycopg() -> None:
    url = resolve_url("postgresql://u:secret@db.example:5433/dvmeet")
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.username) == ("db.example", 5433, "dvmeet", "u")
    assert resolve_url("postgresql+psycopg2://h/d").drivername == "postgresql+psycopg"


def test_resolve_url_refuses_other_databases() -> None:
    with pytest.raises(StorageError) as err:
        resolve_url("mysql://u:p@host/db")
    assert "mysql" in str(err.value)
    assert "PostgreSQL" in str(err.value)


def test_resolve_url_refuses_nonsense() -> None:
    with pytest.raises(StorageError):
        resolve_url("://")


def test_resolve_url_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # conftest points DVMEET_DATA_DIR at tmp_path/userdata and clears DVMEET_DATABASE_URL
    assert resolve_url().database == str(tmp_path / "userdata" / "dvmeet.sqlite")
    monkeypatch.setenv("DVMEET_DATABASE_URL", str(tmp_path / "env.sqlite"))
    assert resolve_url().database == str(tmp_path / "env.sqlite")


# --- backup before migrating ---------------------------------------------------------------


@sqlite_only
def test_older_database_is_backed_up_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    open_database(path).dispose()
    backups = tmp_path / "backups"
    assert list_backups(backups) == []

    upgraded: list[str] = []
    # The file stays at today's head; this version pretends its head is newer.
    monkeypatch.setattr(storage, "head_revision", lambda: "fffffffffff0")

    def fake_upgrade(db: object, revision: str = "head") -> None:
        # The backup must already be there when the migration starts.
        assert [b.reason for b in list_backups(backups)] == ["migration"]
        upgraded.append(revision)

    monkeypatch.setattr(storage, "upgrade", fake_upgrade)

    db = open_database(path, backup_directory=backups)
    db.dispose()

    assert upgraded == ["head"]
    made = list_backups(backups)
    assert [b.reason for b in made] == ["migration"]
    assert mode(made[0].path) == 0o600
    check = sqlite3.connect(made[0].path)
    try:
        assert check.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    finally:
        check.close()


@sqlite_only
def test_new_database_and_current_database_make_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    backups = tmp_path / "backups"
    open_database(path, backup_directory=backups).dispose()  # new: nothing to back up
    open_database(path, backup_directory=backups).dispose()  # at head: nothing to migrate
    assert list_backups(backups) == []


@sqlite_only
def test_failed_migration_leaves_backup_and_reports_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    open_database(path).dispose()
    backups = tmp_path / "backups"
    monkeypatch.setattr(storage, "head_revision", lambda: "fffffffffff0")

    def failing_upgrade(db: object, revision: str = "head") -> None:
        raise StorageError("Oppgraderinga av databasen feila: test")

    monkeypatch.setattr(storage, "upgrade", failing_upgrade)
    with pytest.raises(StorageError, match="Oppgraderinga"):
        open_database(path, backup_directory=backups)
    assert [b.reason for b in list_backups(backups)] == ["migration"]
