"""Item 7: every revision passes downgrade and upgrade on a demo database (the empty case is
in tests/unit/test_migrations.py), and SIGKILL during a migration, 20 times, leaves the file
at exactly the old or the new revision, with the pre-migration backup present."""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from faults import (  # noqa: F401  (fixtures)
    Zygote,
    demo_file,
    ro_connect,
    sqlite_only,
    zygote,
)

from dvmeet.db.backup import file_problems, integrity_problems, list_backups
from dvmeet.db.database import connect
from dvmeet.db.migrate import alembic_config, current_revision, downgrade, upgrade
from dvmeet.db.revisions import head_revision, sqlite_file_revision

pytestmark = [pytest.mark.reliability, sqlite_only]

KILLS = 20
KEPT = ("person", "membership", "meeting", "agenda_case", "vote", "ballot", "decision")


def counts(path: Path) -> dict[str, int]:
    conn = ro_connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KEPT}
    finally:
        conn.close()


def schema(path: Path) -> set[tuple[str, str, tuple[str, ...]]]:
    """Every table, index and trigger with its SQL; the lines of a CREATE TABLE are sorted,
    since a batch migration may write its constraints in another order each time."""
    conn = ro_connect(path)
    try:
        return {
            (
                kind,
                name,
                tuple(sorted(line.strip().rstrip(",") for line in (sql or "").split("\n"))),
            )
            for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
        }
    finally:
        conn.close()


def revisions() -> list[tuple[str, str | None]]:
    """(revision, its down revision), newest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [(r.revision, r.down_revision) for r in script.walk_revisions()]  # type: ignore[misc]


def test_every_revision_downgrades_and_upgrades_a_demo_database(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    expected = counts(path)
    assert expected["vote"] > 0 and expected["decision"] > 0
    db = connect(path)
    cycles = 0
    try:
        for revision, down in revisions():
            if down is None:
                continue  # below the first revision there is no schema to keep data in
            downgrade(db, str(down))
            assert current_revision(db) == down
            with db.engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                assert integrity_problems(raw) == [], f"after downgrade below {revision}"
            upgrade(db)
            assert current_revision(db) == head_revision()
            assert counts(path) == expected, f"rows lost going down below {revision} and up"
            cycles += 1
    finally:
        db.dispose()
    assert cycles == len(revisions()) - 1
    assert file_problems(path) == []


def test_sigkill_during_migration_leaves_old_or_new_with_a_backup(
    zygote: Zygote, demo_file: Path, tmp_path: Path
) -> None:
    base = revisions()[-1][0]
    old = tmp_path / "old.sqlite"
    shutil.copyfile(demo_file, old)
    db = connect(old)
    try:
        downgrade(db, base)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    old_schema = schema(old)

    # One migration without a kill: how long it takes, and the schema it ends with.
    new = tmp_path / "new" / "dvmeet.sqlite"
    new.parent.mkdir()
    shutil.copyfile(old, new)
    started = time.monotonic()
    run = zygote.run(mode="migrate", db=str(new), backups=str(tmp_path / "new-backups"))
    took = time.monotonic() - started
    assert run.exit_code == 0 and "open" in run.lines, run.lines
    new_schema = schema(new)
    reference = [b for b in list_backups(tmp_path / "new-backups") if b.reason == "migration"]
    assert len(reference) == 1 and sqlite_file_revision(reference[0].path) == base
    assert sqlite_file_revision(new) == head_revision()

    # The kill moments are spread over the time one migration took; the count is what is
    # checked. A machine that became less busy since that measurement lets some runs finish
    # before their kill: runs go on (at most 5 * KILLS) until KILLS//2 of them were killed
    # and one was killed before its migration committed, and the aim follows the last
    # finished run.
    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}
    killed = n = 0
    while n < KILLS or killed < KILLS // 2 or not outcomes["old"]:
        assert n < 5 * KILLS, f"{killed} of {n} runs killed, {outcomes}"
        work = tmp_path / f"kill{n}"
        n += 1
        work.mkdir()
        path = work / "dvmeet.sqlite"
        shutil.copyfile(old, path)
        backups = work / "backups"
        started = time.monotonic()
        run = zygote.run(
            kill_after=took * rng.uniform(0.3, 1.5),
            mode="migrate",
            db=str(path),
            backups=str(backups),
        )
        if not run.killed:
            took = time.monotonic() - started
        assert not run.errors("X") and not run.errors("E"), run.lines
        killed += run.killed
        revision = sqlite_file_revision(path)
        assert revision in (base, head_revision()), revision
        conn = ro_connect(path)
        try:
            assert integrity_problems(conn) == []
        finally:
            conn.close()
        if revision == base:
            outcomes["old"] += 1
            assert schema(path) == old_schema
        else:
            outcomes["new"] += 1
            assert schema(path) == new_schema
            taken = [b for b in list_backups(backups) if b.reason == "migration"]
            assert len(taken) == 1, "migrated without the pre-migration backup"
            assert sqlite_file_revision(taken[0].path) == base
            assert file_problems(taken[0].path) == []
    assert outcomes["old"], outcomes  # (how many end new depends on the machine's speed)
    assert killed >= KILLS // 2
    print(
        f"\nmigration kills: {killed} of {n} runs killed ({outcomes['old']} left at "
        f"{base}, {outcomes['new']} at {head_revision()} with their backup); "
        f"a migration takes {took:.2f} s"
    )
