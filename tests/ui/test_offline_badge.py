"""Issue 18 in the Møte view: a meeting out on a meeting file is marked in the list and
badged on the meeting (file, who), its case and meeting controls are disabled with the
reason as tooltip, «Ikkje bruk fila …» releases it; a meeting file's notice cannot be closed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_offline_ui import _planned
from uihelpers import wait_idle

from dvmeet.services import offline
from dvmeet.services.context import open_context
from dvmeet.services.offline.models import CheckoutIn
from ui.meetings.view import MeetingsView
from ui.notice_bar import NoticeBar
from ui.state import AppState


def test_an_out_meeting_is_badged_and_released_in_the_view(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = state.ctx
    assert ctx is not None
    meeting = _planned(ctx)
    file = tmp_path / "møte-rs.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.year_spin.setValue(meeting.date.year)
    wait_idle(qtbot, state)
    view.select_meeting(meeting.id)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert view.meeting is not None and view.meeting.id == meeting.id

    badge = view.out_badge
    assert badge.isVisible()
    assert str(file) in badge.text.text() and "test" in badge.text.text()
    for button in (view.add_case_button, view.send_button, view.console_button):
        assert not button.isEnabled(), button.objectName()
        assert "møte-rs.dvmeet" in button.toolTip() and "Ikkje bruk fila" in button.toolTip()
    assert view.edit_case_button.text() == "Vis …"
    row = view.meeting_model.row_of(meeting.id)
    status = view.meeting_model.index(row, view.meeting_model.COL_STATUS)
    assert "teke med ut" in status.data()
    assert "møte-rs.dvmeet" in status.data(3)  # the tooltip names the file
    other = next(r for r in view.meeting_model.rows() if r.id != meeting.id)
    other_status = view.meeting_model.index(
        view.meeting_model.row_of(other.id), view.meeting_model.COL_STATUS
    )
    assert "teke med ut" not in other_status.data()
    shots = os.environ.get("DVMEET_SCREENSHOTS")
    if shots:
        view.grab().save(str(Path(shots) / "offline-badge.png"))

    import ui.offline.badge as badge_module

    answers = iter([False, True])
    monkeypatch.setattr(badge_module, "confirm", lambda *_a: next(answers))
    badge.release_button.click()  # «Avbryt»: still out
    wait_idle(qtbot, state)
    assert offline.meeting_checkout(ctx, meeting.id) is not None and badge.isVisible()
    badge.release_button.click()
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert offline.meeting_checkout(ctx, meeting.id) is None
    assert not badge.isVisible()
    assert view.add_case_button.isEnabled() and view.console_button.isEnabled()
    assert "møte-rs.dvmeet" not in view.add_case_button.toolTip()
    status = view.meeting_model.index(
        view.meeting_model.row_of(meeting.id), view.meeting_model.COL_STATUS
    )
    assert "teke med ut" not in status.data()


def test_the_meeting_file_notice_cannot_be_closed(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    ctx = state.ctx
    assert ctx is not None
    meeting = _planned(ctx)
    file = tmp_path / "ut.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=meeting.id, file=file))
    laptop = open_context(file)
    try:
        notices = laptop.notices
    finally:
        laptop.close()
    assert any("møtefil" in n for n in notices)
    bar = NoticeBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.show_notices(None, [*notices, "Ei avbroten gjenoppretting vart rydda opp."])
    assert bar.close_button.isVisible()  # the other notice may be closed
    bar.close_button.click()
    assert bar.isVisible() and bar.standing.isVisible()
    assert "Dette er ei møtefil" in bar.standing.text()
    assert not bar.other.isVisible() and not bar.close_button.isVisible()
    bar.dismiss()  # nothing more to close: the file's notice stays
    assert bar.isVisible() and "Dette er ei møtefil" in bar.standing.text()
    bar.show_notices(None, [])  # another database
    assert not bar.isVisible()


def test_a_held_meeting_out_cannot_be_approved_at_home(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    """The demo's meeting in progress is closed (held, minutes not approved) and taken out:
    its minutes' approval is disabled with the reason, and the remarks are read-only."""
    from dvmeet.domain.enums import MeetingStatus
    from dvmeet.services import attendance, meetings
    from dvmeet.services.attendance.models import CloseMeetingIn
    from dvmeet.services.meetings.models import MeetingListIn

    ctx = state.ctx
    assert ctx is not None
    rows = meetings.meeting_list(
        ctx, MeetingListIn(body_code="RS", year=2026, today=dt.date(2026, 12, 6))
    ).rows
    going = next(r for r in rows if r.status is MeetingStatus.IN_PROGRESS)
    attendance.close_meeting(ctx, CloseMeetingIn(meeting_id=going.id))
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=going.id, file=tmp_path / "halde.dvmeet"))
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.year_spin.setValue(2026)
    wait_idle(qtbot, state)
    view.select_meeting(going.id)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert view.out_badge.isVisible()
    panel = view.minutes_panel
    assert view.tabs.isTabEnabled(1)
    assert not panel.approve_button.isEnabled()
    assert "halde.dvmeet" in panel.approve_button.toolTip()
    assert panel.remarks.isReadOnly()
