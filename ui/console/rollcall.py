"""Roll call per municipality (opprop) and attendance during the meeting (A-1, R-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import Role
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services import attendance
from dvmeet.services.attendance.models import (
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
    RollCallIn,
    RollCallSeat,
    SeatHolder,
)
from dvmeet.services.console.models import ConsoleSnapshot
from ui.colours import accent_colour
from ui.console.keys import InstantButton, readable_font, strong_selection
from ui.console.words import status_word
from ui.errors import confirm

Act = Callable[..., None]
STATUS_ACCENTS = {  # ui.colours roles
    "present": "ok",
    "deputy_for": "info",
    "forfall": "error",
    "left": "warning",
    "not_recorded": "muted",
}


def next_deputy(seat: RollCallSeat) -> SeatHolder | None:
    """R-1: the first deputy in rank who is not meeting and has no forfall."""
    for deputy in sorted(seat.deputies, key=lambda d: d.deputy_rank or 0):
        if deputy.status == "not_recorded":
            return deputy
    return None


def _role_word(holder: SeatHolder) -> str:
    if holder.role is Role.VARAMEDLEM:
        return _("{n}. vara").format(n=holder.deputy_rank or "")
    return label(holder.role)


class NameTree(QTreeWidget):
    """The roll call: typing the first letters of a name (or of the surname) selects the
    person. Letters typed here are not the console's one-letter shortcuts, except a first
    letter in `shortcut_letters` (G to the vote grid while the meeting is under way)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = ""
        self._since = QElapsedTimer()
        self.shortcut_letters: Callable[[], str] = lambda: ""

    def _searching(self) -> bool:
        return bool(self.typed) and (
            self._since.isValid() and self._since.elapsed() <= QApplication.keyboardInputInterval()
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not (
                event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            )
            text = event.text()
            if (
                plain
                and text.isalpha()
                and (self._searching() or text.upper() not in self.shortcut_letters())
            ):
                event.accept()
                return True
        return super().event(event)

    def keyboardSearch(self, search: str) -> None:
        """Letters typed within the key interval add up: «ol» finds Ola (or Olsen)."""
        if not search:
            return
        if not self._since.isValid() or (
            self._since.elapsed() > QApplication.keyboardInputInterval()
        ):
            self.typed = ""
        self._since.restart()
        self.typed += search
        if not self._select_starting(self.typed) and len(self.typed) > 1:
            self.typed = search  # no name goes on so: start again with this letter
            self._select_starting(self.typed)

    def _select_starting(self, letters: str) -> bool:
        wanted = letters.casefold()
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            assert top is not None
            for j in range(top.childCount()):
                item = top.child(j)
                if item is None:
                    continue
                name = item.text(0).casefold()
                if name.startswith(wanted) or any(w.startswith(wanted) for w in name.split()):
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
                    return True
        return False


class RollCallPanel(QWidget):
    """Select a person, then: Til stades, Forfall, Kall inn vara, Kom, Gjekk."""

    opened = Signal()

    def __init__(self, act: Act, say: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._act = act
        self._say = say
        self.clock: Callable[[], dt.datetime] = dt.datetime.now
        self.snapshot: ConsoleSnapshot | None = None
        self.offered: tuple[int, int] | None = None  # (deputy, member)
        self.tree = NameTree()
        self.tree.setObjectName("roll_call_tree")
        self.tree.setAccessibleName(_("Opprop per kommune"))
        self.tree.setHeaderLabels([_("Namn"), _("Rolle"), _("Status")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._update_buttons)
        strong_selection(self.tree)
        readable_font(self.tree)
        self._shape: list[tuple[int, list[int]]] = []  # (municipality, persons) as shown
        self._items: dict[int, QTreeWidgetItem] = {}

        self.present_button = self._button(_("&Til stades"), "present_button", self.mark_present)
        self.all_present_button = self._button(
            _("&Alle til stades"), "all_present_button", self.mark_all_present
        )
        self.all_present_button.setToolTip(
            _("Alle medlemer utan forfall og utan registrering vert førte som til stades.")
        )
        self.forfall_button = self._button(_("&Forfall"), "forfall_button", self.mark_forfall)
        self.deputy_button = self._button(_("Kall inn &vara"), "deputy_button", self.call_deputy)
        self.arrived_button = self._button(_("&Kom"), "arrived_button", self.mark_arrived)
        self.left_button = self._button(_("&Gjekk"), "left_button", self.mark_left)
        self.reason = QLineEdit()
        self.reason.setObjectName("forfall_reason")
        self.reason.setPlaceholderText(_("Grunn for forfall (vert aldri skriven ut)"))
        self.reason.setAccessibleName(_("Grunn for forfall"))
        # The time of the act: in a live meeting the clock, ticking, at the moment of each
        # act, unless the secretary typed another time for the next act; in a meeting
        # recorded afterwards always the time typed (from the notes).
        self.time = QTimeEdit(QTime.currentTime())
        self.time.setObjectName("attendance_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(_("Klokkeslett"))
        self.time.timeChanged.connect(self._time_edited)
        self.time_note = QLabel()
        self.time_note.setObjectName("attendance_time_note")
        self.edited = False  # the secretary typed the time for the next act
        self._ticking = False
        self._afterwards_shown: int | None = None  # the meeting whose start was put in
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.afterwards = QCheckBox(_("Fører inn møtet etterpå frå notat"))
        self.afterwards.setObjectName("afterwards_check")
        self.afterwards.setToolTip(
            _("Kvar tid i møtet vert skriven inn frå notatet, ikkje teken frå klokka no.")
        )
        self.afterwards.toggled.connect(self._afterwards_toggled)
        self.start_time = QTimeEdit(QTime(10, 0))
        self.start_time.setObjectName("afterwards_start")
        self.start_time.setDisplayFormat("HH:mm")
        self.start_time.setAccessibleName(_("Møtet starta kl."))
        self.start_label = QLabel(_("Møtet starta kl.:"))
        self._mode_set_for: int | None = None  # the meeting the mode was first offered for
        self.offer_label = QLabel()
        self.offer_label.setObjectName("deputy_offer")
        self.offer_label.setWordWrap(True)
        self.offer_button = self._button("", "offer_button", self.call_offered)
        self.offer_button.hide()
        self.open_button = self._button(
            _("&Erklær møtet lovleg sett og opna det"), "open_meeting_button", self.open_meeting
        )
        self.open_button.setStyleSheet("QPushButton { font-weight:bold; padding:6px 12px; }")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        row1 = QHBoxLayout()
        for w in (self.present_button, self.all_present_button, self.forfall_button, self.reason):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        row2.addWidget(self.deputy_button)
        row2.addWidget(QLabel(_("Klokka:")))
        row2.addWidget(self.time)
        row2.addWidget(self.time_note)
        row2.addWidget(self.arrived_button)
        row2.addWidget(self.left_button)
        row2.addStretch(1)
        offer = QHBoxLayout()
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.offer_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addLayout(offer)
        layout.addWidget(self.hint)
        opening = QHBoxLayout()
        opening.addWidget(self.afterwards)
        opening.addWidget(self.start_label)
        opening.addWidget(self.start_time)
        opening.addStretch(1)
        layout.addLayout(opening)
        layout.addWidget(self.open_button)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = InstantButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- showing ----------------------------------------------------------------------

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        self.snapshot = snap
        shape = [
            (seat.municipality_id, [h.person_id for h in seat.members + seat.deputies])
            for seat in snap.roll.seats_list
        ]
        if shape == self._shape:
            # the same people in the same places: only the words change, so the selection,
            # the scroll position and the keyboard focus stay where the chair has them
            for seat in snap.roll.seats_list:
                for holder in seat.members + seat.deputies:
                    self._fill(self._items[holder.person_id], seat, holder, snap)
        else:
            self._rebuild(snap, shape)

        started, ended = snap.started, snap.ended
        self.open_button.setVisible(not started and not ended)
        self.open_button.setEnabled(snap.roll.quorate)
        self._show_mode(snap)
        if not started and not ended:
            self.hint.setText(
                _("Opprop: {present} av {seats} sete er fylte. ").format(
                    present=snap.roll.present, seats=snap.roll.seats
                )
                + (
                    _("Organet er vedtaksfør og kan erklærast lovleg sett.")
                    if snap.roll.quorate
                    else _("Organet er ikkje vedtaksfør enno.")
                )
            )
        elif started and snap.case is not None:
            self.hint.setText(
                _("Kom og gjekk vert førte mot saka møtet er på: {label}.").format(
                    label=snap.case.case.label
                )
            )
        else:
            self.hint.setText("")
        self._refresh_offer()
        self._update_buttons()

    def _rebuild(self, snap: ConsoleSnapshot, shape: list[tuple[int, list[int]]]) -> None:
        selected = self.selected_person()
        scroll = self.tree.verticalScrollBar().value()
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self._items = {}
            current: QTreeWidgetItem | None = None
            for seat in snap.roll.seats_list:
                top = QTreeWidgetItem([f"{seat.municipality_number} {seat.municipality_name}"])
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for holder in seat.members + seat.deputies:
                    item = QTreeWidgetItem()
                    item.setData(0, Qt.ItemDataRole.UserRole, holder.person_id)
                    item.setData(1, Qt.ItemDataRole.UserRole, seat.municipality_id)
                    self._fill(item, seat, holder, snap)
                    top.addChild(item)
                    self._items[holder.person_id] = item
                    if holder.person_id == selected:
                        current = item
                self.tree.addTopLevelItem(top)
            self.tree.expandAll()
            if current is not None:
                self.tree.setCurrentItem(current)
        finally:
            self.tree.blockSignals(False)
        self._shape = shape
        self.tree.verticalScrollBar().setValue(scroll)

    def _fill(
        self, item: QTreeWidgetItem, seat: RollCallSeat, holder: SeatHolder, snap: ConsoleSnapshot
    ) -> None:
        status = status_word(holder.status)
        if holder.meeting_for_person_id is not None:
            status += _(" for {name}").format(name=snap.names.get(holder.meeting_for_person_id, ""))
        for col, text in enumerate((holder.name, _role_word(holder), status)):
            if item.text(col) != text:
                item.setText(col, text)
        item.setForeground(2, QBrush(accent_colour(STATUS_ACCENTS.get(holder.status, "muted"))))

    def _refresh_offer(self) -> None:
        snap = self.snapshot
        self.offered = None
        if snap is None or snap.ended:
            self.offer_button.hide()
            self.offer_label.setText("")
            return
        for seat in snap.roll.seats_list:
            sitting = {h.meeting_for_person_id for h in seat.deputies if h.status == "deputy_for"}
            for member in seat.members:
                if member.status == "forfall" and member.person_id not in sitting:
                    deputy = next_deputy(seat)
                    if deputy is not None:
                        self.offered = (deputy.person_id, member.person_id)
                        self.offer_label.setText(
                            _(
                                "{member} har forfall. Neste ledige vara er {deputy} ({rank})."
                            ).format(
                                member=member.name,
                                deputy=deputy.name,
                                rank=_role_word(deputy),
                            )
                        )
                        self.offer_button.setText(_("Kall inn {name}").format(name=deputy.name))
                        self.offer_button.show()
                        return
        self.offer_button.hide()
        self.offer_label.setText("")

    def selected_person(self) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        value = item.data(0, Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def select_person(self, person_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == person_id:
                    self.tree.setCurrentItem(child)
                    return
        raise KeyError(person_id)

    def _holder(self, person_id: int | None) -> tuple[RollCallSeat, SeatHolder] | None:
        if self.snapshot is None or person_id is None:
            return None
        for seat in self.snapshot.roll.seats_list:
            for holder in seat.members + seat.deputies:
                if holder.person_id == person_id:
                    return seat, holder
        return None

    def _update_buttons(self, *args: Any) -> None:
        snap = self.snapshot
        found = self._holder(self.selected_person())
        live = snap is not None and not snap.ended
        started = snap is not None and snap.started
        is_deputy = found is not None and found[1].role is Role.VARAMEDLEM
        status = found[1].status if found else ""
        self.present_button.setEnabled(live and not started and found is not None and not is_deputy)
        self.all_present_button.setEnabled(live and not started and bool(self._unrecorded()))
        self.forfall_button.setEnabled(live and not started and found is not None)
        self.deputy_button.setEnabled(live and is_deputy and status == "not_recorded")
        self.arrived_button.setEnabled(
            live and started and found is not None and not is_deputy and status != "present"
        )
        self.left_button.setEnabled(live and started and status in ("present", "deputy_for"))

    # --- actions ----------------------------------------------------------------------

    def _meeting_id(self) -> int:
        assert self.snapshot is not None
        return self.snapshot.meeting.id

    # --- the time of the act ----------------------------------------------------------

    @property
    def recorded_afterwards(self) -> bool:
        return self.snapshot is not None and self.snapshot.meeting.recorded_afterwards

    def _show_mode(self, snap: ConsoleSnapshot) -> None:
        """Before the opening: live, or recorded afterwards (offered for a meeting whose day
        is past). After it: the clock ticks in a live meeting; recorded afterwards, the
        field starts at the meeting's start and keeps the last time typed."""
        m = snap.meeting
        before = not snap.started and not snap.ended
        if before and self._mode_set_for != m.id:
            self._mode_set_for = m.id
            self.afterwards.setChecked(self.clock().date() > m.date)
            self.start_time.setTime(QTime(m.start_time.hour, m.start_time.minute))
        for w in (self.afterwards, self.start_label, self.start_time):
            w.setVisible(before)
        self._afterwards_toggled(self.afterwards.isChecked())
        if m.recorded_afterwards and m.opened_at is not None and self._afterwards_shown != m.id:
            self._afterwards_shown = m.id
            self._set_time(m.opened_at.time())
            self.edited = True
        self._show_time_note()
        self.tick()

    def _afterwards_toggled(self, checked: bool) -> None:
        self.start_time.setEnabled(checked)
        self.start_label.setEnabled(checked)
        self._show_time_note()
        self.tick()

    def _set_time(self, t: dt.time) -> None:
        self._ticking = True
        try:
            self.time.setTime(QTime(t.hour, t.minute))
        finally:
            self._ticking = False

    def _time_edited(self, *args: Any) -> None:
        if not self._ticking:
            self.edited = True
            self._show_time_note()

    def _typed_only(self) -> bool:
        """Every time is typed: recorded afterwards, or about to be opened so."""
        snap = self.snapshot
        before = snap is not None and not snap.started and not snap.ended
        return self.recorded_afterwards or (before and self.afterwards.isChecked())

    def _show_time_note(self) -> None:
        if self._typed_only():
            note = _("frå notatet")
        elif self.edited:
            note = _("skriven inn for neste handling")
        else:
            note = _("følgjer klokka")
        self.time_note.setText(note)

    def tick(self) -> None:
        """The clock field shows the time now, unless a time was typed for the next act."""
        if self._typed_only() or self.edited:
            return
        self._set_time(self.clock().time())

    def _at(self) -> tuple[int | None, dt.time | None]:
        """The case and the time of an act now: the clock at this moment in a live meeting
        (or the time typed for it), the typed time in a meeting recorded afterwards."""
        snap = self.snapshot
        if snap is None or not snap.started:
            return None, None
        if self.recorded_afterwards or self.edited:
            t = self.time.time()
            at = dt.time(t.hour(), t.minute())
        else:
            at = self.clock().time().replace(second=0, microsecond=0)
        if not self.recorded_afterwards:  # the next act takes the clock again
            self.edited = False
            self._show_time_note()
        return snap.current_case_id, at

    def mark_present(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._act(
                attendance.mark_present, PresenceIn(meeting_id=self._meeting_id(), person_id=person)
            )

    def _unrecorded(self) -> list[int]:
        """The members (not deputies) with nothing recorded yet, in the seat order."""
        snap = self.snapshot
        if snap is None:
            return []
        return [
            m.person_id
            for seat in snap.roll.seats_list
            for m in seat.members
            if m.status == "not_recorded"
        ]

    def mark_all_present(self) -> None:
        """«Alle til stades»: every member not yet recorded is present, in one step; a
        forfall already marked stays (mark the forfall first, then this)."""
        persons = self._unrecorded()
        if persons:
            self._act(
                attendance.record_roll_call,
                RollCallIn(meeting_id=self._meeting_id(), present=persons),
            )

    def mark_forfall(self) -> None:
        person = self.selected_person()
        if person is not None:
            reason = self.reason.text().strip() or None
            self.reason.clear()
            self._act(
                attendance.mark_forfall,
                ForfallIn(meeting_id=self._meeting_id(), person_id=person, reason=reason),
            )

    def call_deputy(self) -> None:
        found = self._holder(self.selected_person())
        if found is None:
            return
        seat, deputy = found
        member = next(
            (m for m in seat.members if m.status in ("forfall", "not_recorded", "left")),
            None,
        )
        if member is None:
            self._say(
                _("Medlemen frå {m} møter; ingen vara skal inn.").format(m=seat.municipality_name)
            )
            return
        self._call(deputy.person_id, member.person_id)

    def call_offered(self) -> None:
        if self.offered is not None:
            self._call(*self.offered)

    def _call(self, deputy: int, member: int) -> None:
        case_id, at = self._at()
        self._act(
            attendance.call_deputy,
            DeputyIn(
                meeting_id=self._meeting_id(),
                deputy_person_id=deputy,
                for_person_id=member,
                case_id=case_id,
                at_time=at,
            ),
        )

    def mark_arrived(self) -> None:
        person = self.selected_person()
        case_id, at = self._at()
        if person is not None and case_id is not None:
            self._act(
                attendance.mark_present,
                PresenceIn(
                    meeting_id=self._meeting_id(), person_id=person, case_id=case_id, at_time=at
                ),
            )

    def mark_left(self) -> None:
        person = self.selected_person()
        case_id, at = self._at()
        if person is not None and case_id is not None:
            self._act(
                attendance.mark_left,
                PresenceIn(
                    meeting_id=self._meeting_id(), person_id=person, case_id=case_id, at_time=at
                ),
            )

    def open_meeting(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        m = snap.meeting
        if self.afterwards.isChecked():
            t = self.start_time.time()
            data = OpenMeetingIn(
                meeting_id=m.id,
                afterwards=True,
                opened_at=dt.datetime.combine(m.date, dt.time(t.hour(), t.minute())),
            )
        else:
            now = self.clock().replace(second=0, microsecond=0)
            early = now.date() < m.date
            if early and not confirm(
                self,
                _("Opne møtet før møtedagen"),
                _(
                    "Møtet er sett opp til {date}, og i dag er {today}. Vil du opne det no, "
                    "før møtedagen?"
                ).format(date=f"{m.date:%d.%m.%Y}", today=f"{now:%d.%m.%Y}"),
                _("Opne møtet no"),
            ):
                return
            data = OpenMeetingIn(meeting_id=m.id, opened_at=now, before_date_confirmed=early)
        self._act(attendance.open_meeting, data)
        self.opened.emit()
