"""Helpers for the Qt tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.state import AppState


def wait_idle(qtbot: QtBot, state: AppState, timeout: int = 20_000) -> None:
    """Wait until the background worker has delivered every result."""
    qtbot.waitUntil(lambda: not state.runner.busy, timeout=timeout)


def when_dialog_opens(
    qtbot: QtBot, handle: Callable[[QDialog], None], timeout: int = 10_000
) -> None:
    """Handle the next modal dialog (for dialogs shown with exec()) from a timer."""
    from PySide6.QtCore import QTimer

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.isVisible():
            handle(widget)
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)


def find(root: QWidget, cls: type, name: str) -> QWidget:
    widget = root.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r}"
    return widget
