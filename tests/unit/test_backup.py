"""Backups: online copy of a live file, checked before it is kept, rotated."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from collections import Counter
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet.db import backup as backup_module
from dvmeet.db.backup import (
    BackupFile,
    Retention,
    backup_sqlite,
    backups_to_keep,
    integrity_problems,
    list_backups,
    rotate,
)
from dvmeet.db.storage import open_database
from dvmeet.errors import StorageError

sqlite_only = pytest.mark.skipif(is_postgres(), reason="backups are of SQLite files")

NOW = dt.datetime(2026, 11, 20, 12, 0, 0)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A dvmeet database with a small table of committed rows."""
    path = tmp_path / "live.sqlite"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO note (body) VALUES (?)", [(f"committed {i}",) for i in range(5)])
    conn.commit()
    conn.close()
    return path


def rows(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT body FROM note ORDER BY id")]
    finally:
        conn.close()


# --- taking a backup -------------------------------------------------------------------------


@sqlite_only
def test_backup_during_an_open_write_transaction(live: Path, tmp_path: Path) -> None:
    writer = sqlite3.connect(live, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.executemany(
            "INSERT INTO note (body) VALUES (?)", [(f"uncommitted {i}",) for i in range(200)]
        )
        writer.execute("UPDATE note SET body = 'changed' WHERE id = 1")

        made = backup_sqlite(live, reason="manual", directory=tmp_path / "b", now=NOW)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert made.path.exists()
    assert made.reason == "manual"
    assert made.taken_at == NOW
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
    assert rows(made.path) == [f"committed {i}" for i in range(5)]
    conn = sqlite3.connect(made.path)
    try:
        assert integrity_problems(conn) == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # One self-contained file: not in WAL mode, so no -wal is needed beside it.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]


@sqlite_only
def test_backup_includes_committed_rows_still_in_the_wal(live: Path, tmp_path: Path) -> None:
    holder = sqlite3.connect(live)  # keeps the WAL from being checkpointed away
    try:
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("INSERT INTO note (body) VALUES ('in the wal')")
        holder.commit()
        assert live.with_name(live.name + "-wal").stat().st_size > 0
        made = backup_sqlite(live, directory=tmp_path / "b", now=NOW)
    finally:
        holder.close()
    assert rows(made.path)[-1] == "in the wal"


@sqlite_only
def test_backup_that_fails_the_check_is_not_kept(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        backup_module, "integrity_problems", lambda conn: ["*** in database main *** Page 3"]
    )
    folder = tmp_path / "b"
    with pytest.raises(StorageError, match="bestod ikkje kontrollen"):
        backup_sqlite(live, directory=folder, now=NOW)
    assert list(folder.iterdir()) == []


@sqlite_only
def test_backup_of_a_damaged_file_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    source = tmp_path / "damaged.sqlite"
    source.write_bytes(b"not a database at all" * 500)
    folder = tmp_path / "b"
    with pytest.raises(StorageError):
        backup_sqlite(source, directory=folder, now=NOW)
    assert list(folder.iterdir()) == []


def test_backup_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="ingen database"):
        backup_sqlite(tmp_path / "nothing.sqlite", directory=tmp_path / "b")
    assert not (tmp_path / "nothing.sqlite").exists()


def test_integrity_problems_reports_foreign_key_violations() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))")
    assert integrity_problems(conn) == []
    conn.execute("INSERT INTO c VALUES (1, 42)")  # foreign_keys is off on this connection
    problems = integrity_problems(conn)
    assert len(problems) == 1
    assert "c" in problems[0] and "p" in problems[0]
    conn.close()


# --- list_backups ----------------------------------------------------------------------------


def test_list_backups_parses_names_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    names = [
        "dvmeet-20261101-080000-000000-manual.sqlite",
        "dvmeet-20261103-093015-123456-migration.sqlite",
        "dvmeet-20261102-235959-999999-meeting_start.sqlite",
        "dvmeet-20261104-000000-000000-manual.partial",  # unfinished: not a backup
        "notes.txt",
        "dvmeet-2026-manual.sqlite",
    ]
    for name in names:
        (folder / name).write_bytes(b"x")
    found = list_backups(folder)
    assert found == [
        BackupFile(folder / names[1], dt.datetime(2026, 11, 3, 9, 30, 15, 123456), "migration"),
        BackupFile(
            folder / names[2], dt.datetime(2026, 11, 2, 23, 59, 59, 999999), "meeting_start"
        ),
        BackupFile(folder / names[0], dt.datetime(2026, 11, 1, 8, 0), "manual"),
    ]


def test_list_backups_of_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "none") == []


