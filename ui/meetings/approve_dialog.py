"""Approve the møtebok (B-2): method, date, signatories or the later meeting; it freezes (B-3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import ApprovalMethod
from dvmeet.i18n import _
from dvmeet.services import minutes
from dvmeet.services.minutes.models import ApprovalChoices, ApproveMinutesIn
from ui.errors import confirm
from ui.meetings.form import Cancelled, ServiceDialog
from ui.meetings.words import approval_word
from ui.state import AppState


class ApproveMinutesDialog(ServiceDialog):
    def __init__(
        self, state: AppState, choices: ApprovalChoices, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, _("Godkjenn møteboka"), parent)
        self.setObjectName("approve_dialog")
        self.setMinimumWidth(560)
        self.choices = choices
        intro = QLabel(
            _(
                "Møteboka blir godkjend av møteleiaren og to medlemer som vart valde i møtet, "
                "i eit seinare møte, eller ved e-postrunde."
            )
        )
        intro.setWordWrap(True)
        self.form_area.addWidget(intro)

        form = QFormLayout()
        form.setSpacing(8)
        methods = QVBoxLayout()
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[ApprovalMethod, QRadioButton] = {}
        for i, method in enumerate(ApprovalMethod):
            button = QRadioButton(approval_word(method))
            button.setObjectName(f"method_{method.value}")
            self.method_group.addButton(button, i)
            self.method_buttons[method] = button
            methods.addWidget(button)
        self.method_buttons[ApprovalMethod.SIGNATURES].setChecked(True)
        form.addRow(_("Måte:"), methods)

        self.date = QDateEdit()
        self.date.setObjectName("approved_on")
        self.date.setAccessibleName(_("Godkjend dato"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setMinimumDate(QDate(choices.meeting_date))
        self.date.setDate(max(QDate.currentDate(), QDate(choices.meeting_date)))
        form.addRow(_("&Dato:"), self.date)

        chair = choices.chair or _("(ikkje registrert)")
        self.chair_label = QLabel(chair)
        form.addRow(_("Møteleiar:"), self.chair_label)
        # B-2, M-7: the two members elected in the meeting sign; nobody is guessed
        proposed = [*choices.proposed_signatories, None, None]
        self.signer1 = self._person_combo("signatory_1", _("Fyrste underskrivar"), proposed[0])
        self.signer2 = self._person_combo("signatory_2", _("Andre underskrivar"), proposed[1])
        form.addRow(_("Underskrivar &1:"), self.signer1)
        form.addRow(_("Underskrivar &2:"), self.signer2)
        if len(choices.proposed_signatories) < 2:
            missing = QLabel(
                _(
                    "Møtet har ikkje valt to medlemer til å skrive under (sak om val av "
                    "underskrivarar): vel dei som vart valde."
                )
            )
            missing.setObjectName("signatories_missing")
            missing.setWordWrap(True)
            form.addRow(missing)

        self.later = QComboBox()
        self.later.setObjectName("later_meeting")
        self.later.setAccessibleName(_("Møtet som godkjende møteboka"))
        for m in choices.later_meetings:
            self.later.addItem(m.label, m.id)
        if not choices.later_meetings:
            self.later.addItem(_("(ingen seinare møte i dette organet)"), None)
        form.addRow(_("Godkjend i &møtet:"), self.later)
        self.form_area.addLayout(form)

        note = QLabel(
            _(
                "Når møteboka er godkjend, blir møtet låst. Rettingar etterpå blir "
                "nye, lenkja oppføringar."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("freeze_note")
        note.setStyleSheet("font-weight: bold;")
        self.form_area.addWidget(note)
        self.ok_button.setText(_("Godkjenn …"))
        self.method_group.idToggled.connect(lambda _i, _c: self._update_fields())
        self._update_fields()

    def _person_combo(self, name: str, accessible: str, proposed: int | None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(_("– vel blant dei som møtte –"), None)
        for p in self.choices.attendees:
            combo.addItem(p.label, p.id)
        combo.setCurrentIndex(max(combo.findData(proposed), 0) if proposed is not None else 0)
        return combo

    def method(self) -> ApprovalMethod:
        return list(ApprovalMethod)[max(self.method_group.checkedId(), 0)]

    def _update_fields(self) -> None:
        signatures = self.method() is ApprovalMethod.SIGNATURES
        self.signer1.setEnabled(signatures)
        self.signer2.setEnabled(signatures)
        self.later.setEnabled(self.method() is ApprovalMethod.NEXT_MEETING)

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        method = self.method()
        day = self.date.date().toPython()
        assert isinstance(day, dt.date)
        signers: list[int] = []
        later = None
        if method is ApprovalMethod.SIGNATURES:
            signers = [
                int(v) for v in (self.signer1.currentData(), self.signer2.currentData()) if v
            ]
        elif method is ApprovalMethod.NEXT_MEETING:
            value = self.later.currentData()
            later = int(value) if value is not None else None
        data = ApproveMinutesIn(
            meeting_id=self.choices.meeting_id,
            method=method,
            approved_on=day,
            signatory_person_ids=signers,
            approved_in_meeting_id=later,
        )
        if not confirm(
            self,
            _("Godkjenne og låse møtet?"),
            _(
                "Når møteboka er godkjend, blir møtet og alt det registrerte låst. "
                "Ingenting kan endrast etterpå; rettingar blir førte som nye oppføringar.\n\n"
                "Vil du godkjenne møteboka no?"
            ),
            _("Godkjenn og lås"),
        ):
            raise Cancelled
        return minutes.approve_minutes, (data,)
