"""Start-up: the Møte view itself is built and filled straight from the file while the
core loads (services.peek); when the database is open the same view reloads through the
services with nothing changed; what the user asks for meanwhile waits and is done once,
after; a failed open takes the view away; anything unusual takes today's path."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.services import attendance, meetings
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, RollCallIn
from dvmeet.services.context import open_context
from dvmeet.services.meetings.models import MeetingListIn, PlanMeetingIn
from ui.database import DatabaseLifecycle
from ui.main_window import MainWindow
from ui.meetings.view import MeetingsView
from ui.state import AppState


def busiest_year(path: Path) -> tuple[str, int, list[int]]:
    ctx = open_context(path)
    try:
        rows = meetings.list_meetings(ctx, "RS")
        years = [r.date.year for r in rows]
        year = max(set(years), key=years.count)
        return "RS", year, [r.id for r in meetings.list_meetings(ctx, "RS", year)]
    finally:
        ctx.close()


def shown_ids(table: QTableView) -> list[int]:
    model = table.model()
    source = model.sourceModel()  # type: ignore[attr-defined]
    return sorted(source.row(r).id for r in range(source.rowCount()))


def picture(view: MeetingsView) -> dict[str, Any]:
    """What the view shows: the pickers, the list, the meeting and its cases, as text."""
    cases = view.case_table.model()
    return {
        "body": view.body_combo.currentData(),
        "bodies": [view.body_combo.itemText(i) for i in range(view.body_combo.count())],
        "year": view.year_spin.value(),
        "ids": shown_ids(view.meeting_table),
        "chosen": view.meeting_table.currentIndex().row(),
        "detail": view.detail_stack.currentWidget() is view.detail,
        "heading": view.heading.text(),
        "facts": view.facts.text(),
        "banner": view.banner.isVisibleTo(view),
        "warnings": view.warnings.label.text() if view.warnings.isVisibleTo(view) else "",
        "tab": view.tabs.currentIndex(),
        "cases": [
            [cases.index(r, c).data() for c in range(cases.columnCount())]
            for r in range(cases.rowCount())
        ],
        "buttons": {
            b.objectName(): (b.isVisibleTo(view), b.isEnabled(), b.text())
            for b in view.findChildren(QPushButton)
            if b.parent() is not view.minutes_panel and not view.minutes_panel.isAncestorOf(b)
        },
    }


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """The database is not opened after the first look until the test says so."""
    held: list[DatabaseLifecycle] = []
    original = DatabaseLifecycle.first_look_painted
    monkeypatch.setattr(DatabaseLifecycle, "first_look_painted", lambda self: held.append(self))

    def release() -> None:
        assert held, "the first look was never shown"
        original(held[0])

    yield release


def started(
    qtbot: QtBot, path: Path, settings: QSettings, year_of: Path | None = None
) -> tuple[MainWindow, AppState]:
    body, year, _ids = busiest_year(year_of or path)
    settings.setValue("meetings/body", body)
    settings.setValue("meetings/year", year)
    state = AppState(settings)
    window = MainWindow(state, str(path))
    qtbot.addWidget(window)
    window.show()
    return window, state


def test_the_meeting_view_is_shown_before_the_database_is_open(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    body, year, ids = busiest_year(held_demo_copy)
    assert ids
    window, state = started(qtbot, held_demo_copy, ui_settings)
    seen: dict[str, Any] = {}

    def snapshot() -> None:
        view = window.stack.currentWidget()
        assert isinstance(view, MeetingsView)
        seen.update(view=view, open=state.is_open, picture=picture(view))

    window.view_ready.connect(snapshot)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    first = seen["picture"]
    assert seen["open"] is False
    assert seen["view"].objectName() == "view_meetings"
    assert (first["body"], first["year"], first["ids"]) == (body, year, sorted(ids))
    assert first["detail"] and first["heading"] and first["cases"]  # the opening meeting
    assert first["chosen"] >= 0
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    view = seen["view"]
    qtbot.waitUntil(lambda: view.meeting is not None, timeout=30_000)
    wait_idle(qtbot, state)
    assert window.stack.currentWidget() is view  # the same view: it reloaded itself
    assert picture(view) == first  # the services gave what the file showed: nothing moved
    assert view.plan_button.isEnabled() and view.minutes_panel.isEnabled()
    window.close()


def test_what_is_asked_while_the_database_opens_is_done_once_after(
    qtbot: QtBot,
    held_demo_copy: Path,
    ui_settings: QSettings,
    held_open: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, state = started(qtbot, held_demo_copy, ui_settings)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    view = window.stack.currentWidget()
    assert isinstance(view, MeetingsView) and not state.is_open
    table = view.case_table
    row = table.model().rowCount() - 1
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wanted = view.case_model.row(table.model().mapToSource(table.currentIndex()).row()).id
    messages: list[str] = []
    state.message.connect(messages.append)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # asked twice: done once
    assert view.cursor().shape() == Qt.CursorShape.BusyCursor
    assert messages and messages[-1] == "Opnar databasen …"
    assert view.dialog is None  # nothing done yet, nothing faked
    opened: list[QDialog] = []
    from ui.meetings.case_dialog import CaseDialog

    original = CaseDialog.open
    monkeypatch.setattr(CaseDialog, "open", lambda self: (opened.append(self), original(self)))
    held_open()
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    wait_idle(qtbot, state)
    assert len(opened) == 1
    dialog = opened[0]
    assert isinstance(dialog, CaseDialog) and dialog.case is not None
    assert dialog.case.id == wanted  # the case clicked, as the services read it
    assert view.cursor().shape() != Qt.CursorShape.BusyCursor
    dialog.reject()
    window.close()


def test_a_meeting_chosen_while_the_database_opens_is_read_once_after(
    qtbot: QtBot,
    held_demo_copy: Path,
    ui_settings: QSettings,
    held_open: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, state = started(qtbot, held_demo_copy, ui_settings)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    view = window.stack.currentWidget()
    assert isinstance(view, MeetingsView)
    table = view.meeting_table
    opening = table.currentIndex().row()
    other = 0 if opening != 0 else 1
    rect = table.visualRect(table.model().index(other, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = view.meeting_model.row(table.model().mapToSource(table.currentIndex()).row()).id
    assert view.detail_stack.currentWidget() is view.placeholder
    assert view.placeholder.text() == "Opnar databasen …"
    read: list[int] = []
    real = meetings.get_meeting

    def counted(ctx: Any, meeting_id: int) -> Any:
        read.append(meeting_id)
        return real(ctx, meeting_id)

    monkeypatch.setattr(meetings, "get_meeting", counted)
    held_open()
    qtbot.waitUntil(lambda: view.meeting is not None, timeout=30_000)
    wait_idle(qtbot, state)
    assert read == [chosen]
    assert view.meeting is not None and view.meeting.id == chosen
    assert view.detail_stack.currentWidget() is view.detail
    window.close()


def test_a_body_chosen_while_the_database_opens_is_listed_after(
    qtbot: QtBot,
    held_demo_copy: Path,
    ui_settings: QSettings,
    held_open: Callable[[], None],
) -> None:
    window, state = started(qtbot, held_demo_copy, ui_settings)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    view = window.stack.currentWidget()
    assert isinstance(view, MeetingsView)
    year = view.year_spin.value()
    ctx = open_context(held_demo_copy)
    try:
        other = next(
            b.code for b in meetings.planning_choices(ctx).bodies if b.code != view.body_code()
        )
        expected = meetings.meeting_list(
            ctx, MeetingListIn(body_code=other, year=year, today=dt.date.today())
        )
    finally:
        ctx.close()
    view.body_combo.setCurrentIndex(view.body_combo.findData(other))
    assert view.meeting_model.rowCount() == 0  # not the other body's list meanwhile
    assert view.placeholder.text() == "Opnar databasen …"
    held_open()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    wait_idle(qtbot, state)
    assert shown_ids(view.meeting_table) == sorted(r.id for r in expected.rows)
    if expected.opens_with is None:  # the body has no meeting that year: the view says so
        assert view.meeting is None and view.empty_list.isVisibleTo(view)
        assert view.placeholder.text() != "Opnar databasen …"
    else:
        assert view.meeting is not None and view.meeting.id == expected.opens_with
    assert ui_settings.value("meetings/body") == other
    window.close()


def test_a_held_meeting_opens_on_its_minutes_which_come_with_the_database(
    qtbot: QtBot,
    held_demo_copy: Path,
    ui_settings: QSettings,
    held_open: Callable[[], None],
) -> None:
    today = dt.date.today()
    ctx = open_context(held_demo_copy)
    try:
        meeting = meetings.plan_meeting(
            ctx, PlanMeetingIn(body_code="RS", date=today, start_time=dt.time(9), place="Voss")
        )
        seated = attendance.roll_call(ctx, meeting.id).seats_list
        present = [s.members[0].person_id for s in seated if s.members]
        attendance.record_roll_call(ctx, RollCallIn(meeting_id=meeting.id, present=present))
        at = dt.datetime.combine(today, dt.time(9))
        attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=at))
        attendance.close_meeting(
            ctx, CloseMeetingIn(meeting_id=meeting.id, closed_at=at + dt.timedelta(hours=1))
        )
    finally:
        ctx.close()
    ui_settings.setValue("meetings/body", "RS")
    ui_settings.setValue("meetings/year", today.year)
    state = AppState(ui_settings)
    window = MainWindow(state, str(held_demo_copy))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    view = window.stack.currentWidget()
    assert isinstance(view, MeetingsView) and not state.is_open
    assert view.first_meeting is not None and view.first_meeting.id == meeting.id
    panel = view.minutes_panel
    assert view.tabs.currentWidget() is panel  # a held meeting opens on its møtebok
    assert not panel.isEnabled() and panel.toolTip() == "Opnar databasen …"
    assert panel.preview.toPlainText() == "Opnar databasen …"
    held_open()
    qtbot.waitUntil(lambda: view.meeting is not None, timeout=30_000)
    qtbot.waitUntil(lambda: panel.draft is not None, timeout=30_000)
    wait_idle(qtbot, state)
    assert view.tabs.currentWidget() is panel and panel.isEnabled()
    assert panel.approve_button.isEnabled()
    assert "Opnar databasen" not in panel.preview.toPlainText()
    assert "Voss" in panel.preview.toPlainText()
    window.close()


def test_no_first_look_when_another_view_was_last(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    ui_settings.setValue("last_view", "registry")
    state = AppState(ui_settings)
    window = MainWindow(state, str(held_demo_copy))
    qtbot.addWidget(window)
    window.show()
    made: list[tuple[str, bool]] = []
    window.stack.widgetAdded.connect(
        lambda i: made.append((window.stack.widget(i).objectName(), state.is_open))
    )
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    wait_idle(qtbot, state)
    assert window.stack.currentWidget().objectName() == "view_registry"
    assert made and all(is_open for _name, is_open in made)
    window.close()


def test_a_meeting_under_way_takes_todays_path(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    """The demo has a meeting under way: no first look; the console opens at start."""
    window, state = started(qtbot, demo_copy, ui_settings)
    made: list[tuple[str, bool]] = []
    window.stack.widgetAdded.connect(
        lambda i: made.append((window.stack.widget(i).objectName(), state.is_open))
    )
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    view = window.view("meetings")
    qtbot.waitUntil(lambda: getattr(view, "console", None) is not None, timeout=30_000)
    wait_idle(qtbot, state)
    assert ("view_meetings", True) in made and ("view_meetings", False) not in made
    view.console.close()  # type: ignore[attr-defined]
    window.close()


def test_a_database_url_takes_todays_path(
    qtbot: QtBot, database_url: URL, ui_settings: QSettings
) -> None:
    """A URL (PostgreSQL, or SQLite written as a URL) is read by the core only: the Møte
    view is built when the database is open, and is ready once it has loaded through the
    services (here a new database: no body yet, and the view says what to do)."""
    state = AppState(ui_settings)
    window = MainWindow(state, database_url.render_as_string(hide_password=False))
    qtbot.addWidget(window)
    window.show()
    made: list[tuple[str, bool]] = []
    window.stack.widgetAdded.connect(
        lambda i: made.append((window.stack.widget(i).objectName(), state.is_open))
    )
    at_ready: list[bool] = []
    window.view_ready.connect(lambda: at_ready.append(state.is_open))
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.start()
    wait_idle(qtbot, state)
    assert at_ready == [True]
    assert made == [("view_meetings", True)]
    view = window.stack.currentWidget()
    assert isinstance(view, MeetingsView)
    assert view.no_body.isVisibleTo(view) and view.create_body_button.isEnabled()
    window.close()


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from dvmeet.db.lock import acquire_writer_lock
lock = acquire_writer_lock(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def test_a_failed_open_takes_the_first_look_away(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(held_demo_copy)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        state = AppState(ui_settings)
        window = MainWindow(state, str(held_demo_copy))
        qtbot.addWidget(window)
        window.show()
        texts: list[str] = []

        def read_and_quit(dialog: QDialog) -> None:
            texts.append(window.stack.currentWidget().objectName())
            dialog.findChild(QPushButton, "choice_quit").click()

        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.start()
        assert window.stack.currentWidget().objectName() == "view_meetings"
        when_dialog_opens(qtbot, read_and_quit, timeout=30_000)
        qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
        assert texts == [""]  # the placeholder (no name) is behind the dialog, not the list
        assert window.stack.currentWidget() is window.placeholder_page
        assert not state.is_open
        qtbot.waitUntil(lambda: not window.findChildren(QWidget, "view_meetings"))
    finally:
        holder.kill()
        holder.wait()
