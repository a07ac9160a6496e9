"""Item 3: 20 online backups taken while a writer commits, each opening clean and holding a
consistent state; `dvmeet restore BACKUP` replaces the database safely and keeps the
replaced file aside; a damaged backup is refused. (Retention over 400 days with a fake
clock is in tests/unit/test_backup.py.)"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from faults import (  # noqa: F401  (fixtures)
    Zygote,
    consistency_problems,
    live_file,
    meeting_file,
    ro_connect,
    sha256,
    sqlite_only,
    zygote,
)
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from dvmeet.cli import EXIT_ERROR, EXIT_OK, main
from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.backup import backup_sqlite, file_problems, integrity_problems
from dvmeet.db.storage import open_database
from dvmeet.errors import StorageError
from dvmeet.services.maintenance import restore_database

pytestmark = [pytest.mark.reliability, sqlite_only]

BACKUPS = 20


def votes_in(path: Path) -> int:
    conn = ro_connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM vote").fetchone()[0])
    finally:
        conn.close()


def chain_ok(path: Path) -> int:
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with Session(engine) as s:
            report = verify_audit_chain(s)
        assert report.broken_at is None, report
        return report.events
    finally:
        engine.dispose()


def test_20_online_backups_while_a_writer_commits(
    zygote: Zygote, live_file: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    writer = zygote.start(mode="votes", db=str(live_file), count=400)
    zygote.wait_for(writer, "V ")
    taken = []
    try:
        for n in range(BACKUPS):
            taken.append(backup_sqlite(live_file, reason="manual", directory=backups))
            # the next backup after the writer's next vote (not after a pause, which a busy
            # machine may fill with no vote at all): the backups see the votes coming in
            zygote.wait_for(writer, "V ", count=n + 2)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        zygote.finish(writer)
    assert not writer.errors("E") and not writer.errors("X"), writer.lines
    seen = []
    for backup in taken:
        conn = ro_connect(backup.path)
        try:
            assert integrity_problems(conn) == []
            assert consistency_problems(conn) == []
        finally:
            conn.close()
        assert chain_ok(backup.path) > 0
        assert not backup.path.with_name(backup.path.name + "-wal").exists()
        assert backup.path.stat().st_mode & 0o777 == 0o600
        seen.append(votes_in(backup.path))
    assert seen == sorted(seen) and seen[-1] > seen[0], seen  # taken while votes came in
    db = open_database(taken[-1].path)  # a backup opens as a database
    db.dispose()
    print(f"\nbackups: {BACKUPS} online backups verified (votes {seen[0]}..{seen[-1]})")


def test_restore_keeps_the_replaced_file_and_refuses_a_damaged_backup(
    zygote: Zygote, live_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = tmp_path / "backups"
    early = backup_sqlite(live_file, reason="manual", directory=backups)
    # Work after the backup, left in the -wal by a killed writer: the replaced file keeps it.
    run = zygote.start(mode="votes", db=str(live_file), count=400)
    zygote.wait_for(run, "D ", count=4)
    os.kill(run.pid, signal.SIGKILL)
    zygote.finish(run)
    assert live_file.with_name("dvmeet.sqlite-wal").stat().st_size > 0
    later_votes = votes_in(live_file)
    assert later_votes >= votes_in(early.path) + 4

    damaged = tmp_path / "damaged-backup.sqlite"
    data = bytearray(early.path.read_bytes())
    data[3 * 4096 : 4 * 4096] = os.urandom(4096)
    damaged.write_bytes(bytes(data))
    before = sha256(live_file)
    assert main(["--database", str(live_file), "restore", str(damaged)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "skadd" in err and "ikkje endra" in err and "Traceback" not in err
    assert sha256(live_file) == before

    holder = zygote.start(mode="hold", db=str(live_file), seconds=60)
    zygote.wait_for(holder, "holding")
    try:
        assert main(["--database", str(live_file), "restore", str(early.path)]) == EXIT_ERROR
        assert "i bruk" in capsys.readouterr().err
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        zygote.finish(holder)

    db = open_database(live_file)
    try:
        with pytest.raises(StorageError, match="Lukk databasen"):
            restore_database(early.path, live_file)
    finally:
        db.dispose()

    assert main(["--database", str(live_file), "restore", str(early.path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "gjenoppretta" in out
    replaced = list(live_file.parent.glob("dvmeet.sqlite.replaced-*"))
    replaced = [p for p in replaced if not p.name.endswith(("-wal", "-shm", "-journal"))]
    assert len(replaced) == 1 and str(replaced[0]) in out
    assert votes_in(replaced[0]) == later_votes  # nothing of the replaced file is lost
    assert file_problems(replaced[0]) == []
    assert votes_in(live_file) == votes_in(early.path)
    assert live_file.stat().st_mode & 0o777 == 0o600
    db = open_database(live_file)
    db.dispose()
    assert main(["--database", str(live_file), "check"]) == EXIT_OK
