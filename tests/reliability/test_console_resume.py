"""Resume after a crash (issue 17): the real app, killed with SIGKILL during the roll call
and in the middle of a vote, opens the meeting under way at the next start, where it
stopped: the same roll call, the same case with the same ballots, «Møtet vart avbrote kl.
… under …», the keyboard in the grid and the projector offered again. Quitting the main
window closes the console and the projector, and the process ends."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults import sqlite_only
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from console_big import DAY, Big, make_big_meeting
from uihelpers import wait_idle

from dvmeet.services import attendance, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from ui.console.window import ConsoleWindow
from ui.main_window import MainWindow
from ui.state import AppState

pytestmark = [pytest.mark.reliability, pytest.mark.ui, sqlite_only]
ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("console_resume_process.py")


@pytest.fixture
def big_db(tmp_path: Path) -> tuple[Path, Big]:
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    try:
        return path, make_big_meeting(ctx)
    finally:
        ctx.close()


def _start_meeting(path: Path, big: Big) -> None:
    ctx = open_context(path)
    try:
        for person in big.members:
            attendance.mark_present(ctx, PresenceIn(meeting_id=big.meeting_id, person_id=person))
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(
                meeting_id=big.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))
            ),
        )
        attendance.set_current_case(ctx, big.meeting_id, big.cases["budget"])
    finally:
        ctx.close()


def _run(mode: str, path: Path, settings: Path, report: Path, meeting_id: int) -> dict:
    """The app in a process of its own until it reports; then SIGKILL (or, to quit, its
    own end)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        DVMEET_TEST_MEETING=str(meeting_id),
    )
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(path), str(settings), str(report)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        if mode == "quit":
            proc.wait(90)  # the process ends by itself once the main window is closed
            assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
        else:
            deadline = time.monotonic() + 90
            while not report.exists():
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the app did not report"
                time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
    if mode != "quit":
        assert proc.returncode == -signal.SIGKILL
    return json.loads(report.read_text())


@pytest.fixture
def restart(qtbot: QtBot, tmp_path: Path) -> Iterator[list[AppState]]:
    states: list[AppState] = []
    yield states
    for state in states:
        wait_idle(qtbot, state)
        state.close()


def _restart(
    qtbot: QtBot, states: list[AppState], path: Path, settings: Path
) -> tuple[MainWindow, ConsoleWindow]:
    """The app started again on the file, as after the crash: the console it opens."""
    state = AppState(QSettings(str(settings), QSettings.Format.IniFormat))
    states.append(state)
    window = MainWindow(state, str(path))
    qtbot.addWidget(window)
    window.show()
    window.start()

    def console() -> ConsoleWindow | None:
        for w in QApplication.topLevelWidgets():
            if (
                isinstance(w, ConsoleWindow)
                and w.state is state
                and w.isVisible()
                and w.snapshot is not None
            ):
                return w
        return None

    qtbot.waitUntil(lambda: console() is not None, timeout=60_000)
    wait_idle(qtbot, state)
    found = console()
    assert found is not None
    return window, found


def test_killed_during_the_roll_call_resumes_the_roll_call(
    qtbot: QtBot, big_db: tuple[Path, Big], tmp_path: Path, restart: list[AppState]
) -> None:
    path, big = big_db
    settings = tmp_path / "ui.ini"
    typed = _run("rollcall", path, settings, tmp_path / "report.json", big.meeting_id)
    assert list(typed["statuses"].values())[:4] == ["present"] * 3 + ["forfall"]

    window, console = _restart(qtbot, restart, path, settings)
    snap = console.snapshot
    assert snap is not None and snap.meeting.id == big.meeting_id and not snap.started
    now = {str(h.person_id): h.status for seat in snap.roll.seats_list for h in seat.members}
    assert now == typed["statuses"]
    assert console.resume_band.isVisible()
    assert console.resume_text.text().startswith("Oppropet vart avbrote kl. ")
    assert "3 av 43 sete er fylte" in console.resume_text.text()
    # the keyboard on the next member with nothing recorded
    assert console.focusWidget() is console.roll_call.tree
    assert console.roll_call.selected_person() == big.members[4]
    window.close()


def test_killed_mid_vote_resumes_at_the_case_with_its_ballots(
    qtbot: QtBot, big_db: tuple[Path, Big], tmp_path: Path, restart: list[AppState]
) -> None:
    path, big = big_db
    _start_meeting(path, big)
    settings = tmp_path / "ui.ini"
    typed = _run("vote", path, settings, tmp_path / "report.json", big.meeting_id)
    assert typed["case_id"] == big.cases["budget"] and len(typed["ballots"]) == 5
    assert typed["projector"]

    window, console = _restart(qtbot, restart, path, settings)
    snap = console.snapshot
    assert snap is not None and snap.current_case_id == typed["case_id"]
    # the Møte view shows the meeting under way, not the one last looked at
    view = window.view("meetings")
    qtbot.waitUntil(
        lambda: getattr(view, "meeting", None) is not None and view.meeting.id == big.meeting_id,  # type: ignore[attr-defined]
        timeout=20_000,
    )
    grid = console.vote_panel.grid
    assert {str(k): v for k, v in grid.grid.ballots.items()} == typed["ballots"]
    assert "manglar: 38" in console.vote_panel.tally.text()
    text = console.resume_text.text()
    assert console.resume_band.isVisible()
    assert text.startswith("Møtet vart avbrote kl. ")
    assert "under PS " in text and "Budsjett 2027" in text
    assert "Røystene som var skrivne inn (5), er med." in text
    assert console.focusWidget() is grid and grid.current_row() == 5
    # the projector was open: offered again, and it opens without taking the keyboard
    assert console.resume_projector.isVisible()
    assert console.projector is None
    console.activateWindow()  # the chair's hands are on the console
    qtbot.waitActive(console)
    console.resume_projector.click()
    assert console.projector is not None and console.projector.isVisible()
    assert console.focusWidget() is grid
    assert state_ok(restart[-1], big)
    window.close()


def state_ok(state: AppState, big: Big) -> bool:
    assert state.ctx is not None
    return voting.votes(state.ctx, big.cases["budget"]) == []  # nothing recorded by itself


def test_quitting_the_main_window_ends_the_process_and_closes_the_projector(
    big_db: tuple[Path, Big], tmp_path: Path
) -> None:
    path, big = big_db
    _start_meeting(path, big)
    result = _run("quit", path, tmp_path / "ui.ini", tmp_path / "report.json", big.meeting_id)
    assert result == {"exit": 0, "visible": []}
