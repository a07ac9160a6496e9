"""The Register view: seats per body, persons, municipalities (issue 5)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from dvmeet.i18n import _
from dvmeet.services.registry import list_municipalities
from dvmeet.services.registry.models import MunicipalityOut
from ui.errors import show_error
from ui.registry.municipalities import MunicipalitiesPanel
from ui.registry.persons import PersonsPanel
from ui.registry.seats import SeatsPanel
from ui.state import AppState


class RegistryView(QWidget):
    """Reloads whenever the registry changes (state.changed("registry"))."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.municipalities: list[MunicipalityOut] = []
        self.seats = SeatsPanel(state, lambda: self.municipalities, self)
        self.persons = PersonsPanel(state, lambda: self.municipalities, self)
        self.municipality_panel = MunicipalitiesPanel(state, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("registry_tabs")
        self.tabs.setAccessibleName(_("Register"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.seats, _("&Plassar"))
        self.tabs.addTab(self.persons, _("P&ersonar"))
        self.tabs.addTab(self.municipality_panel, _("&Kommunar"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.tabs)
        state.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, area: str) -> None:
        if area == "registry":
            self.reload()

    def reload(self) -> None:
        if not self.state.is_open:
            return
        self.state.call(
            list_municipalities,
            on_done=self._municipalities_loaded,
            on_error=lambda exc: show_error(self, exc),
        )
        self.seats.reload()
        self.persons.reload()

    def _municipalities_loaded(self, rows: list[MunicipalityOut]) -> None:
        self.municipalities = rows
        self.municipality_panel.set_rows(rows)
