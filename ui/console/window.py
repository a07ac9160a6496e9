"""The chair's meeting console: roll call, the current case, voting, the quorum always in
view, and the projector view that follows it. Every action is one service call, committed
as it happens; the console reads everything back from the database after each one, so a
restart resumes where the meeting was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services import attendance
from dvmeet.services.attendance.models import CloseMeetingIn, OpenItemsOut
from dvmeet.services.console import ConsoleSnapshot, console_snapshot
from ui.console.case_panel import CasePanel
from ui.console.projector import ProjectorWindow
from ui.console.quorum import QuorumIndicator
from ui.console.rollcall import RollCallPanel
from ui.console.vote_panel import VotePanel, correcting
from ui.errors import confirm, describe
from ui.state import AppState


class ConsoleWindow(QMainWindow):
    meeting_closed = Signal(int)
    snapshot_loaded = Signal(object)  # ConsoleSnapshot, after every reload

    def __init__(self, state: AppState, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.state = state
        self.meeting_id = meeting_id
        self.snapshot: ConsoleSnapshot | None = None
        self.clock: Callable[[], dt.datetime] = dt.datetime.now
        self.projector: ProjectorWindow | None = None
        self.setObjectName("console")
        self.setWindowTitle(_("Møtekonsoll"))
        self.setMinimumSize(1000, 640)

        self.title = QLabel(_("Opnar møtet …"))
        self.title.setObjectName("console_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        # a long title gives way (clipped) rather than squeeze the quorum out of view
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.mode_note = QLabel(
            _(
                "Møtet vert ført inn etterpå frå notat: kvar tid (kom, gjekk, vara inn, heva) "
                "er den du skriv inn, ikkje klokka no."
            )
        )
        self.mode_note.setObjectName("afterwards_note")
        self.mode_note.setWordWrap(True)
        self.mode_note.setStyleSheet(
            "QLabel { background:#e8f0fe; color:#174ea6; padding:4px; border-radius:4px; }"
        )
        self.mode_note.hide()
        self.quorum = QuorumIndicator()
        self.public_display = QCheckBox(_("Offentleg visning"))
        self.public_display.setObjectName("public_display")
        self.public_display.setChecked(True)
        self.public_display.setToolTip(_("Lukka saker viser berre den offentlege tittelen."))
        self.public_display.toggled.connect(self._public_toggled)
        self.projector_button = QPushButton(_("Projektor"))
        self.projector_button.setObjectName("projector_button")
        self.projector_button.setMenu(QMenu(self.projector_button))
        self.projector_button.menu().aboutToShow.connect(self._fill_screen_menu)
        self.end_button = QPushButton(_("Hev møtet"))
        self.end_button.setObjectName("end_meeting_button")
        self.end_button.clicked.connect(self.end_meeting)
        # recorded afterwards: the end is typed from the notes (live: the clock)
        self.end_label = QLabel(_("Heva kl.:"))
        self.end_time = QTimeEdit(QTime(12, 0))
        self.end_time.setObjectName("end_time_edit")
        self.end_time.setDisplayFormat("HH:mm")
        self.end_time.setAccessibleName(_("Møtet vart heva kl."))
        self._end_time_for: int | None = None
        self.message = QLabel()
        self.message.setObjectName("console_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(
            "QLabel { background:#fbe9e7; color:#7a1c12; padding:6px; border-radius:4px; }"
        )
        self.message.hide()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.quorum)
        header.addWidget(self.public_display)
        header.addWidget(self.projector_button)
        header.addWidget(self.end_label)
        header.addWidget(self.end_time)
        header.addWidget(self.end_button)

        self.cases = QListWidget()
        self.cases.setObjectName("case_list")
        self.cases.setAccessibleName(_("Sakliste"))
        self.cases.setWordWrap(True)
        self.cases.itemActivated.connect(self._case_chosen)
        self.cases.itemClicked.connect(self._case_chosen)
        self.cases.setMinimumWidth(230)
        self.cases.setSpacing(3)

        self.roll_call = RollCallPanel(self.act, self.say)
        self.roll_call.clock = lambda: self.clock()
        self.case_panel = CasePanel(self.act, self.say)
        self.vote_panel = VotePanel(self.act, self.say, self.save)
        case_split = QSplitter(Qt.Orientation.Horizontal)
        case_split.addWidget(self.case_panel)
        case_split.addWidget(self.vote_panel)
        case_split.setStretchFactor(0, 1)
        case_split.setStretchFactor(1, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("console_tabs")
        self.tabs.addTab(self.roll_call, _("Opprop og frammøte"))
        self.tabs.addTab(case_split, _("Saka og røysting"))

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.cases)
        body.addWidget(self.tabs)
        body.setStretchFactor(1, 1)
        body.setSizes([250, 1100])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(header)
        layout.addWidget(self.mode_note)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step_case(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step_case(-1))
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: self.tabs.setCurrentIndex(1))
        self.reload()

    # --- talking to the core ----------------------------------------------------------

    def act(
        self,
        service: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """One user action: one service call on the worker, then everything is re-read.
        `failed` may take care of an error itself (it returns True); else it is shown."""
        self.message.hide()

        def done(result: Any) -> None:
            if then is not None:
                then(result)
            self.reload()

        def error(exc: BaseException) -> None:
            if failed is None or not failed(exc):
                self._failed(exc)

        self.state.call(service, *args, on_done=done, on_error=error)

    def save(self, service: Callable[..., Any], *args: Any) -> None:
        """A quiet save (the draft of a vote): no reload, errors still shown."""
        self.state.call(service, *args, on_error=self._failed)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _failed(self, exc: BaseException) -> None:
        self.say(describe(exc))
        self.reload()

    def reload(self) -> None:
        self.state.call(
            console_snapshot, self.meeting_id, on_done=self._apply, on_error=self._failed_load
        )

    def _failed_load(self, exc: BaseException) -> None:
        self.say(describe(exc))

    # --- showing ----------------------------------------------------------------------

    def _apply(self, snap: ConsoleSnapshot) -> None:
        was_started = self.snapshot.started if self.snapshot is not None else None
        self.snapshot = snap
        m = snap.meeting
        state = (
            _("møtet er i gang")
            if snap.started
            else (_("møtet er heva") if snap.ended else _("opprop"))
        )
        self.title.setText(f"{m.body_name} · {m.date:%d.%m.%Y} · {m.place} · {state}")
        self.title.setToolTip(self.title.text())
        self.mode_note.setVisible(m.recorded_afterwards and not m.minutes_frozen)
        afterwards = snap.started and m.recorded_afterwards
        self.end_label.setVisible(afterwards)
        self.end_time.setVisible(afterwards)
        if afterwards and self._end_time_for != m.id:
            self._end_time_for = m.id
            end = m.end_time or (m.opened_at.time() if m.opened_at else m.start_time)
            self.end_time.setTime(QTime(end.hour, end.minute))
        self.setWindowTitle(
            _("Møtekonsoll – {body} {date}").format(
                body=m.body_name, date=m.date.strftime("%d.%m.%Y")
            )
        )
        if snap.case is not None:
            v = snap.case.voters
            self.quorum.show_quorum(v.quorate, v.quorum_text, snap.case.case.label)
        elif snap.roll.present:
            self.quorum.show_quorum(snap.roll.quorate, snap.roll.quorum_text, _("opprop"))
        else:
            self.quorum.show_unknown()
        self.cases.clear()
        for case in m.cases:
            item = QListWidgetItem(f"{case.label}  {case.title}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            if case.id == snap.current_case_id:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.cases.addItem(item)
            if case.id == snap.current_case_id:
                self.cases.setCurrentItem(item)
        self.cases.setEnabled(snap.started or correcting(snap))
        self.end_button.setEnabled(snap.started)
        self.tabs.setTabEnabled(1, snap.started or snap.ended)
        self.roll_call.show_snapshot(snap)
        self.case_panel.show_snapshot(snap)
        self.vote_panel.show_snapshot(snap)
        if (snap.started and was_started is not True) or (correcting(snap) and was_started is None):
            self.tabs.setCurrentIndex(1)
        if self.projector is not None:
            self.projector.show_snapshot(snap)
        self.snapshot_loaded.emit(snap)

    # --- navigation -------------------------------------------------------------------

    def _case_chosen(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id is not None:
            self.go_to_case(int(case_id))

    def go_to_case(self, case_id: int) -> None:
        snap = self.snapshot
        if snap is None or case_id == snap.current_case_id:
            return
        if not snap.started and not correcting(snap):
            return
        if not self.vote_panel.leave_decision():
            self.cases.setCurrentRow(
                next(
                    (i for i, c in enumerate(snap.meeting.cases) if c.id == snap.current_case_id),
                    -1,
                )
            )
            return
        self.act(attendance.set_current_case, self.meeting_id, case_id)

    def step_case(self, step: int) -> None:
        snap = self.snapshot
        if snap is None or not snap.meeting.cases:
            return
        ids = [c.id for c in snap.meeting.cases]
        i = ids.index(snap.current_case_id) if snap.current_case_id in ids else 0
        self.go_to_case(ids[max(0, min(len(ids) - 1, i + step))])

    # --- projector --------------------------------------------------------------------

    def _fill_screen_menu(self) -> None:
        menu = self.projector_button.menu()
        menu.clear()
        for screen in QGuiApplication.screens():
            size = screen.geometry()
            action = menu.addAction(f"{screen.name()} ({size.width()}×{size.height()})")
            action.triggered.connect(lambda _checked=False, s=screen: self.open_projector(s))
        menu.addAction(_("I eit vindauge"), lambda: self.open_projector(None))
        if self.projector is not None:
            menu.addAction(_("Lukk projektorvisninga"), self.close_projector)

    def open_projector(self, screen: Any = None) -> ProjectorWindow:
        if self.projector is None:
            self.projector = ProjectorWindow(public=self.public_display.isChecked())
        if screen is not None:
            self.projector.show_on(screen)
        else:
            self.projector.show()
        if self.snapshot is not None:
            self.projector.show_snapshot(self.snapshot)
        return self.projector

    def close_projector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None

    def _public_toggled(self, public: bool) -> None:
        if self.projector is not None:
            self.projector.public = public
            if self.snapshot is not None:
                self.projector.show_snapshot(self.snapshot)

    # --- the end ----------------------------------------------------------------------

    def end_meeting(self) -> None:
        """Hev møtet: first what is still open (cases without a decision, votes not
        finished) is read, then the chair is asked with it in view."""
        snap = self.snapshot
        if snap is None or not snap.started or not self.vote_panel.leave_decision():
            return
        self.state.call(
            attendance.open_items,
            self.meeting_id,
            on_done=self._confirm_end,
            on_error=self._failed,
        )

    def _typed_end(self) -> dt.datetime | None:
        snap = self.snapshot
        if snap is None or not snap.meeting.recorded_afterwards:
            return None
        day = snap.meeting.opened_at.date() if snap.meeting.opened_at else snap.meeting.date
        t = self.end_time.time()
        return dt.datetime.combine(day, dt.time(t.hour(), t.minute()))

    def _confirm_end(self, items: OpenItemsOut) -> None:
        typed = self._typed_end()
        if typed is not None:
            question = _(
                "Heve møtet kl. {time}, slik notatet seier? Etterpå kan ikkje frammøte, "
                "røystingar eller vedtak endrast her; møteboka vert laga som utkast."
            ).format(time=typed.strftime("%H:%M"))
        else:
            question = _(
                "Heve møtet no, klokka {time}? Etterpå kan ikkje frammøte, røystingar eller "
                "vedtak endrast her; møteboka vert laga som utkast."
            ).format(time=self.clock().strftime("%H:%M"))
        text = open_items_text(items) + question
        if not confirm(self, _("Hev møtet"), text, _("Hev møtet")):
            return
        closed_at = typed or self.clock().replace(second=0, microsecond=0)
        self.act(
            attendance.close_meeting,
            CloseMeetingIn(meeting_id=self.meeting_id, closed_at=closed_at),
            then=lambda _r: self.meeting_closed.emit(self.meeting_id),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_projector()
        super().closeEvent(event)


def open_items_text(items: OpenItemsOut) -> str:
    """What is still open, as the question before closing lists it (empty if nothing)."""
    parts = []
    if items.without_decision:
        parts.append(
            _("Saker utan vedtak:")
            + "\n"
            + "\n".join(f"• {i.case_label} {i.title}" for i in items.without_decision)
        )
    if items.unfinished_votes:
        parts.append(
            _("Røystingar som ikkje er fullførte:")
            + "\n"
            + "\n".join(f"• {i.case_label}: {i.text}" for i in items.unfinished_votes)
        )
    return "".join(part + "\n\n" for part in parts)
