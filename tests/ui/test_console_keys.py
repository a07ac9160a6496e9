"""The chair's console under fast hands (issue 17): keys act on the row selected when they
were pressed, the public view is safe by default, a keyboard route to the vote grid, and a
console that fits a 1366×768 laptop.

The meeting is the demo's representantskap (40 seats, ranked deputies), planned for a day
after the demo's meetings. Key presses follow each other with no wait in between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import make_state
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMessageBox,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.domain.enums import ClosureBasis
from dvmeet.services import attendance, meetings
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from ui.console import open_console
from ui.console.window import ConsoleWindow
from ui.main_window import default_size
from ui.state import AppState

pytestmark = pytest.mark.ui
DAY = dt.date(2027, 2, 10)
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px taskbar


def _plan(path: Path, *, opened: bool) -> tuple[int, dict[str, int]]:
    ctx = open_context(path)
    try:
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS", date=DAY, start_time=dt.time(10, 0), place="Bergen rådhus"
            ),
        )
        cases = {
            "budget": meetings.add_case(
                ctx,
                CaseIn(
                    meeting_id=meeting.id,
                    title="Budsjett 2028",
                    recommendation="Budsjettet vert vedteke.",
                ),
            ).id,
            "closed": meetings.add_case(
                ctx,
                CaseIn(
                    meeting_id=meeting.id,
                    title="Tilsetjing av dagleg leiar – Kari Nordmann",
                    public_title="Tilsetjing av dagleg leiar",
                    closed=True,
                    closure_basis=ClosureBasis.KOML_11_5_3A,
                    closure_note="offl. § 25",
                    recommendation="Kari Nordmann vert tilsett.",
                ),
            ).id,
        }
        meetings.send_notice(
            ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=DAY - dt.timedelta(days=20))
        )
        if opened:
            roll = attendance.roll_call(ctx, meeting.id)
            for seat in roll.seats_list:
                for member in seat.members:
                    attendance.mark_present(
                        ctx, PresenceIn(meeting_id=meeting.id, person_id=member.person_id)
                    )
            attendance.open_meeting(
                ctx,
                OpenMeetingIn(
                    meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10))
                ),
            )
            attendance.set_current_case(ctx, meeting.id, cases["budget"])
        return meeting.id, cases
    finally:
        ctx.close()


@pytest.fixture
def planned(demo_copy: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[AppState, int]]:
    meeting_id, _cases = _plan(demo_copy, opened=False)
    state = make_state(demo_copy, tmp_path / "ui.ini")
    yield state, meeting_id
    wait_idle(qtbot, state)
    state.close()


@pytest.fixture
def running(
    demo_copy: Path, tmp_path: Path, qtbot: QtBot
) -> Iterator[tuple[AppState, int, dict[str, int]]]:
    meeting_id, cases = _plan(demo_copy, opened=True)
    state = make_state(demo_copy, tmp_path / "ui.ini")
    yield state, meeting_id, cases
    wait_idle(qtbot, state)
    state.close()


def _console(qtbot: QtBot, state: AppState, meeting_id: int) -> ConsoleWindow:
    console = open_console(None, state, meeting_id)
    qtbot.addWidget(console)
    console.clock = lambda: dt.datetime.combine(DAY, dt.time(10, 0))
    console.activateWindow()
    qtbot.waitActive(console)
    wait_idle(qtbot, state)
    return console


def _rows(console: ConsoleWindow) -> list[QTreeWidgetItem]:
    """The person rows of the roll call, top to bottom."""
    tree = console.roll_call.tree
    rows: list[QTreeWidgetItem] = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        assert top is not None
        for j in range(top.childCount()):
            child = top.child(j)
            assert child is not None
            rows.append(child)
    return rows


def _person(item: QTreeWidgetItem) -> int:
    return int(item.data(0, Qt.ItemDataRole.UserRole))


def _statuses(console: ConsoleWindow) -> dict[int, str]:
    assert console.snapshot is not None
    return {
        h.person_id: h.status
        for seat in console.snapshot.roll.seats_list
        for h in seat.members + seat.deputies
    }


ALT = Qt.KeyboardModifier.AltModifier


def test_a_burst_of_roll_call_keys_marks_every_row_that_was_selected(
    qtbot: QtBot, planned: tuple[AppState, int]
) -> None:
    state, meeting_id = planned
    console = _console(qtbot, state, meeting_id)
    tree = console.roll_call.tree
    rows = _rows(console)
    members = [
        _person(r) for r in rows if r.text(1) != "" and "vara" not in r.text(1)
    ]  # members and the leaders; the deputies' role says «1. vara» …
    assert len(members) == 40
    # The first member: forfall, then Down at once to the first deputy (same event-loop
    # turn). The forfall is the member's, never the deputy's.
    tree.setFocus()
    tree.setCurrentItem(rows[0])
    first, first_deputy = _person(rows[0]), _person(rows[1])
    QTest.keyClick(tree, Qt.Key.Key_F, ALT)
    QTest.keyClick(tree, Qt.Key.Key_Down)
    assert console.roll_call.selected_person() == first_deputy
    # The other 39 members: Alt+T on each, Down to the next member, no wait in between.
    marked = []
    for item in rows[1:]:
        if _person(item) not in members:
            continue
        while console.roll_call.selected_person() != _person(item):
            QTest.keyClick(tree, Qt.Key.Key_Down)
        QTest.keyClick(tree, Qt.Key.Key_T, ALT)
        marked.append(_person(item))
    assert len(marked) == 39
    last = console.roll_call.selected_person()
    scroll = tree.verticalScrollBar().value()
    assert scroll > 0  # the burst scrolled down to the last municipality
    wait_idle(qtbot, state)

    status = _statuses(console)
    assert status[first] == "forfall"
    assert status[first_deputy] == "not_recorded"
    assert [p for p in marked if status[p] != "present"] == []
    deputies = [p for p in status if p not in members]
    assert all(status[p] == "not_recorded" for p in deputies)
    # the list kept its selection and its scroll position through the reloads
    assert console.roll_call.selected_person() == last
    assert tree.verticalScrollBar().value() == scroll
    assert QApplication.focusWidget() is tree
    # the selection is a full highlight also when the list has not the focus
    palette = tree.palette()
    inactive = palette.color(palette.ColorGroup.Inactive, palette.ColorRole.Highlight)
    active = palette.color(palette.ColorGroup.Active, palette.ColorRole.Highlight)
    assert inactive == active
    # roll-call text at least the normal size, at least 11 pt
    assert tree.font().pointSizeF() >= max(11.0, QApplication.font().pointSizeF())


def test_a_burst_in_the_vote_grid_lands_on_the_rows_it_was_typed_on(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    grid = console.vote_panel.grid
    assert QApplication.focusWidget() is grid  # a meeting under way starts in the grid
    voters = [v.person_id for v in grid.grid.voters]
    assert len(voters) == 40
    # F on even rows, M on every third, Down skips nothing; the last two rows left for
    # Up/Down moves first: Down, Down, Up, then M on the row the cursor is on.
    expected: dict[int, str] = {}
    for i, person in enumerate(voters[:38]):
        key = Qt.Key.Key_M if i % 3 == 0 else Qt.Key.Key_F
        QTest.keyClick(grid, key)
        expected[person] = "mot" if key == Qt.Key.Key_M else "for"
    QTest.keyClick(grid, Qt.Key.Key_Down)
    QTest.keyClick(grid, Qt.Key.Key_Up)
    QTest.keyClick(grid, Qt.Key.Key_M)  # row 38
    QTest.keyClick(grid, Qt.Key.Key_F)  # row 39
    expected[voters[38]], expected[voters[39]] = "mot", "for"
    assert grid.grid.ballots == expected
    wait_idle(qtbot, state)
    # the draft saved as typed holds every ballot (read back from the database)
    console.reload()
    wait_idle(qtbot, state)
    assert console.snapshot is not None and console.snapshot.case is not None
    draft = console.snapshot.case.draft
    assert draft is not None and dict(draft.ballots) == expected
    QTest.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    vote = console.snapshot.case.ordinary_votes[-1]
    mot = sum(1 for c in expected.values() if c == "mot")
    assert (vote.votes_for, vote.votes_against) == (40 - mot, mot)


def test_space_at_the_first_focus_leaves_the_projector_public(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    projector = console.open_projector()
    qtbot.addWidget(projector)
    first = QApplication.focusWidget()
    assert first is not None and first is not console.public_display
    QTest.keyClick(first, Qt.Key.Key_Space)
    wait_idle(qtbot, state)
    assert console.public_display.isChecked()
    assert projector.public and projector.internal_band.isHidden()
    assert console.internal_band.isHidden()


def _answer(button_text: str) -> object:
    def handle(dialog: object) -> None:
        assert isinstance(dialog, QMessageBox)
        for button in dialog.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r}")

    return handle


def test_internal_view_asks_first_and_is_marked(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, cases = running
    console = _console(qtbot, state, meeting_id)
    projector = console.open_projector()
    qtbot.addWidget(projector)
    console.act(attendance.set_current_case, meeting_id, cases["closed"])
    wait_idle(qtbot, state)
    shown = projector.case_label.text() + projector.proposals.text()
    assert "Kari Nordmann" not in shown

    # Declined: still public, nothing marked.
    when_dialog_opens(qtbot, _answer("Avbryt"))  # type: ignore[arg-type]
    console.public_display.click()
    assert console.public_display.isChecked()
    assert projector.public and console.internal_band.isHidden()
    assert "Kari Nordmann" not in projector.case_label.text()

    # Confirmed: internal, with the band on the console and on the projector.
    when_dialog_opens(qtbot, _answer("Vis internt"))  # type: ignore[arg-type]
    console.public_display.click()
    assert not console.public_display.isChecked()
    assert not projector.public
    assert console.internal_band.isVisible() and "INTERN VISNING" in console.internal_band.text()
    assert projector.internal_band.isVisible()
    assert projector.internal_band.text() == "INTERN VISNING"
    assert "Kari Nordmann" in projector.case_label.text()

    # Back to public needs no question.
    console.public_display.click()
    assert console.public_display.isChecked() and projector.public
    assert console.internal_band.isHidden() and projector.internal_band.isHidden()
    assert "Kari Nordmann" not in projector.case_label.text()


def test_keyboard_route_to_the_grid_and_the_decision(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    grid = console.vote_panel.grid
    # the keys are on screen
    assert console.key_help.isVisible() and "G = " in console.key_help.text()
    assert "Ctrl+S" in console.key_help.text()
    # the roll call tab, then G: the case tab and the grid
    console.tabs.setCurrentIndex(0)
    console.roll_call.tree.setFocus()
    QTest.keyClick(console.roll_call.tree, Qt.Key.Key_G)
    assert console.tabs.currentIndex() == 1
    assert QApplication.focusWidget() is grid
    # from the case list, one Tab reaches the grid
    console.cases.setFocus()
    QTest.keyClick(console.cases, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is grid
    # Tab leaves the «Tekst» box of a new proposal instead of typing a tab into it
    text = console.case_panel.text
    text.setFocus()
    QTest.keyClick(text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not text
    assert "\t" not in text.toPlainText()
    # the projector does not take the keyboard
    grid.setFocus()
    projector = console.open_projector()
    qtbot.addWidget(projector)
    assert QApplication.focusWidget() is grid
    assert QApplication.activeWindow() is console
    # all for, record, then the decision saved with Ctrl+S (shown on the button)
    QTest.keyClick(grid, Qt.Key.Key_A)
    QTest.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    button = console.vote_panel.decision_button
    assert "Ctrl+S" in button.text()
    assert console.snapshot is not None and console.snapshot.case is not None
    box = console.vote_panel.decision
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "Budsjettet vert vedteke med endringar.")
    QTest.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    decision = console.snapshot.case.decision
    assert decision is not None and decision.text == "Budsjettet vert vedteke med endringar."


def _overlapping(widgets: list[QWidget]) -> list[tuple[str, str]]:
    shown = [w for w in widgets if w.isVisible()]
    out = []
    for i, a in enumerate(shown):
        ra = QRect(a.mapTo(a.window(), a.rect().topLeft()), a.size())
        for b in shown[i + 1 :]:
            rb = QRect(b.mapTo(b.window(), b.rect().topLeft()), b.size())
            if ra.intersects(rb):
                out.append((a.objectName() or type(a).__name__, b.objectName() or type(b).__name__))
    return out


def _clipped(console: ConsoleWindow) -> list[tuple[str, str, int, int]]:
    """Every shown label (not word-wrapped) and button narrower than its text needs.
    The meeting's title gives way on purpose (elided, whole in its tooltip)."""
    out = []
    for label in console.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label.wordWrap():
            continue
        if label is console.title:
            continue
        metrics = label.fontMetrics()
        need = max(metrics.horizontalAdvance(line) for line in label.text().split("\n"))
        if label.contentsRect().width() < need:
            out.append((label.objectName(), label.text(), label.contentsRect().width(), need))
    for button in console.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and button.width() < button.sizeHint().width():
            out.append(
                (button.objectName(), button.text(), button.width(), button.sizeHint().width())
            )
    return out


