"""A restore SIGKILLed at each of its steps (3 times per step, 21 kills): the database path
always holds a complete database, the old one with every acknowledged row or the restored
one (and then the old one is kept beside it with those rows), and the next open finds it
instead of creating an empty one."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from faults import ACKED, ROOT, WRITER, live_file, meeting_file, sqlite_only  # noqa: F401

from dvmeet.db.backup import RESTORE_STEPS, integrity_problems
from dvmeet.db.storage import open_database

pytestmark = [pytest.mark.reliability, sqlite_only]

ROUNDS = 3


def acked_rows(path: Path) -> int | None:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert integrity_problems(conn) == []
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "acked" not in names:
            return None
        return int(conn.execute("SELECT count(*) FROM acked").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_restore_killed_at_each_step_leaves_a_complete_database(
    live_file: Path, tmp_path: Path, step: str
) -> None:
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(live_file, backup)
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(live_file, pristine)
    kills = 0
    for round_ in range(ROUNDS):
        target = tmp_path / f"round{round_}" / "dvmeet.sqlite"
        target.parent.mkdir(mode=0o700)
        shutil.copyfile(pristine, target)
        done = subprocess.run([sys.executable, "-c", WRITER, str(target)], timeout=120)
        assert done.returncode == -signal.SIGKILL
        assert Path(f"{target}-wal").stat().st_size > 0
        env = dict(os.environ, PYTHONPATH=str(ROOT), DVMEET_TEST_KILL_RESTORE_AT=step)
        env["DVMEET_DATA_DIR"] = str(tmp_path / "data")
        killed = subprocess.run(
            [sys.executable, "-m", "dvmeet.cli", "--database", str(target), "restore", str(backup)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        kills += 1
        assert target.exists()
        rows = acked_rows(target)
        if rows is None:  # the restored database: the old one is kept with every row
            kept = [
                p for p in target.parent.glob("dvmeet.sqlite.replaced-*") if "-wal" not in p.name
            ]
            assert len(kept) == 1
            assert acked_rows(kept[0]) == ACKED
        else:
            assert rows == ACKED
        db = open_database(target)
        try:
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM vote").scalar() is not None
                assert conn.exec_driver_sql("SELECT count(*) FROM meeting").scalar()
        finally:
            db.dispose()
    assert kills == ROUNDS
