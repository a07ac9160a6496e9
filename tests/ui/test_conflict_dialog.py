"""«Endra av nokon andre»: a case or a person saved by someone else while the dialog was
open. The save is refused, the fields that differ are shown, and each choice does what it
says: save mine on top, use what is saved, or go back to the form with nothing lost."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services import meetings, registry
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import CaseIn, CaseOut, PlanMeetingIn, UpdateCaseIn
from dvmeet.services.registry.models import PersonOut, PersonUpdate
from ui.conflict import ConflictDialog, Difference, differences
from ui.meetings.case_dialog import CaseDialog
from ui.meetings.view import MeetingsView
from ui.registry.person_dialog import PersonDialog
from ui.registry.view import RegistryView
from ui.state import AppState
from ui.table import select_where
from ui.undo import undo_stack

pytestmark = pytest.mark.ui

MINE = "Budsjett 2027, revidert etter styremøtet"
THEIRS = "Budsjett 2027 (frå økonomisjefen)"
THEIR_RECOMMENDATION = "Representantskapet vedtek budsjettet."


# --- the differences, on their own -------------------------------------------------------


def test_differences_list_the_fields_that_differ_and_who_changed_them() -> None:
    fields = [("title", "Tittel"), ("phone", "Telefon"), ("email", "E-post"), ("x", "X")]
    opened = {"title": "A", "phone": None, "email": "a@b.no", "x": 1}
    mine = {"title": "B", "phone": "+47 900 00 000", "email": "a@b.no", "x": 1}
    stored = {"title": "C", "phone": "+47 900 00 000", "email": "c@d.no", "x": 1}
    rows = differences(fields, opened, mine, stored)
    assert rows == [
        Difference("title", "Tittel", "B", "C", yours=True, theirs=True),
        Difference("email", "E-post", "a@b.no", "c@d.no", yours=False, theirs=True),
    ]  # the phone both set to the same number is no difference
    only_mine = differences(fields, opened, mine, opened)
    assert [(d.key, d.stored) for d in only_mine] == [("title", "A"), ("phone", "(tomt)")]


# --- a case ------------------------------------------------------------------------------


def planned_case(ctx: Context) -> tuple[int, int]:
    day = dt.date.today() + dt.timedelta(days=40)
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Førde")
    )
    case = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Budsjett 2027"))
    return meeting.id, case.id


def stored_case(ctx: Context, meeting_id: int, case_id: int) -> CaseOut:
    return next(c for c in meetings.get_meeting(ctx, meeting_id).cases if c.id == case_id)


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def case_conflict(
    qtbot: QtBot, state: AppState
) -> tuple[MeetingsView, CaseDialog, ConflictDialog, int, int]:
    """Open the case dialog, type a new title, let someone else save the case meanwhile
    (through a second connection to the same database), and press Lagre."""
    assert state.ctx is not None
    meeting_id, case_id = planned_case(state.ctx)
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(meeting_id, case_id)
    qtbot.waitUntil(lambda: view.current_case_id() == case_id, timeout=10_000)
    view.edit_case()
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, MINE)

    other = open_context(state.ctx.database_path, actor="kollega")
    try:
        meetings.update_case(
            other,
            UpdateCaseIn(case_id=case_id, title=THEIRS, recommendation=THEIR_RECOMMENDATION),
        )
    finally:
        other.close()

    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog)
    assert conflict.isVisible() and QApplication.activeModalWidget() is conflict
    assert conflict.windowTitle() == "Endra av nokon andre"
    assert dialog.isVisible()  # nothing closed, nothing saved
    assert stored_case(state.ctx, meeting_id, case_id).title == THEIRS
    return view, dialog, conflict, meeting_id, case_id


def table_text(conflict: ConflictDialog) -> list[list[str]]:
    model = conflict.table.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_case_conflict_shows_the_differing_fields(qtbot: QtBot, state: AppState) -> None:
    _view, _dialog, conflict, _m, _c = case_conflict(qtbot, state)
    header = conflict.table.model()
    assert [header.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == [
        "Felt",
        "Di endring",
        "Lagra no",
    ]
    assert table_text(conflict) == [
        ["Tittel *", MINE, THEIRS],  # both changed it
        ["Innstilling", "(ikkje endra av deg)", THEIR_RECOMMENDATION],
    ]
    assert "medan du arbeidde" in conflict.findChild(QWidget, "conflict_text").text()
    conflict.reject()
    wait_idle(qtbot, state)


def test_case_conflict_save_mine_overwrites_my_fields_and_keeps_theirs(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    view, _dialog, conflict, meeting_id, case_id = case_conflict(qtbot, state)
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    saved = stored_case(state.ctx, meeting_id, case_id)
    assert saved.title == MINE  # mine, knowingly over theirs
    assert saved.recommendation == THEIR_RECOMMENDATION  # theirs, which I did not touch
    assert view.dialog is None  # closed (and deleted) by the view
    assert view.current_case() is not None and view.current_case().title == MINE

    undo_stack(state).undo()  # takes mine back to what was saved when I chose
    wait_idle(qtbot, state)
    assert stored_case(state.ctx, meeting_id, case_id).title == THEIRS


def test_case_conflict_use_stored_drops_mine_and_shows_theirs(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    view, _dialog, conflict, meeting_id, case_id = case_conflict(qtbot, state)
    click(qtbot, conflict.use_stored)
    wait_idle(qtbot, state)
    assert view.dialog is None  # closed (and deleted) by the view
    saved = stored_case(state.ctx, meeting_id, case_id)
    assert (saved.title, saved.recommendation) == (THEIRS, THEIR_RECOMMENDATION)
    shown = view.current_case()
    assert shown is not None and shown.title == THEIRS  # the view reloaded
    assert not undo_stack(state).canUndo()  # nothing of mine was saved


def test_case_conflict_cancel_goes_back_to_the_form_with_nothing_lost(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    _view, dialog, conflict, meeting_id, case_id = case_conflict(qtbot, state)
    click(qtbot, conflict.cancel)
    wait_idle(qtbot, state)
    assert dialog.isVisible() and dialog.conflict is None
    assert dialog.title.text() == MINE  # what I typed is still there
    assert dialog.error.isVisible() and "Ikkje lagra" in dialog.error.text()
    assert stored_case(state.ctx, meeting_id, case_id).title == THEIRS

    click(qtbot, dialog.ok_button)  # saving again asks again: it is still their version
    wait_idle(qtbot, state)
    again = dialog.conflict
    assert isinstance(again, ConflictDialog) and again.isVisible()
    qtbot.keyClick(again, Qt.Key.Key_Escape)  # Esc is Avbryt too
    wait_idle(qtbot, state)
    assert dialog.isVisible() and dialog.title.text() == MINE
    assert stored_case(state.ctx, meeting_id, case_id).title == THEIRS
    dialog.reject()


# --- a person ----------------------------------------------------------------------------


def person_conflict(
    qtbot: QtBot, state: AppState
) -> tuple[RegistryView, PersonDialog, ConflictDialog, PersonOut]:
    assert state.ctx is not None
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.resize(1200, 780)
    view.show()
    wait_idle(qtbot, state)
    seat = next(s for s in registry.seats(state.ctx, "RS", dt.date.today()) if s.deputies)
    person = registry.get_person(state.ctx, seat.deputies[0].person_id)
    panel = view.persons
    view.tabs.setCurrentWidget(panel)
    assert select_where(panel.table, lambda p: p.id == person.id)
    dialog = panel.edit_dialog()
    assert dialog is not None
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, person.name + " Ås")
    registry.update_person(  # someone else, on the same database
        state.ctx, PersonUpdate(id=person.id, name=person.name + " Berg", phone="+47 911 22 333")
    )
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert conflict.fields() == ["Namn", "Telefon"]
    assert table_text(conflict)[0] == ["Namn *", person.name + " Ås", person.name + " Berg"]
    return view, dialog, conflict, person


def test_person_conflict_save_mine(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    _view, dialog, conflict, person = person_conflict(qtbot, state)
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    assert not dialog.isVisible()
    now = registry.get_person(state.ctx, person.id)
    assert (now.name, now.phone) == (person.name + " Ås", "+47 911 22 333")
    undo_stack(state).undo()
    wait_idle(qtbot, state)
    assert registry.get_person(state.ctx, person.id).name == person.name + " Berg"


def test_person_conflict_use_stored(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    view, dialog, conflict, person = person_conflict(qtbot, state)
    click(qtbot, conflict.use_stored)
    wait_idle(qtbot, state)
    assert not dialog.isVisible()
    assert registry.get_person(state.ctx, person.id).name == person.name + " Berg"
    shown = view.persons.current_person()
    assert shown is not None and shown.name == person.name + " Berg"


def test_person_conflict_cancel(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    _view, dialog, conflict, person = person_conflict(qtbot, state)
    click(qtbot, conflict.cancel)
    wait_idle(qtbot, state)
    assert dialog.isVisible() and dialog.name_edit.text() == person.name + " Ås"
    assert "Ikkje lagra" in dialog.general_error.text()
    assert registry.get_person(state.ctx, person.id).name == person.name + " Berg"
    dialog.reject()
