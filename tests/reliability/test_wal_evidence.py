"""A -wal with committed frames (left by a crash) is copied aside, with the file, before the
first write connection; neither opening nor `dvmeet check` destroys that evidence."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults import ROOT, live_file, meeting_file, sha256, sqlite_only  # noqa: F401

from dvmeet.db.storage import open_database

pytestmark = [pytest.mark.reliability, sqlite_only]

WRITER = (
    "import os, signal, sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
    "conn.execute(\"UPDATE meeting SET place = place || ' (flytta)'\")\n"
    "os.kill(os.getpid(), signal.SIGKILL)\n"
)


def crash_with_wal(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", WRITER, str(path)], timeout=120)
    assert done.returncode == -signal.SIGKILL
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    digest = sha256(wal)
    assert digest is not None
    return digest


def kept(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.sqlite-wal"))


def test_open_keeps_the_wal_before_writing(live_file: Path, tmp_path: Path) -> None:
    wal_digest = crash_with_wal(live_file)
    file_digest = sha256(live_file)
    db = open_database(live_file, backup_directory=tmp_path / "backups")
    db.dispose()
    [copy] = kept(tmp_path / "wal")
    assert sha256(copy) == wal_digest
    assert sha256(Path(str(copy).removesuffix("-wal"))) == file_digest
    assert copy.stat().st_mode & 0o777 == 0o600
    # Opened again with the same -wal content: kept once.
    open_database(live_file, backup_directory=tmp_path / "backups").dispose()
    assert len(kept(tmp_path / "wal")) == 1


def test_check_keeps_the_wal(live_file: Path, tmp_path: Path) -> None:
    wal_digest = crash_with_wal(live_file)
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "dvmeet.cli", "--database", str(live_file), "check"],
        capture_output=True,
        text=True,
        env=dict(os.environ, DVMEET_DATA_DIR=str(data), PYTHONPATH=str(ROOT)),
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    copies = [p for p in data.rglob("*.sqlite-wal")]
    assert [sha256(p) for p in copies] == [wal_digest]
