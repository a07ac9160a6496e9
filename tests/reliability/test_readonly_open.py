"""A database that cannot be written opens for reading, with one sentence saying why, and
every change is refused with that sentence before anything is written: a write-protected
file (chmod 0444), a write-protected folder, a read-only mount (a bind mount in a user
namespace), an older file that would need an upgrade, and on PostgreSQL a login that may
only read."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres
from faults import ROOT, sqlite_only
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from dvmeet.cli import main
from dvmeet.db.readonly import ReadOnlyReason
from dvmeet.db.storage import open_database
from dvmeet.errors import ReadOnlyAccess, StorageError
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import backup_now, check_database, init_roles
from dvmeet.services.registry.models import PersonIn

pytestmark = pytest.mark.reliability


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(template: str, tmp_path: Path) -> Path:
    """A migrated database with one person, checkpointed (no -wal), in its own folder."""
    if is_postgres():
        pytest.skip("a SQLite file")
    path = tmp_path / "db" / "dvmeet.sqlite"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(template, path)
    path.chmod(0o600)
    ctx = Context(open_database(path), "test")
    registry.create_person(ctx, PersonIn(name="Kari Lesar"))
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def refused_write(ctx: Context) -> str:
    with pytest.raises(ReadOnlyAccess) as refused:
        registry.create_person(ctx, PersonIn(name="Ola Skrivar"))
    return str(refused.value)


def test_a_write_protected_file_opens_read_only_and_refuses_every_change(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.chmod(0o444)
    before = digest(filled)
    ctx = Context(open_database(filled), "test")
    try:
        assert ctx.read_only and ctx.db.read_only is ReadOnlyReason.FILE
        notice = ctx.read_only_notice
        assert notice is not None
        assert str(filled) in notice and "skriveverna" in notice and "berre for lesing" in notice
        assert notice.count(".") == 1 + str(filled).count(".")  # one sentence
        assert [p.name for p in registry.search_persons(ctx, "Kari Lesar")] == ["Kari Lesar"]
        assert refused_write(ctx) == notice
        assert check_database(ctx).clean
        made = backup_now(ctx)  # a backup only reads the database
        assert made.path.exists()
    finally:
        ctx.close()
    assert digest(filled) == before
    # The command line: a reading command works, a writing one says the sentence.
    assert main(["--database", str(filled), "meetings", "list"]) == 0
    assert main(["--database", str(filled), "demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"Feil: {notice}"
    assert digest(filled) == before


def test_a_write_protected_folder_opens_read_only_and_nothing_is_made_in_it(
    filled: Path,
) -> None:
    folder = filled.parent
    (folder / "dvmeet.sqlite.lock").unlink(missing_ok=True)
    listing = sorted(p.name for p in folder.iterdir())
    before = digest(filled)
    folder.chmod(0o555)
    try:
        ctx = Context(open_database(filled), "test")
        try:
            assert ctx.db.read_only is ReadOnlyReason.FOLDER
            assert "Mappa" in (ctx.read_only_notice or "")
            assert registry.search_persons(ctx, "Kari Lesar")
            assert refused_write(ctx) == ctx.read_only_notice
        finally:
            ctx.close()
        assert sorted(p.name for p in folder.iterdir()) == listing
    finally:
        folder.chmod(0o700)
    assert digest(filled) == before


def test_a_write_protected_folder_is_still_claimed_by_one_process(
    filled: Path, tmp_path: Path
) -> None:
    """No lock file can be made beside the database: the file's identity is locked instead,
    so a second dvmeet is told the file is in use, as anywhere else."""
    (filled.parent / "dvmeet.sqlite.lock").unlink(missing_ok=True)
    filled.parent.chmod(0o555)
    try:
        ctx = Context(open_database(filled), "test")
        try:
            env = dict(os.environ, PYTHONPATH=str(ROOT), DVMEET_DATA_DIR=str(tmp_path / "d"))
            env.pop("DVMEET_DATABASE_URL", None)
            other = subprocess.run(
                [sys.executable, "-m", "dvmeet.cli", "--database", str(filled), "meetings", "list"],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=120,
            )
        finally:
            ctx.close()
        assert other.returncode == 2 and "er i bruk av ein annan dvmeet" in other.stderr
        assert not (filled.parent / "dvmeet.sqlite.lock").exists()
        # Once it is let go, the next one opens it.
        again = Context(open_database(filled), "test")
        again.close()
    finally:
        filled.parent.chmod(0o700)


def test_a_wal_that_cannot_be_read_in_a_write_protected_folder_is_refused_in_one_sentence(
    filled: Path,
) -> None:
    conn = sqlite3.connect(filled, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE person SET name = 'Kari Endra'")
    wal = Path(f"{filled}-wal").read_bytes()
    conn.close()  # the last connection checkpoints: put the -wal back as a crash left it
    Path(f"{filled}-wal").write_bytes(wal)
    Path(f"{filled}-shm").unlink(missing_ok=True)
    filled.parent.chmod(0o555)
    try:
        with pytest.raises(StorageError) as refused:
            open_database(filled)
    finally:
        filled.parent.chmod(0o700)
    message = str(refused.value)
    assert "-wal" in message and "kopier fila og -wal-fila" in message
    assert "\n" not in message


def test_an_older_write_protected_file_is_not_upgraded_and_says_so(filled: Path) -> None:
    conn = sqlite3.connect(filled, isolation_level=None)
    conn.execute("UPDATE alembic_version SET version_num = '0008'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    filled.chmod(0o444)
    before = digest(filled)
    with pytest.raises(StorageError) as refused:
        open_database(filled)
    assert "må oppgraderast" in str(refused.value) and "ikkje endra" in str(refused.value)
    assert digest(filled) == before


@sqlite_only
def test_a_read_only_mount_opens_read_only(filled: Path, tmp_path: Path) -> None:
    """A real read-only file system: a bind mount remounted read-only in a user namespace
    (unshare), where even the namespace's root cannot write."""
    if shutil.which("unshare") is None or sys.platform != "linux":
        pytest.skip("needs unshare (Linux)")
    mount = tmp_path / "mnt"
    mount.mkdir()
    # Some containers allow user namespaces but not mounts in them: probe both.
    trial = f"mount --bind {filled.parent} {mount} && mount -o remount,ro,bind {mount}"
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", trial], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces with a read-only bind mount are not allowed here")
    (filled.parent / "dvmeet.sqlite.lock").unlink(missing_ok=True)
    target = mount / filled.name
    script = (
        f"mount --bind {filled.parent} {mount} && mount -o remount,ro,bind {mount} && "
        f"{sys.executable} -m dvmeet.cli --database {target} meetings list && "
        f"{sys.executable} -m dvmeet.cli --database {target} demo"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), DVMEET_DATA_DIR=str(tmp_path / "data"))
    env.pop("DVMEET_DATABASE_URL", None)
    before = digest(filled)
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"Feil: Databasefila {target} ligg på ein disk som berre kan lesast, så ho er opna "
        "berre for lesing: du kan sjå, søkje og eksportere, men ingen endringar kan lagrast."
    )
    assert digest(filled) == before
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name]


