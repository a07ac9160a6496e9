"""A correction to approved minutes (B-3): a new record linked to what it corrects, printed
in the «Rettingar» section of both versions; the public one prints the public text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from dvmeet.i18n import _
from dvmeet.services import minutes
from dvmeet.services.minutes.models import CorrectionIn, CorrectionTarget
from ui.meetings.form import ServiceDialog
from ui.state import AppState


class CorrectionDialog(ServiceDialog):
    def __init__(
        self,
        state: AppState,
        meeting_id: int,
        targets: list[CorrectionTarget],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Retting i godkjend møtebok"), parent)
        self.setObjectName("correction_dialog")
        self.setMinimumWidth(560)
        self.meeting_id = meeting_id
        intro = QLabel(
            _(
                "Møteboka er godkjend og låst. Ei retting blir ei ny oppføring, lenkja til det "
                "ho rettar, og står under «Rettingar» i begge versjonane av møteboka."
            )
        )
        intro.setWordWrap(True)
        self.form_area.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("correction_target")
        self.target.setAccessibleName(_("Det rettinga gjeld"))
        for t in targets:
            self.target.addItem(t.label, (t.table, t.id))
        form.addRow(_("&Gjeld:"), self.target)
        self.text = QPlainTextEdit()
        self.text.setObjectName("correction_text")
        self.text.setAccessibleName(_("Rettinga"))
        self.text.setFixedHeight(90)
        form.addRow(_("&Retting:"), self.text)
        self.public_text = QPlainTextEdit()
        self.public_text.setObjectName("correction_public_text")
        self.public_text.setAccessibleName(_("Tekst i den offentlege versjonen"))
        self.public_text.setPlaceholderText(
            _("Tom: same tekst (for ei lukka sak: at innhaldet er unnateke offentlegheit)")
        )
        self.public_text.setFixedHeight(60)
        form.addRow(_("&Offentleg tekst:"), self.public_text)
        self.form_area.addLayout(form)
        self.ok_button.setText(_("Legg til rettinga"))

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        table, target_id = self.target.currentData()
        data = CorrectionIn(
            meeting_id=self.meeting_id,
            target_table=table,
            target_id=int(target_id),
            text=self.text.toPlainText().strip(),
            public_text=self.public_text.toPlainText().strip() or None,
        )
        return minutes.add_correction, (data,)
