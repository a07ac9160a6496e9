"""C-1 (koml. § 11-2): when neither the leiar nor the nestleiar takes part in the case, the
body elects a chair for it; the console asks who before the vote is taken."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from dvmeet.i18n import _
from dvmeet.services.attendance.models import Voter


class ChairDialog(QDialog):
    """Who the body elected to chair the case, among those taking part in it."""

    def __init__(self, case_label: str, voters: list[Voter], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chair_dialog")
        self.setWindowTitle(_("Møteleiar for saka"))
        text = QLabel(
            _(
                "Verken leiaren eller nestleiaren er til stades i sak {label}. Organet vel "
                "ein møteleiar for saka før det røystar. Kven vart vald?"
            ).format(label=case_label)
        )
        text.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setObjectName("chair_choice")
        self.choice.setAccessibleName(_("Vald møteleiar"))
        for v in voters:
            self.choice.addItem(f"{v.name}, {v.municipality_name}", v.person_id)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Før inn møteleiaren"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.choice)
        layout.addWidget(buttons)

    def person_id(self) -> int | None:
        value = self.choice.currentData()
        return int(value) if value is not None else None
