"""Issue 18 in the window: «Ta med møtet …», the checkin preview with a conflict chosen per
item, and «Ikkje bruk fila»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingForm
from dvmeet.services import attendance, meetings, offline
from dvmeet.services.attendance.models import PresenceIn
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import MeetingOut, PlanMeetingIn
from ui.offline.checkin_dialog import CheckinDialog
from ui.offline.menu import OfflineActions, add_meeting_menu
from ui.state import AppState


def _planned(ctx: Context) -> MeetingOut:
    """A meeting of the demo's representantskap planned after the demo's (those are approved)."""
    return meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=dt.date(2026, 12, 17),
            start_time=dt.time(10, 0),
            place="Bergen rådhus",
            form=MeetingForm.FYSISK,
        ),
    )


def _close_boxes() -> list[str]:
    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            texts.append(widget.text())
            widget.close()
    return texts


def test_take_out_and_bring_back_with_a_conflict_chosen_per_item(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    ctx = state.ctx
    assert ctx is not None
    meeting = _planned(ctx)
    window = QWidget()
    qtbot.addWidget(window)
    actions = OfflineActions(window, state, lambda: meeting)
    file = tmp_path / "møte.dvmeet"
    actions.checkout_to(meeting, file)
    wait_idle(qtbot, state)
    assert any("er skrive til" in t for t in _close_boxes())
    assert offline.meeting_checkout(ctx, meeting.id) is not None

    laptop = open_context(file)
    try:
        member = laptop_member(laptop, meeting.id)
        attendance.mark_present(laptop, PresenceIn(meeting_id=meeting.id, person_id=member))
        with laptop.unit_of_work() as uow:
            uow.session.execute(text("UPDATE meeting SET place = 'Laptopsalen'"))
    finally:
        laptop.close()
    with ctx.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE meeting SET place = 'Heimesalen', secretariat = 'Ola' WHERE id = :m"),
            {"m": meeting.id},
        )

    actions.preview(file)
    wait_idle(qtbot, state)
    dialog = actions.dialog
    assert isinstance(dialog, CheckinDialog)
    assert dialog.table is not None and dialog.table.rowCount() == 2
    assert not dialog.ok.isEnabled()  # a choice for every item first
    radios = dialog.table.findChildren(QRadioButton)
    by_key = {key: group for key, group in dialog.groups.items()}
    place_key = next(k for k in by_key if k.endswith(":place"))
    for button in by_key[place_key].buttons():
        if button.property("side") == "file":
            button.click()
    assert not dialog.ok.isEnabled()
    other = next(k for k in by_key if k != place_key)
    for button in by_key[other].buttons():
        if button.property("side") == "home":
            button.click()
    assert dialog.ok.isEnabled() and len(radios) == 4
    dialog.ok.click()
    wait_idle(qtbot, state)
    assert any("henta inn" in t for t in _close_boxes())
    assert offline.meeting_checkout(ctx, meeting.id) is None
    back = meetings.get_meeting(ctx, meeting.id)
    assert back.place == "Laptopsalen" and back.secretariat == "Ola"


def laptop_member(ctx: Context, meeting_id: int) -> int:
    """A member of the meeting's body with no end to the seat, read in the meeting file."""
    with ctx.reading() as session:
        return int(
            session.execute(
                text(
                    "SELECT person_id FROM membership WHERE role <> 'varamedlem' "
                    "AND body_id = (SELECT body_id FROM meeting WHERE id = :m) ORDER BY id"
                ),
                {"m": meeting_id},
            )
            .scalars()
            .first()
            or 0
        )


def test_cancel_asks_then_releases(qtbot: QtBot, state: AppState, tmp_path: Path) -> None:
    ctx = state.ctx
    assert ctx is not None
    meeting = _planned(ctx)
    window = QWidget()
    qtbot.addWidget(window)
    actions = OfflineActions(window, state, lambda: meeting)
    actions.checkout_to(meeting, tmp_path / "ut.dvmeet")
    wait_idle(qtbot, state)
    _close_boxes()
    import ui.offline.menu as menu

    answers = iter([False, True])
    original = menu.confirm
    menu.confirm = lambda *_a: next(answers)  # type: ignore[assignment]
    try:
        actions.cancel()  # «Avbryt»: still out
        wait_idle(qtbot, state)
        assert offline.meeting_checkout(ctx, meeting.id) is not None
        actions.cancel()
        wait_idle(qtbot, state)
    finally:
        menu.confirm = original
    assert offline.meeting_checkout(ctx, meeting.id) is None


def test_the_menu_says_where_the_meeting_is(
    qtbot: QtBot, state: AppState, tmp_path: Path, ui_settings: QSettings
) -> None:
    ctx = state.ctx
    assert ctx is not None
    meeting = _planned(ctx)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = add_meeting_menu(window, window.menuBar(), state, lambda: meeting)
    actions.refresh()
    wait_idle(qtbot, state)
    assert actions.take_out.isEnabled() and not actions.release.isEnabled()
    assert not actions.where.isVisible()
    file = tmp_path / "ut.dvmeet"
    actions.checkout_to(meeting, file)
    wait_idle(qtbot, state)
    _close_boxes()
    actions.refresh()
    wait_idle(qtbot, state)
    assert not actions.take_out.isEnabled() and actions.release.isEnabled()
    assert str(file) in actions.where.text()

    # on the laptop: the file is no main database; nothing to take out or bring back here
    laptop = AppState(ui_settings)
    laptop.set_context(open_context(file))
    try:
        other = QMainWindow()
        qtbot.addWidget(other)
        in_file = add_meeting_menu(other, other.menuBar(), laptop, lambda: meeting)
        in_file.refresh()
        wait_idle(qtbot, laptop)
        assert not in_file.take_out.isEnabled() and not in_file.bring_back.isEnabled()
        assert "Dette er ei møtefil" in in_file.where.text()
    finally:
        wait_idle(qtbot, laptop)
        laptop.close()
