"""Persons: a search field (æøå-aware, in the core), the results, and a person's history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.registry import person_history, persons_view
from dvmeet.services.registry.models import (
    MembershipOut,
    MunicipalityOut,
    PersonOut,
    PersonsView,
    PersonsViewIn,
)
from ui.registry.formats import gender_label
from ui.registry.person_dialog import PersonDialog
from ui.registry.seats import history_columns
from ui.state import AppState
from ui.table import Column, RowsModel, make_table, select_where, selected_row

PAGE = 100  # persons read at a time; «Vis fleire» reads the next page as well


def person_columns() -> list[Column[PersonOut]]:
    return [
        Column(_("Namn"), lambda p: p.name, width=24),
        Column(_("Kommune"), lambda p: p.municipality_name or "", width=16),
        Column(_("E-post"), lambda p: p.email or ""),
        Column(_("Telefon"), lambda p: p.phone or "", width=14),
        Column(_("Kjønn"), lambda p: gender_label(p.gender), width=8),
        Column(_("Tittel"), lambda p: p.title or "", width=16),
    ]


class PersonsPanel(QWidget):
    def __init__(
        self,
        state: AppState,
        municipalities: Callable[[], list[MunicipalityOut]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.municipalities = municipalities
        self._person_id: int | None = None

        self.search = QLineEdit()
        self.search.setObjectName("person_search")
        self.search.setAccessibleName(_("Søk etter person"))
        self.search.setPlaceholderText(
            _("Søk etter namn, e-post eller kommune (til dømes «Årdal»)")
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("person_count")
        self.count.setEnabled(False)
        self.more_button = QPushButton(_("Vis &fleire"))
        self.more_button.setObjectName("more_persons")
        self.more_button.setToolTip(_("Vis dei neste {n} personane i lista").format(n=PAGE))
        self.more_button.setVisible(False)
        self._limit = PAGE
        self._just_saved: str | None = None  # a new person's name, to show them once saved
        self.new_button = QPushButton(_("&Ny person …"))
        self.new_button.setObjectName("new_person")
        self.new_button.setAccessibleName(_("Ny person"))
        self.edit_button = QPushButton(_("&Endre …"))
        self.edit_button.setObjectName("edit_person")
        self.edit_button.setAccessibleName(_("Endre person"))
        search_label = QLabel(_("&Søk"))
        search_label.setBuddy(self.search)
        header = QHBoxLayout()
        header.addWidget(search_label)
        header.addWidget(self.search, 1)
        header.addWidget(self.count)
        header.addWidget(self.more_button)
        header.addSpacing(12)
        header.addWidget(self.new_button)
        header.addWidget(self.edit_button)

        self.model = RowsModel(person_columns(), self)
        self.table, self.proxy = make_table(self.model, "persons", self)
        self.table.setAccessibleName(_("Personar"))
        self.history_model = RowsModel(history_columns(), self)
        self.history_table, self.history_proxy = make_table(
            self.history_model, "person_history", self, sort_column=3
        )
        self.history_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.history_table.setAccessibleName(_("Historikk for personen"))
        self.history_box = QGroupBox(_("Historikk"))
        QVBoxLayout(self.history_box).addWidget(self.history_table)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._new_search)
        self.more_button.clicked.connect(lambda _checked=False: self.show_more())
        self.search.returnPressed.connect(self._first_result)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.activated.connect(lambda _index: self.edit_dialog())
        self.new_button.clicked.connect(lambda _checked=False: self.new_dialog())
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_dialog())
        self._chosen()

    def _new_search(self) -> None:
        self._limit = PAGE  # a new search starts at its first page
        self._timer.start()

    def show_more(self) -> None:
        """«Vis fleire»: the next page too (the rows shown stay where they are)."""
        self._limit += PAGE
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        self.state.call(
            persons_view,
            # one more than shown, to know whether there are more
            PersonsViewIn(
                query=self.search.text(), limit=self._limit + 1, person_id=self._person_id
            ),
            on_done=self._view_loaded,
        )

    def _view_loaded(self, view: PersonsView) -> None:
        if view.person_id is not None and view.person_id == self._person_id:
            self._history_loaded(view.history)
        self._loaded(view.persons)

    def _loaded(self, persons: list[PersonOut]) -> None:
        keep = self._person_id
        more = len(persons) > self._limit
        persons = persons[: self._limit]
        self.model.set_rows(persons)
        if more:
            self.count.setText(_("dei første {n}").format(n=len(persons)))
        else:
            self.count.setText(_("{n} personar").format(n=len(persons)))
        self.more_button.setVisible(more)
        saved, self._just_saved = self._just_saved, None
        if keep is not None and saved and not any(p.id == keep for p in persons):
            # a new person beyond the rows shown: search for the name, so they show chosen
            self.search.setText(saved)
            return
        if keep is None or not select_where(self.table, lambda p: p.id == keep):
            self._chosen()

    def _first_result(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def current_person(self) -> PersonOut | None:
        person = selected_row(self.table)
        return person if isinstance(person, PersonOut) else None

    def _chosen(self) -> None:
        person = self.current_person()
        self.edit_button.setEnabled(person is not None)
        if person is None:
            self.history_box.setTitle(_("Historikk"))
            self.history_model.set_rows([])
            return
        self.history_box.setTitle(_("Historikk for {name}").format(name=person.name))
        if person.id != self._person_id:
            self._person_id = person.id
            self.history_model.set_rows([])
            self.state.call(person_history, person.id, on_done=self._history_loaded)

    def _history_loaded(self, rows: list[MembershipOut]) -> None:
        self.history_model.set_rows(rows)

    def new_dialog(self) -> PersonDialog:
        dialog = PersonDialog(self.state, self.municipalities(), None, self)
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.open()
        return dialog

    def edit_dialog(self) -> PersonDialog | None:
        person = self.current_person()
        if person is None:
            return None
        dialog = PersonDialog(self.state, self.municipalities(), person, self)
        dialog.open()
        return dialog

    def _saved(self, person: PersonOut | None) -> None:
        if person is not None:
            self._person_id = person.id
            self._just_saved = person.name
