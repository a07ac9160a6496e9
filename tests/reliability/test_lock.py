"""Item 6: one writer per SQLite file. A second dvmeet process is told at once that the file
is in use, and writes nothing; a lock never outlives its process (SIGKILL included)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults import ROOT, Zygote, live_file, meeting_file, sqlite_only, zygote  # noqa: F401

from dvmeet.db import storage
from dvmeet.db.lock import DatabaseInUse, held_locks, lock_path
from dvmeet.db.storage import open_database
from dvmeet.services.claim import claim_database_file

pytestmark = [pytest.mark.reliability, sqlite_only]


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def files(path: Path) -> dict[str, str | None]:
    return {s: digest(path.with_name(path.name + s)) for s in ("", "-wal", "-journal")}


def imported_modules(importtime_report: str) -> set[str]:
    """The modules named by `python -X importtime` ("import time: self | cumulative | name")."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in importtime_report.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


def test_second_process_is_refused_at_once_and_writes_nothing(
    zygote: Zygote, live_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = zygote.start(mode="hold", db=str(live_file), seconds=60)
    zygote.wait_for(holder, "holding")
    try:
        before = files(live_file)
        env = dict(os.environ, DVMEET_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
        for command in (["demo"], ["backup"], ["check"]):
            # "At once" is counted, not timed: the refusal comes before the core (SQLAlchemy)
            # is imported, so before any connection could wait on the busy timeout. A lock
            # that waited for the holder would run into the subprocess timeout instead.
            cli = [sys.executable, "-X", "importtime", "-m", "dvmeet.cli"]
            done = subprocess.run(
                [*cli, "--database", str(live_file), *command],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=60,
            )
            imported = imported_modules(done.stderr)
            told = [line for line in done.stderr.splitlines() if not line.startswith("import ")]
            assert done.returncode == 2, done.stderr
            assert "dvmeet.errors" in imported  # the report names what was imported
            assert "sqlalchemy" not in imported, f"{command}: refused only after the core loaded"
            assert any("i bruk av ein annan dvmeet" in line for line in told), told
            assert any(f"prosess {holder.pid}" in line for line in told), told
            assert "Traceback" not in done.stderr + done.stdout
            assert "database is locked" not in done.stderr + done.stdout
        assert files(live_file) == before
        assert not (tmp_path / "data" / "backups").exists()  # no backup was taken either

        # In process: refused before the file is read or a connection made.
        touched: list[str] = []
        monkeypatch.setattr(storage, "refuse_damaged", lambda *a: touched.append("read"))
        monkeypatch.setattr(storage, "connect", lambda *a: touched.append("connect"))
        with pytest.raises(DatabaseInUse):
            open_database(live_file)
        assert touched == []
        monkeypatch.undo()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        zygote.finish(holder)
    # The kernel released the lock of the killed process: no stale lock to clear by hand.
    assert lock_path(live_file).exists()
    db = open_database(live_file)
    db.dispose()


def test_one_process_may_open_a_file_many_times(live_file: Path) -> None:
    first = open_database(live_file)
    second = open_database(live_file)
    assert held_locks() == [live_file.absolute()]
    first.dispose()
    assert held_locks() == [live_file.absolute()]
    second.dispose()
    second.dispose()  # twice is harmless
    assert held_locks() == []


def test_lock_file_is_private(live_file: Path) -> None:
    open_database(live_file).dispose()
    assert lock_path(live_file).stat().st_mode & 0o777 == 0o600


def test_an_early_claim_is_shared_with_the_open_database(live_file: Path) -> None:
    """The command line claims the file before the core loads (services.claim); the open
    database shares that claim, and the file stays claimed until both let go."""
    release = claim_database_file(live_file)
    assert held_locks() == [live_file.absolute()]
    db = open_database(live_file)
    release()
    release()  # twice is harmless
    assert held_locks() == [live_file.absolute()]
    db.dispose()
    assert held_locks() == []


CLAIM = (
    "import sys\n"
    "from pathlib import Path\n"
    "from dvmeet.db.lock import DatabaseInUse, acquire_writer_lock\n"
    "try:\n"
    "    acquire_writer_lock(Path(sys.argv[1]))\n"
    "except DatabaseInUse as exc:\n"
    "    print('in use:', exc)\n"
    "else:\n"
    "    print('claimed')\n"
)


def claim_elsewhere(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CLAIM, str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "symlinked folder"])
def test_another_name_for_an_open_file_is_refused_as_in_use(
    live_file: Path, tmp_path: Path, kind: str
) -> None:
    """A symlink or hard link (in another folder, under another name) is the same file: a
    second process that opens it by that name is told it is in use and writes nothing."""
    other = tmp_path / "elsewhere"
    other.mkdir()
    if kind == "symlink":
        alias = other / "alias.sqlite"
        alias.symlink_to(live_file)
    elif kind == "hardlink":
        alias = other / "alias.sqlite"
        os.link(live_file, alias)
    else:
        (other / "dir").symlink_to(live_file.parent, target_is_directory=True)
        alias = other / "dir" / live_file.name
    db = open_database(live_file)
    try:
        before = files(live_file)
        assert claim_elsewhere(alias).startswith("in use:")
        assert files(live_file) == before
    finally:
        db.dispose()
    assert claim_elsewhere(alias) == "claimed\n"


def test_a_symlink_in_this_process_shares_the_lock_of_the_real_file(
    live_file: Path, tmp_path: Path
) -> None:
    alias = tmp_path / "alias.sqlite"
    alias.symlink_to(live_file)
    first = open_database(live_file)
    second = open_database(alias)
    assert held_locks() == [live_file.resolve()]
    first.dispose()
    second.dispose()
    assert held_locks() == []


def test_the_lock_file_names_this_process_and_host(tmp_path: Path) -> None:
    """The holder's stamp: the process id and the host name as socket.gethostname() says
    it (db.lock reads it from os.uname, without loading socket)."""
    import socket

    db = tmp_path / "stamp.sqlite"
    db.write_bytes(b"")
    release = claim_database_file(db)
    try:
        stamp = lock_path(db).read_text().strip()
    finally:
        release()
    assert stamp == f"{os.getpid()} {socket.gethostname()}"
