"""Save PNGs of the chair's console and the projector (issue 17), offscreen, on a fresh
43-member representantskap: the console at 1366×768 and 1920×1080 (less a 40 px taskbar)
in the roll call, during a vote, after a restart (resume) and with the key sheet; the
projector at 1920×1080 with the agenda, the live count, the result and black.

    uv run python scripts/console_screenshots.py OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ui")]

from console_big import DAY, make_big_meeting  # noqa: E402
from PySide6.QtCore import QRect, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from dvmeet.services import attendance  # noqa: E402
from dvmeet.services.attendance.models import (  # noqa: E402
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import open_context  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.console.window import ConsoleWindow  # noqa: E402
from ui.state import AppState  # noqa: E402

SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}
TASKBAR = 40


def wait(until: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the console did not answer")
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(out / name))
    print(f"  {name}")


def console(state: AppState, meeting_id: int, size: tuple[int, int]) -> ConsoleWindow:
    window = ConsoleWindow(state, meeting_id)
    window.clock = lambda: dt.datetime.combine(DAY, dt.time(10, 42))
    window.fit_to(QRect(0, 0, size[0], size[1] - TASKBAR))
    window.show()
    wait(lambda: window.snapshot is not None and not state.runner.busy)
    return window


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    work = Path(tempfile.mkdtemp())
    path = work / "meeting.sqlite"
    ctx = open_context(path)
    big = make_big_meeting(ctx)
    # the roll call under way: ten present, the fifth with forfall and the deputy offered
    for person in big.members[:4] + big.members[5:11]:
        attendance.mark_present(ctx, PresenceIn(meeting_id=big.meeting_id, person_id=person))
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=big.meeting_id, person_id=big.members[4]))
    ctx.close()
    state = AppState(QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat))
    state.set_context(open_context(path))
    for key, size in SIZES.items():
        window = console(state, big.meeting_id, size)
        window.roll_call.select_person(big.members[11])
        window.resume_band.hide()  # the roll call as the chair sees it while calling it
        save(window, out, f"console-rollcall-{key}.png")
        window.close()

    # the meeting opened: everyone present, at the budget case
    ctx = open_context(path)
    for person in big.members[11:]:
        attendance.mark_present(ctx, PresenceIn(meeting_id=big.meeting_id, person_id=person))
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=big.meeting_id,
            deputy_person_id=big.deputies[big.members[4]],
            for_person_id=big.members[4],
        ),
    )
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=big.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
    )
    attendance.set_current_case(ctx, big.meeting_id, big.cases["budget"])
    ctx.close()

    for key, size in SIZES.items():
        window = console(state, big.meeting_id, size)
        save(window, out, f"console-resume-{key}.png")
        window.resume_band.hide()
        grid = window.vote_panel.grid
        grid.setFocus()
        grid.setCurrentIndex(grid.grid.index(0, 2))
        for i in range(27 if key == "1366" else 0):
            QTest.keyClick(grid, Qt.Key.Key_M if i % 9 == 4 else Qt.Key.Key_F)
        QTest.keyClick(grid, Qt.Key.Key_Slash)
        QTest.keyClicks(grid, "vi")
        wait(lambda: not state.runner.busy)
        save(window, out, f"console-vote-{key}.png")
        QTest.keyClick(grid, Qt.Key.Key_Escape)
        if key == "1366":
            projector = window.open_projector()
            projector.clock = window.clock
            projector.tick()
            projector.resize(*SIZES["1920"])
            save(projector, out, "projector-vote-progress.png")
            window.show_keys()
            assert window.key_sheet is not None
            save(window.key_sheet, out, "console-keys.png")
            window.key_sheet.close()
            QTest.keyClick(grid, Qt.Key.Key_A)
            QTest.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            wait(lambda: not state.runner.busy)
            save(window, out, "console-voted-1366.png")
            save(projector, out, "projector-result.png")
            projector.resize(*SIZES["1366"])  # a projector of the laptop's size
            save(projector, out, "projector-result-1366.png")
            projector.resize(*SIZES["1920"])
            window.step_case(1)
            wait(lambda: not state.runner.busy)
            save(projector, out, "projector-agenda.png")
            window.toggle_blank()
            save(projector, out, "projector-blank.png")
            window.toggle_blank()
        window.close()
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots-console")))
