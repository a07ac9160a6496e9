"""The Møte view's first look: its meeting list as read by services.peek, shown while the
core (SQLAlchemy, pydantic) loads and the database is opened properly. Same layout as the
view, so nothing moves when the view takes over; the controls wait until then."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from dvmeet.i18n import _
from dvmeet.services.peek import opening_meeting
from ui.meetings.list_panel import MARGINS, SPLIT, filter_bar, meeting_table
from ui.meetings.models import MeetingListModel

if TYPE_CHECKING:
    from dvmeet.services.peek import MeetingListPeek


class MeetingListPreview(QWidget):
    painted = Signal()  # the list has been painted with its rows

    def __init__(self, peek: MeetingListPeek, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetings_preview")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*MARGINS)
        outer.setSpacing(8)

        bar = filter_bar(peek.year)
        for code, name in peek.bodies:
            bar.body_combo.addItem(name, code)
        bar.body_combo.setCurrentIndex(bar.body_combo.findData(peek.body_code))
        for widget in (bar.body_combo, bar.year_spin, bar.plan_button):
            widget.setEnabled(False)
        outer.addLayout(bar.layout)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.model = MeetingListModel(self)
        self.model.set_rows(peek.meetings)
        self.table, proxy = meeting_table(self.model, self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        if not peek.meetings:
            empty = QLabel(
                _("Ingen møte i {body} i {year}.").format(body=peek.body_name, year=peek.year)
            )
            empty.setObjectName("empty_list")
            empty.setEnabled(False)
            left_layout.addWidget(empty)
        splitter.addWidget(left)
        self.waiting = QLabel(_("Opnar databasen …"))
        self.waiting.setObjectName("preview_waiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setEnabled(False)
        splitter.addWidget(self.waiting)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(SPLIT)
        outer.addWidget(splitter, 1)

        chosen = opening_meeting(peek.meetings, dt.date.today())  # as MeetingsView
        if chosen is not None:
            index = proxy.mapFromSource(self.model.index(self.model.row_of(chosen.id), 0))
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        self.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)  # once this paint is done
        return False
