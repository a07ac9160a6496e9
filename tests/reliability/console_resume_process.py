"""Run as a program by tests/reliability/test_console_resume.py: the real app (main
window, database opened as at start) offscreen, driven from here, then killed.

Usage: python console_resume_process.py MODE DATABASE SETTINGS REPORT

    rollcall  open the console of the meeting (roll call not finished), mark the first
              three members present and the fourth with forfall, report, wait for SIGKILL
    vote      the app opens the meeting under way by itself; open the projector, type
              five ballots in the grid, report, wait for SIGKILL
    quit      the app opens the meeting under way; open the projector, close the main
              window and let the event loop end: the process must end by itself
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import make_application
from ui.console.window import ConsoleWindow
from ui.main_window import MainWindow
from ui.state import AppState


def wait(app: QApplication, until: object, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not until():  # type: ignore[operator]
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the app did not answer")
        time.sleep(0.01)


def console_window() -> ConsoleWindow | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ConsoleWindow) and w.snapshot is not None:
            return w
    return None


def report(path: str, data: dict[str, object]) -> None:
    # written beside, then renamed: the test sees the report whole or not at all
    part = Path(path + ".part")
    part.write_text(json.dumps(data))
    part.replace(path)


def main() -> int:
    mode, database, settings_path, report_path = sys.argv[1:5]
    app = make_application()
    state = AppState(QSettings(settings_path, QSettings.Format.IniFormat))
    window = MainWindow(state, database)
    window.show()
    window.start()
    wait(app, lambda: state.is_open and not state.runner.busy)
    idle = lambda: not state.runner.busy  # noqa: E731

    if mode == "rollcall":
        meeting_id = int(os.environ["DVMEET_TEST_MEETING"])
        window.show_view("meetings")
        window.view("meetings").open_console_for(meeting_id)  # type: ignore[attr-defined]
        wait(app, lambda: console_window() is not None and idle())
        console = console_window()
        assert console is not None and console.snapshot is not None
        panel = console.roll_call
        members = [m.person_id for seat in console.snapshot.roll.seats_list for m in seat.members]
        panel.tree.setFocus()
        for i, person in enumerate(members[:4]):
            panel.select_person(person)
            key = Qt.Key.Key_F if i == 3 else Qt.Key.Key_T
            QTest.keyClick(panel.tree, key, Qt.KeyboardModifier.AltModifier)
        wait(app, idle)
        wait(app, lambda: console.snapshot is not None and console.snapshot.roll.present == 3)
        statuses = {
            str(h.person_id): h.status
            for seat in console.snapshot.roll.seats_list
            for h in seat.members
        }
        report(report_path, {"statuses": statuses, "meeting_id": console.snapshot.meeting.id})
    else:
        # the meeting under way opens by itself
        wait(app, lambda: console_window() is not None and idle())
        console = console_window()
        assert console is not None and console.snapshot is not None
        console.open_projector(None)
        if mode == "quit":
            QTimer.singleShot(0, window.close)
            code = app.exec()
            left = [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]
            report(report_path, {"exit": code, "visible": left})
            return code
        grid = console.vote_panel.grid
        grid.setFocus()
        grid.setCurrentIndex(grid.grid.index(0, 2))
        for key in (Qt.Key.Key_F, Qt.Key.Key_M, Qt.Key.Key_F, Qt.Key.Key_F, Qt.Key.Key_M):
            QTest.keyClick(grid, key)
        wait(app, idle)
        report(
            report_path,
            {
                "case_id": console.snapshot.current_case_id,
                "ballots": {str(k): v for k, v in grid.grid.ballots.items()},
                "projector": console.projector is not None,
            },
        )
    keep: list[QWidget] = [window]
    while keep:  # the test kills us here
        app.processEvents()
        time.sleep(0.05)
    return 0


if __name__ == "__main__":
    sys.exit(main())
