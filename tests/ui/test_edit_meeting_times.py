"""Endre møtet once the meeting has been held: the time fields are the actual start and
end, corrected until approval, and a correction that would leave a recorded departure
outside the meeting is refused in the dialog with the service's words."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot
from test_edit_meeting import click, open_editor
from test_meetings_view import held_meeting
from uihelpers import wait_idle

from dvmeet.services import meetings, minutes
from ui.state import AppState

pytestmark = pytest.mark.ui


def test_the_actual_start_and_end_are_corrected_in_endre_motet(
    qtbot: QtBot, state: AppState
) -> None:
    ctx = state.ctx
    assert ctx is not None
    held = held_meeting(ctx)  # opened 09:00, closed 11:00 today
    before = meetings.get_meeting(ctx, held)
    _view, dialog = open_editor(qtbot, state, held)
    assert dialog.actual_hint.isVisible()
    assert dialog.start.isEnabled() and dialog.end.isEnabled()  # no longer locked
    assert not dialog.date.isEnabled() and not dialog.has_end.isEnabled()
    assert (dialog.start.time(), dialog.end.time()) == (QTime(9, 0), QTime(11, 0))
    dialog.start.setTime(QTime(10, 0))
    dialog.end.setTime(QTime(13, 30))
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    after = meetings.get_meeting(ctx, held)
    today = dt.date.today()
    assert after.opened_at == dt.datetime.combine(today, dt.time(10))
    assert after.closed_at == dt.datetime.combine(today, dt.time(13, 30))
    assert (after.start_time, after.end_time) == (before.start_time, before.end_time)
    draft = minutes.minutes_draft(ctx, held)
    assert (draft.opened_at, draft.closed_at) == (after.opened_at, after.closed_at)


def test_an_end_before_the_start_is_refused_in_the_dialog(qtbot: QtBot, state: AppState) -> None:
    ctx = state.ctx
    assert ctx is not None
    held = held_meeting(ctx)
    _view, dialog = open_editor(qtbot, state, held)
    dialog.end.setTime(QTime(8, 30))
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "Møtet kan ikkje hevast kl. 08:30 når det starta kl. 09:00."
    assert meetings.get_meeting(ctx, held).closed_at == dt.datetime.combine(
        dt.date.today(), dt.time(11)
    )
