"""A dialog that saves through a service and shows refusals next to the form, not in a popup."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _
from ui.colours import message_style
from ui.errors import describe
from ui.state import AppState


def error_label(parent: QWidget | None = None) -> QLabel:
    """A calm, visible place for a refusal: red text with a thin border, hidden when empty."""
    label = QLabel(parent)
    label.setObjectName("form_error")
    label.setWordWrap(True)
    label.setAccessibleName(_("Melding om feil"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(message_style("QLabel#form_error", ok=False))
    label.setVisible(False)
    return label


FIELD_WORDS = {
    "place": _("stad"),
    "date": _("dato"),
    "start_time": _("starttid"),
    "end_time": _("sluttid"),
    "demanded_by": _("kravd av"),
    "public_title": _("offentleg tittel"),
    "closure_note": _("merknad til heimelen"),
    "recommendation": _("innstilling"),
    "description": _("saksutgreiing"),
    "remarks": _("merknader"),
}


def _line(problem: str) -> str:
    field, sep, rest = problem.partition(": ")
    if not sep:
        return problem
    if not field:
        return rest[:1].upper() + rest[1:]
    return f"{FIELD_WORDS.get(field, field).capitalize()}: {rest}"


def is_validation_error(exc: BaseException) -> bool:
    """A pydantic ValidationError (pydantic is imported with the core: before that, none
    can have been raised, and the Møte view is built without it)."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(exc, pydantic.ValidationError)


def problem_text(exc: BaseException) -> str:
    if is_validation_error(exc):
        from pydantic import ValidationError

        from dvmeet.services.models import explain_validation

        assert isinstance(exc, ValidationError)
        return "\n".join(_line(p) for p in explain_validation(exc))
    if isinstance(exc, DvmeetError):
        return exc.message
    return describe(exc)


class Cancelled(Exception):
    """Raised by `build_call` when the user backs out (of a confirmation): the dialog stays."""


class ServiceDialog(QDialog):
    """Subclasses build their form into `self.form_area` and implement `build_call`."""

    saved = Signal(object)

    def __init__(self, state: AppState, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(12)
        self.form_area = QVBoxLayout()
        self.form_area.setSpacing(10)
        outer.addLayout(self.form_area)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.error = error_label(self)
        outer.addWidget(self.error)
        outer.addWidget(line)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok")
        self.ok_button.setText(_("Lagre"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Avbryt"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._running = False

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        """The service and its arguments for what the form says (may raise ValidationError);
        None when there is nothing to save."""
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        if self._running:
            return
        try:
            call = self.build_call()
        except Cancelled:
            return
        except (ValueError, DvmeetError) as exc:  # pydantic's ValidationError is a ValueError
            if not (isinstance(exc, DvmeetError) or is_validation_error(exc)):
                raise
            self.show_problem(problem_text(exc))
            return
        if call is None:
            self.accept()
            return
        service, args = call
        self.show_problem("")
        self._running = True
        self.ok_button.setEnabled(False)
        self.state.call(service, *args, on_done=self._done, on_error=self._failed)

    def _done(self, result: object) -> None:
        self._running = False
        self.ok_button.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.ok_button.setEnabled(True)
        self.show_problem(problem_text(exc))
