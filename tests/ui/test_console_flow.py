"""The chair's flow from the keyboard (issue 17): a 43-member roll call and roll-call vote
with its decision, counted key by key; a voted case shown as it was recorded; a vote
without quorum; counts with named dissenters kept as a draft; the key sheet; the
projector's agenda, clock, live count, named result and black screen.

Keys follow each other with no wait in between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_big import DAY, Big, make_big_meeting
from console_helpers import make_state
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import BallotChoice, VoteMethod, VoteOutcome
from dvmeet.services import attendance, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from dvmeet.services.voting.models import VoteIn
from ui.console import open_console
from ui.console.key_sheet import KeySheet, console_keys
from ui.console.window import ConsoleWindow
from ui.state import AppState

pytestmark = pytest.mark.ui
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def big_db(tmp_path: Path) -> tuple[Path, Big]:
    path = tmp_path / "big.sqlite"
    ctx = open_context(path)
    try:
        return path, make_big_meeting(ctx)
    finally:
        ctx.close()


def _open(path: Path, big: Big, *, present: list[int] | None = None) -> None:
    """The meeting opened with the members given (all) present, at the budget case."""
    ctx = open_context(path)
    try:
        for person in big.members if present is None else present:
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


@pytest.fixture
def state(qtbot: QtBot, big_db: tuple[Path, Big], tmp_path: Path) -> Iterator[AppState]:
    app_state = make_state(big_db[0], tmp_path / "ui.ini")
    yield app_state
    wait_idle(qtbot, app_state)
    app_state.close()


def _console(qtbot: QtBot, state: AppState, meeting_id: int) -> ConsoleWindow:
    console = open_console(None, state, meeting_id)
    qtbot.addWidget(console)
    console.clock = lambda: dt.datetime.combine(DAY, dt.time(10, 5))
    console.activateWindow()
    qtbot.waitActive(console)
    wait_idle(qtbot, state)
    return console


class Keys:
    """Presses keys on whatever has the keyboard focus, and counts them."""

    def __init__(self, qtbot: QtBot, state: AppState) -> None:
        self.qtbot = qtbot
        self.state = state
        self.count = 0

    def __call__(
        self, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        QTest.keyClick(target, key, mods)
        self.count += 1

    def text(self, letters: str) -> None:
        for ch in letters:
            target = QApplication.focusWidget()
            assert target is not None
            QTest.keyClicks(target, ch)
            self.count += 1

    def settle(self) -> None:
        wait_idle(self.qtbot, self.state)


def _prefix(names: list[str], target: int) -> str:
    """The fewest first letters of the target's surname that the grid's jump finds first."""
    surname = names[target].split()[-1]
    for n in range(1, len(surname) + 1):
        wanted = surname[:n].casefold()
        first = next(
            i
            for i, name in enumerate(names)
            if name.casefold().startswith(wanted)
            or any(w.startswith(wanted) for w in name.casefold().split())
        )
        if first == target:
            return surname[:n]
    raise AssertionError(f"no prefix finds {names[target]}")


def test_a_43_member_roll_call_vote_and_its_decision_from_the_keyboard(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big]
) -> None:
    """Roll call (one forfall, a deputy, alle til stades), opening, the first case, a
    roll-call vote with three dissenters near the end (alle for utanom) and its decision:
    keys only, at most 45 for the vote and its decision."""
    _path, big = big_db
    console = _console(qtbot, state, big.meeting_id)
    keys = Keys(qtbot, state)
    tree = console.roll_call.tree
    assert QApplication.focusWidget() is tree

    # the roll call: the 5th member has forfall (typed by name), the deputy is offered
    fifth = big.names[big.members[4]]
    keys.text(fifth.split()[0][:3])
    assert console.roll_call.selected_person() == big.members[4]
    keys(Qt.Key.Key_F, ALT)
    keys.settle()
    assert console.roll_call.offer_button.isVisible()
    console.roll_call.offer_button.setFocus()
    keys(Qt.Key.Key_Space)  # «Kall inn Vara …»
    keys.settle()
    tree.setFocus()
    keys(Qt.Key.Key_A, ALT)  # alle til stades: the other 42 members
    keys.settle()
    assert console.snapshot is not None and console.snapshot.roll.present == 43
    keys(Qt.Key.Key_E, ALT)  # erklær møtet lovleg sett og opna det
    keys.settle()
    assert console.snapshot.started
    for _step in range(len(console.snapshot.meeting.cases)):  # past the standing cases
        keys(Qt.Key.Key_PageDown, CTRL)
        keys.settle()
        if console.snapshot.current_case_id == big.cases["budget"]:
            break
    assert console.snapshot.current_case_id == big.cases["budget"]
    roll_keys = keys.count

    # the vote: G, three dissenters near the end by name, alle for utanom, Ctrl+Enter
    keys(Qt.Key.Key_G)
    grid = console.vote_panel.grid
    assert QApplication.focusWidget() is grid
    voters = grid.grid.voters
    assert len(voters) == 43
    names = [v.name for v in voters]
    dissenters = [voters[-5].person_id, voters[-3].person_id, voters[-2].person_id]
    for person in dissenters:
        row = next(i for i, v in enumerate(voters) if v.person_id == person)
        keys.text("/")
        keys.text(_prefix(names, row))
        assert grid.current_row() == row, names[row]
        keys(Qt.Key.Key_Return)  # ends the jump, stays on the row
        keys(Qt.Key.Key_M)
    keys(Qt.Key.Key_A)  # alle andre for
    assert "For: 40" in console.vote_panel.tally.text()
    keys(Qt.Key.Key_Return, CTRL)  # the vote, then its decision
    keys.settle()
    vote_keys = keys.count - roll_keys
    assert vote_keys <= 45, vote_keys

    assert state.ctx is not None
    [vote] = voting.votes(state.ctx, big.cases["budget"])
    assert (vote.method, vote.votes_for, vote.votes_against) == (VoteMethod.ROLL_CALL, 40, 3)
    assert vote.outcome is VoteOutcome.ADOPTED
    against = {b.person_id for b in vote.ballots if b.choice is BallotChoice.MOT}
    assert against == set(dissenters)
    snap = console.snapshot
    assert snap is not None and snap.case is not None and snap.case.decision is not None
    assert snap.case.decision.text == "Budsjettet for 2027 vert vedteke."
    assert snap.case.decision.vote_id == vote.id
    deputy = big.deputies[big.members[4]]
    assert {b.person_id for b in vote.ballots} == (set(big.members) - {big.members[4]}) | {deputy}
    console.close()


def test_a_voted_case_shows_what_was_recorded(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big]
) -> None:
    path, big = big_db
    _open(path, big)
    console = _console(qtbot, state, big.meeting_id)
    keys = Keys(qtbot, state)
    keys(Qt.Key.Key_G)
    grid = console.vote_panel.grid
    keys(Qt.Key.Key_End)
    keys(Qt.Key.Key_M)  # the last one against
    keys(Qt.Key.Key_A)
    keys(Qt.Key.Key_Return, CTRL)
    keys.settle()
    typed = dict(grid.grid.ballots)
    assert len(typed) == 43
    keys(Qt.Key.Key_PageDown, CTRL)  # on to the next case, and back
    keys.settle()
    assert console.snapshot is not None
    assert console.snapshot.current_case_id == big.cases["closed"]
    keys(Qt.Key.Key_PageUp, CTRL)
    keys.settle()
    assert console.snapshot.current_case_id == big.cases["budget"]
    panel = console.vote_panel
    assert grid.grid.ballots == typed  # the stored ballots, not "–"
    assert grid.grid.choice_text(grid.grid.ballots[grid.grid.voters[-1].person_id]) == "Mot"
    assert panel.tally.text() == "Registrert: 42 for, 1 mot."
    assert "manglar" not in panel.tally.text()
    assert "Vedteke. 42 for, 1 mot." in panel.result.text()
    assert not panel.record_button.isEnabled()
    # a recorded vote is not changed from the grid
    grid.setFocus()
    keys(Qt.Key.Key_Home)
    keys(Qt.Key.Key_M)
    assert grid.grid.ballots == typed
    console.close()


def test_a_vote_without_quorum_says_only_that(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big]
) -> None:
    path, big = big_db
    _open(path, big)
    ctx = open_context(path)
    try:  # 22 leave before the case: 21 of 43 can vote
        for person in big.members[2:24]:  # the leiar and the nestleiar stay
            attendance.mark_left(
                ctx,
                PresenceIn(
                    meeting_id=big.meeting_id, person_id=person, case_id=big.cases["budget"]
                ),
            )
        vote = voting.record_vote(
            ctx,
            VoteIn(
                case_id=big.cases["budget"],
                proposal_id=voting.proposals(ctx, big.cases["budget"])[0].id,
                method=VoteMethod.UNANIMOUS,
            ),
        )
    finally:
        ctx.close()
    assert vote.outcome is VoteOutcome.NOT_QUORATE
    console = _console(qtbot, state, big.meeting_id)
    text = console.vote_panel.result.text()
    assert text.startswith("Ikkje vedtaksfør: berre 21 av 43 kunne røyste.")
    assert "Samrøystes" not in text and "for," not in text
    projector = console.open_projector()
    assert projector.result.text() == "Ikkje vedtaksfør: berre 21 av 43 kunne røyste"
    assert "samrøystes" not in projector.result.text()
    console.close()


def test_counts_with_named_dissenters_tally_live_and_survive_a_restart(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big], tmp_path: Path
) -> None:
    path, big = big_db
    _open(path, big)
    console = _console(qtbot, state, big.meeting_id)
    panel = console.vote_panel
    panel.method.setCurrentIndex(panel.method.findData(VoteMethod.COUNTS))
    assert panel.tally.text() == "For: 43 · Mot: 0 · 43 røysteføre"
    for row in (3, 7):
        panel.dissenters.item(row).setCheckState(Qt.CheckState.Checked)
    assert panel.tally.text() == "For: 41 · Mot: 2 · 43 røysteføre"
    wait_idle(qtbot, state)
    ticked = {int(panel.dissenters.item(r).data(Qt.ItemDataRole.UserRole)) for r in (3, 7)}
    assert state.ctx is not None
    draft = voting.vote_draft(state.ctx, big.cases["budget"])
    assert draft is not None and draft.method is VoteMethod.COUNTS
    assert draft.ballots == {p: "mot" for p in ticked}
    console.close()
    wait_idle(qtbot, state)

    # a new console (a restart): the method, the ticks and the tally are back
    again_state = make_state(path, tmp_path / "ui2.ini")
    try:
        again = _console(qtbot, again_state, big.meeting_id)
        p2 = again.vote_panel
        assert VoteMethod(p2.method.currentData()) is VoteMethod.COUNTS
        assert set(p2._ticks()) == ticked
        assert p2.tally.text() == "For: 41 · Mot: 2 · 43 røysteføre"
        p2.record_with_decision()
        wait_idle(qtbot, again_state)
        assert again_state.ctx is not None
        [vote] = voting.votes(again_state.ctx, big.cases["budget"])
        assert (vote.method, vote.votes_for, vote.votes_against) == (VoteMethod.COUNTS, 41, 2)
        # recorded: the ticks stay in view (not changeable), with the stored numbers
        assert set(p2._ticks()) == ticked and not p2.dissenters.isEnabled()
        assert p2.tally.text() == "Registrert: 41 for, 2 mot."
        again.close()
    finally:
        wait_idle(qtbot, again_state)
        again_state.close()


def test_the_key_sheet_lists_the_keys_and_opens_with_f1(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big]
) -> None:
    path, big = big_db
    _open(path, big)
    console = _console(qtbot, state, big.meeting_id)
    QTest.keyClick(console.vote_panel.grid, Qt.Key.Key_F1)
    sheet = console.key_sheet
    assert isinstance(sheet, KeySheet) and sheet.isVisible()
    shown = {sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())}
    for _where, keys in console_keys():
        assert {k for k, _what in keys} <= shown
    for key in ("G", "Ctrl+Enter", "Shift+A", "/", "Alt+A", "B / Ctrl+B", "F1 / ?"):
        assert key in shown
    sheet.close()
    console.close()


def test_the_projector_follows_the_vote_without_showing_ballots(
    qtbot: QtBot, state: AppState, big_db: tuple[Path, Big]
) -> None:
    path, big = big_db
    _open(path, big)
    console = _console(qtbot, state, big.meeting_id)
    projector = console.open_projector()
    assert QApplication.focusWidget() is console.vote_panel.grid  # the keyboard stays
    assert projector.clock_label.text() == "10:05"
    agenda = projector.agenda.text()
    assert "▶" in agenda and agenda.index("▶") < agenda.index("Budsjett 2027")
    assert "Kari Nordmann" not in agenda  # the closed case by its public title
    grid = console.vote_panel.grid
    for key in (Qt.Key.Key_F, Qt.Key.Key_M, Qt.Key.Key_F):
        QTest.keyClick(grid, key)
    assert projector.progress.text() == "3 av 43 har røysta"
    everything = " ".join(w.text() for w in projector.findChildren(QWidget) if hasattr(w, "text"))
    first = grid.grid.voters[0].name
    assert first not in everything  # nobody's ballot before the result
    QTest.keyClick(grid, Qt.Key.Key_A)
    QTest.keyClick(grid, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, state)
    assert projector.progress.text() == ""
    assert projector.result.text().startswith("Vedteke – 42 for, 1 mot")
    assert projector.names.text().startswith("For: ")
    mot_line = projector.names.text().splitlines()[-1]
    assert mot_line == f"Mot: {grid.grid.voters[1].name}"

    # B blacks the screen out and back; Ctrl+B too
    QTest.keyClick(grid, Qt.Key.Key_B)
    assert projector.blank
    QTest.keyClick(grid, Qt.Key.Key_B, CTRL)
    assert not projector.blank
    console.close()
    assert console.projector is None
