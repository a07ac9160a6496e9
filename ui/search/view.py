"""Søk: one field over cases, decisions and governing documents, searched as you type.

The query runs on the worker after a short pause in typing; only the answer to the latest
query is shown. Enter or a double-click opens the hit: a case or decision asks for its
case (`open_case_requested`), a document version for the Dokument view
(`open_document_requested`); the main window connects both."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.labels import label
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services import search
from dvmeet.services.search import HitKind, SearchHit
from ui.colours import accent_colour
from ui.errors import describe
from ui.state import AppState
from ui.table import ROW_ROLE, Column, RowsModel, SortProxy

DEBOUNCE_MS = 250
LIMIT = 200


def kind_word(kind: HitKind) -> str:
    return label(kind)


def kind_text(hit: SearchHit) -> str:
    word = kind_word(hit.kind)
    return _("{kind}, lukka").format(kind=word) if hit.closed else word


def title_tooltip(hit: SearchHit) -> str | None:
    if hit.closed:
        return _(
            "Lukka sak. Intern tittel; offentleg tittel: «{public}». Ikkje til offentleggjering."
        ).format(public=hit.public_title or "")
    return None


def hit_columns() -> list[Column[SearchHit]]:
    return [
        Column(
            _("Type"),
            kind_text,
            color=lambda h: accent_colour("closed") if h.closed else None,
            tooltip=title_tooltip,
        ),
        Column(_("Saknr."), lambda h: h.label or "", sort=lambda h: h.label or ""),
        Column(_("Tittel"), lambda h: h.title, tooltip=title_tooltip),
        Column(
            _("Dato"),
            lambda h: h.date.strftime("%d.%m.%Y") if h.date else "",
            sort=lambda h: (h.date or dt.date.min).isoformat(),
        ),
        Column(_("Utdrag"), lambda h: h.snippet, tooltip=lambda h: h.snippet),
    ]


class _ResultsTable(QTableView):
    activated_by_key = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_by_key.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchView(QWidget):
    open_case_requested = Signal(int, int)  # meeting id, case id
    open_document_requested = Signal(int, int)  # document id, version id
    results_shown = Signal(str)  # the query whose results are shown

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._generation = 0
        self._shown_query = ""
        self._build()
        state.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.field = QLineEdit()
        self.field.setObjectName("query")
        self.field.setPlaceholderText(_("Søk i saker, vedtak og styringsdokument …"))
        self.field.setAccessibleName(_("Søk"))
        self.field.setClearButtonEnabled(True)
        font = self.field.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.field.setFont(font)
        self.field.setMinimumHeight(34)
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._enter_in_field)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)

        self.model: RowsModel[SearchHit] = RowsModel(hit_columns(), self)
        self.proxy = SortProxy(self.model, self)
        self.table = _ResultsTable()
        self.table.setObjectName("results")
        self.table.setAccessibleName(_("Treff"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((105, 100, 290, 90)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self.open_hit)
        self.table.activated_by_key.connect(self.open_hit)

        hint = QLabel(
            _(
                "Søket finn ord som byrjar slik du skriv («økon» finn «økonomiplan»). "
                "Fleire ord: alle må vere med. Enter eller dobbeltklikk opnar treffet."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.field)
        self._set_status(_("Skriv eitt eller fleire ord for å søkje."))

    # --- searching ------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self.timer.start()

    def _on_changed(self, _area: str) -> None:
        if self._shown_query:
            self.run_query()

    def run_query(self) -> None:
        """Search for the field's text now (the timer calls this after a pause in typing)."""
        self.timer.stop()
        query = self.field.text().strip()
        self._generation += 1
        if not query:
            self._shown_query = ""
            self.model.set_rows([])
            self._set_status(_("Skriv eitt eller fleire ord for å søkje."))
            return
        if not self.state.is_open:
            return
        self._set_status(_("Søkjer …"))
        self.state.call(
            search.search,
            query,
            LIMIT,
            on_done=partial(self._found, self._generation, query),
            on_error=partial(self._failed, self._generation, query),
        )

    def _found(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self._shown_query = query
        self.model.set_rows(hits)
        if hits:
            self.table.selectRow(0)
        if not hits:
            text = _("Ingen treff for «{query}».").format(query=query)
        elif len(hits) >= LIMIT:
            text = _("Viser dei {n} nyaste treffa. Skriv fleire ord for å snevre inn.").format(
                n=len(hits)
            )
        else:
            text = _("{n} treff.").format(n=len(hits)) if len(hits) != 1 else _("1 treff.")
        closed = sum(1 for h in hits if h.closed)
        if closed:
            text += " " + _("{n} frå lukka saker (interne titlar).").format(n=closed)
        self._set_status(text)
        self.results_shown.emit(query)

    def _failed(self, generation: int, query: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._shown_query = ""
        self.model.set_rows([])
        if isinstance(exc, InvalidInput):
            self._set_status(exc.message)
        else:
            self._set_status(describe(exc))
        self.results_shown.emit(query)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    # --- opening --------------------------------------------------------------------------

    def _enter_in_field(self) -> None:
        if self.timer.isActive() or self.field.text().strip() != self._shown_query:
            self.run_query()
            return
        index = self.table.currentIndex()
        if index.isValid():
            self.open_hit(index)

    def open_hit(self, index: QModelIndex) -> None:
        hit = index.siblingAtColumn(0).data(ROW_ROLE)
        if not isinstance(hit, SearchHit):
            return
        if hit.meeting_id is not None and hit.case_id is not None:
            self.open_case_requested.emit(hit.meeting_id, hit.case_id)
        elif hit.document_id is not None and hit.version_id is not None:
            self.open_document_requested.emit(hit.document_id, hit.version_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Down arrow from the field moves into the results.
        if event.key() == Qt.Key.Key_Down and self.field.hasFocus() and self.model.rows:
            self.table.setFocus()
            return
        super().keyPressEvent(event)