@pytest.fixture
def observer(ctx: Context, database_url: URL) -> Iterator[tuple[URL, URL]]:
    """(observer URL, secretariat URL): logins in the roles of `dvmeet db init-roles`."""
    if not is_postgres():
        pytest.skip("PostgreSQL only")
    tag = uuid.uuid4().hex[:8]
    rw, ro = f"sekr_{tag}", f"lesar_{tag}"
    init_roles(ctx, rw, ro)
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE kari_{tag} LOGIN PASSWORD 'k' IN ROLE {rw}")
        conn.exec_driver_sql(f"CREATE ROLE ola_{tag} LOGIN PASSWORD 'o' IN ROLE {ro}")
    yield (
        database_url.set(username=f"ola_{tag}", password="o"),
        database_url.set(username=f"kari_{tag}", password="k"),
    )
    ctx.close()
    with create_engine(
        database_url.set(database="postgres"), isolation_level="AUTOCOMMIT"
    ).connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database_url.database}" WITH (FORCE)')
        for role in (f"kari_{tag}", f"ola_{tag}", rw, ro):
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
    admin.dispose()


def test_a_postgresql_login_that_may_only_read_is_marked_read_only(
    observer: tuple[URL, URL],
) -> None:
    reader_url, writer_url = observer
    reader = Context(open_database(reader_url), "ola")
    writer = Context(open_database(writer_url), "kari")
    try:
        assert reader.db.read_only is ReadOnlyReason.ROLE
        assert "berre lesetilgang" in (reader.read_only_notice or "")
        assert refused_write(reader) == reader.read_only_notice
        assert not writer.read_only
        registry.create_person(writer, PersonIn(name="Kari Skrivar"))
        assert registry.search_persons(reader, "Kari Skrivar")
    finally:
        reader.close()
        writer.close()
