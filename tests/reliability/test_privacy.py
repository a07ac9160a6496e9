"""Item 9: files private to the user, and erasing a person (GDPR) leaves none of their name,
e-mail or phone in the database file's bytes or in backups taken afterwards; a person in
approved minutes keeps the name there, and the service says so."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from faults import ROOT, live_file, meeting_file, sqlite_only  # noqa: F401

from dvmeet.db.backup import backup_sqlite
from dvmeet.db.storage import open_database
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.exports import export_members
from dvmeet.services.maintenance import check_database, erase_person
from dvmeet.services.registry.models import PersonIn, PersonUpdate

pytestmark = [pytest.mark.reliability, sqlite_only]

NAME, EMAIL, PHONE = "Gudrun Slettemark", "gudrun.slettemark@example.no", "+47 987 65 432"


def file_bytes(path: Path) -> bytes:
    return b"".join(
        p.read_bytes()
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        if p.exists()
    )


def found(data: bytes, *values: str) -> list[str]:
    return [v for v in values if v.encode("utf-8") in data]


def test_erased_person_leaves_no_trace_in_the_file_or_later_backups(
    live_file: Path, tmp_path: Path
) -> None:
    ctx = Context(open_database(live_file), actor="test")
    try:
        person = registry.create_person(ctx, PersonIn(name=NAME, email=EMAIL, phone=PHONE))
        registry.update_person(ctx, PersonUpdate(id=person.id, title=f"Rådgjevar ({NAME})"))
        before = backup_sqlite(live_file, reason="manual", directory=tmp_path / "b")
        assert found(file_bytes(before.path), NAME, EMAIL, PHONE) == [NAME, EMAIL, PHONE]

        result = erase_person(ctx, person.id)

        assert not result.name_kept and result.audit_events_redacted >= 2
        assert "sletta" in result.note and "reservekopiar" in result.note
        assert registry.get_person(ctx, person.id).email is None
        report = check_database(ctx)
        assert report.clean, report.problems  # the audit chain still verifies
        assert found(file_bytes(live_file), NAME, EMAIL, PHONE) == []
        after = backup_sqlite(live_file, reason="manual", directory=tmp_path / "b")
        assert found(file_bytes(after.path), NAME, EMAIL, PHONE) == []
    finally:
        ctx.close()
    assert found(file_bytes(live_file), NAME, EMAIL, PHONE) == []


def test_person_in_approved_minutes_keeps_the_name_and_is_told_why(live_file: Path) -> None:
    ctx = Context(open_database(live_file), actor="test")
    try:
        person = next(p for p in registry.search_persons(ctx, "RS Person 4601-0"))
        registry.update_person(ctx, PersonUpdate(id=person.id, email=EMAIL, phone=PHONE))
        with ctx.db.engine.begin() as conn:  # the minutes of the meeting are approved
            conn.exec_driver_sql("UPDATE meeting SET frozen = 1")

        result = erase_person(ctx, person.id)

        assert result.name_kept and result.frozen_meetings
        assert "godkjende møtebøker" in result.note
        assert registry.get_person(ctx, person.id).name == "RS Person 4601-0"
        assert check_database(ctx).clean
        data = file_bytes(live_file)
        assert found(data, EMAIL, PHONE) == []
        assert found(data, "RS Person 4601-0") == ["RS Person 4601-0"]
    finally:
        ctx.close()


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


BUG = """
import sys
import dvmeet.services.maintenance._backups as maintenance
from dvmeet.cli import main

def broken(*args, **kwargs):
    raise RuntimeError("feil")

maintenance.backup_now = broken
sys.exit(main(sys.argv[1:]))
"""


def test_files_and_folders_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: private modes must not depend on it
    try:
        data = tmp_path / "data"
        db_path = data / "dvmeet.sqlite"
        ctx = Context(open_database(db_path), actor="test")
        try:
            made = backup_sqlite(db_path, reason="manual")
        finally:
            ctx.close()
        paths = [db_path, db_path.with_name("dvmeet.sqlite.lock"), made.path]
        assert all(mode(p) == 0o600 for p in paths), {str(p): oct(mode(p)) for p in paths}
        assert mode(data) == 0o700 and mode(made.path.parent) == 0o700

        conn = sqlite3.connect(db_path)  # the sidecars SQLite makes copy the file's mode
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        for side in ("-wal", "-shm"):
            assert mode(db_path.with_name("dvmeet.sqlite" + side)) == 0o600
        conn.close()

        ctx = Context(open_database(db_path), actor="test")
        try:
            registry.load_municipalities(ctx)
            from meeting_setup import make_body

            make_body(ctx, municipalities=1)
            for name in ("ut.csv", "ut.xlsx"):
                export_members(ctx, "RS", tmp_path / name)
                assert mode(tmp_path / name) == 0o600
        finally:
            ctx.close()

        env = dict(os.environ, DVMEET_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-c", BUG, "--database", str(db_path), "backup"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert done.returncode == 2
        log = data / "logs" / "dvmeet.log"
        assert mode(log) == 0o600 and mode(log.parent) == 0o700
    finally:
        os.umask(old)
