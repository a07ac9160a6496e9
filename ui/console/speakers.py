"""The speakers' list in the console (talarliste): the chair types the first letters of a
name, a municipality or its number and presses Enter to put the member on the list
(Alt+R: a replikk to the innlegg on the floor); N gives the floor to the next, S stops the
speaker, Alt+Up / Alt+Down move the selected speaker, Delete takes them off the list. The
timer counts up from the time stored when the speaker got the floor, with the body's
limit beside it (red when over), so it goes on where it was after a restart.

Every key acts on what was selected when it was pressed: the action captures its target
(the member, the speaker) at once; actions go to the database one after the other, each
with the version of the speaker as the list last read it, so none is dropped and a stale
one (someone else's change between) is refused, not applied to the wrong row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.speakers import SpeakerKind, clock_text
from dvmeet.i18n import _
from dvmeet.services import speakers
from dvmeet.services.console import ConsoleSnapshot
from dvmeet.services.speakers.models import (
    MoveSpeakerIn,
    SpeakerActIn,
    SpeakerCandidate,
    SpeakerIn,
    SpeakerSettingsIn,
    SpeakerSettingsOut,
    SpeakersOut,
)
from ui.console.keys import InstantButton, readable_font, strong_selection
from ui.console.projector_speakers import ProjectorSpeakers, speaker_line, timer_text
from ui.errors import describe
from ui.state import AppState

ID = Qt.ItemDataRole.UserRole
TIMER_KEY = "console/speaker_timer_on_projector"


def matches(candidate: SpeakerCandidate, typed: str) -> bool:
    """The first letters of any of the names, of the municipality, the seat's number, or
    the start of the municipality's number."""
    typed = " ".join(typed.casefold().split())
    if not typed:
        return True
    if typed.isdigit():
        return str(candidate.seat) == typed or (candidate.municipality_number or "").startswith(
            typed
        )
    words = candidate.name.casefold().split() + (candidate.municipality or "").casefold().split()
    whole = candidate.name.casefold()
    return whole.startswith(typed) or any(w.startswith(typed) for w in words)


