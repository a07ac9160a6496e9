"""Changing a meeting after it is planned: the form filled in, the change undoable, logged
after the notice, limited to the minutes' facts once held, and guarded against a save
someone else made meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_meetings_view import held_meeting
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingForm, MeetingStatus
from dvmeet.services import meetings
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import PlanMeetingIn, SendNoticeIn, UpdateMeetingIn
from ui.conflict import ConflictDialog
from ui.meetings.edit_meeting_dialog import EditMeetingDialog
from ui.meetings.view import MeetingsView
from ui.state import AppState
from ui.undo import undo_stack

pytestmark = pytest.mark.ui


def planned(ctx: Context, days: int = 30) -> int:
    day = dt.date.today() + dt.timedelta(days=days)
    return meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Førde")
    ).id


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_editor(
    qtbot: QtBot, state: AppState, meeting_id: int
) -> tuple[MeetingsView, EditMeetingDialog]:
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(meeting_id)
    qtbot.waitUntil(lambda: view.meeting is not None and view.meeting.id == meeting_id)
    wait_idle(qtbot, state)
    click(qtbot, view.edit_meeting_button)
    dialog = view.dialog
    assert isinstance(dialog, EditMeetingDialog)
    return view, dialog


def test_change_place_and_time_then_undo_and_redo(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    meeting_id = planned(state.ctx)
    view, dialog = open_editor(qtbot, state, meeting_id)
    assert dialog.place.text() == "Førde" and not dialog.body.isEnabled()
    assert not dialog.notice_hint.isVisible()
    dialog.place.clear()
    qtbot.keyClicks(dialog.place, "Bergen rådhus")
    dialog.start.setTime(QTime(12, 30))
    dialog.form_group.button(list(MeetingForm).index(MeetingForm.HYBRID)).setChecked(True)
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    saved = meetings.get_meeting(state.ctx, meeting_id)
    assert (saved.place, saved.start_time, saved.form) == (
        "Bergen rådhus", dt.time(12, 30), MeetingForm.HYBRID,
    )  # fmt: skip
    assert view.dialog is None  # closed after the save
    stack = undo_stack(state)
    assert stack.canUndo() and "møtet" in stack.undoText()
    stack.undo()
    wait_idle(qtbot, state)
    back = meetings.get_meeting(state.ctx, meeting_id)
    assert (back.place, back.start_time, back.form) == ("Førde", dt.time(10), MeetingForm.FYSISK)
    stack.redo()
    wait_idle(qtbot, state)
    assert meetings.get_meeting(state.ctx, meeting_id).place == "Bergen rådhus"
    qtbot.waitUntil(lambda: "Bergen rådhus" in view.facts.text())


def test_a_change_after_the_notice_is_logged(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    meeting_id = planned(state.ctx)
    meetings.send_notice(state.ctx, SendNoticeIn(meeting_id=meeting_id))
    _view, dialog = open_editor(qtbot, state, meeting_id)
    assert dialog.notice_hint.isVisible()
    dialog.place.clear()
    qtbot.keyClicks(dialog.place, "Voss")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    changes = meetings.notice_changes(state.ctx, meeting_id)
    # the log names the field in words, never by its stored (English) name
    assert [c.description for c in changes] == ["Møtet er endra: møtestad"]


def test_nothing_changed_saves_nothing(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    meeting_id = planned(state.ctx)
    version = meetings.get_meeting(state.ctx, meeting_id).version
    _view, dialog = open_editor(qtbot, state, meeting_id)
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert _view.dialog is None
    assert meetings.get_meeting(state.ctx, meeting_id).version == version
    assert not undo_stack(state).canUndo()


def test_a_held_meeting_keeps_its_date_but_takes_the_secretariat(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    held = held_meeting(state.ctx)
    _view, dialog = open_editor(qtbot, state, held)
    assert not dialog.date.isEnabled() and not dialog.place.isEnabled()
    dialog.secretariat.setPlainText("Kari Nordmann, dagleg leiar")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert meetings.get_meeting(state.ctx, held).secretariat == "Kari Nordmann, dagleg leiar"


def test_an_approved_meeting_cannot_be_changed(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    approved = next(
        m for m in meetings.list_meetings(state.ctx) if m.status is MeetingStatus.APPROVED
    )
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(approved.id)
    qtbot.waitUntil(lambda: view.meeting is not None and view.meeting.id == approved.id)
    assert not view.edit_meeting_button.isVisible()


def test_someone_elses_save_meanwhile_is_kept_unless_i_changed_that_field(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    meeting_id = planned(state.ctx)
    _view, dialog = open_editor(qtbot, state, meeting_id)
    qtbot.keyClicks(dialog.title, "Budsjettmøte")
    other = open_context(state.ctx.database_path, actor="kollega")
    try:
        meetings.update_meeting(other, UpdateMeetingIn(meeting_id=meeting_id, place="Sogndal"))
    finally:
        other.close()
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert set(conflict.fields()) == {"Stad", "Tittel"}
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    saved = meetings.get_meeting(state.ctx, meeting_id)
    assert (saved.title, saved.place) == ("Budsjettmøte", "Sogndal")


def test_an_empty_place_is_refused_in_the_form_and_nothing_changes(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    meeting_id = planned(state.ctx)
    before = meetings.get_meeting(state.ctx, meeting_id)
    view, dialog = open_editor(qtbot, state, meeting_id)
    dialog.place.clear()
    dialog.start.setTime(QTime(8, 0))
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert view.dialog is dialog and dialog.isVisible()
    assert dialog.error.isVisible() and "Stad" in dialog.error.text()
    assert meetings.get_meeting(state.ctx, meeting_id) == before
