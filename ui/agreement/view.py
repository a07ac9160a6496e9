"""Avtale: the agreement process per municipality, and the cost shares (issue 8)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from dvmeet.i18n import _
from ui.agreement.cost_tab import CostPanel
from ui.agreement.process_tab import ProcessPanel
from ui.state import AppState


class AgreementView(QWidget):
    """Reloads when the agreement or the registry changes."""

    loaded = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.process = ProcessPanel(state, self)
        self.costs = CostPanel(state, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("agreement_tabs")
        self.tabs.setAccessibleName(_("Avtale"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.process, _("&Avtaleprosess"))
        self.tabs.addTab(self.costs, _("&Kostnadsfordeling"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.tabs)
        self.process.loaded.connect(self.loaded)
        state.changed.connect(self._on_changed)
        self.process.reload()
        self.costs.reload()

    def _on_changed(self, area: str) -> None:
        if area in ("agreement", "registry"):
            self.process.reload()
