"""Item 6: one writer per SQLite file. A second dvmeet process is told at once that the file
is in use, and writes nothing; a lock never outlives its process (SIGKILL included)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import ROOT, Zygote, live_file, meeting_file, sqlite_only, zygote  # noqa: F401

from dvmeet.db.lock import DatabaseInUse, held_locks, lock_path
from dvmeet.db.storage import open_database

pytestmark = [pytest.mark.reliability, sqlite_only]


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def files(path: Path) -> dict[str, str | None]:
    return {s: digest(path.with_name(path.name + s)) for s in ("", "-wal", "-journal")}


def test_second_process_is_refused_at_once_and_writes_nothing(
    zygote: Zygote, live_file: Path, tmp_path: Path
) -> None:
    holder = zygote.start(mode="hold", db=str(live_file), seconds=60)
    zygote.wait_for(holder, "holding")
    try:
        before = files(live_file)
        env = dict(os.environ, DVMEET_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
        for command in (["demo"], ["backup"], ["check"]):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "dvmeet.cli", "--database", str(live_file), *command],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=60,
            )
            elapsed = time.monotonic() - started
            assert done.returncode == 2, done.stderr
            assert "i bruk av ein annan dvmeet" in done.stderr
            assert f"prosess {holder.pid}" in done.stderr
            assert "Traceback" not in done.stderr + done.stdout
            assert "database is locked" not in done.stderr + done.stdout
            assert elapsed < 2.0, f"{command}: told after {elapsed:.2f} s"
        assert files(live_file) == before
        assert not (tmp_path / "data" / "backups").exists()  # no backup was taken either

        started = time.monotonic()
        with pytest.raises(DatabaseInUse):
            open_database(live_file)
        assert time.monotonic() - started < 0.5
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
