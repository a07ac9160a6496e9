"""Run as a program by the kill test: open the console on a database, type part of the
ballots of a roll-call vote, report them, then wait to be killed (SIGKILL).

Usage: python console_process.py DATABASE MEETING_ID TYPED REPORT_FILE
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dvmeet.services.context import open_context
from ui.console import open_console
from ui.state import AppState


def wait(app: QApplication, until: object, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not until():  # type: ignore[operator]
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the console did not answer")
        time.sleep(0.01)


def main() -> None:
    database, meeting_id, typed, report = (
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
        sys.argv[4],
    )
    app = QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat)
    state = AppState(settings)
    state.set_context(open_context(database))
    console = open_console(None, state, meeting_id)
    wait(app, lambda: console.snapshot is not None and not state.runner.busy)
    grid = console.vote_panel.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.grid.index(0, 2))
    keys = [Qt.Key.Key_F, Qt.Key.Key_M]
    for i in range(typed):
        QTest.keyClick(grid, keys[i % 2])
    wait(app, lambda: not state.runner.busy)
    assert console.snapshot is not None
    # written beside, then renamed: the test sees the report whole or not at all
    part = Path(report + ".part")
    part.write_text(
        json.dumps(
            {
                "case_id": console.snapshot.current_case_id,
                "ballots": {str(k): v for k, v in grid.grid.ballots.items()},
            }
        )
    )
    part.replace(report)
    while True:  # the test kills us here, mid-vote
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main()
