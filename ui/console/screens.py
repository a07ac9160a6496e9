"""Screenshots of the console during a vote (1366x768) and of the projector (1920x1080),
for scripts/screenshots.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.console.window import ConsoleWindow
from ui.state import AppState

CONSOLE_SIZE = (1366, 768)
PROJECTOR_SIZE = (1920, 1080)


def _wait(until: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the console did not finish loading")
        time.sleep(0.01)
    QApplication.processEvents()


def save_screens(
    state: AppState, meeting_id: int, out_dir: Path | str, *, type_ballots: int = 0
) -> list[Path]:
    """Open the console on a meeting (at its current case, on the case and vote tab) and
    the projector view; save both as PNG. ``type_ballots`` types that many F/M keys into an
    empty grid first (this saves a vote draft: use it on a copy of the data)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    console = ConsoleWindow(state, meeting_id)
    console.resize(*CONSOLE_SIZE)
    console.show()
    _wait(lambda: console.snapshot is not None and not state.runner.busy)
    if console.snapshot is not None and console.snapshot.started:
        console.tabs.setCurrentIndex(1)
    grid = console.vote_panel.grid
    if type_ballots and not grid.grid.ballots and grid.isEnabled():
        grid.setFocus()
        grid.setCurrentIndex(grid.grid.index(0, 2))
        for i in range(min(type_ballots, grid.grid.rowCount())):
            QTest.keyClick(grid, Qt.Key.Key_M if i % 3 == 2 else Qt.Key.Key_F)
        _wait(lambda: not state.runner.busy)
    paths = [out / "console-vote.png", out / "projector.png"]
    console.grab().save(str(paths[0]))
    projector = console.open_projector()
    projector.resize(*PROJECTOR_SIZE)
    QApplication.processEvents()
    projector.grab().save(str(paths[1]))
    console.close()
    console.deleteLater()
    QApplication.processEvents()
    return paths
