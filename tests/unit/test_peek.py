"""The first look at a database (services.peek): the same meeting list, and the same
opening meeting (facts, the rules' findings, cases), as the services, or None for anything
unusual, without writing a byte and without importing the core."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet.domain.enums import ClosureBasis, MeetingForm
from dvmeet.services import meetings, offline, registry
from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import CaseIn, MeetingOut, PlanMeetingIn, UpdateCaseIn
from dvmeet.services.offline.models import CheckoutIn
from dvmeet.services.peek import (
    MeetingDetail,
    MeetingRow,
    choose_body,
    opening_meeting,
    peek_meeting_list,
    plain_sqlite_path,
)

pytestmark = pytest.mark.skipif(is_postgres(), reason="the first look reads SQLite files")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo without its practice meetings (one under way would open the console)."""
    path = tmp_path_factory.mktemp("peek") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=2, practice=False)
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
        # the body picker the view fills once the core has loaded
        picked = [(b.code, b.name) for b in meetings.planning_choices(ctx).bodies]
    finally:
        ctx.close()
    assert sum(len(rows) for rows in expected.values()) > 5
    assert picked == names
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
    before = path.read_bytes(), path.stat().st_mtime_ns
    peek = peek_meeting_list(path, "RS", max(years_with_meetings(demo)))
    assert peek is not None and peek.meetings and peek.opening is not None
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["les.sqlite"]


def test_a_file_that_cannot_be_written_is_left_to_the_proper_open(
    demo: Path, tmp_path: Path
) -> None:
    """It opens for reading only, with its notice: today's path."""
    year = max(years_with_meetings(demo))
    path = _copy(demo, tmp_path, "verna.sqlite")
    assert peek_meeting_list(path, "RS", year) is not None
    path.chmod(0o400)
    assert peek_meeting_list(path, "RS", year) is None
    path.chmod(0o600)
    folder = tmp_path / "mappe"
    folder.mkdir()
    inside = _copy(demo, folder, "i-mappa.sqlite")
    folder.chmod(0o500)
    try:
        assert peek_meeting_list(inside, "RS", year) is None
    finally:
        folder.chmod(0o700)


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
        "import ui.app, ui.main_window, ui.meetings.view, dvmeet.services.peek, dvmeet.cli\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'pydantic', 'alembic', 'reportlab'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stdout


# --- the meeting the view opens with ------------------------------------------------------

SHOWN = (
    "id", "body_code", "body_name", "kind", "title", "date", "start_time", "end_time",
    "place", "form", "status", "frozen", "demanded_by", "notice_sent_at", "editable",
    "minutes_frozen", "ended",
)  # fmt: skip


def assert_same(detail: MeetingDetail, meeting: MeetingOut, labels: dict[int, str]) -> None:
    for name in SHOWN:
        assert getattr(detail, name) == getattr(meeting, name), (meeting.id, name)
    assert [(w.rule_id, w.severity, w.message) for w in detail.warnings] == [
        (w.rule_id, w.severity, w.message) for w in meeting.warnings
    ], meeting.id
    assert len(detail.cases) == len(meeting.cases)
    for row, case in zip(detail.cases, meeting.cases, strict=True):
        for name in row.__dataclass_fields__:
            assert getattr(row, name) == getattr(case, name), (case.id, name)
    named = {c.document_version_id for c in meeting.cases} - {None}
    assert detail.version_labels == {v: labels[v] for v in named}


def every_opening(path: Path) -> list[tuple[MeetingDetail, MeetingOut, dict[int, str]]]:
    """The opening meeting of every body and year (on the day of each meeting, so that
    each meeting opens once), from the file and from the services."""
    ctx = open_context(path)
    try:
        labels = {v.id: v.label for v in meetings.planning_choices(ctx).versions}
        found = []
        for m in meetings.list_meetings(ctx):
            peek = peek_meeting_list(path, m.body_code, m.date.year, today=m.date)
            assert peek is not None and peek.opening is not None
            assert (
                opening_meeting(peek.meetings, m.date)
                == peek.meetings[[r.id for r in peek.meetings].index(peek.opening.id)]
            )
            found.append((peek.opening, meetings.get_meeting(ctx, peek.opening.id), labels))
        return found
    finally:
        ctx.close()


def test_the_opening_meeting_as_the_services_give_it(demo: Path) -> None:
    pairs = every_opening(demo)
    assert len(pairs) > 5 and any(m.cases for _d, m, _l in pairs)
    for detail, meeting, labels in pairs:
        assert_same(detail, meeting, labels)


def test_the_rules_findings_as_the_services_give_them(demo: Path, tmp_path: Path) -> None:
    """A meeting the rules have something to say about: the notice not sent in time (M-3),
    a case closed under koml. § 11-5 (2) in a remote meeting (M-6: for an administrative
    body a warning, kept when the case was added); the case names a document version."""
    path = _copy(demo, tmp_path, "regel.sqlite")
    ctx = open_context(path)
    try:
        day = dt.date.today() + dt.timedelta(days=3)
        body = next(b for b in registry.list_bodies(ctx) if b.code == "KDM")
        planned = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code=body.code,
                date=day,
                start_time=dt.time(9),
                place="Nett",
                form=MeetingForm.FJERNMOTE,
            ),
        )
        version = meetings.planning_choices(ctx).versions[0].id
        case = meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=planned.id,
                title="Lukka sak",
                public_title="Lukka",
                closed=True,
                closure_basis=ClosureBasis.KOML_11_5_2,
                document_version_id=version,
            ),
        )
        meetings.update_case(
            ctx,
            UpdateCaseIn(case_id=case.id, title="Lukka sak, endra", expected_version=case.version),
        )
        expected = meetings.get_meeting(ctx, planned.id)
        labels = {v.id: v.label for v in meetings.planning_choices(ctx).versions}
    finally:
        ctx.close()
    assert {w.rule_id for w in expected.warnings} >= {"M-3"}, expected.warnings
    assert len(expected.warnings) >= 2
    peek = peek_meeting_list(path, body.code, day.year, today=day)
    assert peek is not None and peek.opening is not None and peek.opening.id == planned.id
    assert_same(peek.opening, expected, labels)


def test_a_meeting_under_way_or_out_on_a_file_is_left_to_the_proper_open(
    demo: Path, tmp_path: Path
) -> None:
    year = max(years_with_meetings(demo))
    under_way = tmp_path / "i-gang.sqlite"
    ctx = open_context(under_way)
    fill_demo(ctx, years=1)  # with the practice meeting under way
    ctx.close()
    assert peek_meeting_list(under_way, "RS", dt.date.today().year) is None
    out = _copy(demo, tmp_path, "ute.sqlite")
    ctx = open_context(out)
    try:
        day = dt.date.today() + dt.timedelta(days=30)
        planned = meetings.plan_meeting(
            ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(9), place="Førde")
        )
        assert peek_meeting_list(out, "RS", year) is not None
        offline.checkout_meeting(
            ctx, CheckoutIn(meeting_id=planned.id, file=tmp_path / "moete.dvmeet")
        )
    finally:
        ctx.close()
    assert peek_meeting_list(out, "RS", year) is None
