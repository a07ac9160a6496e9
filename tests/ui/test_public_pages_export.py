"""The public web pages (issue 20) saved from the Møte view and from the møtebok's export
box, through the real buttons, into the folder the user chose."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import meetings
from ui.meetings import export
from ui.meetings.view import MeetingsView
from ui.state import AppState


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "nettside"
    target.mkdir()
    monkeypatch.setattr(export, "choose_folder", lambda _parent, _title: target)
    return target


def test_save_the_public_pages_of_a_meeting(qtbot: QtBot, state: AppState, folder: Path) -> None:
    assert state.ctx is not None
    # the demo's latest approved meeting (it also has one under way and one planned)
    latest = [
        m.id for m in meetings.list_meetings(state.ctx) if m.status is MeetingStatus.APPROVED
    ][-1]
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.select_meeting(latest)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    approved = view.meeting
    assert approved is not None and approved.status is MeetingStatus.APPROVED
    assert view.export_pages_button.isVisible() and view.export_pages_button.isEnabled()
    qtbot.mouseClick(view.export_pages_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    stem = f"{approved.body_code} {approved.date:%Y-%m-%d} offentleg.html"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"Innkalling {stem}", f"Møtebok {stem}"]
    for name in names:
        page = (folder / name).read_text(encoding="utf-8")
        assert page.startswith('<!DOCTYPE html>\n<html lang="nn">')
        assert "Offentleg versjon" in page and "Intern versjon" not in page
    for path in folder.iterdir():
        path.unlink()
    panel = view.minutes_panel
    view.tabs.setCurrentWidget(panel)
    assert panel.export_pages.isEnabled()
    qtbot.mouseClick(panel.export_pages, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert panel.message.isVisible() and "Møtebok" in panel.message.text()
