"""A dialog with a form whose problems are shown under the field they concern.

The dialog validates its pydantic input on the GUI thread (cheap, no database), then runs
the service on the worker; it stays open, with the service's message, if that refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import DvmeetError, InvalidInput
from dvmeet.i18n import _
from dvmeet.services.models import explain_validation
from ui.colours import accent
from ui.errors import describe
from ui.state import AppState


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {accent('error')};")
    label.setAccessibleName(_("Feilmelding"))
    label.setVisible(False)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's muted text colour, light or dark
    return label


def date_edit(name: str, accessible: str, value: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setDate(QDate(value.year, value.month, value.day))
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 14)
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class OptionalDate(QWidget):
    """A date that may be left out: a check box turns the date field on."""

    def __init__(self, name: str, accessible: str, value: dt.date | None, default: dt.date):
        super().__init__()
        self.check = QCheckBox(_("Sett"))
        self.check.setObjectName(f"{name}_set")
        self.check.setAccessibleName(_("{what} er sett").format(what=accessible))
        self.edit = date_edit(name, accessible, value or default)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> dt.date | None:
        return date_of(self.edit) if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class FormDialog(QDialog):
    """Subclasses add fields with `add_field` and implement `submit`."""

    def __init__(self, state: AppState, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(8)
        self.field_errors: dict[str, QLabel] = {}
        self.general_error = error_label("general_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("ok")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Avbryt"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        """A form row: the field, then (hidden until needed) its problem and a hint."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label(f"{key}_error")
        column.addWidget(error)
        if hint:
            column.addWidget(hint_label(hint))
        self.field_errors[key] = error
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)

    # --- problems -----------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.field_errors.values():
            label.clear()
            label.setVisible(False)
        self.general_error.clear()
        self.general_error.setVisible(False)

    def show_problem(self, key: str | None, text: str) -> None:
        label = self.field_errors.get(key or "", self.general_error)
        old = label.text()
        label.setText(f"{old}\n{text}" if old else text)
        label.setVisible(True)

    def show_validation(self, exc: ValidationError) -> None:
        self.clear_errors()
        for err, sentence in zip(exc.errors(), explain_validation(exc), strict=True):
            key = str(err["loc"][0]) if err["loc"] else None
            if key in self.field_errors:
                self.show_problem(key, sentence.partition(": ")[2] or sentence)
            else:
                self.show_problem(None, sentence)
        self._focus_first_problem()

    def show_service_error(self, exc: BaseException) -> None:
        """A refusal from the service: under its field when it names one, else below."""
        self.ok_button.setEnabled(True)
        self.clear_errors()
        if isinstance(exc, InvalidInput) and len(exc.problems) > 0:
            for problem in exc.problems:
                self.show_problem(self.field_of(problem), problem)
        elif isinstance(exc, DvmeetError):
            self.show_problem(self.field_of(exc.message), exc.message)
        else:
            self.show_problem(None, describe(exc))
        self._focus_first_problem()

    def field_of(self, message: str) -> str | None:
        """Which field a service message is about; None puts it under the form."""
        return None

    def _focus_first_problem(self) -> None:
        for key, label in self.field_errors.items():
            if label.isVisible():
                self.focus_field(key)
                return

    def focus_field(self, key: str) -> None:
        """Subclasses move the focus to the field named `key`."""

    # --- submitting ---------------------------------------------------------------

    def _on_ok(self) -> None:
        self.clear_errors()
        try:
            self.submit()
        except ValidationError as exc:
            self.show_validation(exc)

    def submit(self) -> None:
        raise NotImplementedError

    def run(
        self,
        service: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run the service; close the dialog on success, show its refusal otherwise."""
        self.ok_button.setEnabled(False)

        def on_done(result: Any) -> None:
            self.result_value = result
            if done is not None:
                done(result)
            self.accept()

        self.state.call(service, *args, on_done=on_done, on_error=self.show_service_error)
