"""What an interrupted restore leaves is dealt with by the next open, which says so in one
sentence: `dvmeet restore` is SIGKILLed at each of its steps (DVMEET_TEST_KILL_RESTORE_AT)
after a writer left acknowledged rows in the -wal; the next `dvmeet` prints one sentence,
the database is the old one (with every row) or the restored one (the old one kept beside
it with every row), nothing else is left beside it, and an open after that says nothing.
A complete copy whose backup has gone is kept aside, not swapped in; a restore that fails
without being killed leaves nothing behind."""

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

from dvmeet.db import backup as backup_module
from dvmeet.db.backup import RESTORE_STEPS, file_problems
from dvmeet.db.storage import open_database
from dvmeet.errors import DvmeetError
from dvmeet.services.maintenance import restore_database

pytestmark = [pytest.mark.reliability, sqlite_only]

BEFORE_SWAP = RESTORE_STEPS[: RESTORE_STEPS.index("replaced")]


def acked_rows(path: Path) -> int | None:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "acked" not in names:
            return None
        return int(conn.execute("SELECT count(*) FROM acked").fetchone()[0])
    finally:
        conn.close()


def dvmeet(target: Path, data: Path, *args: str, kill_at: str | None = None):  # type: ignore[no-untyped-def]
    env = dict(os.environ, PYTHONPATH=str(ROOT), DVMEET_DATA_DIR=str(data))
    env.pop("DVMEET_DATABASE_URL", None)
    env.pop("DVMEET_TEST_KILL_RESTORE_AT", None)
    if kill_at is not None:
        env["DVMEET_TEST_KILL_RESTORE_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "dvmeet.cli", "--database", str(target), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def killed_restore(live_file: Path, backup: Path, data: Path, step: str) -> None:
    done = subprocess.run([sys.executable, "-c", WRITER, str(live_file)], timeout=120)
    assert done.returncode == -signal.SIGKILL
    killed = dvmeet(live_file, data, "restore", str(backup), kill_at=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def beside(target: Path) -> set[str]:
    """What lies beside the database other than its own sidecars and lock."""
    own = {target.name + s for s in ("", "-wal", "-shm", "-journal", ".lock")}
    return {p.name for p in target.parent.iterdir()} - own


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_the_next_open_deals_with_a_restore_killed_at_each_step(
    live_file: Path, tmp_path: Path, step: str
) -> None:
    backup = tmp_path / "backups" / "backup.sqlite"
    backup.parent.mkdir()
    shutil.copyfile(live_file, backup)
    data = tmp_path / "data"
    killed_restore(live_file, backup, data, step)
    assert (live_file.parent / "dvmeet.sqlite.restore-state").exists()

    opened = dvmeet(live_file, data, "meetings", "list")
    assert opened.returncode == 0, opened.stderr
    said = opened.stderr.strip()
    assert "\n" not in said and said.startswith("Ei gjenoppretting frå ") and str(backup) in said
    left = beside(live_file)
    if step in BEFORE_SWAP:
        assert "før databasen vart bytt ut, så databasen er som før" in said
        assert "er der framleis" in said or "uferdige kopien" in said
        assert acked_rows(live_file) == ACKED  # the old database, every acknowledged row
        assert left == set()  # no .restoring, no second name of the live database
    else:
        assert "etter at databasen var bytt ut, så databasen er den gjenoppretta" in said
        assert acked_rows(live_file) is None  # the restored one
        [kept] = [name for name in left if not name.endswith(("-wal", "-journal"))]
        assert kept.startswith("dvmeet.sqlite.replaced-") and kept in said
        assert acked_rows(live_file.parent / kept) == ACKED
        assert left <= {kept, kept + "-wal"}
    assert file_problems(live_file) == []

    again = dvmeet(live_file, data, "meetings", "list")
    assert again.returncode == 0 and again.stderr == ""


def test_a_complete_copy_whose_backup_has_gone_is_kept_aside_not_swapped_in(
    live_file: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "stick" / "backup.sqlite"
    backup.parent.mkdir()
    shutil.copyfile(live_file, backup)
    data = tmp_path / "data"
    killed_restore(live_file, backup, data, "checked")
    expected = backup.read_bytes()
    shutil.rmtree(backup.parent)  # the memory stick is gone

    db = open_database(live_file, backup_directory=data / "backups")
    try:
        [said] = db.notices
    finally:
        db.dispose()
    assert acked_rows(live_file) == ACKED  # still the old database
    [aside] = beside(live_file)
    assert aside.startswith("dvmeet.sqlite.unused-restore-")
    assert str(live_file.parent / aside) in said and "fullstendig kopi" in said
    assert (live_file.parent / aside).read_bytes() == expected
    assert file_problems(live_file.parent / aside) == []


def test_without_the_state_a_second_name_of_the_live_database_is_still_removed(
    live_file: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(live_file, backup)
    killed_restore(live_file, backup, tmp_path / "data", "sidecars")
    (live_file.parent / "dvmeet.sqlite.restore-state").unlink()  # e.g. an older version's
    assert any(n.startswith("dvmeet.sqlite.replaced-") for n in beside(live_file))

    db = open_database(live_file)
    try:
        [said] = db.notices
    finally:
        db.dispose()
    assert said.startswith("Ei gjenoppretting vart avbroten før databasen vart bytt ut")
    # The backup is not known without the state: its complete copy is kept aside.
    [aside] = beside(live_file)
    assert aside.startswith("dvmeet.sqlite.unused-restore-") and aside in said
    assert acked_rows(live_file) == ACKED


def test_a_restore_that_fails_leaves_the_database_and_nothing_beside_it(
    live_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(live_file, backup)
    before = live_file.read_bytes()

    def fail(_target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(backup_module, "_checkpoint", fail)
    with pytest.raises((OSError, DvmeetError)):
        restore_database(backup, live_file)
    assert beside(live_file) == set()
    assert live_file.read_bytes() == before
    db = open_database(live_file)
    try:
        assert db.notices == []
    finally:
        db.dispose()
