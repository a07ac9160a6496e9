"""Undo in the main window: case list order and case edits, back through the services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import attendance, meetings, registry
from dvmeet.services.attendance.models import OpenMeetingIn, RollCallIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn, UpdateCaseIn
from ui.main_window import MainWindow
from ui.meetings.view import MeetingsView
from ui.state import AppState
from ui.undo import undo_stack


def planned_meeting(ctx: Context) -> int:
    day = dt.date.today() + dt.timedelta(days=40)
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Førde")
    )
    for title in ("Budsjett 2027", "Kommunikasjonsstrategi", "Eigarskapsmelding"):
        meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title=title))
    return meeting.id


def order(ctx: Context, meeting_id: int) -> list[int]:
    cases = meetings.get_meeting(ctx, meeting_id).cases
    return [c.id for c in sorted(cases, key=lambda c: c.position)]


def open_window(qtbot: QtBot, state: AppState, meeting_id: int, case_id: int) -> MeetingsView:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    view = window.view("meetings")
    assert isinstance(view, MeetingsView)
    window.stack.setCurrentWidget(view)
    wait_idle(qtbot, state)
    view.show_case(meeting_id, case_id)
    qtbot.waitUntil(lambda: view.current_case_id() == case_id, timeout=10_000)
    window.activateWindow()
    qtbot.waitActive(window)
    return view


def last_movable(ctx: Context, meeting_id: int) -> int:
    cases = meetings.get_meeting(ctx, meeting_id).cases
    return max((c for c in cases if c.standing is None), key=lambda c: c.position).id


def test_reorder_then_ctrl_z_restores_the_order_and_ctrl_shift_z_redoes(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    meeting_id = planned_meeting(state.ctx)
    before = order(state.ctx, meeting_id)
    case_id = last_movable(state.ctx, meeting_id)
    view = open_window(qtbot, state, meeting_id, case_id)

    view.move_case(-1)
    wait_idle(qtbot, state)
    moved = order(state.ctx, meeting_id)
    assert moved != before and moved.index(case_id) == before.index(case_id) - 1

    window = view.window()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    assert order(state.ctx, meeting_id) == before

    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_idle(qtbot, state)
    assert order(state.ctx, meeting_id) == moved


def test_case_edit_is_undone_back_to_the_old_values(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    meeting_id = planned_meeting(state.ctx)
    case_id = last_movable(state.ctx, meeting_id)
    view = open_window(qtbot, state, meeting_id, case_id)
    old = next(c for c in meetings.get_meeting(state.ctx, meeting_id).cases if c.id == case_id)
    new = meetings.update_case(
        state.ctx,
        UpdateCaseIn(case_id=case_id, title="Eigarskapsmelding 2027", recommendation="Vedteke."),
    )
    view._case_edited(old, new)  # what the case dialog's `saved` signal does
    undo_stack(state).undo()
    wait_idle(qtbot, state)
    back = next(c for c in meetings.get_meeting(state.ctx, meeting_id).cases if c.id == case_id)
    assert back.title == "Eigarskapsmelding" and back.recommendation is None
    undo_stack(state).redo()
    wait_idle(qtbot, state)
    again = next(c for c in meetings.get_meeting(state.ctx, meeting_id).cases if c.id == case_id)
    assert again.title == "Eigarskapsmelding 2027" and again.recommendation == "Vedteke."


def test_no_undo_once_the_meeting_cannot_be_edited(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    meeting_id = planned_meeting(state.ctx)
    case_id = last_movable(state.ctx, meeting_id)
    view = open_window(qtbot, state, meeting_id, case_id)
    errors: list[BaseException] = []
    view._failed = errors.append  # type: ignore[method-assign]
    view.move_case(-1)
    wait_idle(qtbot, state)
    moved = order(state.ctx, meeting_id)
    # The meeting is opened (on the chair's laptop) before the user presses Ctrl+Z.
    meetings.send_notice(state.ctx, SendNoticeIn(meeting_id=meeting_id))
    meeting = meetings.get_meeting(state.ctx, meeting_id)
    members = [
        m.person_id for seat in registry.seats(state.ctx, "RS", meeting.date) for m in seat.members
    ]
    attendance.record_roll_call(state.ctx, RollCallIn(meeting_id=meeting_id, present=members))
    attendance.open_meeting(
        state.ctx,
        OpenMeetingIn(
            meeting_id=meeting_id, opened_at=dt.datetime.combine(meeting.date, dt.time(10))
        ),
    )
    assert meetings.get_meeting(state.ctx, meeting_id).status is MeetingStatus.IN_PROGRESS
    undo_stack(state).undo()
    wait_idle(qtbot, state)
    assert order(state.ctx, meeting_id) == moved
    assert errors and "kan ikkje angrast" in str(errors[0])
    assert not undo_stack(state).canUndo() and not undo_stack(state).canRedo()
