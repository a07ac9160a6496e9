"""File → Gjenopprett frå reservekopi: choose, confirm, close, restore, reopen, report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.services import registry
from dvmeet.services.maintenance import backup_now
from dvmeet.services.registry.models import PersonIn
from ui.main_window import MainWindow
from ui.state import AppState


def test_restore_from_a_backup_in_the_app(
    qtbot: QtBot, demo_copy: Path, ui_settings: QSettings
) -> None:
    state = AppState(ui_settings)
    window = MainWindow(state, str(demo_copy))
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=20_000)
    wait_idle(qtbot, state)
    assert state.ctx is not None
    taken = backup_now(state.ctx).path
    registry.create_person(state.ctx, PersonIn(name="Etter Reservekopien"))
    assert registry.search_persons(state.ctx, "Etter Reservekopien")
    old_ctx = state.ctx

    seen: list[str] = []

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        ok = [b for b in dialog.findChildren(QPushButton) if b.text() == "Gjenopprett"]
        assert ok, "no Gjenopprett button"
        ok[0].click()

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        seen.append(dialog.textValue())
        when_dialog_opens(qtbot, confirm)
        dialog.accept()

    when_dialog_opens(qtbot, choose)
    window.restore_action.trigger()

    def reopened() -> bool:
        return state.ctx is not None and state.ctx is not old_ctx

    qtbot.waitUntil(reopened, timeout=30_000)
    wait_idle(qtbot, state)
    assert taken.name in seen[0] and taken.name in seen[1]
    assert state.ctx is not None
    assert not registry.search_persons(state.ctx, "Etter Reservekopien")
    assert window.nav.isEnabled()
    done = window.findChild(QMessageBox, "restore_done")
    assert done is not None and done.isVisible()
    kept = list(demo_copy.parent.glob("demo.sqlite.replaced-*"))
    assert len(kept) == 1
    assert kept[0].name in done.text() or str(kept[0]) in done.text()
    done.accept()
    window.close()