class SpeakersPanel(QWidget):
    """The console's tab for the speakers' list of the current case."""

    def __init__(
        self, state: AppState, say: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("speakers_panel")
        self.state = state
        self.say = say
        self.data: SpeakersOut | None = None
        self.case_id: int | None = None
        self.projector_panels: list[ProjectorSpeakers] = []
        self.public: Callable[[], bool] = lambda: True
        self._since = QElapsedTimer()
        self._since.start()
        self._busy = False
        self._waiting: list[Callable[[], None]] = []

        self.case_label = QLabel()
        self.case_label.setObjectName("speakers_case")
        self.limits = QLabel()
        self.limits.setObjectName("speakers_limits")
        # the time on the projector too, or on the console only (kept for this computer)
        self.timer_on_projector = QCheckBox(_("Taletida på projektoren"))
        self.timer_on_projector.setObjectName("speakers_timer_on_projector")
        self.timer_on_projector.setChecked(
            str(state.settings.value(TIMER_KEY, "true")).lower() == "true"
        )
        self.timer_on_projector.toggled.connect(self._timer_on_projector)
        self.settings_button = QPushButton(_("Innstillingar …"))
        self.settings_button.setObjectName("speakers_settings")
        self.settings_button.clicked.connect(self.edit_settings)
        top = QHBoxLayout()
        top.addWidget(self.case_label, 1)
        top.addWidget(self.limits)
        top.addWidget(self.timer_on_projector)
        top.addWidget(self.settings_button)

        # who has the floor, the timer, start next / stop
        self.current = QLabel()
        self.current.setObjectName("speakers_current")
        self.current.setWordWrap(True)
        self.timer = QLabel()
        self.timer.setObjectName("speakers_timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_button = InstantButton(_("&Neste talar (N)"))
        self.next_button.setObjectName("speakers_next")
        self.next_button.clicked.connect(self.start_next)
        self.stop_button = InstantButton(_("&Stopp (S)"))
        self.stop_button.setObjectName("speakers_stop")
        self.stop_button.clicked.connect(self.stop)
        floor = QFrame()
        floor.setObjectName("speakers_floor")
        floor.setFrameShape(QFrame.Shape.StyledPanel)
        floor_row = QHBoxLayout(floor)
        floor_row.addWidget(self.current, 1)
        floor_row.addWidget(self.timer)
        floor_row.addWidget(self.next_button)
        floor_row.addWidget(self.stop_button)

        # adding: type, pick, Enter
        self.entry = QLineEdit()
        self.entry.setObjectName("speakers_entry")
        self.entry.setPlaceholderText(_("Namn, kommune eller kommunenummer …"))
        self.entry.setAccessibleName(_("Set på talarlista"))
        self.entry.textEdited.connect(self._filter)
        self.entry.returnPressed.connect(lambda: self.add(SpeakerKind.INNLEGG))
        self.entry.installEventFilter(self)
        self.candidates = QListWidget()
        self.candidates.setObjectName("speakers_candidates")
        self.candidates.setAccessibleName(_("Medlemer som møter"))
        self.candidates.itemActivated.connect(lambda _i: self.add(SpeakerKind.INNLEGG))
        strong_selection(self.candidates)
        self.innlegg_button = InstantButton(_("&Innlegg (Enter)"))
        self.innlegg_button.setObjectName("speakers_add")
        self.innlegg_button.clicked.connect(lambda: self.add(SpeakerKind.INNLEGG))
        self.replikk_button = InstantButton(_("&Replikk (R)"))
        self.replikk_button.setObjectName("speakers_replikk")
        self.replikk_button.clicked.connect(lambda: self.add(SpeakerKind.REPLIKK))
        add_box = QVBoxLayout()
        add_box.addWidget(QLabel(_("Set på lista:")))
        add_box.addWidget(self.entry)
        add_box.addWidget(self.candidates, 1)
        add_buttons = QHBoxLayout()
        add_buttons.addWidget(self.innlegg_button)
        add_buttons.addWidget(self.replikk_button)
        add_box.addLayout(add_buttons)

        # the queue
        self.queue = QListWidget()
        self.queue.setObjectName("speakers_queue")
        self.queue.setAccessibleName(_("Talarlista"))
        self.queue.setWordWrap(True)
        strong_selection(self.queue)
        self.up_button = InstantButton(_("Opp (Alt+↑)"))
        self.up_button.setObjectName("speakers_up")
        self.up_button.clicked.connect(lambda: self.move_speaker(-1))
        self.down_button = InstantButton(_("Ned (Alt+↓)"))
        self.down_button.setObjectName("speakers_down")
        self.down_button.clicked.connect(lambda: self.move_speaker(1))
        self.remove_button = InstantButton(_("Fjern (Del)"))
        self.remove_button.setObjectName("speakers_remove")
        self.remove_button.clicked.connect(self.remove)
        queue_box = QVBoxLayout()
        queue_box.addWidget(QLabel(_("Talarlista:")))
        queue_box.addWidget(self.queue, 1)
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.up_button)
        queue_buttons.addWidget(self.down_button)
        queue_buttons.addWidget(self.remove_button)
        queue_box.addLayout(queue_buttons)

        # who has spoken in the case
        self.held = QListWidget()
        self.held.setObjectName("speakers_held")
        self.held.setAccessibleName(_("Har hatt ordet"))
        self.held.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.held.setWordWrap(True)
        held_box = QVBoxLayout()
        held_box.addWidget(QLabel(_("Har hatt ordet:")))
        held_box.addWidget(self.held, 1)

        self.key_help = QLabel(
            _(
                "Skriv dei første bokstavane i namnet eller kommunen, eller plassnummeret "
                "eller kommunenummeret, ↑/↓ vel, Enter = innlegg, Alt+R = replikk · "
                "R = replikk for den valde · "
                "N = neste talar · S = stopp · Alt+↑/↓ = flytt · Del = fjern · "
                "Ctrl+3 = hit"
            )
        )
        self.key_help.setObjectName("speakers_keys")
        self.key_help.setWordWrap(True)
        self.key_help.setStyleSheet("QLabel { color:palette(placeholder-text); }")

        columns = QGridLayout()
        columns.addLayout(add_box, 0, 0)
        columns.addLayout(queue_box, 0, 1)
        columns.addLayout(held_box, 0, 2)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 4)
        columns.setColumnStretch(2, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(floor)
        layout.addLayout(columns, 1)
        layout.addWidget(self.key_help)
        for widget in (self.candidates, self.queue, self.held, self.entry, self.current):
            readable_font(widget)
        big = self.current.font()
        big.setPointSizeF(max(big.pointSizeF(), 11) * 1.3)
        big.setBold(True)
        self.current.setFont(big)
        self.timer.setFont(big)

        keys: list[tuple[str, Callable[[], None]]] = [
            ("N", self.start_next),
            ("S", self.stop),
            ("R", lambda: self.add(SpeakerKind.REPLIKK)),
            ("Delete", self.remove),
            ("Alt+Up", lambda: self.move_speaker(-1)),
            ("Alt+Down", lambda: self.move_speaker(1)),
        ]
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        # a list kept from another computer (the secretary's) shows here too
        state.changed.connect(self._changed)
        self.show_list(None)

    # --- keys in the name field --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.entry and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.candidates.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                visible = [
                    i
                    for i in range(self.candidates.count())
                    if not self.candidates.item(i).isHidden()
                ]
                if visible:
                    at = [i for i in visible if (i >= row if key == Qt.Key.Key_Down else i <= row)]
                    pick = (
                        (at[0] if key == Qt.Key.Key_Down else at[-1])
                        if at
                        else (visible[-1] if key == Qt.Key.Key_Down else visible[0])
                    )
                    self.candidates.setCurrentRow(pick)
                return True
            if key == Qt.Key.Key_Escape and self.entry.text():
                self.entry.clear()
                self._filter("")
                return True
        return super().eventFilter(watched, event)

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.entry.selectAll()

    # --- reading -----------------------------------------------------------------------

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        """After every read of the console: the list of the case the meeting is at."""
        case_id = snap.current_case_id if snap.started else None
        data = self.data
        if data is not None and data.current is not None and data.case_id != case_id:
            # the meeting moved on: the turn on the floor in the case left ends now
            held = data.current
            self._run(
                lambda: self._call(
                    speakers.stop_speaker,
                    SpeakerActIn(entry_id=held.id, expected_version=held.version),
                )
            )
            self.data = None  # the list shown is the case left; the new one is read next
        if case_id is None:
            self.case_id = None
            self.show_list(None)
            return
        self.case_id = case_id
        if not self._busy:
            self.reload()

    def _changed(self, area: str) -> None:
        if area == "meetings" and not self._busy:
            self.reload()

    def reload(self) -> None:
        if self.case_id is None:
            return
        self.state.call(
            speakers.speakers_list, self.case_id, on_done=self.show_list, on_error=self._failed
        )

    def show_list(self, data: SpeakersOut | None) -> None:
        if data is not None and self.case_id is not None and data.case_id != self.case_id:
            return  # a read of the case before: the current case's read follows
        self.data = data
        self._since.restart()
        running = data is not None and data.meeting_running
        for w in (
            self.entry,
            self.candidates,
            self.innlegg_button,
            self.replikk_button,
            self.queue,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.next_button,
            self.stop_button,
        ):
            w.setEnabled(running)
        self.settings_button.setEnabled(data is not None)
        if data is None:
            self.case_label.setText(_("Talarlista følgjer saka møtet er ved."))
            self.limits.setText("")
            self.current.setText(_("Ingen sak er open."))
            self.timer.setText("")
            for view in (self.candidates, self.queue, self.held):
                view.clear()
            self._feed_projector()
            return
        self.case_label.setText(_("Talarliste i {label}").format(label=data.case_label))
        self.limits.setText(self._limits_text(data.settings, data.replikkar_left))
        self._show_candidates(data)
        self._show_queue(data)
        self.held.clear()
        for s in data.held:
            self.held.addItem(
                f"{speaker_line(s)} · {s.kind_word} · {clock_text(s.elapsed_seconds)}"
            )
        self.next_button.setEnabled(running and bool(data.queue))
        self.stop_button.setEnabled(running and data.current is not None)
        self.replikk_button.setEnabled(
            running and data.replikk_to is not None and data.replikkar_left != 0
        )
        self.tick()
        self._feed_projector()

    def _limits_text(self, s: SpeakerSettingsOut, left: int | None) -> str:
        parts = []
        if s.innlegg_seconds is not None:
            parts.append(_("innlegg {time}").format(time=clock_text(s.innlegg_seconds)))
        if s.replikk_seconds is not None:
            parts.append(_("replikk {time}").format(time=clock_text(s.replikk_seconds)))
        if s.max_replikkar is not None:
            parts.append(_("replikkar per innlegg: {n}").format(n=s.max_replikkar))
        text = _("Taletid: {limits}").format(limits=", ".join(parts)) if parts else ""
        if left is not None:
            text += (" · " if text else "") + _("replikkar att: {n}").format(n=left)
        return text or _("Inga grense for taletid")

    def _show_candidates(self, data: SpeakersOut) -> None:
        chosen = self.candidates.currentItem()
        chosen_id = chosen.data(ID) if chosen is not None else None
        self.candidates.clear()
        for c in data.candidates:
            muni = f" – {c.municipality}" if c.municipality else ""
            number = f" ({c.municipality_number})" if c.municipality_number else ""
            item = QListWidgetItem(f"{c.seat}. {c.name}{muni}{number}")
            item.setData(ID, c.person_id)
            self.candidates.addItem(item)
        self._filter(self.entry.text(), keep=chosen_id)

    def _show_queue(self, data: SpeakersOut) -> None:
        chosen = self.queue.currentItem()
        chosen_id = chosen.data(ID) if chosen is not None else None
        scroll = self.queue.verticalScrollBar().value()
        self.queue.clear()
        for i, s in enumerate(data.queue, start=1):
            kind = "" if s.kind is SpeakerKind.REPLIKK else f" · {s.kind_word}"
            item = QListWidgetItem(f"{i}. {speaker_line(s)}{kind}")
            item.setData(ID, s.id)
            self.queue.addItem(item)
            if s.id == chosen_id:
                self.queue.setCurrentItem(item)
        if self.queue.currentItem() is None and self.queue.count():
            self.queue.setCurrentRow(0)
        self.queue.verticalScrollBar().setValue(scroll)

    def _filter(self, typed: str, keep: Any = None) -> None:
        """Show the members the typed letters fit; the first of them is picked (or the
        one picked before, if it still fits)."""
        data = self.data
        first = None
        kept = None
        by_id = {c.person_id: c for c in data.candidates} if data else {}
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            candidate = by_id.get(item.data(ID))
            fits = candidate is not None and matches(candidate, typed)
            item.setHidden(not fits)
            if fits and first is None:
                first = i
            if fits and keep is not None and item.data(ID) == keep:
                kept = i
        # digits that are a seat's number pick that seat (before a municipality number)
        seat = next(
            (
                i
                for i in range(self.candidates.count())
                if typed.strip().isdigit()
                and (c := by_id.get(self.candidates.item(i).data(ID))) is not None
                and str(c.seat) == typed.strip()
            ),
            None,
        )
        pick = kept if kept is not None else (seat if seat is not None else first)
        if pick is not None:
            self.candidates.setCurrentRow(pick)
        else:
            self.candidates.setCurrentRow(-1)

    def tick(self) -> None:
        data = self.data
        if data is None or data.current is None:
            if data is not None:
                self.current.setText(_("Ingen har ordet."))
            self.timer.setText("")
            self.timer.setStyleSheet("")
            return
        c = data.current
        who = speaker_line(c)
        if c.kind is SpeakerKind.INNLEGG:
            who = f"{who} – {c.kind_word}"
        self.current.setText(_("Har ordet: {who}").format(who=who))
        elapsed = self.elapsed()
        self.timer.setText(timer_text(elapsed, c.limit_seconds))
        over = c.limit_seconds is not None and elapsed > c.limit_seconds
        self.timer.setStyleSheet(
            "QLabel { background:#b3261e; color:white; padding:2px 8px; border-radius:4px; }"
            if over
            else ""
        )

    def elapsed(self) -> int:
        data = self.data
        if data is None or data.current is None:
            return 0
        return data.current.elapsed_seconds + self._since.elapsed() // 1000

    # --- the projector -------------------------------------------------------------------

    def projector_panel(self) -> ProjectorSpeakers:
        """A projector widget that this panel keeps up to date."""
        panel = ProjectorSpeakers()
        panel.show_timer = self.timer_on_projector.isChecked()
        self.projector_panels.append(panel)
        panel.destroyed.connect(lambda *_a, p=panel: self._forget(p))
        panel.show_speakers(self.data, public=self.public())
        return panel

    def _timer_on_projector(self, shown: bool) -> None:
        self.state.settings.setValue(TIMER_KEY, "true" if shown else "false")
        for panel in self.projector_panels:
            panel.show_timer = shown
            panel.tick()

    def _forget(self, panel: ProjectorSpeakers) -> None:
        if panel in self.projector_panels:
            self.projector_panels.remove(panel)

    def _feed_projector(self) -> None:
        for panel in self.projector_panels:
            panel.show_speakers(self.data, public=self.public())

    # --- acting --------------------------------------------------------------------------

    def _run(self, job: Callable[[], None]) -> None:
        """One action at a time, in the order of the keys."""
        if self._busy:
            self._waiting.append(job)
            return
        self._busy = True
        job()

    def _call(self, service: Callable[..., Any], *args: Any) -> None:
        self.state.call(service, *args, on_done=self._done, on_error=self._failed)

    def _done(self, data: SpeakersOut) -> None:
        self.show_list(data)
        self._next_job()

    def _failed(self, exc: BaseException) -> None:
        self.say(describe(exc))
        self._waiting.clear()  # later keys were meant for the list as it was
        self._busy = False
        self.reload()

    def _next_job(self) -> None:
        if self._waiting:
            self._waiting.pop(0)()
            return
        self._busy = False
        if self.case_id is not None and (self.data is None or self.data.case_id != self.case_id):
            self.reload()  # the meeting moved on while the keys were being done

    def _version(self, entry_id: int) -> int | None:
        data = self.data
        if data is None:
            return None
        for s in [*data.queue, *([data.current] if data.current else [])]:
            if s.id == entry_id:
                return s.version
        return None

    def _skip(self) -> None:
        """The key's target is gone from the list: nothing to do."""
        self._next_job()

    def add(self, kind: SpeakerKind) -> None:
        """The member picked when the key was pressed goes on the list."""
        item = self.candidates.currentItem()
        if self.case_id is None or item is None or item.isHidden():
            if self.entry.text():
                self.say(
                    _("Ingen som møter, passar til «{typed}».").format(typed=self.entry.text())
                )
            return
        person_id = int(item.data(ID))
        case_id = self.case_id
        self.entry.clear()
        self._filter("")
        self._run(
            lambda: self._call(
                speakers.add_speaker, SpeakerIn(case_id=case_id, person_id=person_id, kind=kind)
            )
        )

    def _selected_entry(self) -> int | None:
        item = self.queue.currentItem()
        return int(item.data(ID)) if item is not None else None

    def move_speaker(self, step: int) -> None:
        entry_id = self._selected_entry()
        if entry_id is None:
            return

        def job() -> None:
            version = self._version(entry_id)
            if version is None:
                return self._skip()
            self._call(
                speakers.move_speaker,
                MoveSpeakerIn(entry_id=entry_id, step=step, expected_version=version),
            )

        self._run(job)

    def remove(self) -> None:
        entry_id = self._selected_entry()
        if entry_id is None:
            return

        def job() -> None:
            version = self._version(entry_id)
            if version is None:
                return self._skip()
            self._call(
                speakers.remove_speaker, SpeakerActIn(entry_id=entry_id, expected_version=version)
            )

        self._run(job)

    def start_next(self) -> None:
        """N: the first in the queue gets the floor (as the list stood at the key)."""
        data = self.data
        if data is None or not data.queue:
            return
        entry_id = data.queue[0].id

        def job() -> None:
            version = self._version(entry_id)
            if version is None:
                return self._skip()
            self._call(
                speakers.start_speaker, SpeakerActIn(entry_id=entry_id, expected_version=version)
            )

        self._run(job)

    def stop(self) -> None:
        data = self.data
        if data is None or data.current is None:
            return
        entry_id = data.current.id

        def job() -> None:
            version = self._version(entry_id)
            if version is None:
                return self._skip()
            self._call(
                speakers.stop_speaker, SpeakerActIn(entry_id=entry_id, expected_version=version)
            )

        self._run(job)

    # --- the body's settings ---------------------------------------------------------------

    def edit_settings(self) -> None:
        data = self.data
        if data is None:
            return
        dialog = SpeakerSettingsDialog(data.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.state.call(
            speakers.set_speaker_settings,
            dialog.value(),
            on_done=lambda _r: self.reload(),
            on_error=self._failed,
        )


class SpeakerSettingsDialog(QDialog):
    """The body's rules for the speakers' list: time per innlegg and per replikk,
    replikkar per innlegg, and whether the minutes list who spoke."""

    def __init__(self, settings: SpeakerSettingsOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speaker_settings_dialog")
        self.setWindowTitle(_("Talarlista i {body}").format(body=settings.body_name))
        self.settings = settings
        none = _("Inga grense")
        self.innlegg = self._seconds(settings.innlegg_seconds, none, "speaker_innlegg_seconds")
        self.replikk = self._seconds(settings.replikk_seconds, none, "speaker_replikk_seconds")
        self.max_replikkar = QSpinBox()
        self.max_replikkar.setObjectName("speaker_max_replikkar")
        self.max_replikkar.setRange(-1, 100)
        self.max_replikkar.setSpecialValueText(none)
        value = settings.max_replikkar
        self.max_replikkar.setValue(-1 if value is None else value)
        self.in_minutes = QCheckBox(_("Før talarane i møteboka (nye godkjenningar)"))
        self.in_minutes.setObjectName("speaker_in_minutes")
        self.in_minutes.setChecked(settings.in_minutes)
        form = QFormLayout()
        form.addRow(_("Taletid per innlegg:"), self.innlegg)
        form.addRow(_("Taletid per replikk:"), self.replikk)
        form.addRow(_("Replikkar per innlegg:"), self.max_replikkar)
        form.addRow(self.in_minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _seconds(value: int | None, none: str, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(0, 3600)
        box.setSingleStep(15)
        box.setSuffix(_(" sekund"))
        box.setSpecialValueText(none)
        box.setValue(value or 0)
        return box

    def value(self) -> SpeakerSettingsIn:
        return SpeakerSettingsIn(
            body_code=self.settings.body_code,
            innlegg_seconds=self.innlegg.value() or None,
            replikk_seconds=self.replikk.value() or None,
            max_replikkar=None if self.max_replikkar.value() < 0 else self.max_replikkar.value(),
            in_minutes=self.in_minutes.isChecked(),
            expected_version=self.settings.version,
        )
