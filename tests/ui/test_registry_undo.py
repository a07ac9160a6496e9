"""Undo in the Register view: deputy order, persons, participation and terms entered by
mistake are taken back (Ctrl+Z) and made again (Ctrl+Shift+Z) through the services; fritak
and ending a term are not (their dialogs ask first)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.errors import ChangedElsewhere, Conflict
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.registry.models import (
    EndMembershipIn,
    MembershipOut,
    MunicipalityOut,
    PersonIn,
    PersonOut,
    PersonUpdate,
)
from ui.main_window import MainWindow
from ui.registry.membership_dialogs import AddMembershipDialog
from ui.registry.view import RegistryView
from ui.state import AppState
from ui.table import ROW_ROLE, select_where
from ui.undo import undo_stack

pytestmark = pytest.mark.ui


def rows(table) -> list:  # type: ignore[no-untyped-def]
    model = table.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def open_window(qtbot: QtBot, state: AppState) -> tuple[MainWindow, RegistryView]:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.resize(1300, 820)
    window.show()
    view = window.view("registry")
    assert isinstance(view, RegistryView)
    window.stack.setCurrentWidget(view)
    wait_idle(qtbot, state)
    window.activateWindow()
    qtbot.waitActive(window)
    return window, view


@pytest.fixture
def view(qtbot: QtBot, state: AppState) -> RegistryView:
    widget = RegistryView(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    wait_idle(qtbot, state)
    return widget


def choose_seat(view: RegistryView, name: str) -> None:
    assert select_where(view.seats.seat_table, lambda s: s.municipality_name == name)


def shown_deputies(view: RegistryView) -> list[int]:
    terms: list[MembershipOut] = rows(view.seats.term_table)
    return [m.person_id for m in terms if m.role is Role.VARAMEDLEM]


def deputies_in_db(ctx: Context, name: str, day: dt.date | None = None) -> list[int]:
    seat = next(
        s for s in registry.seats(ctx, "RS", day or dt.date.today()) if s.municipality_name == name
    )
    return [d.person_id for d in seat.deputies]


def ctrl_z(qtbot: QtBot, window: MainWindow, shift: bool = False) -> None:
    """Ctrl+Z (or Ctrl+Shift+Z) with the focus in a table (a text field undoes its text)."""
    view = window.view("registry")
    assert isinstance(view, RegistryView)
    window.activateWindow()  # a closed dialog leaves no active window offscreen
    qtbot.waitUntil(window.isActiveWindow)
    view.seats.term_table.setFocus()
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, modifiers)


# --- deputy order ------------------------------------------------------------------------


def test_reorder_deputies_then_ctrl_z_restores_the_order_and_ctrl_shift_z_redoes(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    window, view = open_window(qtbot, state)
    choose_seat(view, "Bergen")
    before = deputies_in_db(state.ctx, "Bergen")
    assert len(before) == 2 and shown_deputies(view) == before

    dialog = view.seats.reorder_dialog()
    assert dialog is not None
    dialog.order.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # from today
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.general_error.text()
    reordered = before[::-1]
    assert deputies_in_db(state.ctx, "Bergen") == reordered
    assert shown_deputies(view) == reordered
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "Angre endring av vararekkjefølgja for Bergen"

    ctrl_z(qtbot, window)
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == before
    assert shown_deputies(view) == before  # the view reloaded
    # The old terms run on to their end as before; the new ones stay as corrections.
    seat = next(s for s in registry.seats(state.ctx, "RS", dt.date.today()) if s.deputies)
    assert all(d.valid_to is None or d.valid_to.year >= 2028 for d in seat.deputies)
    history = registry.person_history(state.ctx, before[0])
    assert [m.ended_reason for m in history].count(MembershipEnd.CORRECTED) == 1
    assert MembershipEnd.MOVED_UP not in [m.ended_reason for m in history]

    ctrl_z(qtbot, window, shift=True)
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == reordered
    assert shown_deputies(view) == reordered

    window.undo_action.trigger()  # again, on the terms the redo began
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == before
    assert shown_deputies(view) == before
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()


def test_undo_of_a_reorder_is_refused_once_the_seat_has_changed(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    assert state.ctx is not None
    errors: list[BaseException] = []
    state.runner.error.connect(errors.append)
    choose_seat(view, "Bergen")
    before = deputies_in_db(state.ctx, "Bergen")
    dialog = view.seats.reorder_dialog()
    assert dialog is not None
    dialog.order.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    # Someone else ends the new first deputy's term before Ctrl+Z.
    day = dt.date.today()
    first = next(
        d for s in registry.seats(state.ctx, "RS", day) if s.municipality_name == "Bergen"
        for d in s.deputies if d.deputy_rank == 1
    )  # fmt: skip
    registry.end_membership(
        state.ctx,
        EndMembershipIn(
            membership_id=first.id, valid_to=day + dt.timedelta(days=30), reason=MembershipEnd.TERM
        ),
    )
    undo_stack(state).undo()
    wait_idle(qtbot, state)
    assert errors and isinstance(errors[0], Conflict) and "endra sidan" in str(errors[0])
    assert deputies_in_db(state.ctx, "Bergen") == before[::-1]  # nothing taken back
    assert not undo_stack(state).canUndo() and not undo_stack(state).canRedo()


# --- persons -----------------------------------------------------------------------------


def edit_person(qtbot: QtBot, view: RegistryView, state: AppState, person_id: int) -> PersonOut:
    """Change the name and phone of a person through the Personar tab's dialog."""
    panel = view.persons
    view.tabs.setCurrentWidget(panel)
    assert select_where(panel.table, lambda p: p.id == person_id)
    dialog = panel.edit_dialog()
    assert dialog is not None
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Jostein Lunde-Ås")
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "+47 900 11 222")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.general_error.text()
    assert dialog.saved is not None
    return dialog.saved


