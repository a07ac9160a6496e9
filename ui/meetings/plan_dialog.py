"""Plan a meeting: body, date and time, place, form, ordinary or extraordinary, title."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTimeEdit,
    QWidget,
)

from dvmeet.domain.enums import MeetingForm, MeetingKind
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.meetings.models import BodyChoice, PlanMeetingIn
from ui.meetings.form import ServiceDialog
from ui.meetings.words import form_word, kind_word
from ui.state import AppState


class PlanMeetingDialog(ServiceDialog):
    def __init__(
        self,
        state: AppState,
        bodies: Sequence[BodyChoice],
        body_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Planlegg møte"), parent)
        self.setObjectName("plan_meeting_dialog")
        self.setMinimumWidth(520)
        self._bodies = list(bodies)
        form = self.form_layout = QFormLayout()
        form.setSpacing(8)

        self.body = QComboBox()
        self.body.setObjectName("body")
        self.body.setAccessibleName(_("Organ"))
        for b in self._bodies:
            self.body.addItem(b.name, b.code)
        if body_code is not None:
            self.body.setCurrentIndex(max(self.body.findData(body_code), 0))
        form.addRow(_("&Organ:"), self.body)

        self.date = QDateEdit()
        self.date.setObjectName("date")
        self.date.setAccessibleName(_("Møtedato"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setDate(QDate.currentDate().addDays(21))
        self.start = QTimeEdit(QTime(10, 0))
        self.start.setObjectName("start_time")
        self.start.setAccessibleName(_("Starttid"))
        self.start.setDisplayFormat("HH:mm")
        self.has_end = QCheckBox(_("til"))
        self.has_end.setObjectName("has_end")
        self.has_end.setAccessibleName(_("Sluttid kjend"))
        self.end = QTimeEdit(QTime(13, 0))
        self.end.setObjectName("end_time")
        self.end.setAccessibleName(_("Sluttid"))
        self.end.setDisplayFormat("HH:mm")
        self.end.setEnabled(False)
        self.has_end.toggled.connect(self.end.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addSpacing(12)
        when.addWidget(QLabel(_("kl.")))
        when.addWidget(self.start)
        when.addWidget(self.has_end)
        when.addWidget(self.end)
        when.addStretch(1)
        form.addRow(_("Dato:"), when)

        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setAccessibleName(_("Møtestad"))
        self.place.setPlaceholderText(_("Til dømes Bergen rådhus, eller lenkje til fjernmøtet"))
        form.addRow(_("&Stad:"), self.place)

        self.form_group = QButtonGroup(self)
        forms = QHBoxLayout()
        for i, f in enumerate(MeetingForm):
            button = QRadioButton(form_word(f))
            button.setObjectName(f"form_{f.value}")
            button.setChecked(i == 0)
            self.form_group.addButton(button, i)
            forms.addWidget(button)
        forms.addStretch(1)
        form.addRow(_("Møteform:"), forms)
        self.form_hint = QLabel(_("Hybrid reknast som fjernmøte."))
        self.form_hint.setEnabled(False)
        form.addRow("", self.form_hint)

        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        self.ordinary = QRadioButton(kind_word(MeetingKind.ORDINARY))
        self.ordinary.setObjectName("kind_ordinary")
        self.ordinary.setChecked(True)
        self.extraordinary = QRadioButton(kind_word(MeetingKind.EXTRAORDINARY))
        self.extraordinary.setObjectName("kind_extraordinary")
        self.kind_group.addButton(self.ordinary)
        self.kind_group.addButton(self.extraordinary)
        kinds.addWidget(self.ordinary)
        kinds.addWidget(self.extraordinary)
        kinds.addStretch(1)
        form.addRow(_("Type møte:"), kinds)

        self.demanded_by = QPlainTextEdit()
        self.demanded_by.setObjectName("demanded_by")
        self.demanded_by.setAccessibleName(_("Kravd av"))
        self.demanded_by.setPlaceholderText(
            _("Kven kravde møtet? Til dømes ein tredjedel av medlemene.")
        )
        self.demanded_by.setMaximumHeight(60)
        self.demanded_by.setTabChangesFocus(True)
        self.demanded_by.setEnabled(False)
        self.extraordinary.toggled.connect(self.demanded_by.setEnabled)
        form.addRow(_("&Kravd av:"), self.demanded_by)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setAccessibleName(_("Tittel på møtet"))
        self.title.setPlaceholderText(_("Valfri, til dømes «Budsjettmøte»"))
        form.addRow(_("&Tittel:"), self.title)

        self.form_area.addLayout(form)
        self.ok_button.setText(_("Planlegg"))
        self.place.setFocus()

    def selected_form(self) -> MeetingForm:
        return list(MeetingForm)[max(self.form_group.checkedId(), 0)]

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        day = self.date.date().toPython()
        start = self.start.time().toPython()
        end = self.end.time().toPython() if self.has_end.isChecked() else None
        assert isinstance(day, dt.date) and isinstance(start, dt.time)
        extraordinary = self.extraordinary.isChecked()
        data = PlanMeetingIn(
            body_code=str(self.body.currentData() or ""),
            date=day,
            start_time=start.replace(second=0, microsecond=0),
            end_time=end.replace(second=0, microsecond=0) if isinstance(end, dt.time) else None,
            place=self.place.text(),
            form=self.selected_form(),
            kind=MeetingKind.EXTRAORDINARY if extraordinary else MeetingKind.ORDINARY,
            title=self.title.text().strip() or None,
            demanded_by=(self.demanded_by.toPlainText().strip() or None) if extraordinary else None,
        )
        return meetings.plan_meeting, (data,)
