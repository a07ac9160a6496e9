"""A meeting out on a meeting file, shown where the meeting is shown (issue 18): a mark
in the meeting list, and on the meeting a badge saying where it is (the file, who took it,
when) with «Ikkje bruk fila …» at hand; the view's controls for the meeting's cases and
attendance are disabled with the same reason as their tooltip.

The database refuses the meeting's rows while it is out (migrations 0023, 0029); this only
says so before the user tries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from dvmeet.i18n import _
from dvmeet.services import offline
from ui.colours import accent
from ui.errors import confirm, show_error
from ui.meetings.models import MeetingListModel
from ui.state import AppState

if TYPE_CHECKING:  # built with the Møte view, before the core is imported
    from dvmeet.services.offline.models import CheckoutOut

Index = QModelIndex | QPersistentModelIndex
HOME_TIP = "offline_tooltip_at_home"  # a widget's own tooltip, kept while the meeting is out


def where_text(out: CheckoutOut) -> str:
    return _("Møtet er teke med ut på møtefila {file} (av {who}, {when}).").format(
        file=out.file_name, who=out.taken_by, when=out.taken_at.strftime("%d.%m.%Y %H:%M")
    )


def reason_text(out: CheckoutOut) -> str:
    return _(
        "Møtet er teke med ut på møtefila {file} (av {who}): sakene og frammøtet kan ikkje "
        "endrast her før det er henta inn att (Møte → Hent inn møtet …) eller fila er lagd "
        "bort («Ikkje bruk fila»)."
    ).format(file=out.file_name, who=out.taken_by)


class OutMeetingList(MeetingListModel):
    """The meeting list with a mark on each meeting that is out on a meeting file."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.out: dict[int, CheckoutOut] = {}

    def set_out(self, rows: Iterable[CheckoutOut]) -> None:
        self.out = {r.meeting_id: r for r in rows}
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.COL_STATUS), self.index(self.rowCount() - 1, self.COL_STATUS)
            )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if not index.isValid() or index.column() != self.COL_STATUS:
            return value
        out = self.out.get(self.row(index.row()).id)
        if out is None:
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _("{status} · teke med ut").format(status=value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return where_text(out)
        return value


class OutBadge(QFrame):
    """On the meeting: where it is while it is out, and «Ikkje bruk fila …»."""

    changed = Signal()  # the meeting's checkout is known (or released): controls follow

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.meeting_id: int | None = None
        self.checkout: CheckoutOut | None = None
        self.setObjectName("offline_badge")
        self.setAccessibleName(_("Møtet er teke med ut"))
        self.setStyleSheet(
            "#offline_badge { background: rgba(240, 180, 40, 0.18);"
            f" border: 1px solid {accent('warning')}; border-left: 4px solid"
            f" {accent('warning')}; border-radius: 4px; }}"
            "#offline_badge QLabel { color: palette(text); }"
        )
        self.text = QLabel()
        self.text.setObjectName("offline_badge_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.release_button = QPushButton(_("Ikkje bruk fila …"))
        self.release_button.setObjectName("release_checkout")
        self.release_button.setToolTip(
            _("Gjer møtet endringsbart her att; møtefila kan då aldri hentast inn")
        )
        self.release_button.clicked.connect(self.release)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.release_button)
        self.setVisible(False)

    @property
    def reason(self) -> str | None:
        return reason_text(self.checkout) if self.checkout is not None else None

    def show_for(self, meeting_id: int | None) -> None:
        """Read whether the meeting is out (on the worker); the badge follows."""
        if meeting_id != self.meeting_id:
            self.checkout = None  # another meeting: nothing known of it yet
        self.meeting_id = meeting_id
        if meeting_id is None or self.state.ctx is None:
            self._show(meeting_id, None)
            return
        self.state.call(
            offline.meeting_checkout,
            meeting_id,
            on_done=lambda out: self._show(meeting_id, out),
            on_error=lambda _exc: self._show(meeting_id, None),
        )

    def _show(self, meeting_id: int | None, out: CheckoutOut | None) -> None:
        if meeting_id != self.meeting_id:
            return  # another meeting was chosen meanwhile
        self.checkout = out
        if out is not None:
            self.text.setText(
                where_text(out)
                + " "
                + _("Sakene og frammøtet kan ikkje endrast her før det er henta inn att.")
            )
        self.setVisible(out is not None)
        self.changed.emit()

    def mark(self, widgets: Iterable[QWidget]) -> None:
        """Tooltips of the meeting's editing controls: the reason while it is out, their
        own otherwise (the view enables and disables them)."""
        reason = self.reason
        for w in widgets:
            if w.property(HOME_TIP) is None:
                w.setProperty(HOME_TIP, w.toolTip())
            if reason is not None and not w.isEnabled():
                w.setToolTip(reason)
            else:
                w.setToolTip(str(w.property(HOME_TIP)))

    def release(self) -> None:
        out, meeting_id = self.checkout, self.meeting_id
        if out is None or meeting_id is None:
            return
        if not confirm(
            self,
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
            meeting_id,
            on_done=lambda done: self._released(meeting_id, done),
            on_error=lambda exc: show_error(self, exc),
        )

    def _released(self, meeting_id: int, done: CheckoutOut) -> None:
        self.state.message.emit(
            _("Møtet kan endrast her att; møtefila {file} blir ikkje brukt.").format(
                file=done.file_name
            )
        )
        self._show(meeting_id, None)
