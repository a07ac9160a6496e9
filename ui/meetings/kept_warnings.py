"""The warnings the rules gave and the core kept (domain.md §1), for the secretariat: every
meeting's, newest meeting first, with the case and the day it arose. An administrative
body gets the rules as warnings; this is where they are followed up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from dvmeet.i18n import _
from dvmeet.services import warnings
from dvmeet.services.warnings.models import KeptWarningOut
from ui.state import AppState
from ui.table import Column, RowsModel, date_sort, make_table


def _meeting(w: KeptWarningOut) -> str:
    return f"{w.body_name} {w.meeting_date:%d.%m.%Y}"


COLUMNS: list[Column[KeptWarningOut]] = [
    Column(_("Møte"), _meeting, sort=lambda w: (date_sort(w.meeting_date), w.id), width=28),
    Column(_("Sak"), lambda w: w.case_label or "", width=12),
    Column(_("Merknad"), lambda w: w.message, tooltip=lambda w: w.message),
    Column(
        _("Registrert"),
        lambda w: f"{w.created_at:%d.%m.%Y}",
        sort=lambda w: w.created_at.isoformat(),
        width=11,
    ),
]


class KeptWarningsDialog(QDialog):
    """Every kept warning, read in one call on the worker."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kept_warnings_dialog")
        self.setWindowTitle(_("Merknader frå reglane"))
        self.resize(900, 460)
        self.state = state
        intro = QLabel(
            _(
                "Det reglane åtvara om då noko vart registrert (til dømes eit varamedlem frå "
                "ein annan kommune i eit administrativt organ), teke vare på med møtet og saka."
            )
        )
        intro.setWordWrap(True)
        self.model: RowsModel[KeptWarningOut] = RowsModel(COLUMNS, self)
        self.view, self.proxy = make_table(self.model, "kept_warnings", self, sort_column=0)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.empty = QLabel(_("Ingen merknader er tekne vare på."))
        self.empty.setObjectName("kept_warnings_empty")
        self.empty.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.state.call(warnings.all_warnings, on_done=self._loaded)

    def _loaded(self, rows: list[KeptWarningOut]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
