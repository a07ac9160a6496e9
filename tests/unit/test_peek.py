"""The first look at a database (services.peek): the same meeting list as the service, or
None for anything unusual, without writing a byte and without importing the core."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet.services import meetings, registry
from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import PlanMeetingIn
from dvmeet.services.peek import MeetingRow, choose_body, peek_meeting_list, plain_sqlite_path

pytestmark = pytest.mark.skipif(is_postgres(), reason="the first look reads SQLite files")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("peek") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=2)
    ctx.close()
    yield path


def years_with_meetings(path: Path) -> set[int]:
    ctx = open_context(path)
    try:
        return {m.date.year for m in meetings.list_meetings(ctx)}
    finally:
        ctx.close()


def test_same_rows_as_the_meeting_list_service(demo: Path) -> None:
    ctx = open_context(demo)
    try:
        bodies = registry.list_bodies(ctx)
        years = {m.date.year for m in meetings.list_meetings(ctx)}
        expected = {
            (b.code, year): [
                MeetingRow(**m.model_dump()) for m in meetings.list_meetings(ctx, b.code, year)
            ]
            for b in bodies
            for year in years | {min(years) - 1}
        }
        names = [(b.code, b.name) for b in bodies]
    finally:
        ctx.close()
    assert sum(len(rows) for rows in expected.values()) > 5
    for (code, year), rows in expected.items():
        peek = peek_meeting_list(demo, code, year)
        assert peek is not None
        assert peek.body_code == code and peek.year == year
        assert peek.bodies == names
        assert peek.meetings == rows, (code, year)


def test_body_chosen_as_the_view_does() -> None:
    assert choose_body(["KDM", "RS", "SG"], "SG") == "SG"
    assert choose_body(["KDM", "RS", "SG"], "XX") == "RS"
    assert choose_body(["KDM", "RS", "SG"], None) == "RS"
    assert choose_body(["KDM", "SG"], None) == "KDM"
    assert choose_body([], "RS") is None


def test_plain_paths_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert plain_sqlite_path(str(tmp_path / "a.sqlite")) == tmp_path / "a.sqlite"
    assert plain_sqlite_path("postgresql://x@host/db") is None
    monkeypatch.setenv("DVMEET_DATABASE_URL", "postgresql://x@host/db")
    assert plain_sqlite_path(None) is None
    monkeypatch.delenv("DVMEET_DATABASE_URL")
    default = plain_sqlite_path(None)
    assert default is not None and default.is_absolute()


def _copy(demo: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    target.write_bytes(demo.read_bytes())
    return target


def test_nothing_unusual_is_shown(demo: Path, tmp_path: Path) -> None:
    year = max(years_with_meetings(demo))
    assert peek_meeting_list(tmp_path / "finst-ikkje.sqlite", "RS", year) is None
    empty = tmp_path / "tom.sqlite"
    empty.touch()
    assert peek_meeting_list(empty, "RS", year) is None
    garbage = tmp_path / "rot.sqlite"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    assert peek_meeting_list(garbage, "RS", year) is None
    text = tmp_path / "tekst.sqlite"
    text.write_text("ikkje ein database\n" * 100)
    assert peek_meeting_list(text, "RS", year) is None
    other = tmp_path / "anna.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert peek_meeting_list(other, "RS", year) is None
    newer = _copy(demo, tmp_path, "nyare.sqlite")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'fffffffffff0'")
    assert peek_meeting_list(newer, "RS", year) is None
    assert peek_meeting_list(_copy(demo, tmp_path, "ok.sqlite"), "RS", year) is not None


def test_reads_without_writing(demo: Path, tmp_path: Path) -> None:
    path = _copy(demo, tmp_path, "les.sqlite")
    path.chmod(0o400)  # a write would fail loudly
    before = path.read_bytes()
    peek = peek_meeting_list(path, "RS", max(years_with_meetings(demo)))
    assert peek is not None and peek.meetings
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["les.sqlite"]


def test_sees_what_is_still_in_the_write_ahead_log(demo: Path, tmp_path: Path) -> None:
    path = _copy(demo, tmp_path, "wal.sqlite")
    day = dt.date.today() + dt.timedelta(days=40)
    ctx = open_context(path)
    try:
        planned = meetings.plan_meeting(
            ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(9), place="Førde")
        )
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the change is still only in the WAL
        peek = peek_meeting_list(path, "RS", day.year)
        assert peek is not None
        assert [m.place for m in peek.meetings if m.id == planned.id] == ["Førde"]
    finally:
        ctx.close()


def test_the_first_look_imports_neither_sqlalchemy_nor_pydantic() -> None:
    code = (
        "import sys\n"
        "import ui.app, ui.main_window, ui.meetings.preview, dvmeet.services.peek, dvmeet.cli\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'pydantic', 'alembic', 'reportlab'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stdout
