"""Fresh database per test, copied from a template migrated once per session.

SQLite by default; set DVMEET_TEST_DATABASE_URL to a PostgreSQL URL (a role that may
CREATE DATABASE) to run the same tests against a real server.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from dbtarget import PG_URL, is_postgres  # noqa: F401  (re-exported for old imports)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ProgrammingError

from dvmeet.db.database import resolve_url
from dvmeet.db.storage import open_database
from dvmeet.services.context import Context

# Property tests check what holds, not how fast: on a busy machine (2 cores shared with
# other work) one example may take far longer than Hypothesis's default 200 ms deadline,
# and generating data may trip its too-slow health check. Neither says anything about the
# code; both are off for every test (a test's own @settings keeps this as its default).
settings.register_profile(
    "dvmeet", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dvmeet"))

TEMPLATE_DB = f"dvmeet_test_template_{os.getpid()}"


def _pg_admin(url: URL):  # type: ignore[no-untyped-def]
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _drop_database(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    """DROP ... WITH (FORCE) ends the other sessions on the database, but a role without
    pg_signal_backend may not end an autovacuum worker that has just started there: wait
    for it and try again."""
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError:
            if attempt == 19:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: a file path (SQLite) or a database name (PostgreSQL)."""
    if PG_URL:
        url = resolve_url(PG_URL)
        admin = _pg_admin(url)
        _drop_database(admin, TEMPLATE_DB)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{TEMPLATE_DB}"'))
        db = open_database(url.set(database=TEMPLATE_DB))
        db.dispose()
        yield TEMPLATE_DB
        _drop_database(admin, TEMPLATE_DB)
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        db = open_database(path)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        yield str(path)


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVMEET_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("DVMEET_DATABASE_URL", raising=False)
    # The command line takes its language from the environment; tests expect nynorsk.
    monkeypatch.setenv("DVMEET_LANGUAGE", "nn")


@pytest.fixture
def database_url(template: str, tmp_path: Path) -> Iterator[URL]:
    """URL of a fresh, migrated, empty database for this test."""
    if PG_URL:
        url = resolve_url(PG_URL)
        name = f"dvmeet_t_{uuid.uuid4().hex[:12]}"
        admin = _pg_admin(url)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield url.set(database=name)
        _drop_database(admin, name)
        admin.dispose()
    else:
        path = tmp_path / "test.sqlite"
        shutil.copyfile(template, path)
        path.chmod(0o600)
        yield make_url(f"sqlite+pysqlite:///{path}")


@pytest.fixture
def ctx(database_url: URL) -> Iterator[Context]:
    context = Context(open_database(database_url), actor="test")
    yield context
    context.close()
