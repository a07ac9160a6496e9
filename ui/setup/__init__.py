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
        lambda found: _show(CooperationDialog(state, found[0], found[1], parent, found[2])),
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


def open_guide(state: AppState, window: Any) -> QDialog | None:
    """«Kom i gang»: the first-run guide, one at a time. `window` is the main window: the
    guide sends the user to its Register view for the import and to its Møte view to plan
    a meeting."""
    if not state.is_open:
        return None
    from ui.setup.guide import GuideActions, SetupGuide

    found: SetupGuide | None = window.findChild(SetupGuide, "setup_guide")
    if found is not None and found.isVisible():  # a closed one is on its way out
        found.show()
        found.raise_()
        found.activateWindow()
        return found

    def import_members() -> None:
        # the file is chosen here: the Register view may not have read its bodies yet
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from dvmeet.i18n import _

        path, _filter = QFileDialog.getOpenFileName(
            guide,
            _("Importer medlemer"),
            "",
            _("Rekneark (*.csv *.xlsx);;CSV (*.csv);;Excel (*.xlsx)"),
        )
        if path:
            window.show_view("registry")
            window.view("registry").seats.preview_import(Path(path))

    def plan_meeting() -> None:
        window.show_view("meetings")
        window.view("meetings").open_plan_dialog()

    guide = SetupGuide(state, GuideActions(import_members, plan_meeting), window)
    guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    guide.show()
    return guide
