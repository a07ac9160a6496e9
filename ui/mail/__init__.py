"""Recipients and sending (issue 20): the SMTP settings (Innstillingar → «E-post …»),
the bodies' distribution lists (Innstillingar → «Mottakarlister …»), and a meeting's
notice by e-mail with its send log (the meeting view's «Send innkalling …»)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from ui.errors import show_error
from ui.state import AppState


def _show(dialog: QDialog, on_closed: Callable[[], object] | None = None) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_closed is not None:
        dialog.finished.connect(lambda _result: on_closed())
    dialog.open()


def open_mail_settings(
    state: AppState, parent: QWidget, on_closed: Callable[[], object] | None = None
) -> None:
    """The SMTP settings: read on the worker (they are the installation's, not the
    database's), then the dialog."""
    from dvmeet.services.mail import mail_settings
    from ui.mail.settings_dialog import MailSettingsDialog

    def then(current: object) -> None:
        _show(MailSettingsDialog(state, current, parent), on_closed)  # type: ignore[arg-type]

    def failed(exc: BaseException) -> None:
        # damaged settings: say so, then offer the empty form to write them again
        show_error(parent, exc)
        _show(MailSettingsDialog(state, None, parent), on_closed)

    state.runner.call(lambda: mail_settings(None), then, failed)


def open_distribution_lists(state: AppState, parent: QWidget, body_code: str | None = None) -> None:
    from dvmeet.services.registry import list_bodies
    from ui.mail.list_dialog import DistributionListDialog

    if not state.is_open:
        return
    state.call(
        list_bodies,
        on_done=lambda bodies: _show(DistributionListDialog(state, bodies, parent, body_code)),
        on_error=lambda exc: show_error(parent, exc),
    )


def open_send_dialog(state: AppState, parent: QWidget, meeting_id: int) -> None:
    """The meeting's notice by e-mail: the recipients, sending, the log."""
    from dvmeet.services.mail import mail_view
    from ui.mail.send_dialog import SendDialog

    if not state.is_open:
        return
    state.call(
        mail_view,
        meeting_id,
        on_done=lambda view: _show(SendDialog(state, view, parent)),
        on_error=lambda exc: show_error(parent, exc),
    )
