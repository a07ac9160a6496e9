"""The Møte menu of the main window: take the chosen meeting out to a meeting file, bring
a meeting file back, or release a meeting whose file will not be used (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QMessageBox, QWidget

from dvmeet.i18n import _
from dvmeet.services import offline
from ui.errors import confirm, show_error
from ui.state import AppState

if TYPE_CHECKING:  # the menu is built before the first paint: the models load when used
    from dvmeet.services.meetings.models import MeetingOut
    from dvmeet.services.offline.models import (
        CheckinOut,
        CheckinPreviewOut,
        CheckoutOut,
        OfflineStatusOut,
    )
    from ui.offline.checkin_dialog import CheckinDialog

FILTER = "Møtefil (*.dvmeet);;SQLite (*.sqlite *.db);;Alle filer (*)"


class OfflineActions:
    """What the three menu entries do; `current` is the meeting chosen in Møte (or None)."""

    def __init__(
        self, window: QWidget, state: AppState, current: Callable[[], MeetingOut | None]
    ) -> None:
        self.window, self.state, self.current = window, state, current
        self.dialog: CheckinDialog | None = None

    def _meeting(self) -> MeetingOut | None:
        meeting = self.current()
        if meeting is None:
            QMessageBox.information(
                self.window,
                _("Vel eit møte"),
                _("Vel møtet i Møte-visinga først."),
            )
        return meeting

    def _info(self, title: str, text: str) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.open()

    # --- Ta med møtet ---------------------------------------------------------------------

    def checkout(self) -> None:
        meeting = self._meeting()
        if meeting is None:
            return
        suggested = Path.home() / f"møte-{meeting.date.isoformat()}.dvmeet"
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _("Ta med møtet: lagre møtefila"), str(suggested), FILTER
        )
        if name:
            self.checkout_to(meeting, Path(name), overwrite=Path(name).exists())

    def checkout_to(self, meeting: MeetingOut, file: Path, *, overwrite: bool = False) -> None:
        from dvmeet.services.offline.models import CheckoutIn

        data = CheckoutIn(
            meeting_id=meeting.id, file=file, expected_version=meeting.version, overwrite=overwrite
        )
        self.state.call(
            offline.checkout_meeting,
            data,
            on_done=self._checked_out,
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _checked_out(self, out: CheckoutOut) -> None:
        self._info(
            _("Møtet er teke med ut"),
            _(
                "Møtet er skrive til {file}. Opne fila på den berbare PC-en (Fil → Opne "
                "database …). Her kan ikkje møtet endrast før det er henta inn att (Møte → "
                "Hent inn møtet …)."
            ).format(file=out.file_name),
        )

    # --- Hent inn møtet -------------------------------------------------------------------

    def checkin(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.window, _("Hent inn møtet: vel møtefila"), str(Path.home()), FILTER
        )
        if name:
            self.preview(Path(name))

    def preview(self, file: Path) -> None:
        self.state.call(
            offline.preview_checkin,
            file,
            on_done=lambda p: self._previewed(file, p),
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _previewed(self, file: Path, preview: CheckinPreviewOut) -> None:
        from dvmeet.services.offline.models import CheckinIn
        from ui.offline.checkin_dialog import CheckinDialog

        dialog = CheckinDialog(preview, self.window)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == CheckinDialog.DialogCode.Accepted:
                self.state.call(
                    offline.checkin_meeting,
                    CheckinIn(file=file, choices=dialog.choices()),
                    on_done=self._checked_in,
                    on_error=lambda exc: show_error(self.window, exc),
                )
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _checked_in(self, out: CheckinOut) -> None:
        self._info(
            _("Møtet er henta inn"),
            _(
                "Møtet er henta inn frå møtefila, og det kan endrast her att. {n} hendingar "
                "frå revisjonsloggen i fila er førte over."
            ).format(n=out.file_events),
        )

    # --- Ikkje bruk fila ------------------------------------------------------------------

    def cancel(self) -> None:
        meeting = self._meeting()
        if meeting is None:
            return
        if not confirm(
            self.window,
            _("Ikkje bruk fila"),
            _(
                "Møtet kan då endrast her att, og møtefila kan aldri hentast inn. Det som er "
                "ført i fila (frammøte, røystingar, vedtak) kjem ikkje med. Vil du det?"
            ),
            _("Ikkje bruk fila"),
        ):
            return
        self.state.call(
            offline.cancel_checkout,
            meeting.id,
            on_done=lambda out: self.state.message.emit(
                _("Møtet kan endrast her att; møtefila {file} blir ikkje brukt.").format(
                    file=out.file_name
                )
            ),
            on_error=lambda exc: show_error(self.window, exc),
        )

    # --- what the menu offers now ---------------------------------------------------------

    def attach(self, menu: QMenu) -> None:
        self.menu = menu
        self.where = menu.addAction("")
        self.where.setObjectName("offline_where")
        self.where.setEnabled(False)
        self.where.setVisible(False)
        self.take_out = menu.addAction(_("Ta med &møtet …"), self.checkout)
        self.bring_back = menu.addAction(_("&Hent inn møtet …"), self.checkin)
        menu.addSeparator()
        self.release = menu.addAction(_("&Ikkje bruk fila"), self.cancel)
        menu.aboutToShow.connect(self.refresh)

    def refresh(self) -> None:
        """Read whether this is a meeting file and whether the chosen meeting is out (on
        the worker); the entries follow when the answer comes."""
        if self.state.ctx is None:
            for action in (self.take_out, self.bring_back, self.release):
                action.setEnabled(False)
            return
        meeting = self.current()
        self.state.call(
            offline.offline_status,
            meeting.id if meeting is not None else None,
            on_done=self.show_status,
            on_error=lambda _exc: None,  # the entries stay as they were; acting says why
        )

    def show_status(self, status: OfflineStatusOut) -> None:
        in_file, out = status.meeting_file, status.checkout
        if in_file is not None:
            text = _("Dette er ei møtefil (frå {origin})").format(origin=in_file.origin_name)
        elif out is not None:
            text = _("Møtet er teke med ut på {file} ({who})").format(
                file=out.file_name, who=out.taken_by
            )
        else:
            text = ""
        self.where.setText(text)
        self.where.setVisible(bool(text))
        self.take_out.setEnabled(in_file is None and out is None)
        self.bring_back.setEnabled(in_file is None)
        self.release.setEnabled(out is not None)


def add_meeting_menu(
    window: QWidget, bar: QMenuBar, state: AppState, current: Callable[[], MeetingOut | None]
) -> OfflineActions:
    actions = OfflineActions(window, state, current)
    menu = bar.addMenu(_("&Møte"))
    menu.setObjectName("meeting_menu")
    actions.attach(menu)
    return actions
