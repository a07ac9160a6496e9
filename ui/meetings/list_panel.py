"""The top of the Møte view: body and year pickers, and the meeting list.

Shared by the view and by its first look (ui.meetings.preview), which is shown before the
core is loaded, so this module must not import SQLAlchemy or pydantic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from dvmeet.i18n import _
from ui.meetings.models import MeetingListModel, sort_proxy

MARGINS = (12, 10, 12, 8)
SPLIT = [205, 500]  # meeting list above, the chosen meeting below


def saved_year(settings: QSettings) -> int:
    """The year the Møte view was last showing; this year the first time."""
    value = settings.value("meetings/year")
    try:
        return int(str(value)) if value else dt.date.today().year
    except ValueError:
        return dt.date.today().year


def table_view(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    return table


def button(text: str, name: str, tip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


@dataclass
class FilterBar:
    layout: QHBoxLayout
    body_combo: QComboBox
    year_spin: QSpinBox
    plan_button: QPushButton


def filter_bar(year: int) -> FilterBar:
    bar = QHBoxLayout()
    bar.setSpacing(8)
    body_combo = QComboBox()
    body_combo.setObjectName("body_picker")
    body_combo.setAccessibleName(_("Organ"))
    body_combo.setMinimumWidth(220)
    body_label = QLabel(_("&Organ:"))
    body_label.setBuddy(body_combo)
    year_spin = QSpinBox()
    year_spin.setObjectName("year_picker")
    year_spin.setAccessibleName(_("År"))
    year_spin.setRange(2000, 2100)
    year_spin.setValue(year)
    year_label = QLabel(_("&År:"))
    year_label.setBuddy(year_spin)
    plan_button = button(_("Planlegg møte …"), "plan_meeting")
    bar.addWidget(body_label)
    bar.addWidget(body_combo)
    bar.addSpacing(12)
    bar.addWidget(year_label)
    bar.addWidget(year_spin)
    bar.addStretch(1)
    bar.addWidget(plan_button)
    return FilterBar(bar, body_combo, year_spin, plan_button)


def meeting_table(
    model: MeetingListModel, parent: QWidget
) -> tuple[QTableView, QSortFilterProxyModel]:
    """The meeting list, sorted by date, over `model` through a sort proxy."""
    proxy: QSortFilterProxyModel = sort_proxy(model, parent)
    table = table_view("meeting_list", _("Møte"))
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(MeetingListModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(110)
    return table, proxy
