"""A table model over a list of pydantic rows, described by columns, and its sort proxy.

Every column gives its text and a sort key (Norwegian order for text: æ, ø, å after z),
so the proxy sorts by SORT_ROLE and filters on the text shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from ui.registry.formats import nb_key

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None  # default: the text in Norwegian order
    width: int = 0  # in average characters; 0 stretches the column
    right: bool = False
    tooltip: Callable[[T], str | None] | None = None
    muted: Callable[[T], bool] | None = None  # shown greyed and in italics
    color: Callable[[T], QColor | None] | None = None  # a row that must stand out
    bold: Callable[[T], bool] | None = None


def date_sort(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class RowsModel(QAbstractTableModel, Generic[T]):
    """Read-only rows; `rows` are replaced as a whole when a result arrives."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: Index) -> T | None:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            return self.rows[index.row()]
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else nb_key(column.text(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        muted = column.muted is not None and column.muted(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = column.color(row) if column.color is not None else None
            if color is None and muted:
                color = QApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
            return color
        if role == Qt.ItemDataRole.FontRole:
            bold = column.bold is not None and column.bold(row)
            if not (muted or bold):
                return None
            font = QFont()
            font.setItalic(muted)
            font.setBold(bold)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters case-insensitively on every column's text."""

    def __init__(self, source: QAbstractTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        self.setFilterRegularExpression(
            QRegularExpression(
                QRegularExpression.escape(text.strip()),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
        )


def make_table(
    model: RowsModel[Any],
    name: str,
    parent: QWidget | None = None,
    *,
    sortable: bool = True,
    sort_column: int = 0,
) -> tuple[QTableView, SortProxy]:
    """A calm, keyboard-friendly table: whole rows, alternating colours, no grid."""
    proxy = SortProxy(model, parent)
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(proxy)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    char = view.fontMetrics().averageCharWidth()
    stretched = False
    for i, column in enumerate(model.columns):
        if column.width:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, column.width * char + 16)
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            stretched = True
    if not stretched:
        header.setStretchLastSection(True)
    if sortable:
        view.setSortingEnabled(True)
        view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    return view, proxy


def selected_row(view: QTableView) -> Any:
    """The pydantic row behind the current row of `view`, or None."""
    index = view.currentIndex()
    if not index.isValid():
        return None
    return index.siblingAtColumn(0).data(ROW_ROLE)


def select_where(view: QTableView, match: Callable[[Any], bool]) -> bool:
    """Make the first row whose pydantic row matches current; False when none does."""
    model = view.model()
    for r in range(model.rowCount()):
        index = model.index(r, 0)
        if match(index.data(ROW_ROLE)):
            view.setCurrentIndex(index)
            view.scrollTo(index)
            return True
    return False