@sqlite_only
def test_list_backups_reads_what_backup_sqlite_wrote(live: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    a = backup_sqlite(live, reason="meeting_start", directory=folder, now=NOW)
    b = backup_sqlite(live, reason="manual", directory=folder, now=NOW + dt.timedelta(seconds=1))
    assert list_backups(folder) == [b, a]


def test_default_backup_folder_is_in_the_data_dir(tmp_path: Path) -> None:
    # conftest sets DVMEET_DATA_DIR to tmp_path/userdata
    folder = tmp_path / "userdata" / "backups"
    folder.mkdir(parents=True)
    (folder / "dvmeet-20261101-080000-000000-manual.sqlite").write_bytes(b"x")
    assert [b.reason for b in list_backups()] == ["manual"]


# --- retention -------------------------------------------------------------------------------


def daily_backups(days: int, end: dt.datetime = NOW) -> list[dt.datetime]:
    """One backup a day at 03:00 for `days` days up to `end`."""
    last = end.replace(hour=3, minute=0, second=0, microsecond=0)
    return [last - dt.timedelta(days=i) for i in range(days)]


def test_retention_over_400_days_of_daily_backups() -> None:
    taken = daily_backups(400)
    keep = backups_to_keep(taken, NOW)
    ordered = sorted(taken, reverse=True)

    assert keep <= set(taken)
    # the newest ten, whatever else
    assert set(ordered[:10]) <= keep
    # never more than about 35 files
    assert len(keep) <= 35
    # at most one per day for the last 7 days (daily backups: exactly one per day)
    assert all(n == 1 for n in Counter(t.date() for t in keep).values())
    last_week = [t for t in taken if NOW - t <= dt.timedelta(days=7)]
    assert set(last_week) <= keep
    # one per ISO week for 5 weeks (this week and the four before it)
    weeks = sorted({t.isocalendar()[:2] for t in taken})[-5:]
    assert set(weeks) <= {t.isocalendar()[:2] for t in keep}
    for week in weeks:
        newest_that_week = max(t for t in taken if t.isocalendar()[:2] == week)
        assert newest_that_week in keep

    # nothing is kept for any other reason
    def newest_of(key, value) -> dt.datetime:  # type: ignore[no-untyped-def]
        return max(t for t in taken if key(t) == value)

    def week(t: dt.datetime) -> tuple[int, int]:
        return (t.isocalendar()[0], t.isocalendar()[1])

    def month(t: dt.datetime) -> tuple[int, int]:
        return (t.year, t.month)

    reasons = (
        set(ordered[:10])
        | {newest_of(dt.datetime.date, d) for d in sorted({t.date() for t in taken})[-7:]}
        | {newest_of(week, w) for w in sorted({week(t) for t in taken})[-5:]}
        | {newest_of(month, m) for m in sorted({month(t) for t in taken})[-12:]}
    )
    assert keep == reasons
    # one per month for 12 months
    months = sorted({(t.year, t.month) for t in ordered})[-12:]
    assert set(months) <= {(t.year, t.month) for t in keep}
    # beyond the weekly window, at most one per month
    old = [t for t in keep if NOW - t > dt.timedelta(weeks=5)]
    assert all(n == 1 for n in Counter((t.year, t.month) for t in old).values())
    # everything older than about 13 months is dropped
    assert max(NOW - t for t in keep) <= dt.timedelta(days=400)
    assert not [t for t in keep if NOW - t > dt.timedelta(days=31 * 13)]
    assert min(keep) > NOW - dt.timedelta(days=396)


def test_retention_over_time_with_a_fake_clock() -> None:
    """Day by day for 400 days: back up, rotate; the set never grows past the bound."""
    start = dt.datetime(2025, 10, 1, 3, 0)
    kept: set[dt.datetime] = set()
    for day in range(400):
        now = start + dt.timedelta(days=day)
        kept.add(now)
        kept = backups_to_keep(kept, now)
        assert len(kept) <= 35
        assert now in kept
        assert max(now - t for t in kept) <= dt.timedelta(days=31 * 13)
    # after 400 days there is still roughly a year of monthly history
    assert max(now - t for t in kept) >= dt.timedelta(days=300)


def test_retention_keeps_the_newest_ten_even_on_one_day() -> None:
    taken = [NOW - dt.timedelta(minutes=10 * i) for i in range(30)]
    keep = backups_to_keep(taken, NOW)
    assert set(sorted(taken, reverse=True)[:10]) <= keep
    assert len(keep) == 10


def test_retention_policy_is_configurable() -> None:
    taken = daily_backups(100)
    keep = backups_to_keep(taken, NOW, Retention(newest=2, daily=0, weekly=0, monthly=0))
    assert keep == set(sorted(taken, reverse=True)[:2])


def test_retention_of_nothing() -> None:
    assert backups_to_keep([], NOW) == set()


def test_rotate_deletes_exactly_what_is_not_kept(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    taken = daily_backups(400)
    for t in taken:
        (folder / f"dvmeet-{t:%Y%m%d-%H%M%S-%f}-scheduled.sqlite").write_bytes(b"x")
    other = folder / "keep-me.txt"
    other.write_text("not a backup")
    partial = folder / "dvmeet-20261120-120000-000000-manual.partial"
    partial.write_bytes(b"x")

    expected_keep = backups_to_keep(taken, NOW)
    removed = rotate(folder, now=NOW)

    assert len(removed) == len(taken) - len(expected_keep)
    assert all(not p.exists() for p in removed)
    assert {b.taken_at for b in list_backups(folder)} == expected_keep
    assert other.exists()
    assert partial.exists()
    # rotating again removes nothing more
    assert rotate(folder, now=NOW) == []
