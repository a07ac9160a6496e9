"""Opening files honestly, in the real window: a write-protected database shows its notice
and a change made through the real dialogs is refused with the same sentence; index damage
that the open's quick check lets through is found by the full check in the background,
whose dialog names it and restores from the newest good backup; closing the window
cancels a check still running."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_damage import damage_an_index_page
from PySide6.QtCore import QDate, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.paths import backup_dir
from dvmeet.services.maintenance import backup_now
from ui.integrity import DamageDialog
from ui.main_window import MainWindow
from ui.state import AppState
from ui.table import ROW_ROLE, select_where

pytestmark = pytest.mark.ui


def opened_window(qtbot: QtBot, path: Path, settings: QSettings) -> tuple[MainWindow, AppState]:
    state = AppState(settings)
    window = MainWindow(state, str(path))
    qtbot.addWidget(window)
    window.resize(1200, 780)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=20_000)
    wait_idle(qtbot, state)
    return window, state


def test_a_write_protected_file_shows_its_notice_and_refuses_a_change(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    demo_copy.chmod(0o444)
    window, state = opened_window(qtbot, demo_copy, ui_settings)
    assert state.ctx is not None and state.ctx.read_only
    notice = state.ctx.read_only_notice
    assert notice is not None and "skriveverna" in notice
    bar = window.notice_bar
    assert bar.isVisible() and bar.read_only.isVisible() and bar.read_only.text() == notice
    assert not bar.close_button.isVisible()  # it stays while the database is open
    assert "berre lesing" in window.database_label.text()
    assert not window.restore_action.isEnabled()
    assert window.restore_action.statusTip() == notice

    # A change through the real widgets: a municipality made a participant.
    window.show_view("registry")
    view = window.view("registry")
    wait_idle(qtbot, state)
    panel = view.municipality_panel  # type: ignore[attr-defined]
    view.tabs.setCurrentWidget(panel)  # type: ignore[attr-defined]
    wait_idle(qtbot, state)
    model = panel.table.model()
    outside = [
        model.index(r, 0).data(ROW_ROLE)
        for r in range(model.rowCount())
        if model.index(r, 0).data(ROW_ROLE).participant_from is None
    ]
    assert outside
    select_where(panel.table, lambda m: m.number == outside[0].number)
    dialog = panel.edit_dialog()
    dialog.start.check.setChecked(True)
    dialog.start.edit.setDate(QDate(2024, 1, 1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.isVisible()
    assert dialog.general_error.isVisible() and dialog.general_error.text() == notice
    dialog.reject()
    window.close()


def test_index_damage_is_found_in_the_background_and_restored_from_the_newest_backup(
    qtbot: QtBot,
    demo_copy: Path,
    ui_settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dvmeet.services.context import open_context

    ctx = open_context(demo_copy)
    good = backup_now(ctx).path
    ctx.close()
    index = damage_an_index_page(demo_copy)

    window, state = opened_window(qtbot, demo_copy, ui_settings)  # the quick check passes
    old_ctx = state.ctx
    qtbot.waitUntil(lambda: window.findChild(DamageDialog, "integrity_damage") is not None)
    dialog = window.findChild(DamageDialog, "integrity_damage")
    assert isinstance(dialog, DamageDialog) and dialog.isVisible()
    summary = dialog.summary.text()
    assert f"databasefila {demo_copy}" in summary and index in summary and "\n" not in summary
    assert "Nyaste gode reservekopi er frå" in dialog.advice.text()
    assert dialog.restore_button.isEnabled()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(backup_dir())]
    assert dialog.isVisible()  # the folder is shown; the choice is still to be made

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.ctx is not None and state.ctx is not old_ctx, timeout=30_000)
    wait_idle(qtbot, state)
    done = window.findChild(QMessageBox, "restore_done")
    assert done is not None and done.isVisible() and good.name in done.text()
    done.accept()
    kept = list(demo_copy.parent.glob("demo.sqlite.replaced-*"))
    assert len([k for k in kept if not k.name.endswith("-wal")]) == 1
    # The restored file is whole: its own background check finds nothing to show.
    integrity = window.database.integrity
    assert integrity is not None
    qtbot.waitUntil(lambda: not integrity.running, timeout=30_000)
    assert [d for d in window.findChildren(DamageDialog, "integrity_damage") if d.isVisible()] == []
    window.close()


def test_damage_in_a_write_protected_file_offers_no_restore(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    from dvmeet.services.context import open_context

    ctx = open_context(demo_copy)
    backup_now(ctx)
    ctx.close()
    damage_an_index_page(demo_copy)
    demo_copy.chmod(0o444)
    window, state = opened_window(qtbot, demo_copy, ui_settings)
    qtbot.waitUntil(lambda: window.findChild(DamageDialog, "integrity_damage") is not None)
    dialog = window.findChild(DamageDialog, "integrity_damage")
    assert isinstance(dialog, DamageDialog)
    assert state.ctx is not None and state.ctx.read_only_notice is not None
    assert not dialog.restore_button.isEnabled()
    assert dialog.restore_button.toolTip() == state.ctx.read_only_notice
    assert dialog.folder_button.isEnabled() and dialog.continue_button.isEnabled()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    window.close()


def test_a_whole_file_shows_nothing_and_closing_cancels_a_check(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    window, state = opened_window(qtbot, demo_copy, ui_settings)
    integrity = window.database.integrity
    assert integrity is not None
    with qtbot.waitSignal(integrity.checked, timeout=30_000) as finished:
        integrity.start(state.ctx)  # type: ignore[arg-type]
    assert finished.args[0].clean
    assert not window.notice_bar.isVisible()
    assert window.findChild(DamageDialog, "integrity_damage") is None

    integrity.start(state.ctx)  # type: ignore[arg-type]
    assert integrity.running
    seen: list[object] = []
    integrity.checked.connect(seen.append)
    window.close()  # cancels the check and waits for its thread
    assert not integrity.running
    qtbot.wait(50)
    assert seen == []
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    assert not any("skade" in t for t in labels)
