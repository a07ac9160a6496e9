"""`dvmeet check` on a read-only copy (issue 14): a copy of the database on a write-protected
file or in a write-protected folder is checked as it is, audit chain, snapshots and
facts digests, without a byte written to it or beside it, and a -wal holding frames is
read, never checkpointed into the file. SQLite files only."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from meeting_setup import make_body
from sqlalchemy.engine import URL
from test_constituent_meeting import run_constituent_meeting

from dvmeet.cli import EXIT_OK, EXIT_PROBLEMS, main
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import minutes, registry
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn

TAMPER = (
    "UPDATE ballot SET choice = CASE WHEN choice = 'for' THEN 'mot' ELSE 'for' END "
    "WHERE id = (SELECT min(id) FROM ballot WHERE meeting_id = ?)"
)


@pytest.fixture
def approved_file(ctx: Context, database_url: URL) -> dict[str, Any]:
    if database_url.get_backend_name() != "sqlite":
        pytest.skip("a read-only copy is a SQLite file")
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=run["signatories"],
        ),
    )
    named = f"{registry.get_body(ctx, body.code).name} 11.12.2024"
    ctx.close()
    path = Path(str(database_url.database))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"path": path, "meeting_id": run["meeting_id"], "named": named}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture
def protected(tmp_path: Path) -> Iterator[Path]:
    """A folder for the copy; write rights given back afterwards so it can be removed."""
    folder = tmp_path / "kopi"
    folder.mkdir()
    yield folder
    folder.chmod(0o700)
    for p in folder.iterdir():
        p.chmod(0o600)


def _tamper(path: Path, meeting_id: int) -> sqlite3.Connection:
    """What an insider does with sqlite3 on the file: triggers dropped, a ballot turned.
    The connection is left open with its change in the -wal (no checkpoint)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ballot'"
        )
    ]
    for name in names:
        conn.execute(f'DROP TRIGGER "{name}"')
    assert conn.execute(TAMPER, (meeting_id,)).rowcount == 1
    return conn


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--database", str(path), "check"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_reads_a_write_protected_file_and_writes_nothing(
    approved_file: dict[str, Any], protected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = protected / "dvmeet.sqlite"
    shutil.copyfile(approved_file["path"], copy)
    copy.chmod(0o444)
    before = _digest(copy)
    code, out, err = _check(copy, capsys)
    assert code == EXIT_OK, err
    assert f"Databasen {copy} er i orden." in out
    assert _digest(copy) == before
    wal = protected / "dvmeet.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_check_reads_a_copy_in_a_write_protected_folder_and_makes_nothing_there(
    approved_file: dict[str, Any], protected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = protected / "dvmeet.sqlite"
    shutil.copyfile(approved_file["path"], copy)
    protected.chmod(0o555)
    before = _listing(protected)
    code, out, err = _check(copy, capsys)
    assert code == EXIT_OK, err
    assert f"Databasen {copy} er i orden." in out
    assert _listing(protected) == before


def test_check_finds_a_tampered_read_only_copy(
    approved_file: dict[str, Any], protected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = _tamper(approved_file["path"], approved_file["meeting_id"])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    copy = protected / "dvmeet.sqlite"
    shutil.copyfile(approved_file["path"], copy)
    protected.chmod(0o555)
    before = _listing(protected)
    code, _out, err = _check(copy, capsys)
    assert code == EXIT_PROBLEMS
    assert (
        f"Opplysningane i møtet {approved_file['named']} er endra etter at møteboka vart "
        "godkjend (summen av radene møtet eig, stemmer ikkje)"
    ) in err
    assert _listing(protected) == before


def test_check_reads_the_wal_of_a_read_only_copy_and_never_checkpoints_it(
    approved_file: dict[str, Any], protected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The change sits only in the -wal: check must see it (reading the file alone would
    call the copy clean) and leave both files as they were."""
    source = approved_file["path"]
    conn = _tamper(source, approved_file["meeting_id"])
    copy = protected / "dvmeet.sqlite"
    wal = protected / "dvmeet.sqlite-wal"
    shutil.copyfile(source, copy)
    shutil.copyfile(source.with_name(source.name + "-wal"), wal)
    conn.close()
    assert wal.stat().st_size > 0
    copy.chmod(0o444)
    wal.chmod(0o444)
    file_before, wal_before = _digest(copy), _digest(wal)
    code, _out, err = _check(copy, capsys)
    assert code == EXIT_PROBLEMS, err
    assert f"Opplysningane i møtet {approved_file['named']} er endra" in err
    assert (_digest(copy), _digest(wal)) == (file_before, wal_before)
