"""Table models of the Avtale view: municipalities × milestones, and the cost shares."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from dvmeet.domain.agreement import MilestoneState
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.agreement.models import MilestoneCell, MilestoneOut, OverviewRow
from dvmeet.services.cost_shares.models import CostShareLineOut
from ui.agreement.words import (
    STATE_SYMBOLS,
    fmt_date,
    money,
    outcome_label,
    percent,
    short_date,
    signed_money,
    state_word,
    tint,
    track_header,
)
from ui.registry.formats import nb_key
from ui.table import ROW_ROLE, SORT_ROLE, Column, Index

STATE_ROLE = Qt.ItemDataRole.UserRole + 3

# fixed columns before and after the milestone cells
_LEADING = 2  # Nr., Kommune
_TRAILING = 2  # Utfall, Merknad


def cell_text(cell: MilestoneCell) -> str:
    symbol = STATE_SYMBOLS[cell.state]
    if cell.state is MilestoneState.DONE and cell.done_on:
        return f"{symbol} {fmt_date(cell.done_on)}"
    if cell.state is MilestoneState.DONE_LATE and cell.done_on:
        return _("{symbol} {date} (seint)").format(symbol=symbol, date=fmt_date(cell.done_on))
    return f"{symbol} {state_word(cell.state)}"


def cell_tooltip(cell: MilestoneCell, milestone: MilestoneOut | None) -> str:
    name = milestone.name if milestone else track_header(cell.track)
    text = _("{name}\nFrist: {due}\nStatus: {state}").format(
        name=name, due=fmt_date(cell.due_on), state=state_word(cell.state)
    )
    if cell.done_on:
        text += "\n" + _("Gjort: {date}").format(date=fmt_date(cell.done_on))
    return text


def decision_text(row: OverviewRow) -> str:
    st = row.status
    if st.council_outcome is None:
        return ""
    word = outcome_label(st.council_outcome)
    if st.council_outcome is AgreementOutcome.POSTPONED:  # the cell shows no date for it
        return f"{word} {fmt_date(st.council_decision_on)}".strip()
    return word


def remark_text(row: OverviewRow) -> str:
    st = row.status
    parts = []
    if st.change_of_principle:
        parts.append(_("prinsipiell endring"))
    if st.amendments:
        parts.append(_("{n} tillegg").format(n=st.amendments))
    if st.contacts:
        parts.append(
            _("1 kontakt") if st.contacts == 1 else _("{n} kontaktar").format(n=st.contacts)
        )
    return ", ".join(parts)


class OverviewModel(QAbstractTableModel):
    """Every municipality (row) against every tracked milestone (column), coloured by state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[OverviewRow] = []
        self.milestones: list[MilestoneOut] = []  # the tracked ones, in order

    def set_rows(self, rows: list[OverviewRow], milestones: list[MilestoneOut]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.milestones = [m for m in milestones if m.track is not None]
        self.endResetModel()

    def milestone_columns(self) -> int:
        return len(self.milestones)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _LEADING + len(self.milestones) + _TRAILING

    def _cell(self, row: OverviewRow, column: int) -> MilestoneCell | None:
        i = column - _LEADING
        if 0 <= i < len(row.cells):
            return row.cells[i]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return row
        n = len(self.milestones)
        if _LEADING <= col < _LEADING + n:
            return self._cell_data(row, col, role)
        st = row.status
        if col == 0:
            text, key = st.municipality_number, st.municipality_number
        elif col == 1:
            text, key = st.municipality_name, nb_key(st.municipality_name)
        elif col == _LEADING + n:
            text = decision_text(row)
            key = (st.council_outcome.value if st.council_outcome else "~") + fmt_date(
                st.council_decision_on
            )
            if role == Qt.ItemDataRole.FontRole and st.council_outcome is AgreementOutcome.DECLINE:
                font = QFont()
                font.setBold(True)
                return font
        else:
            text = remark_text(row)
            key = nb_key(text) if text else "~"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == SORT_ROLE:
            return key
        if role == Qt.ItemDataRole.ToolTipRole and col == _LEADING + n + 1 and text:
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _cell_data(self, row: OverviewRow, col: int, role: int) -> Any:
        cell = self._cell(row, col)
        if cell is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(cell)
        if role == SORT_ROLE:
            order = list(MilestoneState).index(cell.state)
            return f"{order}{cell.done_on.isoformat() if cell.done_on else ''}"
        if role == STATE_ROLE:
            return cell.state
        if role == Qt.ItemDataRole.BackgroundRole:
            return tint(cell.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            milestone = self.milestones[col - _LEADING]
            return cell_tooltip(cell, milestone)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and cell.state in (
            MilestoneState.NOT_DUE,
            MilestoneState.NOT_APPLICABLE,
        ):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        n = len(self.milestones)
        if not (0 <= section < _LEADING + n + _TRAILING):
            return None
        if _LEADING <= section < _LEADING + n:
            m = self.milestones[section - _LEADING]
            assert m.track is not None
            if role == Qt.ItemDataRole.DisplayRole:
                return _("{what} (frist {date})").format(
                    what=track_header(m.track), date=short_date(m.due_on)
                )
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{m.name}: {fmt_date(m.due_on)}"
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Nr.")
        if section == 1:
            return _("Kommune")
        if section == _LEADING + n:
            return _("Utfall")
        return _("Merknad")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _not_participating(line: CostShareLineOut) -> bool:
    return line.amount is None


def cost_columns() -> list[Column[CostShareLineOut]]:
    def amount_sort(value: int | None) -> int:
        return value if value is not None else -(2**62)

    return [
        Column(_("Nr."), lambda ln: ln.municipality_number, width=6),
        Column(_("Kommune"), lambda ln: ln.municipality_name, width=18, muted=_not_participating),
        Column(
            _("Folketal"),
            lambda ln: f"{ln.population:,}".replace(",", "\u00a0") if ln.population else "",
            sort=lambda ln: ln.population or 0,
            width=10,
            right=True,
        ),
        Column(
            _("Beløp"),
            lambda ln: money(ln.amount) if ln.amount is not None else _("ikkje deltakar"),
            sort=lambda ln: amount_sort(ln.amount),
            width=14,
            right=True,
            muted=_not_participating,
        ),
        Column(
            _("Tak"),
            lambda ln: label(ln.bound) if ln.bound else "",
            width=18,
            tooltip=lambda ln: (
                _("Utan tak: {amount}").format(amount=money(ln.model_amount)) if ln.bound else ""
            ),
        ),
        Column(
            _("I fjor"),
            lambda ln: money(ln.last_year),
            sort=lambda ln: amount_sort(ln.last_year),
            width=14,
            right=True,
        ),
        Column(
            _("Endring"),
            lambda ln: signed_money(ln.change),
            sort=lambda ln: amount_sort(ln.change),
            width=13,
            right=True,
        ),
        Column(
            _("Endring %"),
            lambda ln: percent(ln.change_percent),
            sort=lambda ln: round((ln.change_percent or 0.0) * 100),
            right=True,
        ),
    ]
