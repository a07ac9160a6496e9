"""Opening a database: SQLite file (default) or PostgreSQL, with the settings of DESIGN.md."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from dvmeet.db.driver_cursor import run
from dvmeet.db.readonly import ReadOnlyReason, read_only_notice
from dvmeet.errors import ReadOnlyAccess, StorageError
from dvmeet.i18n import _
from dvmeet.paths import default_database_path, make_private_dir

BUSY_TIMEOUT_MS = 10_000


def resolve_url(target: str | Path | None = None) -> URL:
    """A path or URL from --database / DVMEET_DATABASE_URL, or the default file."""
    if target is None:
        target = os.environ.get("DVMEET_DATABASE_URL") or default_database_path()
    text = str(target)
    if "://" not in text:
        return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().absolute()))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StorageError(_("Ugyldig databaseadresse: {url}").format(url=text)) from exc
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif url.get_backend_name() != "sqlite":
        raise StorageError(
            _(
                "Databasetypen «{kind}» er ikkje støtta. "
                "Bruk ei SQLite-fil eller ein PostgreSQL-tenar."
            ).format(kind=url.get_backend_name())
        )
    return url


def _prepare_sqlite_file(path: Path) -> None:
    make_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (SQLAlchemy's documented
    # recipe); the "begin" listener below emits BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
    # An in-memory database (which Database.path allows) answers "memory": nothing to share.
    if mode is None or str(mode[0]).lower() not in ("wal", "memory"):
        cur.close()
        raise StorageError(
            _(
                "Databasefila kan ikkje brukast i WAL-modus. Ligg ho på ein nettverksdisk? "
                "Flytt fila til ein lokal disk, eller bruk ein PostgreSQL-tenar for deling."
            )
        )
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    # Deleted and overwritten content is zeroed, not left in free space (GDPR erasure).
    cur.execute("PRAGMA secure_delete = ON")
    cur.close()


def _sqlite_on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # A file that cannot be written: its journal mode is read as it is (asking for WAL would
    # be a write), and the connection refuses every write itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA query_only = ON")
    cur.close()


def _sqlite_on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("dvmeet_begin", "DEFERRED")
    run(conn, f"BEGIN {mode}", ())  # on the cursor: every unit of work and read begins here


@dataclass
class Database:
    """An open database. `session()` is for reading; `write_session()` for a unit of work."""

    url: URL
    engine: Engine
    _read: sessionmaker[Session] = field(init=False, repr=False)
    _write: sessionmaker[Session] = field(init=False, repr=False)
    # Run once by dispose(): the writer lock of open_database is released there.
    on_dispose: list[Callable[[], None]] = field(default_factory=list, repr=False)
    # Why nothing may be written (dvmeet.db.readonly), or None for a writable database.
    read_only: ReadOnlyReason | None = None
    # What open_database found and did that the user should be told (one sentence each).
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = (
            self.engine.execution_options(dvmeet_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        self._write = sessionmaker(writer, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return Path(self.url.database)
        return None

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)

    @property
    def read_only_notice(self) -> str | None:
        """The sentence for the window and for every refused change, or None."""
        if self.read_only is None:
            return None
        return read_only_notice(self.display_name, self.read_only)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        notice = self.read_only_notice
        if notice is not None:  # refused before a transaction is begun
            raise ReadOnlyAccess(notice)
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        while self.on_dispose:
            self.on_dispose.pop()()


def create_database_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            _prepare_sqlite_file(Path(url.database))
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def connect_read_only(url: URL, uri: str, reason: ReadOnlyReason) -> Database:
    """A SQLite file opened for reading only (`uri` from dvmeet.db.readonly.read_only_uri)."""
    engine = create_engine(
        url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    event.listen(engine, "connect", _sqlite_on_connect_read_only)
    event.listen(engine, "begin", _sqlite_on_begin)
    return Database(url=url, engine=engine, read_only=reason)


def connect(target: str | Path | URL | None = None) -> Database:
    """Create an engine without migrating; use `dvmeet.db.open_database` for the app."""
    url = target if isinstance(target, URL) else resolve_url(target)
    return Database(url=url, engine=create_database_engine(url))
