"""Start-up: the meeting list is shown straight from the file while the core loads, then
the Møte view takes over in the same place; a failed open removes the first look."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton, QSpinBox, QTableView, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.services import meetings
from dvmeet.services.context import open_context
from ui.main_window import MainWindow
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


def test_the_meeting_list_is_shown_before_the_database_is_open(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    body, year, ids = busiest_year(demo_copy)
    assert ids
    ui_settings.setValue("meetings/body", body)
    ui_settings.setValue("meetings/year", year)
    state = AppState(ui_settings)
    window = MainWindow(state, str(demo_copy))
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, Any] = {}

    def snapshot() -> None:
        current = window.stack.currentWidget()
        table = current.findChild(QTableView, "meeting_list")
        seen.update(
            widget=current.objectName(),
            open=state.is_open,
            ids=shown_ids(table),
            body=current.findChild(QComboBox, "body_picker").currentData(),
            year=current.findChild(QSpinBox, "year_picker").value(),
            enabled=current.findChild(QPushButton, "plan_meeting").isEnabled(),
        )

    window.data_shown.connect(snapshot)
    ready = qtbot.waitSignal(window.view_ready, timeout=30_000)
    with qtbot.waitSignal(window.data_shown, timeout=30_000):
        window.start()
    assert seen == {
        "widget": "meetings_preview",
        "open": False,
        "ids": sorted(ids),
        "body": body,
        "year": year,
        "enabled": False,
    }
    ready.wait()  # the Møte view has loaded its own list from the open database
    qtbot.waitUntil(
        lambda: window.stack.currentWidget().objectName() == "view_meetings", timeout=30_000
    )
    wait_idle(qtbot, state)
    view = window.stack.currentWidget()
    assert state.is_open
    assert shown_ids(view.findChild(QTableView, "meeting_list")) == sorted(ids)
    assert view.findChild(QPushButton, "plan_meeting").isEnabled()
    qtbot.waitUntil(lambda: not window.findChildren(QWidget, "meetings_preview"))
    window.close()


def test_no_first_look_when_another_view_was_last(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    # the demo without a meeting under way (that one would open at start instead)
    ui_settings.setValue("last_view", "registry")
    state = AppState(ui_settings)
    window = MainWindow(state, str(held_demo_copy))
    qtbot.addWidget(window)
    window.show()
    made: list[str] = []
    window.stack.widgetAdded.connect(lambda i: made.append(window.stack.widget(i).objectName()))
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    wait_idle(qtbot, state)
    assert window.stack.currentWidget().objectName() == "view_registry"
    assert "meetings_preview" not in made and made
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
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(demo_copy)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        state = AppState(ui_settings)
        window = MainWindow(state, str(demo_copy))
        qtbot.addWidget(window)
        window.show()
        texts: list[str] = []

        def read_and_quit(dialog: QDialog) -> None:
            texts.append(window.stack.currentWidget().objectName())
            dialog.findChild(QPushButton, "choice_quit").click()

        with qtbot.waitSignal(window.data_shown, timeout=30_000):
            window.start()
        assert window.stack.currentWidget().objectName() == "meetings_preview"
        when_dialog_opens(qtbot, read_and_quit, timeout=30_000)
        qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
        assert texts == [""]  # the placeholder (no name) is behind the dialog, not the list
        assert window.stack.currentWidget() is window.placeholder_page
        assert not state.is_open
        qtbot.waitUntil(lambda: not window.findChildren(QWidget, "meetings_preview"))
    finally:
        holder.kill()
        holder.wait()
