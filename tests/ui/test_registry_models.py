"""Every table model of the Register view passes pytest-qt's model tester."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from ui.registry.formats import nb_key
from ui.registry.view import RegistryView
from ui.state import AppState
from ui.table import SORT_ROLE

pytestmark = pytest.mark.ui


def test_norwegian_sort_key() -> None:
    names = ["Årdal", "Aurland", "Øygarden", "Zeta", "Ænes", "bømlo", "Bremanger"]
    assert sorted(names, key=nb_key) == [
        "Aurland", "Bremanger", "bømlo", "Zeta", "Ænes", "Øygarden", "Årdal",
    ]  # fmt: skip


def test_every_table_model(qtbot: QtBot, qtmodeltester: ModelTester, state: AppState) -> None:
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, state)
    view.persons.table.selectRow(0)
    view.seats.seat_table.selectRow(0)
    wait_idle(qtbot, state)
    seats = view.seats
    models = [
        seats.seat_model,
        seats.term_model,
        seats.history_model,
        view.persons.model,
        view.persons.history_model,
        view.municipality_panel.model,
    ]
    for model in models:
        assert model.rowCount() > 0, model
        qtmodeltester.check(model)
    for proxy in (seats.seat_proxy, view.persons.proxy, view.municipality_panel.proxy):
        qtmodeltester.check(proxy)
        assert proxy.sortRole() == SORT_ROLE
    # Empty models too (the dialogs' tables start empty).
    view.persons.history_model.set_rows([])
    qtmodeltester.check(view.persons.history_model)


def test_dialog_and_import_models(
    qtbot: QtBot, qtmodeltester: ModelTester, state: AppState, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, state)
    dialog = view.seats.add_deputy_dialog()
    assert dialog is not None
    wait_idle(qtbot, state)
    assert dialog.persons.rowCount() > 0
    qtmodeltester.check(dialog.persons)
    dialog.reject()
    path = tmp_path / "m.csv"
    path.write_text(
        "namn;kommunenummer;organ;rolle;frå\nA B;4601;RS;medlem;2026-01-01\n"
        "C D;4602;RS;varamedlem;2026-01-01\n",
        encoding="utf-8",
    )
    view.seats.preview_import(path)
    wait_idle(qtbot, state)
    preview = view.seats.import_dialog
    qtmodeltester.check(preview.row_model)
    qtmodeltester.check(preview.rejected_model)
    preview.reject()
