"""The Personar tab reads a page of persons at a time (issue 21); «Vis fleire» reaches the
rest, and a new search starts at its first page again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services import registry
from dvmeet.services.registry.text import nb_sort_key
from ui.registry.membership_dialogs import FOUND_LIMIT, AddMembershipDialog
from ui.registry.persons import PAGE
from ui.registry.view import RegistryView
from ui.state import AppState
from ui.table import ROW_ROLE

pytestmark = pytest.mark.ui


def shown(view: RegistryView) -> list[str]:
    model = view.persons.table.model()
    return [model.index(r, 0).data(ROW_ROLE).name for r in range(model.rowCount())]


def test_more_persons_page_by_page(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    everyone = registry.search_persons(state.ctx, "", limit=100_000)
    assert len(everyone) > PAGE, "the demo has more persons than a page"
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.resize(1200, 780)
    view.show()
    panel = view.persons
    view.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, state)

    names = shown(view)
    assert len(names) == PAGE
    assert names == [p.name for p in everyone[:PAGE]]
    assert names == sorted(names, key=nb_sort_key)
    assert panel.more_button.isVisible()
    assert panel.count.text() == f"dei første {PAGE}"

    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert shown(view) == [p.name for p in everyone[: 2 * PAGE]]
    if len(everyone) <= 2 * PAGE:
        assert not panel.more_button.isVisible()
        assert panel.count.text() == f"{len(everyone)} personar"

    # a search starts at its first page, and says when nothing more is to come
    qtbot.keyClicks(panel.search, "årdal")
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    wait_idle(qtbot, state)
    found = registry.search_persons(state.ctx, "årdal", limit=100_000)
    assert 0 < len(found) <= PAGE
    assert shown(view) == [p.name for p in found]
    assert not panel.more_button.isVisible()
    panel.search.clear()
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    wait_idle(qtbot, state)
    assert len(shown(view)) == PAGE and panel.more_button.isVisible()


def test_membership_dialog_asks_to_narrow_a_long_search(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.resize(1200, 780)
    view.show()
    wait_idle(qtbot, state)
    view.tabs.setCurrentWidget(view.seats)
    qtbot.mouseClick(view.seats.add_deputy, Qt.MouseButton.LeftButton)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddMembershipDialog)
    wait_idle(qtbot, state)
    dialog.search.clear()  # every person: more than the dialog shows
    qtbot.waitUntil(lambda: not dialog._timer.isActive())
    wait_idle(qtbot, state)
    everyone = registry.search_persons(state.ctx, "", limit=FOUND_LIMIT)
    assert dialog.persons.rowCount() == FOUND_LIMIT
    assert [dialog.persons.index(r, 0).data(ROW_ROLE) for r in range(FOUND_LIMIT)] == everyone
    assert dialog.more_hint.isVisible()
    assert f"Berre dei første {FOUND_LIMIT} er viste" in dialog.more_hint.text()
    qtbot.keyClicks(dialog.search, "årdal")
    qtbot.waitUntil(lambda: not dialog._timer.isActive())
    wait_idle(qtbot, state)
    found = registry.search_persons(state.ctx, "årdal", limit=FOUND_LIMIT + 1)
    assert 0 < len(found) <= FOUND_LIMIT and dialog.persons.rowCount() == len(found)
    assert not dialog.more_hint.isVisible()
    dialog.reject()


def test_a_new_person_beyond_the_page_is_shown_chosen(qtbot: QtBot, state: AppState) -> None:
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.resize(1200, 780)
    view.show()
    panel = view.persons
    view.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, state)
    assert panel.more_button.isVisible()
    dialog = panel.new_dialog()
    qtbot.keyClicks(dialog.name_edit, "Åsne Østerbø")  # Å: last in Norwegian order
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    wait_idle(qtbot, state)
    assert panel.search.text() == "Åsne Østerbø"
    chosen = panel.current_person()
    assert chosen is not None and chosen.name == "Åsne Østerbø"
    assert "Historikk for Åsne Østerbø" in panel.history_box.title()