def shown_person(view: RegistryView, person_id: int) -> PersonOut:
    return next(p for p in rows(view.persons.table) if p.id == person_id)


def a_person(ctx: Context) -> PersonOut:
    bergen = deputies_in_db(ctx, "Bergen")[0]
    return registry.get_person(ctx, bergen)


def test_person_edit_is_undone_and_redone(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    window, view = open_window(qtbot, state)
    old = a_person(state.ctx)
    new = edit_person(qtbot, view, state, old.id)
    assert new.name == "Jostein Lunde-Ås" and new.phone == "+47 900 11 222"
    assert window.undo_action.text() == "Angre endring av Jostein Lunde-Ås"

    ctrl_z(qtbot, window)
    wait_idle(qtbot, state)
    back = registry.get_person(state.ctx, old.id)
    assert (back.name, back.phone, back.email) == (old.name, old.phone, old.email)
    assert shown_person(view, old.id).name == old.name

    ctrl_z(qtbot, window, shift=True)
    wait_idle(qtbot, state)
    again = registry.get_person(state.ctx, old.id)
    assert (again.name, again.phone) == ("Jostein Lunde-Ås", "+47 900 11 222")
    assert shown_person(view, old.id).name == "Jostein Lunde-Ås"


def test_person_undo_never_overwrites_a_later_save_by_someone_else(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    assert state.ctx is not None
    errors: list[BaseException] = []
    state.runner.error.connect(errors.append)
    old = a_person(state.ctx)
    edit_person(qtbot, view, state, old.id)
    registry.update_person(state.ctx, PersonUpdate(id=old.id, title="ordførar"))  # someone else

    undo_stack(state).undo()
    wait_idle(qtbot, state)
    now = registry.get_person(state.ctx, old.id)
    assert (now.name, now.title) == ("Jostein Lunde-Ås", "ordførar")
    assert errors and isinstance(errors[0], ChangedElsewhere)
    assert "kan ikkje angrast" in str(errors[0])
    assert not undo_stack(state).canUndo()


# --- participation -----------------------------------------------------------------------


def test_participation_is_undone_and_redone(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    assert state.ctx is not None
    panel = view.municipality_panel
    view.tabs.setCurrentWidget(panel)
    bergen: MunicipalityOut = next(m for m in rows(panel.table) if m.name == "Bergen")
    assert bergen.participant_to is None
    select_where(panel.table, lambda m: m.number == bergen.number)
    dialog = panel.edit_dialog()
    assert dialog is not None
    dialog.end.check.setChecked(True)
    dialog.end.edit.setDate(QDate(2030, 12, 31))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible()

    def in_db() -> MunicipalityOut:
        assert state.ctx is not None
        return next(m for m in registry.list_municipalities(state.ctx) if m.number == "4601")

    def in_view() -> MunicipalityOut:
        return next(m for m in rows(panel.table) if m.number == "4601")

    assert in_db().participant_to == dt.date(2030, 12, 31)
    stack = undo_stack(state)
    assert stack.undoText() == "endring av deltakinga til Bergen"
    stack.undo()
    wait_idle(qtbot, state)
    assert in_db().participant_to is None and in_view().participant_to is None
    assert in_db().participant_from == bergen.participant_from
    stack.redo()
    wait_idle(qtbot, state)
    assert in_db().participant_to == dt.date(2030, 12, 31)
    assert in_view().participant_to == dt.date(2030, 12, 31)


# --- a term entered by mistake -----------------------------------------------------------


def test_an_added_deputy_is_voided_on_undo_and_entered_again_on_redo(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    assert state.ctx is not None
    newcomer = registry.create_person(
        state.ctx, PersonIn(name="Siri Nordeide", municipality_number="4601")
    )
    view.reload()
    wait_idle(qtbot, state)
    choose_seat(view, "Bergen")
    before = deputies_in_db(state.ctx, "Bergen")
    qtbot.mouseClick(view.seats.add_deputy, Qt.MouseButton.LeftButton)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddMembershipDialog)
    dialog.search.setText("Siri Nordeide")
    dialog._search()
    wait_idle(qtbot, state)
    assert dialog.chosen_person() is not None and dialog.chosen_person().id == newcomer.id
    dialog.valid_to.setDate(QDate(2028, 12, 31))  # the end of the others' term (R-1: no gaps)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    problems = [label.text() for label in dialog.field_errors.values() if label.text()]
    assert not dialog.isVisible(), [*problems, dialog.general_error.text()]
    assert deputies_in_db(state.ctx, "Bergen") == [*before, newcomer.id]
    assert shown_deputies(view) == [*before, newcomer.id]

    stack = undo_stack(state)
    assert stack.undoText() == "innføring av Siri Nordeide som 3. varamedlem"
    stack.undo()
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == before
    assert shown_deputies(view) == before
    history = registry.person_history(state.ctx, newcomer.id)
    assert [m.ended_reason for m in history] == [MembershipEnd.CORRECTED]  # kept, as a mistake

    stack.redo()
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == [*before, newcomer.id]
    stack.undo()  # the term the redo entered is the one voided now
    wait_idle(qtbot, state)
    assert deputies_in_db(state.ctx, "Bergen") == before
    reasons = [m.ended_reason for m in registry.person_history(state.ctx, newcomer.id)]
    assert reasons == [MembershipEnd.CORRECTED, MembershipEnd.CORRECTED]


# --- not undoable: they ask first -------------------------------------------------------


def test_fritak_and_ending_a_term_ask_first_and_are_not_put_on_the_undo_stack(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    stack = undo_stack(state)
    choose_seat(view, "Kinn")
    view.seats.term_table.selectRow(0)
    release = view.seats.release_dialog()
    assert release is not None and release.isVisible()  # the dialog says what will happen
    assert "rykkjer opp" in release.intro.text()
    qtbot.mouseClick(release.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not release.isVisible(), release.general_error.text()
    assert stack.count() == 0

    choose_seat(view, "Etne")
    view.seats.term_table.selectRow(0)
    end = view.seats.end_dialog()
    assert end is not None and end.isVisible()
    qtbot.mouseClick(end.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not end.isVisible(), end.general_error.text()
    assert stack.count() == 0 and not stack.canUndo()
