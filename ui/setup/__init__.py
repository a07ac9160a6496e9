"""Setting up a cooperation (issue 16): its name and legal form, the participating
municipalities, and its bodies. Reached from Innstillingar and from empty views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from ui.errors import show_error
from ui.state import AppState


def show_dialog(dialog: QDialog) -> QDialog:
    """Open `dialog` window-modal and delete it when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _show(dialog: QDialog) -> None:
    show_dialog(dialog)


def load_then(
    state: AppState,
    parent: QWidget,
    service: Callable[..., Any],
    then: Callable[[Any], None],
) -> None:
    """Read what a dialog needs on the worker, then open it on the GUI thread."""
    if not state.is_open:
        return
    state.call(service, on_done=then, on_error=lambda exc: show_error(parent, exc))


def open_cooperation(state: AppState, parent: QWidget) -> None:
    from ui.setup.cooperation_dialog import CooperationDialog, cooperation_choices

    load_then(
        state,
        parent,
        cooperation_choices,
        lambda found: _show(CooperationDialog(state, found[0], found[1], parent)),
    )


def open_participation(state: AppState, parent: QWidget) -> None:
    from dvmeet.services.registry import list_municipalities
    from ui.setup.participation_dialog import ParticipationDialog

    load_then(
        state,
        parent,
        list_municipalities,
        lambda found: _show(ParticipationDialog(state, found, parent)),
    )


def open_bodies(state: AppState, parent: QWidget) -> None:
    from ui.setup.bodies import BodiesDialog

    show_dialog(BodiesDialog(state, parent))


def open_new_body(state: AppState, parent: QWidget) -> None:
    """The form for a new body at once (from an empty view)."""
    from ui.setup.bodies import new_body_dialog

    new_body_dialog(state, parent)
