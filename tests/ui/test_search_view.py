"""Søk: type a query, see results, open a hit (real widgets, demo data)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services.search import HitKind
from ui.search.view import SearchView
from ui.state import AppState


def make_view(qtbot: QtBot, state: AppState) -> SearchView:
    view = SearchView(state)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def type_query(qtbot: QtBot, view: SearchView, text: str) -> None:
    view.field.clear()
    view.run_query()
    with qtbot.waitSignal(view.results_shown, timeout=10_000) as blocker:
        qtbot.keyClicks(view.field, text)
    assert blocker.args == [text]


def test_typing_searches_once_after_a_pause(qtbot: QtBot, state: AppState, qtmodeltester) -> None:
    view = make_view(qtbot, state)
    shown: list[str] = []
    view.results_shown.connect(shown.append)
    type_query(qtbot, view, "økon")
    wait_idle(qtbot, state)
    assert shown == ["økon"]  # one search for the whole word, not one per key
    assert view.model.rows
    assert all(
        "økon" in (h.title + " " + h.snippet).lower() or h.kind is HitKind.DECISION
        for h in view.model.rows
    )
    assert "treff" in view.status.text()
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_diacritics_matter_and_case_does_not(qtbot: QtBot, state: AppState) -> None:
    view = make_view(qtbot, state)
    type_query(qtbot, view, "ÅRSMELDING")
    upper = [(h.kind, h.case_id, h.version_id) for h in view.model.rows]
    assert upper
    type_query(qtbot, view, "årsmelding")
    assert [(h.kind, h.case_id, h.version_id) for h in view.model.rows] == upper
    type_query(qtbot, view, "arsmelding")
    assert view.model.rows == []
    assert "Ingen treff" in view.status.text()


def test_a_query_without_words_is_explained(qtbot: QtBot, state: AppState) -> None:
    view = make_view(qtbot, state)
    type_query(qtbot, view, "?!")
    assert view.model.rows == []
    assert "Skriv minst eitt ord" in view.status.text()
    view.field.clear()
    view.run_query()
    assert "Skriv eitt eller fleire ord" in view.status.text()


def test_enter_and_double_click_open_the_hit(qtbot: QtBot, state: AppState) -> None:
    view = make_view(qtbot, state)
    type_query(qtbot, view, "budsjett")
    first = view.model.rows[0]
    assert first.kind in (HitKind.CASE, HitKind.DECISION)
    view.table.setFocus()
    view.table.selectRow(0)
    with qtbot.waitSignal(view.open_case_requested, timeout=2_000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [first.meeting_id, first.case_id]
    with qtbot.waitSignal(view.open_case_requested, timeout=2_000):
        qtbot.keyClick(view.field, Qt.Key.Key_Return)  # Enter in the field opens the first hit

    type_query(qtbot, view, "styringsgruppa")
    rows = view.model.rows
    doc_row = next(i for i, h in enumerate(rows) if h.kind is HitKind.DOCUMENT)
    hit = rows[doc_row]
    index = view.proxy.mapFromSource(view.model.index(doc_row, 2))
    with qtbot.waitSignal(view.open_document_requested, timeout=2_000) as blocker:
        view.table.doubleClicked.emit(index)
    assert blocker.args == [hit.document_id, hit.version_id]


def test_main_window_opens_a_document_hit_in_dokument(qtbot: QtBot, state: AppState) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(state)
    qtbot.addWidget(window)
    search = window.view("search")
    assert isinstance(search, SearchView)
    documents = window.view("documents")
    wait_idle(qtbot, state)
    type_query(qtbot, search, "styringsgruppa")
    hit = next(h for h in search.model.rows if h.kind is HitKind.DOCUMENT)
    assert hit.document_id is not None and hit.version_id is not None
    search.open_document_requested.emit(hit.document_id, hit.version_id)
    wait_idle(qtbot, state)
    assert window.stack.currentWidget() is documents
    assert documents.current_version().id == hit.version_id  # type: ignore[attr-defined]
