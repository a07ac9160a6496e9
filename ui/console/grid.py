"""The roll-call grid of a vote, filled entirely from the keyboard.

Keys: F = For, M = Mot, B = Blank (elections only), 1–9 = candidate in an election,
A = alle (resterande) for, Shift+A = alle resterande mot, Delete = clear, arrows / Enter
to move, / then the first letters of a name = jump to it (Enter or Esc ends the jump).
Every change is announced with `ballots_changed`, which the console saves as a draft at
once. A recorded vote is shown read-only with its stored ballots.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from dvmeet.i18n import _
from dvmeet.services.attendance.models import Voter
from ui.console.keys import strong_selection

FOR, MOT, BLANK = "for", "mot", "blank"
_Index = QModelIndex | QPersistentModelIndex
COLOURS = {FOR: QColor("#d7f0d9"), MOT: QColor("#f6d5d3"), BLANK: QColor("#e4e4e4")}


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str


class VoteGridModel(QAbstractTableModel):
    """Rows: the eligible voters of the case. Columns: name, municipality, ballot."""

    COLUMNS = 3  # name, municipality, ballot

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voters: list[Voter] = []
        self.ballots: dict[int, str] = {}
        self.election = False
        self.candidates: list[Candidate] = []
        self.for_word = _("For")
        self.mot_word = _("Mot")

    def reset(
        self,
        voters: list[Voter],
        ballots: dict[int, str],
        *,
        election: bool = False,
        candidates: list[Candidate] | None = None,
        for_word: str | None = None,
        mot_word: str | None = None,
    ) -> None:
        self.beginResetModel()
        self.voters = list(voters)
        eligible = {v.person_id for v in voters}
        self.ballots = {p: c for p, c in ballots.items() if p in eligible}
        self.election = election
        self.candidates = list(candidates or [])
        self.for_word = for_word or _("For")
        self.mot_word = mot_word or _("Mot")
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.voters)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMNS:
                return (_("Namn"), _("Kommune"), _("Røyst"))[section]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def choice_text(self, choice: str | None) -> str:
        if choice is None:
            return "–"
        if choice == FOR:
            return self.for_word
        if choice == MOT:
            return self.mot_word
        if choice == BLANK:
            return _("Blank")
        for i, c in enumerate(self.candidates, start=1):
            if str(c.person_id) == choice:
                return f"{i}: {c.name}"
        return choice

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self.voters)):
            return None
        voter = self.voters[index.row()]
        choice = self.ballots.get(voter.person_id)
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return voter.name + (_(" (vara)") if voter.is_deputy else "")
            if col == 1:
                return voter.municipality_name
            if col == 2:
                return self.choice_text(choice)
        if role == Qt.ItemDataRole.BackgroundRole and col == 2 and choice is not None:
            colour = COLOURS.get(choice, COLOURS[FOR])
            return QBrush(colour)
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and choice is not None:
            return QBrush(QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.UserRole:
            return voter.person_id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_choice(self, row: int, choice: str | None) -> None:
        person = self.voters[row].person_id
        if choice is None:
            self.ballots.pop(person, None)
        else:
            self.ballots[person] = choice
        cell = self.index(row, 2)
        self.dataChanged.emit(cell, cell)

    def fill_empty(self, choice: str) -> None:
        for person in (v.person_id for v in self.voters):
            self.ballots.setdefault(person, choice)
        if self.voters:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.voters) - 1, 2))

    @property
    def complete(self) -> bool:
        return all(v.person_id in self.ballots for v in self.voters)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for choice in self.ballots.values():
            out[choice] = out.get(choice, 0) + 1
        return out


class VoteGrid(QTableView):
    """The keyboard-driven view of the grid."""

    ballots_changed = Signal(object)  # dict[int, str]
    submit_requested = Signal()
    jump_changed = Signal(object)  # the letters typed after "/", None when not jumping

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = VoteGridModel(self)
        self.setModel(self.grid)
        self.setObjectName("vote_grid")
        self.setAccessibleName(_("Røystegrid"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the record button
        strong_selection(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(110)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))  # never under 11 pt
        self.setFont(font)
        # rows as low as the type allows: twenty voters in view on a 1366×768 laptop
        rows = self.verticalHeader()
        rows.setMinimumSectionSize(self.fontMetrics().height() + 3)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 3)
        self.jump: str | None = None  # the first letters of a name, typed after "/"
        self.read_only = False  # a recorded vote: its ballots shown, not changed

    def load(
        self,
        voters: list[Voter],
        ballots: dict[int, str],
        *,
        election: bool = False,
        candidates: list[Candidate] | None = None,
        for_word: str | None = None,
        mot_word: str | None = None,
    ) -> None:
        self.grid.reset(
            voters,
            ballots,
            election=election,
            candidates=candidates,
            for_word=for_word,
            mot_word=mot_word,
        )
        first_empty = next(
            (i for i, v in enumerate(voters) if v.person_id not in self.grid.ballots), 0
        )
        if voters:
            self.setCurrentIndex(self.grid.index(first_empty, 2))

    def focus_first_empty(self) -> None:
        rows = self.grid.rowCount()
        if rows:
            first_empty = next(
                (i for i, v in enumerate(self.grid.voters) if v.person_id not in self.grid.ballots),
                self.current_row(),
            )
            self.setCurrentIndex(self.grid.index(first_empty, 2))
            self.scrollTo(self.currentIndex())
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else 0

    def _move(self, step: int) -> None:
        rows = self.grid.rowCount()
        if rows:
            row = max(0, min(rows - 1, self.current_row() + step))
            self.setCurrentIndex(self.grid.index(row, 2))

    def _choose(self, choice: str | None, advance: bool = True) -> None:
        if not self.grid.rowCount() or self.read_only:
            return
        self.grid.set_choice(self.current_row(), choice)
        self.ballots_changed.emit(dict(self.grid.ballots))
        if advance:
            self._move(1)

    # --- jump to a name ---------------------------------------------------------------

    def start_jump(self) -> None:
        self.jump = ""
        self.jump_changed.emit(self.jump)

    def end_jump(self) -> None:
        if self.jump is not None:
            self.jump = None
            self.jump_changed.emit(None)

    def _jump_to(self, letters: str) -> bool:
        """The first voter, from the top, with a name (or a word of it) starting so."""
        wanted = letters.casefold()
        for row, voter in enumerate(self.grid.voters):
            words = voter.name.casefold().split()
            if voter.name.casefold().startswith(wanted) or any(w.startswith(wanted) for w in words):
                self.setCurrentIndex(self.grid.index(row, 2))
                self.scrollTo(self.currentIndex())
                return True
        return False

    def _jump_key(self, event: QKeyEvent) -> bool:
        """A key while jumping: letters narrow the name; Enter/Esc end it (True: used)."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.end_jump()
            return True
        if key == Qt.Key.Key_Backspace:
            assert self.jump is not None
            self.jump = self.jump[:-1]
            if self.jump:
                self._jump_to(self.jump)
            self.jump_changed.emit(self.jump)
            return True
        text = event.text()
        if text and (text.isalpha() or text in " -'"):
            assert self.jump is not None
            if self._jump_to(self.jump + text):
                self.jump += text
            self.jump_changed.emit(self.jump)
            return True
        self.end_jump()  # any other key ends the jump and does what it does
        return False

    def event(self, event: QEvent) -> bool:
        """While jumping, or in an election (B = blank), the letters belong to the grid,
        not to the console's one-letter shortcuts (G, B)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not (
                event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            )
            if plain and (
                self.jump is not None or (self.grid.election and event.key() == Qt.Key.Key_B)
            ):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.jump is not None and self._jump_key(event):
            return
        if key == Qt.Key.Key_Slash or event.text() == "/":
            self.start_jump()
            return
        if mods & Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.submit_requested.emit()
            return
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        election = self.grid.election
        if key == Qt.Key.Key_F and not election:
            self._choose(FOR)
        elif key == Qt.Key.Key_M and not election:
            self._choose(MOT)
        elif key == Qt.Key.Key_B and election:
            self._choose(BLANK)
        elif election and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            n = key - Qt.Key.Key_1
            if n < len(self.grid.candidates):
                self._choose(str(self.grid.candidates[n].person_id))
        elif key == Qt.Key.Key_A and not election and not self.read_only:
            # A: alle (resterande) for; Shift+A: alle resterande mot
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.grid.fill_empty(MOT if shift else FOR)
            self.ballots_changed.emit(dict(self.grid.ballots))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose(None, advance=False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._move(1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):  # the first / the last voter
            self._move(-self.grid.rowCount() if key == Qt.Key.Key_Home else self.grid.rowCount())
        else:
            super().keyPressEvent(event)
