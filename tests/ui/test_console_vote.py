"""The vote grid driven by key presses only, drafts saved as typed, and a killed process
that loses no ballot (issue 6)."""

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
from console_helpers import make_state
from console_setup import DAY, Setup, make_meeting
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import BallotChoice, VoteOutcome
from dvmeet.services import attendance, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn, Voter
from dvmeet.services.context import open_context
from ui.console import open_console
from ui.console.grid import Candidate, VoteGrid
from ui.console.window import ConsoleWindow
from ui.state import AppState

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def running_db(tmp_path: Path) -> tuple[Path, Setup]:
    """The meeting opened with all seven members present, at the mandate case."""
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    setup = make_meeting(ctx)
    for person in setup.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=setup.meeting_id, person_id=person))
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=setup.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
    )
    attendance.set_current_case(ctx, setup.meeting_id, setup.cases["mandat"])
    ctx.close()
    return path, setup


@pytest.fixture
def running_state(
    qtbot: QtBot, running_db: tuple[Path, Setup], tmp_path: Path
) -> Iterator[AppState]:
    state = make_state(running_db[0], tmp_path / "ui.ini")
    yield state
    wait_idle(qtbot, state)
    state.close()


def _console(qtbot: QtBot, state: AppState, meeting_id: int) -> ConsoleWindow:
    console = open_console(None, state, meeting_id)
    qtbot.addWidget(console)
    wait_idle(qtbot, state)
    return console


def test_vote_grid_from_the_keyboard_only(
    qtbot: QtBot, running_state: AppState, running_db: tuple[Path, Setup], qtmodeltester: object
) -> None:
    state, (_path, s) = running_state, running_db
    console = _console(qtbot, state, s.meeting_id)
    panel = console.vote_panel
    grid = panel.grid
    qtmodeltester.check(grid.grid)  # type: ignore[attr-defined]
    assert grid.grid.rowCount() == 7
    grid.setFocus()
    grid.setCurrentIndex(grid.grid.index(0, 2))
    order = [v.person_id for v in grid.grid.voters]

    qtbot.keyClick(grid, Qt.Key.Key_M)  # row 0: Mot, on to row 1
    qtbot.keyClick(grid, Qt.Key.Key_M)  # row 1: Mot
    qtbot.keyClick(grid, Qt.Key.Key_Up)  # back to row 1
    qtbot.keyClick(grid, Qt.Key.Key_Delete)  # cleared
    qtbot.keyClick(grid, Qt.Key.Key_F)  # row 1: For
    qtbot.keyClick(grid, Qt.Key.Key_B)  # no blank votes in ordinary cases
    assert grid.current_row() == 2 and order[2] not in grid.grid.ballots
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # skip row 2
    qtbot.keyClick(grid, Qt.Key.Key_M)  # row 3: Mot
    wait_idle(qtbot, state)
    assert state.ctx is not None
    draft = voting.vote_draft(state.ctx, s.cases["mandat"])
    assert draft is not None
    assert draft.ballots == {order[0]: "mot", order[1]: "for", order[3]: "mot"}
    assert "manglar: 4" in panel.tally.text()

    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    assert "fyll ut heile lista" in console.message.text()  # incomplete: nothing recorded
    assert voting.votes(state.ctx, s.cases["mandat"]) == []

    qtbot.keyClick(grid, Qt.Key.Key_A)  # the rest For
    assert "manglar: 0" in panel.tally.text()
    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    [vote] = voting.votes(state.ctx, s.cases["mandat"])
    assert (vote.votes_for, vote.votes_against, vote.outcome) == (5, 2, VoteOutcome.ADOPTED)
    assert {b.person_id: b.choice for b in vote.ballots}[order[0]] is BallotChoice.MOT
    assert "5 for, 2 mot" in panel.result.text() and "7 av 7" in panel.result.text()
    assert voting.vote_draft(state.ctx, s.cases["mandat"]) is None
    assert panel.decision.toPlainText() == "Mandat for styringsgruppa vert vedteke."
    console.close()


def test_killed_mid_vote_loses_no_ballot(
    qtbot: QtBot, running_db: tuple[Path, Setup], tmp_path: Path
) -> None:
    path, s = running_db
    report = tmp_path / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("console_process.py")),
            str(path),
            str(s.meeting_id),
            "4",
            str(report),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not report.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the console process did not report"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    typed = json.loads(report.read_text())
    assert typed["case_id"] == s.cases["mandat"] and len(typed["ballots"]) == 4

    state = make_state(path, tmp_path / "ui2.ini")
    try:
        console = _console(qtbot, state, s.meeting_id)
        assert console.snapshot is not None
        assert console.snapshot.current_case_id == typed["case_id"]
        restored = {str(k): v for k, v in console.vote_panel.grid.grid.ballots.items()}
        assert restored == typed["ballots"]
        assert "manglar: 3" in console.vote_panel.tally.text()
        console.close()
    finally:
        wait_idle(qtbot, state)
        state.close()


def test_election_grid_keys(qtbot: QtBot, qtmodeltester: object) -> None:
    """In an election: digits pick a candidate, B is blank, F and M do nothing (Q-4, Q-5)."""
    grid = VoteGrid()
    qtbot.addWidget(grid)
    voters = [
        Voter(
            person_id=i,
            name=f"Medlem {i}",
            municipality_name="Bergen",
            seat_person_id=i,
            is_deputy=False,
            weight=1,
        )
        for i in (1, 2, 3)
    ]
    grid.load(voters, {}, election=True, candidates=[Candidate(1, "A"), Candidate(2, "B")])
    qtmodeltester.check(grid.grid)  # type: ignore[attr-defined]
    changes: list[dict[int, str]] = []
    grid.ballots_changed.connect(changes.append)
    grid.setFocus()
    for key in (Qt.Key.Key_2, Qt.Key.Key_F, Qt.Key.Key_B, Qt.Key.Key_3, Qt.Key.Key_1):
        qtbot.keyClick(grid, key)
    assert grid.grid.ballots == {1: "2", 2: "blank", 3: "1"}
    assert changes[-1] == {1: "2", 2: "blank", 3: "1"}
    assert grid.grid.data(grid.grid.index(0, 2)) == "2: B"
