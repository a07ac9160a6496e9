"""The Møte view's table models pass pytest-qt's model tester, bare and behind the proxy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from dvmeet.services import meetings
from ui.meetings.models import (
    ID_ROLE,
    SORT_ROLE,
    CaseTableModel,
    MeetingListModel,
    sort_proxy,
)
from ui.state import AppState


def test_meeting_list_model(qtmodeltester: ModelTester, state: AppState) -> None:
    assert state.ctx is not None
    rows = meetings.list_meetings(state.ctx, "RS")
    assert rows
    model = MeetingListModel()
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = sort_proxy(model)
    proxy.sort(MeetingListModel.COL_DATE)
    qtmodeltester.check(proxy)
    first = proxy.index(0, MeetingListModel.COL_DATE)
    assert proxy.data(first, ID_ROLE) == min(rows, key=lambda m: m.date).id
    assert isinstance(proxy.data(first, SORT_ROLE), str)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Dato"


def test_case_table_model(qtmodeltester: ModelTester, state: AppState) -> None:
    assert state.ctx is not None
    summary = meetings.list_meetings(state.ctx, "RS")[0]
    meeting = meetings.get_meeting(state.ctx, summary.id)
    model = CaseTableModel()
    model.set_rows(meeting.cases)
    model.set_version_labels({1: "Mandat, versjon 1"})
    qtmodeltester.check(model)
    proxy = sort_proxy(model)
    proxy.sort(CaseTableModel.COL_LABEL)
    qtmodeltester.check(proxy)
    labels = [proxy.index(r, CaseTableModel.COL_LABEL).data() for r in range(proxy.rowCount())]
    assert labels == [c.label for c in sorted(meeting.cases, key=lambda c: c.position)]
