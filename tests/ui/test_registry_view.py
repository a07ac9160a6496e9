"""The Register view driven through its real widgets on a copy of the demo database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import Role
from dvmeet.services.registry.models import MembershipOut, PersonOut, SeatOut
from ui.registry.membership_dialogs import AddMembershipDialog
from ui.registry.person_dialog import PersonDialog
from ui.registry.view import RegistryView
from ui.state import AppState
from ui.table import ROW_ROLE, select_where

pytestmark = pytest.mark.ui


@pytest.fixture
def view(qtbot: QtBot, state: AppState) -> RegistryView:
    widget = RegistryView(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    wait_idle(qtbot, state)
    return widget


def rows(table) -> list:  # type: ignore[no-untyped-def]
    model = table.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def choose_seat(qtbot: QtBot, view: RegistryView, name: str) -> SeatOut:
    seats = view.seats
    assert select_where(seats.seat_table, lambda s: s.municipality_name == name)
    seat = seats.current_seat()
    assert seat is not None and seat.municipality_name == name
    return seat


def terms(view: RegistryView) -> list[MembershipOut]:
    return rows(view.seats.term_table)


def test_the_seats_show_member_and_ranked_deputies(view: RegistryView, state: AppState) -> None:
    seats = rows(view.seats.seat_table)
    assert len(seats) == 40
    names = [s.municipality_name for s in seats]
    # Norwegian order: ø after z, so Bømlo comes after Bremanger; Lærdal after Luster.
    assert names.index("Bømlo") > names.index("Bremanger")
    assert names.index("Lærdal") > names.index("Luster")
    choose_seat(None, view, "Bergen")  # type: ignore[arg-type]
    held = terms(view)
    assert [m.role for m in held] == [Role.LEIAR, Role.VARAMEDLEM, Role.VARAMEDLEM]
    assert [m.deputy_rank for m in held[1:]] == [1, 2]
    assert "Bergen" in view.seats.seat_title.text()
    assert "Kjønnsbalanse" in view.seats.balance.text()


def test_search_finds_persons_with_aeoeaa(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    panel = view.persons
    view.tabs.setCurrentWidget(panel)
    panel.search.clear()
    qtbot.keyClicks(panel.search, "ÅRDAL")
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    wait_idle(qtbot, state)
    found = rows(panel.table)
    assert found, "no persons found for ÅRDAL"
    assert all(
        "årdal" in (p.name + " " + (p.municipality_name or "") + (p.email or "")).casefold()
        for p in found
    )
    panel.table.setFocus()
    panel.table.selectRow(0)
    wait_idle(qtbot, state)
    assert "Historikk for" in panel.history_box.title()


def test_person_dialog_shows_problems_next_to_the_field(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    dialog = view.persons.new_dialog()
    qtbot.keyClicks(dialog.email_edit, "ikkje-ei-adresse")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.field_errors["name"].isVisible()
    assert "fyllast ut" in dialog.field_errors["name"].text()
    assert "e-postadresse" in dialog.field_errors["email"].text()
    assert not dialog.field_errors["phone"].isVisible()
    dialog.reject()


def test_add_a_member_and_a_deputy_through_the_dialogs(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    # A municipality that does not take part yet is made a participant first.
    panel = view.municipality_panel
    view.tabs.setCurrentWidget(panel)
    outside = [m for m in rows(panel.table) if m.participant_from is None]
    assert outside, "the demo data should have non-participating municipalities"
    target = outside[0]
    select_where(panel.table, lambda m: m.number == target.number)
    participation = panel.edit_dialog()
    assert participation is not None
    participation.start.check.setChecked(True)
    participation.start.edit.setDate(QDate(2024, 1, 1))
    qtbot.mouseClick(participation.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not participation.isVisible()

    view.tabs.setCurrentWidget(view.seats)
    seat = choose_seat(qtbot, view, target.name)
    assert seat.vacant

    member = add_through_dialog(qtbot, view, state, Role.MEDLEM, "Kari Ålvik", "kari@ex.no")
    deputy = add_through_dialog(qtbot, view, state, Role.VARAMEDLEM, "Øyvind Ås", "oyvind@ex.no")
    choose_seat(qtbot, view, target.name)
    held = terms(view)
    assert [(m.person_name, m.role, m.deputy_rank) for m in held] == [
        (member, Role.MEDLEM, None),
        (deputy, Role.VARAMEDLEM, 1),
    ]
    shown = view.seats.term_table.model()
    assert shown.index(1, 0).data() == "1. varamedlem"
    assert shown.index(1, 1).data() == deputy


def add_through_dialog(
    qtbot: QtBot, view: RegistryView, state: AppState, role: Role, name: str, email: str
) -> str:
    """Open "Legg til …", create a new person from it, and add the term."""
    button = view.seats.add_member if role is Role.MEDLEM else view.seats.add_deputy
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddMembershipDialog)
    wait_idle(qtbot, state)
    qtbot.mouseClick(dialog.new_person, Qt.MouseButton.LeftButton)
    person = QApplication.activeModalWidget()
    assert isinstance(person, PersonDialog)
    qtbot.keyClicks(person.name_edit, name)
    qtbot.keyClicks(person.email_edit, email)
    assert person.municipality.currentData() == dialog.seat.municipality_number
    qtbot.mouseClick(person.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not person.isVisible()
    chosen = dialog.chosen_person()
    assert isinstance(chosen, PersonOut) and chosen.name == name
    qtbot.keyClicks(dialog.decision, "Kommunestyresak 2026/7")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.general_error.text()
    return name


def test_release_moves_the_next_deputy_up(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    choose_seat(qtbot, view, "Kinn")
    before = terms(view)
    member, first, second = before
    view.seats.term_table.setFocus()
    view.seats.term_table.selectRow(0)
    qtbot.mouseClick(view.seats.release, Qt.MouseButton.LeftButton)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "release_dialog"
    assert first.person_name in dialog.intro.text()  # says who moves up before confirming
    qtbot.keyClicks(dialog.decision, "Kommunestyresak 2026/9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible()
    wait_idle(qtbot, state)
    choose_seat(qtbot, view, "Kinn")
    after = terms(view)
    assert [(m.person_name, m.role, m.deputy_rank) for m in after] == [
        (first.person_name, Role.MEDLEM, None),
        (second.person_name, Role.VARAMEDLEM, 1),
    ]
    assert member.person_name not in [m.person_name for m in after]


def test_reorder_deputies_with_move_up(qtbot: QtBot, view: RegistryView, state: AppState) -> None:
    choose_seat(qtbot, view, "Bergen")
    first, second = terms(view)[1:]
    dialog = view.seats.reorder_dialog()
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    dialog.order.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    assert dialog.person_ids() == [second.person_id, first.person_id]
    dialog.from_date.setDate(QDate.currentDate().addDays(1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.general_error.text()
    view.seats.on_date.setDate(QDate.currentDate().addDays(1))
    wait_idle(qtbot, state)
    choose_seat(qtbot, view, "Bergen")
    assert [m.person_id for m in terms(view)[1:]] == [second.person_id, first.person_id]


def test_delete_ends_a_term_after_asking(qtbot: QtBot, view: RegistryView, state: AppState) -> None:
    choose_seat(qtbot, view, "Etne")
    view.seats.term_table.setFocus()
    view.seats.term_table.selectRow(2)
    last = terms(view)[2]
    qtbot.keyClick(view.seats.term_table, Qt.Key.Key_Delete)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "end_dialog"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.general_error.text()
    view.seats.on_date.setDate(QDate.currentDate().addDays(1))
    wait_idle(qtbot, state)
    choose_seat(qtbot, view, "Etne")
    assert last.person_id not in [m.person_id for m in terms(view)]


def test_import_preview_rejects_a_bad_row(
    qtbot: QtBot, view: RegistryView, state: AppState, tmp_path: Path
) -> None:
    bad = tmp_path / "medlemer.csv"
    bad.write_text(
        "namn;e-post;kommunenummer;organ;rolle;vararang;frå\n"
        "Ola Nordmann;ola@;4601;RS;varamedlem;;2026-01-01\n",
        encoding="utf-8",
    )
    view.seats.preview_import(bad)
    wait_idle(qtbot, state)
    dialog = view.seats.import_dialog
    assert dialog.isVisible()
    rejected = rows(dialog.rejected_table)
    assert [r.line for r in rejected] == [2]
    assert "e-post" in rejected[0].reason
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_import_of_a_good_file(
    qtbot: QtBot, view: RegistryView, state: AppState, tmp_path: Path
) -> None:
    good = tmp_path / "medlemer.csv"
    good.write_text(
        "namn;e-post;kommunenummer;organ;rolle;vararang;frå;til\n"
        "Kari Nordmann;kari.n@askoy.kommune.no;Askøy;SG;medlem;;2026-01-01;2027-12-31\n",
        encoding="utf-8",
    )
    view.seats.preview_import(good)
    wait_idle(qtbot, state)
    dialog = view.seats.import_dialog
    assert rows(dialog.rejected_table) == []
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not dialog.isVisible(), dialog.error.text()
    assert dialog.result_value.memberships_created == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_a_file(
    qtbot: QtBot, view: RegistryView, state: AppState, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"rs{suffix}"
    view.seats.export_to(target)
    wait_idle(qtbot, state)
    assert target.is_file()
    if suffix == ".csv":
        text = target.read_text(encoding="utf-8-sig")
        assert text.startswith("namn;e-post")
        assert "Tore Instebø" in text
    else:
        sheet = openpyxl.load_workbook(target).active
        assert sheet is not None and sheet.max_row == 121  # header + 40 members + 80 deputies


def test_the_view_reloads_when_the_registry_changes(
    qtbot: QtBot, view: RegistryView, state: AppState
) -> None:
    from dvmeet.services.registry import create_person
    from dvmeet.services.registry.models import PersonIn

    view.persons.search.setText("Zacharias")
    qtbot.waitUntil(lambda: not view.persons._timer.isActive())
    wait_idle(qtbot, state)
    assert rows(view.persons.table) == []
    state.call(create_person, PersonIn(name="Zacharias Ødegård"))
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert [p.name for p in rows(view.persons.table)] == ["Zacharias Ødegård"]
    assert dt.date.today()  # the view never blocked: everything went through the worker
