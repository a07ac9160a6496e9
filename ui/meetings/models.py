"""Table models of the Møte view: the meetings of a body and year, and a meeting's cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from dvmeet.domain.enums import MeetingKind, MeetingStatus
from dvmeet.i18n import _
from ui.meetings.words import (
    closure_word,
    date_text,
    form_word,
    kind_word,
    short_status_word,
    time_text,
    weekday,
)

if TYPE_CHECKING:  # pydantic is imported after the window has painted (startup time)
    from dvmeet.services.meetings.models import CaseOut, MeetingSummary
    from dvmeet.services.peek import CaseRow, MeetingRow

    MeetingListRow = MeetingSummary | MeetingRow  # the list, or its first look before the core
    CaseListRow = CaseOut | CaseRow  # a meeting's cases, or the first look's

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str | None] | None = None
    align_center: bool = False


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of pydantic rows; each column says how to show and sort a row."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        row_id: Callable[[T], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._row_id = row_id
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, row: int) -> T:
        return self._rows[row]

    def row_of(self, item_id: int) -> int:
        for i, item in enumerate(self._rows):
            if self._row_id(item) == item_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == SORT_ROLE:
            return column.sort(item) if column.sort is not None else column.text(item).casefold()
        if role == ID_ROLE:
            return self._row_id(item)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_center:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None


def sort_proxy(model: QAbstractTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


# --- Meetings -----------------------------------------------------------------------------


def _meeting_columns() -> list[Column[MeetingListRow]]:
    return [
        Column(
            _("Dato"),
            lambda m: f"{weekday(m.date)[:3]}. {date_text(m.date)}",
            sort=lambda m: f"{m.date.isoformat()} {m.start_time.isoformat()}",
            tooltip=lambda m: f"{weekday(m.date)} {date_text(m.date)}",
        ),
        Column(
            _("Kl."), lambda m: time_text(m.start_time), sort=lambda m: m.start_time.isoformat()
        ),
        Column(_("Stad"), lambda m: m.place, tooltip=lambda m: m.place),
        Column(_("Form"), lambda m: form_word(m.form)),
        Column(
            _("Status"),
            lambda m: short_status_word(m.status),
            sort=lambda m: list(MeetingStatus).index(m.status),
        ),
        Column(
            _("Saker"), lambda m: str(m.case_count), sort=lambda m: m.case_count, align_center=True
        ),
        Column(
            _("Tittel"),
            lambda m: m.title or (kind_word(m.kind) if m.kind is not MeetingKind.ORDINARY else ""),
        ),
    ]


class MeetingListModel(RowsModel["MeetingListRow"]):
    COL_DATE, COL_TIME, COL_PLACE, COL_FORM, COL_STATUS, COL_CASES, COL_TITLE = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_meeting_columns(), lambda m: m.id, parent)


# --- Cases --------------------------------------------------------------------------------


def _closed_text(c: CaseListRow) -> str:
    if not c.closed:
        return ""
    if c.closure_basis is None:
        return _("U.off.")
    return _("U.off., {basis}").format(basis=closure_word(c.closure_basis))


class CaseTableModel(RowsModel["CaseListRow"]):
    COL_LABEL, COL_KIND, COL_TITLE, COL_PUBLIC, COL_CLOSED, COL_PREPARER, COL_VERSION = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        self.version_labels: dict[int, str] = {}
        columns: list[Column[CaseListRow]] = [
            Column(_("Saknr."), lambda c: c.label, sort=lambda c: c.position),
            Column(_("Type"), lambda c: c.kind.value, align_center=True),
            Column(
                _("Tittel"),
                lambda c: c.title + (_(" (fast sak)") if c.standing else ""),
                tooltip=lambda c: c.recommendation or None,
            ),
            Column(_("Offentleg tittel"), lambda c: c.public_title or "" if c.closed else ""),
            Column(
                _("U.off."),
                _closed_text,
                tooltip=lambda c: c.closure_reference,
            ),
            Column(_("Sakshandsamar"), lambda c: c.preparer_name or ""),
            Column(_("Dokumentversjon"), self._version_text),
        ]
        super().__init__(columns, lambda c: c.id, parent)

    def _version_text(self, c: CaseListRow) -> str:
        if c.document_version_id is None:
            return ""
        return self.version_labels.get(c.document_version_id, f"#{c.document_version_id}")

    def set_version_labels(self, labels: dict[int, str]) -> None:
        self.version_labels = dict(labels)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.COL_VERSION), self.index(self.rowCount() - 1, self.COL_VERSION)
            )
