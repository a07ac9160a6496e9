"""The chair's meeting console (issue 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.console.window import ConsoleWindow
    from ui.state import AppState


def open_console(parent: QWidget | None, state: AppState, meeting_id: int) -> ConsoleWindow:
    """Open (and show) the console for a meeting; it resumes where the meeting is."""
    from ui.console.window import ConsoleWindow

    window = ConsoleWindow(state, meeting_id, parent)
    window.fit_to()  # the available geometry of the screen, then maximised on it
    window.showMaximized()
    return window
