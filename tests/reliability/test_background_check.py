"""The full integrity check after open (maintenance.integrity_check): it finds index damage
that the open's quick check lets through, names the newest good backup, stops at its next
look once cancelled, and leaves PostgreSQL to the server."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from dbtarget import is_postgres
from faults import meeting_file  # noqa: F401
from index_damage import damage_an_index_page

from dvmeet.db.backup import backup_sqlite, file_problems
from dvmeet.db.integrity import STEPS_BETWEEN_LOOKS
from dvmeet.db.storage import open_database
from dvmeet.services.context import Context
from dvmeet.services.maintenance import integrity_check
from dvmeet.services.progress import Cancelled, Progress

pytestmark = pytest.mark.reliability


@pytest.fixture
def copy(meeting_file: Path, tmp_path: Path) -> Path:
    if is_postgres():
        pytest.skip("a SQLite file")
    path = tmp_path / "db" / "dvmeet.sqlite"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(meeting_file, path)
    return path


def test_index_damage_passes_the_open_and_is_found_by_the_full_check(
    copy: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    good = backup_sqlite(copy, directory=backups, now=dt.datetime(2026, 11, 30, 8, 15))
    index = damage_an_index_page(copy)
    assert file_problems(copy, quick=True) == []  # what the open checks
    ctx = Context(open_database(copy, backup_directory=backups), "test")
    try:
        found = integrity_check(ctx, backup_directory=backups)
    finally:
        ctx.close()
    assert found is not None and not found.clean
    assert any(f"missing from index {index}" in p for p in found.problems)
    assert found.newest_good_backup is not None and found.newest_good_backup.path == good.path
    assert found.backup_taken_at == dt.datetime(2026, 11, 30, 8, 15)
    assert found.backup_folder == backups
    summary = found.summary
    assert summary.startswith(f"Den fullstendige kontrollen fann skade i databasefila {copy}: «")
    assert f"manglar i indeksen {index}" in summary  # SQLite's words, in nynorsk
    assert "\n" not in summary and summary.endswith("».")


def test_a_whole_file_is_clean_and_names_no_backup(copy: Path, tmp_path: Path) -> None:
    ctx = Context(open_database(copy), "test")
    try:
        found = integrity_check(ctx, backup_directory=tmp_path / "backups")
    finally:
        ctx.close()
    assert found is not None and found.clean and found.newest_good_backup is None


class CancelAfter(Progress):
    """Cancelled once the check has looked `looks` times (counts, never a clock)."""

    def __init__(self, looks: int) -> None:
        super().__init__()
        self.looks_left = looks
        self.looked = 0

    @property
    def cancelled(self) -> bool:
        self.looked += 1
        self.looks_left -= 1
        return self.looks_left < 0


def test_a_cancelled_check_stops_at_its_next_look(copy: Path) -> None:
    ctx = Context(open_database(copy), "test")
    try:
        whole = CancelAfter(10**9)
        assert integrity_check(ctx, whole) is not None
        assert whole.looked > 20  # the check looks often: a cancel is noticed soon
        stopped = CancelAfter(3)
        with pytest.raises(Cancelled):
            integrity_check(ctx, stopped)
        # Three looks carried on, the fourth stopped SQLite, and one more told the
        # interruption from an error.
        assert stopped.looked == 5
    finally:
        ctx.close()
    assert STEPS_BETWEEN_LOOKS <= 1000


def test_postgresql_is_left_to_the_server(ctx: Context) -> None:
    if not is_postgres():
        pytest.skip("PostgreSQL only")
    assert integrity_check(ctx) is None
