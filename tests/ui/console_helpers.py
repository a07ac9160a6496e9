"""Driving the console's widgets in tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QListWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services.context import open_context
from ui.console.window import ConsoleWindow
from ui.state import AppState


def make_state(path: Path, settings_path: Path) -> AppState:
    state = AppState(QSettings(str(settings_path), QSettings.Format.IniFormat))
    state.set_context(open_context(path))
    return state


def click(qtbot: QtBot, state: AppState, button: object) -> None:
    from PySide6.QtWidgets import QAbstractButton

    assert isinstance(button, QAbstractButton)
    assert button.isEnabled() and button.isVisible(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not in {combo.objectName()}"
    combo.setCurrentIndex(index)


def open_case(qtbot: QtBot, state: AppState, console: ConsoleWindow, case_id: int) -> None:
    """Click the case in the case list."""
    cases: QListWidget = console.cases
    for row in range(cases.count()):
        item = cases.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == case_id:
            cases.scrollToItem(item)
            rect = cases.visualItemRect(item)
            qtbot.mouseClick(cases.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            wait_idle(qtbot, state)
            assert console.snapshot is not None
            assert console.snapshot.current_case_id == case_id
            return
    raise AssertionError(f"case {case_id} not in the list")


def type_ballots(
    qtbot: QtBot, state: AppState, console: ConsoleWindow, keys: dict[int, str]
) -> None:
    """Type one key per voter into the grid, in the grid's own row order."""
    grid = console.vote_panel.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.grid.index(0, 2))
    for voter in grid.grid.voters:
        qtbot.keyClick(grid, keys[voter.person_id])
    wait_idle(qtbot, state)
