"""The shell: first run creates a database, views switch, window state is restored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.services import registry
from ui.main_window import MainWindow
from ui.state import AppState


def click_choice(name: str):  # type: ignore[no-untyped-def]
    def handle(dialog: QDialog) -> None:
        button = dialog.findChild(QPushButton, name)
        assert button is not None, name
        button.click()

    return handle


def make_window(qtbot: QtBot, settings: QSettings, database: str) -> tuple[MainWindow, AppState]:
    state = AppState(settings)
    window = MainWindow(state, database)
    qtbot.addWidget(window)
    window.show()
    return window, state


def test_first_run_creates_a_database_with_the_municipalities(
    qtbot: QtBot, tmp_path: Path, ui_settings: QSettings
) -> None:
    target = tmp_path / "ny.sqlite"
    window, state = make_window(qtbot, ui_settings, str(target))
    when_dialog_opens(qtbot, click_choice("choice_create"))
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    wait_idle(qtbot, state)
    assert target.exists() and (target.stat().st_mode & 0o777) == 0o600
    assert window.nav.isEnabled()
    assert window.stack.currentWidget().objectName() == "view_meetings"
    assert state.ctx is not None
    assert len(registry.list_municipalities(state.ctx)) == 43
    assert ui_settings.value("database") == str(target)
    window.close()


def test_damaged_database_gets_a_dialog_not_a_traceback(
    qtbot: QtBot, tmp_path: Path, ui_settings: QSettings
) -> None:
    target = tmp_path / "skadd.sqlite"
    target.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    before = target.read_bytes()
    window, state = make_window(qtbot, ui_settings, str(target))
    texts: list[str] = []

    def read_and_quit(dialog: QDialog) -> None:
        texts.append(dialog.findChild(type(window.placeholder)).text())
        click_choice("choice_quit")(dialog)

    when_dialog_opens(qtbot, read_and_quit)
    window.start()
    qtbot.waitUntil(lambda: bool(texts), timeout=20_000)
    assert "skadd" in texts[0] and "Traceback" not in texts[0]
    assert not state.is_open
    assert target.read_bytes() == before


def test_views_switch_with_shortcuts_and_the_last_view_is_remembered(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    # no meeting under way: a running one would take over at start (see below)
    window, state = make_window(qtbot, ui_settings, str(held_demo_copy))
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=20_000)
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        window.show_view("registry")
    wait_idle(qtbot, state)
    assert window.stack.currentWidget().objectName() == "view_registry"
    assert ui_settings.value("last_view") == "registry"
    window.resize(1000, 640)
    size = window.size()
    window.close()
    assert not ui_settings.value("geometry").isEmpty()

    again, state2 = make_window(qtbot, ui_settings, str(held_demo_copy))
    again.start()
    qtbot.waitUntil(lambda: state2.is_open, timeout=20_000)
    wait_idle(qtbot, state2)
    assert again.stack.currentWidget().objectName() == "view_registry"
    # offscreen screens are narrow: the width is clamped, the height (not 780) shows the
    # saved geometry came back
    assert again.size().height() == size.height() == 640
    again.close()


def test_data_shown_is_announced_once_the_meeting_list_is_loaded(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    ui_settings.setValue("last_view", "meetings")
    window, state = make_window(qtbot, ui_settings, str(demo_copy))
    with qtbot.waitSignal(window.data_shown, timeout=30_000):
        window.start()
    wait_idle(qtbot, state)
    window.close()


def test_menu_shortcuts_work_once_the_window_has_painted(
    qtbot: QtBot, held_demo_copy: Path, ui_settings: QSettings
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    window, state = make_window(qtbot, ui_settings, str(held_demo_copy))
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.undo_action.shortcut().isEmpty())
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=20_000)
    wait_idle(qtbot, state)
    window.activateWindow()
    with qtbot.waitSignal(window.view_shown, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().objectName() == "view_documents"
    wait_idle(qtbot, state)
    window.close()


def test_an_unsupported_database_address_gets_the_cannot_open_dialog(
    qtbot: QtBot, ui_settings: QSettings
) -> None:
    window, state = make_window(qtbot, ui_settings, "mysql://kari@tenar/dvmeet")
    texts: list[str] = []

    def read_and_quit(dialog: QDialog) -> None:
        texts.append(dialog.findChild(type(window.placeholder)).text())
        click_choice("choice_quit")(dialog)

    when_dialog_opens(qtbot, read_and_quit)
    window.start()
    qtbot.waitUntil(lambda: bool(texts), timeout=20_000)
    assert "mysql" in texts[0] and "ikkje støtta" in texts[0]
    assert not state.is_open


def test_the_demo_opens_at_its_meeting_under_way(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    """The demo's meeting to practise on (issue 16): at start the window goes to the
    meeting under way and its console resumes at the case with the vote half typed in."""
    from PySide6.QtWidgets import QApplication

    from dvmeet.services import console
    from ui.console.window import ConsoleWindow

    ui_settings.setValue("last_view", "registry")
    window, state = make_window(qtbot, ui_settings, str(demo_copy))
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=20_000)

    def opened() -> list[ConsoleWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ConsoleWindow)]

    qtbot.waitUntil(lambda: any(c.snapshot is not None for c in opened()), timeout=20_000)
    wait_idle(qtbot, state)
    [shown] = opened()
    assert state.ctx is not None
    running = console.meeting_in_progress(state.ctx)
    assert running is not None
    snap = shown.snapshot
    assert snap is not None and snap.meeting.id == running
    assert snap.case is not None and snap.case.draft is not None
    assert window.stack.currentWidget().objectName() == "view_meetings"
    assert shown.resume_band.isVisibleTo(shown)
    text = shown.resume_text.text()
    assert snap.case.case.title in text
    assert f"Røystene som var skrivne inn ({len(snap.case.draft.ballots)}), er med." in text
    shown.close()
    wait_idle(qtbot, state)
    window.close()