@pytest.mark.parametrize("available", [LAPTOP, QRect(0, 0, 1920, 1040)], ids=["1366", "1920"])
def test_the_console_fits_the_screen_without_clipping(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]], available: QRect
) -> None:
    state, meeting_id, _cases = running
    console = ConsoleWindow(state, meeting_id)
    qtbot.addWidget(console)
    console.fit_to(available)
    console.show()
    wait_idle(qtbot, state)
    QApplication.processEvents()
    assert console.width() <= available.width() and console.height() <= available.height()
    assert console.width() >= available.width() - 20
    assert console.height() >= available.height() - 60
    for tab in (0, 1):
        console.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert _clipped(console) == [], tab
    # the quorum badge shows its whole text
    quorum = console.quorum
    assert quorum.quorate is True
    needed = quorum.fontMetrics().horizontalAdvance(quorum.text())
    assert quorum.contentsRect().width() >= needed, (quorum.text(), quorum.width())
    # every name in the grid is shown whole
    grid = console.vote_panel.grid
    metrics = grid.fontMetrics()
    name_width = grid.columnWidth(0)
    longest = max(
        metrics.horizontalAdvance(str(grid.grid.data(grid.grid.index(r, 0))))
        for r in range(grid.grid.rowCount())
    )
    assert name_width >= longest + 8, (name_width, longest)
    municipality_width = grid.columnWidth(1)
    longest_m = max(
        metrics.horizontalAdvance(str(grid.grid.data(grid.grid.index(r, 1))))
        for r in range(grid.grid.rowCount())
    )
    assert municipality_width >= longest_m + 8
    # no horizontal scrolling in the grid, at least twenty rows in view, text ≥ 11 pt
    assert not grid.horizontalScrollBar().isVisible()
    assert grid.viewport().height() // grid.rowHeight(0) >= 20
    assert grid.font().pointSizeF() >= 11
    # the header row: nothing overlaps
    header = [
        console.title,
        console.quorum,
        console.public_display,
        console.projector_button,
        console.end_button,
    ]
    assert _overlapping(header) == []
    vote = console.vote_panel
    assert (
        _overlapping([vote.tally, vote.record_button, vote.decision_state, vote.decision_button])
        == []
    )


def test_the_main_window_default_fits_the_screen() -> None:
    small = default_size(LAPTOP.size())
    assert small.width() <= LAPTOP.width() and small.height() <= LAPTOP.height() - 30
    assert default_size(QSize(1920, 1040)) == QSize(1200, 780)
    assert default_size(None) == QSize(1200, 780)
