"""The command line's storage commands: check and backup, exit codes, messages."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet import __version__
from dvmeet.cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, main
from dvmeet.db.backup import list_backups
from dvmeet.db.storage import open_database

ROOT = Path(__file__).resolve().parents[2]
sqlite_only = pytest.mark.skipif(is_postgres(), reason="SQLite files")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    open_database(path).dispose()
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"dvmeet {__version__}"
    assert __version__ == "0.1.0"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "bruk: dvmeet" in out
    for command in ("check", "backup", "demo", "registry"):
        assert command in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2
    assert "frobnicate" in capsys.readouterr().err


def test_check_of_a_missing_file_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "missing.sqlite"
    assert main(["--database", str(missing), "check"]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "finst ikkje" in captured.err
    assert str(missing) in captured.err
    assert captured.out == ""
    assert not missing.exists()
    assert not missing.parent.exists()


@sqlite_only
def test_check_of_a_fresh_database(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(db_file), "check"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "i orden" in captured.out
    assert "0 hendingar" in captured.out
    assert captured.err == ""


@sqlite_only
def test_check_reports_a_broken_audit_chain(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dvmeet.services.context import Context

    ctx = Context(open_database(db_file), actor="test")
    try:
        for i in range(3):
            with ctx.unit_of_work() as uow:
                uow.audit("test.add", "member", i, {"i": i})
    finally:
        ctx.close()
    conn = sqlite3.connect(db_file)
    conn.execute("DROP TRIGGER IF EXISTS trg_audit_event_no_update")
    conn.execute("UPDATE audit_event SET payload = '{}' WHERE id = 2")
    conn.commit()
    conn.close()

    assert main(["--database", str(db_file), "check"]) == EXIT_PROBLEMS
    captured = capsys.readouterr()
    assert "har feil" in captured.err
    assert "hending nr. 2" in captured.err


@sqlite_only
def test_check_of_a_damaged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(os.urandom(8192))
    before = damaged.read_bytes()
    assert main(["--database", str(damaged), "check"]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "Feil:" in captured.err
    assert "skadd" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert damaged.read_bytes() == before


@sqlite_only
@pytest.mark.parametrize("damage", ["truncated", "pages overwritten"])
def test_check_of_a_dvmeet_file_damaged_inside(
    db_file: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from dvmeet.services.context import Context

    ctx = Context(open_database(db_file), actor="test")
    try:
        for i in range(40):
            with ctx.unit_of_work() as uow:
                uow.audit("test.add", "member", i, {"text": "x" * 500})
        with ctx.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    data = bytearray(db_file.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[5 * page : 12 * page] = bytes(range(256)) * (7 * page // 256)
    db_file.write_bytes(bytes(data))

    assert main(["--database", str(db_file), "check"]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "skadd" in captured.err
    assert "Traceback" not in captured.err + captured.out


@sqlite_only
def test_check_of_a_database_from_a_newer_version(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(db_file)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffff'")
    conn.commit()
    conn.close()
    assert main(["--database", str(db_file), "check"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "nyare versjon" in err
    assert "Traceback" not in err


@sqlite_only
def test_backup_goes_to_the_data_dir(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(os.environ["DVMEET_DATA_DIR"]) / "backups"
    assert folder == tmp_path / "userdata" / "backups"
    assert main(["--database", str(db_file), "backup"]) == EXIT_OK
    made = list_backups(folder)
    assert [b.reason for b in made] == ["manual"]
    assert str(made[0].path) in capsys.readouterr().out
    check = sqlite3.connect(made[0].path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    finally:
        check.close()


@sqlite_only
def test_backup_uses_dvmeet_database_url(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DVMEET_DATABASE_URL", str(db_file))
    assert main(["backup"]) == EXIT_OK
    assert len(list_backups()) == 1


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL only")
def test_backup_of_a_postgres_database_is_refused_with_a_message(
    database_url: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.engine import URL

    assert isinstance(database_url, URL)
    target = database_url.render_as_string(hide_password=False)
    assert main(["--database", target, "backup"]) == EXIT_ERROR
    assert "pg_dump" in capsys.readouterr().err


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL only")
def test_check_of_a_postgres_database(
    database_url: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.engine import URL

    assert isinstance(database_url, URL)
    target = database_url.render_as_string(hide_password=False)
    assert main(["--database", target, "check"]) == EXIT_OK
    assert "i orden" in capsys.readouterr().out


def run_cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DVMEET_DATA_DIR=str(env_dir), PYTHONPATH=str(ROOT))
    env.pop("DVMEET_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "dvmeet.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@sqlite_only
def test_exit_codes_in_a_real_process(tmp_path: Path, db_file: Path) -> None:
    data = tmp_path / "userdata"
    missing = tmp_path / "missing.sqlite"
    done = run_cli("--database", str(missing), "check", env_dir=data)
    assert done.returncode == EXIT_ERROR
    assert "finst ikkje" in done.stderr
    assert "Traceback" not in done.stderr
    assert not missing.exists()

    done = run_cli("--database", str(db_file), "check", env_dir=data)
    assert done.returncode == EXIT_OK, done.stderr
    assert "i orden" in done.stdout

    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"\x00garbage" * 1000)
    done = run_cli("--database", str(damaged), "check", env_dir=data)
    assert done.returncode == EXIT_ERROR
    assert "Traceback" not in done.stderr


BUG_SCRIPT = """
import sys
import dvmeet.services.maintenance as maintenance
from dvmeet.cli import main

def broken(*args, **kwargs):
    raise RuntimeError("en feil i koden")

maintenance.backup_now = broken
sys.exit(main(sys.argv[1:]))
"""


@sqlite_only
def test_unexpected_error_shows_one_line_and_logs_the_traceback(
    tmp_path: Path, db_file: Path
) -> None:
    data = tmp_path / "userdata"
    env = dict(os.environ, DVMEET_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", BUG_SCRIPT, "--database", str(db_file), "backup"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == EXIT_ERROR
    assert "Uventa feil (RuntimeError): en feil i koden" in done.stderr
    assert "Traceback" not in done.stderr
    logged = (data / "logs" / "dvmeet.log").read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "en feil i koden" in logged


def test_unexpected_error_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import dvmeet.services.maintenance as maintenance

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("en feil i koden")

    monkeypatch.setattr(maintenance, "database_exists", broken)
    assert main(["--database", str(tmp_path / "x.sqlite"), "check"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "Uventa feil (RuntimeError): en feil i koden" in err
    assert "Traceback" not in err
