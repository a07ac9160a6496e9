"""The chair's meeting console: roll call, the current case, voting, the quorum always in
view, and the projector view that follows it. Every action is one service call, committed
as it happens; the console reads everything back from the database after each one, so a
restart resumes where the meeting was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
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
from ui.console.key_sheet import KeySheet
from ui.console.projector import ProjectorWindow
from ui.console.projector_speakers import ProjectorSpeakers
from ui.console.quorum import QuorumIndicator
from ui.console.rollcall import RollCallPanel
from ui.console.speakers import SpeakersPanel
from ui.console.vote_panel import VotePanel, correcting
from ui.errors import confirm, describe
from ui.state import AppState

PROJECTOR_KEY = "console/projector_screen"  # where the projector was, while it was open


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
        # small enough for a 1366×768 laptop with a taskbar; it opens maximised (fit_to)
        self.setMinimumSize(900, 560)
        self._focus_placed = False

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
        self.public_display.setToolTip(
            _(
                "Lukka saker viser berre den offentlege tittelen. Å slå av offentleg visning "
                "må stadfestast."
            )
        )
        self.public_display.toggled.connect(self._public_toggled)
        # shown on the console (and the projector) while closed content can be shown
        self.internal_band = QLabel(
            _("INTERN VISNING – projektoren kan vise innhaldet i lukka saker")
        )
        self.internal_band.setObjectName("internal_band")
        self.internal_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.internal_band.setStyleSheet(
            "QLabel { background:#b3261e; color:white; font-weight:bold; padding:4px; }"
        )
        self.internal_band.hide()
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
        # after a crash or a restart: where the meeting was, and the projector offered again
        self.resume_band = QFrame()
        self.resume_band.setObjectName("resume_band")
        self.resume_band.setStyleSheet(
            "QFrame#resume_band { background:#fff4c2; border:1px solid #c9a400; "
            "border-radius:4px; } QLabel { color:#1a1a1a; }"
        )
        self.resume_text = QLabel()
        self.resume_text.setObjectName("resume_text")
        self.resume_text.setWordWrap(True)
        self.resume_projector = QPushButton(_("Opne projektoren att"))
        self.resume_projector.setObjectName("resume_projector")
        self.resume_projector.clicked.connect(self._reopen_projector)
        resume_close = QPushButton(_("Greitt"))
        resume_close.setObjectName("resume_close")
        resume_close.clicked.connect(self.resume_band.hide)
        resume_column = QVBoxLayout(self.resume_band)
        resume_column.setContentsMargins(8, 4, 8, 4)
        resume_column.addWidget(self.resume_text)
        resume_buttons = QHBoxLayout()
        resume_buttons.addWidget(self.resume_projector)
        resume_buttons.addWidget(resume_close)
        resume_buttons.addStretch(1)
        resume_column.addLayout(resume_buttons)
        self.resume_band.hide()
        self.resumed = False  # the console opened on a meeting already under way
        self.key_sheet: KeySheet | None = None

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
        # in the roll call's names a letter jumps to a name; G still goes to the grid
        self.roll_call.tree.shortcut_letters = lambda: "G" if self.tabs.isTabEnabled(1) else ""
        self.case_panel = CasePanel(self.act, self.say)
        self.vote_panel = VotePanel(self.act, self.say, self.save)
        # the case's forms scroll on a low screen instead of being squeezed over each other;
        # the vote panel keeps the height for the grid
        case_scroll = QScrollArea()
        case_scroll.setObjectName("case_scroll")
        case_scroll.setWidget(self.case_panel)
        case_scroll.setWidgetResizable(True)
        case_scroll.setFrameShape(QFrame.Shape.NoFrame)
        case_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        case_scroll.setMinimumWidth(
            self.case_panel.minimumSizeHint().width()
            + case_scroll.verticalScrollBar().sizeHint().width()
        )
        case_split = QSplitter(Qt.Orientation.Horizontal)
        case_split.addWidget(case_scroll)
        case_split.addWidget(self.vote_panel)
        case_split.setStretchFactor(0, 4)
        case_split.setStretchFactor(1, 5)
        case_split.setSizes([440, 560])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("console_tabs")
        self.tabs.addTab(self.roll_call, _("Opprop og frammøte"))
        self.tabs.addTab(case_split, _("Saka og røysting"))
        # the speakers' list of the current case (ui/console/speakers.py); Ctrl+3
        self.speakers = SpeakersPanel(state, self.say)
        self.speakers.public = self.public_display.isChecked
        self.tabs.addTab(self.speakers, _("Talarliste"))
        self.snapshot_loaded.connect(self.speakers.show_snapshot)

        # the console's keys, on screen
        self.key_help = QLabel(
            _(
                "F1 = alle tastane\nG = til røystegridet\n"
                "Ctrl+PgDn / Ctrl+PgUp = neste / førre sak\n"
                "Ctrl+1 / Ctrl+2 = opprop / saka\nCtrl+Enter = røysting og vedtak\n"
                "Ctrl+S = lagre vedtaket\nB = svart projektor"
            )
        )
        self.key_help.setObjectName("console_keys")
        self.key_help.setWordWrap(True)
        self.key_help.setStyleSheet("QLabel { color:palette(placeholder-text); }")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # beside the grid, not above it: the grid keeps its rows on a laptop
        left_layout.addWidget(self.resume_band)
        left_layout.addWidget(self.cases, 1)
        left_layout.addWidget(self.key_help)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(self.tabs)
        body.setStretchFactor(1, 1)
        body.setSizes([250, 1100])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.internal_band)
        layout.addLayout(header)
        layout.addWidget(self.mode_note)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step_case(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step_case(-1))
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: self.tabs.setCurrentIndex(1))
        QShortcut(QKeySequence("Ctrl+3"), self, self.focus_speakers)
        # G: straight to the vote grid (letters typed into a text field stay there)
        QShortcut(QKeySequence("G"), self, self.focus_grid)
        QShortcut(QKeySequence("Ctrl+S"), self, self.vote_panel.save_decision_key)
        # Ctrl+Enter: the vote and then its decision (the grid sends it too)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.record_key)
        # the sheet of every key
        for keys in ("F1", "?"):
            QShortcut(QKeySequence(keys), self, self.show_keys)
        # B: the projector black and back (in the roll call's names and an election's
        # grid B is a letter; Ctrl+B works there too)
        for keys in ("B", "Ctrl+B"):
            QShortcut(QKeySequence(keys), self, self.toggle_blank)
        self.vote_panel.progress.connect(self._progress)
        self._live: tuple[int, int] | None = None
        # Tab from the case list goes to the vote grid, not through the case's forms
        QWidget.setTabOrder(self.cases, self.vote_panel.grid)
        # the first focus is the roll call, never the public display's check box
        self.roll_call.tree.setFocus(Qt.FocusReason.OtherFocusReason)
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
        if was_started is None:
            if snap.started:
                self._show_resume(snap)
            elif not snap.ended and self._roll_call_begun(snap):
                self._show_roll_call_resume(snap)
            self._place_first_focus(snap)
        if self.projector is not None:
            self.projector.show_snapshot(snap)
            self.projector.show_progress(self._live)
        self.snapshot_loaded.emit(snap)

    def _show_resume(self, snap: ConsoleSnapshot) -> None:
        """The console opened on a meeting under way: where it was interrupted."""
        self.resumed = True
        at = snap.last_saved_at
        time = at.strftime("%H:%M") if at is not None else "–"
        if snap.case is not None:
            where = f"{snap.case.case.label} {snap.case.case.title}"
            if snap.case.case.closed and self.public_display.isChecked():
                where = f"{snap.case.case.label} {snap.case.case.public_title or ''}".strip()
            text = _("Møtet vart avbrote kl. {time} under {case}.").format(time=time, case=where)
            if snap.case.draft is not None and snap.case.draft.ballots:
                text += " " + _("Røystene som var skrivne inn ({n}), er med.").format(
                    n=len(snap.case.draft.ballots)
                )
        else:
            text = _("Møtet vart avbrote kl. {time}, før første sak.").format(time=time)
        self.resume_text.setText(text)
        self.resume_projector.setVisible(self._projector_wanted() is not None)
        self.resume_band.show()

    @staticmethod
    def _roll_call_begun(snap: ConsoleSnapshot) -> bool:
        return any(
            h.status != "not_recorded"
            for seat in snap.roll.seats_list
            for h in seat.members + seat.deputies
        )

    def _show_roll_call_resume(self, snap: ConsoleSnapshot) -> None:
        """The console opened on a roll call begun before: how far it came; the keyboard
        on the first member with nothing recorded."""
        self.resumed = True
        at = snap.last_saved_at
        self.resume_text.setText(
            _("Oppropet vart avbrote kl. {time}: {present} av {seats} sete er fylte.").format(
                time=at.strftime("%H:%M") if at is not None else "–",
                present=snap.roll.present,
                seats=snap.roll.seats,
            )
        )
        self.resume_projector.setVisible(self._projector_wanted() is not None)
        self.resume_band.show()
        first = next(
            (
                m.person_id
                for seat in snap.roll.seats_list
                for m in seat.members
                if m.status == "not_recorded"
            ),
            None,
        )
        if first is not None:
            self.roll_call.select_person(first)

    def _place_first_focus(self, snap: ConsoleSnapshot) -> None:
        """Where the chair's hands start: the vote grid in a meeting under way, else the
        roll call (never the public display)."""
        if snap.started and snap.case is not None and self.vote_panel.grid.isEnabled():
            self.vote_panel.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.roll_call.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_speakers(self) -> None:
        """Ctrl+3: the speakers' list, with the keyboard in its name field."""
        self.tabs.setCurrentWidget(self.speakers)
        self.speakers.focus_entry()

    def focus_grid(self) -> None:
        """G: the case tab and the vote grid, at the first row without a ballot."""
        if not self.tabs.isTabEnabled(1):
            return
        self.tabs.setCurrentIndex(1)
        self.vote_panel.focus_grid()

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
        if snap.current_case_id not in ids:  # no case yet: the first one
            self.go_to_case(ids[0])
            return
        i = ids.index(snap.current_case_id)
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
            menu.addAction(_("Lukk projektorvisninga"), lambda: self.close_projector())

    def open_projector(self, screen: Any = None) -> ProjectorWindow:
        """Show the projector; the keyboard stays in the console."""
        focused = QApplication.focusWidget()
        if self.projector is None:
            # a window of the console's: it closes with the console (and the app)
            self.projector = ProjectorWindow(self, public=self.public_display.isChecked())
            self.projector.clock = lambda: self.clock()
            self.projector.tick()
        if self.projector.findChild(ProjectorSpeakers) is None:  # under the agenda
            self.projector.add_panel(self.speakers.projector_panel())
        if screen is not None:
            self.projector.show_on(screen)
        else:
            self.projector.show()
        # remembered, so a restart offers the projector again where it was
        self.state.settings.setValue(PROJECTOR_KEY, screen.name() if screen is not None else "")
        if self.snapshot is not None:
            self.projector.show_snapshot(self.snapshot)
        self.projector.show_progress(self._live)
        self.activateWindow()
        if focused is not None and focused.window() is self:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.projector

    def close_projector(self, *, forget: bool = True) -> None:
        """Close the projector; `forget`: the chair closed it (a restart does not offer
        it again); the console closing keeps it offered."""
        if forget:
            self.state.settings.remove(PROJECTOR_KEY)
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None

    def _projector_wanted(self) -> str | None:
        """The screen the projector was on when the console last closed ("" = a window),
        None when it was not open."""
        value = self.state.settings.value(PROJECTOR_KEY)
        return None if value is None else str(value)

    def _reopen_projector(self) -> None:
        wanted = self._projector_wanted()
        screen = (
            next((s for s in QGuiApplication.screens() if s.name() == wanted), None)
            if wanted
            else None  # it was in a window
        )
        self.open_projector(screen)
        self.resume_projector.hide()

    def toggle_blank(self) -> None:
        """B: the projector black, and back."""
        if self.projector is None:
            self.say(_("Projektoren er ikkje open."))
            return
        self.projector.set_blank(not self.projector.blank)

    def _progress(self, live: tuple[int, int] | None) -> None:
        self._live = live
        if self.projector is not None:
            self.projector.show_progress(live)

    def record_key(self) -> None:
        """Ctrl+Enter on the case tab: the vote and its decision."""
        if self.tabs.currentIndex() == 1 and self.vote_panel.isEnabled():
            self.vote_panel.record_with_decision()

    def show_keys(self) -> None:
        if self.key_sheet is None:
            self.key_sheet = KeySheet(self)
        self.key_sheet.show()
        self.key_sheet.activateWindow()

    def _public_toggled(self, public: bool) -> None:
        """Back to public at once; to internal only when the chair confirms it."""
        if not public:
            self._set_checked(True)  # until confirmed
            if not confirm(
                self,
                _("Intern visning"),
                _(
                    "Med intern visning kan projektoren vise tittel, innstilling, framlegg og "
                    "vedtak i lukka saker. Slå av offentleg visning?"
                ),
                _("Vis internt"),
            ):
                return
        self.set_public(public)

    def _set_checked(self, checked: bool) -> None:
        self.public_display.blockSignals(True)
        self.public_display.setChecked(checked)
        self.public_display.blockSignals(False)

    def set_public(self, public: bool) -> None:
        """Public or internal display (internal: asked before, see _public_toggled)."""
        self._set_checked(public)
        self.internal_band.setVisible(not public)
        if self.projector is not None:
            self.projector.set_public(public)
            if self.snapshot is not None:
                self.projector.show_snapshot(self.snapshot)

    # --- size -------------------------------------------------------------------------

    def fit_to(self, available: QRect | None = None) -> None:
        """Fill the available geometry of the screen (without the taskbar); a screen
        smaller than the minimum size lowers the minimum."""
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            available = screen.availableGeometry()
        minimum = self.minimumSize()
        self.setMinimumSize(
            min(minimum.width(), available.width()), min(minimum.height(), available.height())
        )
        frame = self.frameGeometry().size() - self.geometry().size()
        self.setGeometry(
            available.x(),
            available.y(),
            available.width() - max(0, frame.width()),
            available.height() - max(0, frame.height()),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focus_placed:
            self._focus_placed = True
            if self.focusWidget() in (None, self.public_display):
                self.roll_call.tree.setFocus(Qt.FocusReason.OtherFocusReason)

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
        self.close_projector(forget=False)
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
