"""The Fiks Arkiv hand-off and the archive references in the møtebok's export box (issue
19), through the real buttons: «Arkiver …» writes the hand-off into the chosen folder,
«Arkivreferansar …» edits a reference (a bad one refused under the form, nothing saved)
and reads the archive's receipt back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import archive
from ui.archive import refs_dialog
from ui.archive.refs_dialog import ArchiveRefsDialog
from ui.meetings import export
from ui.meetings.view import MeetingsView
from ui.state import AppState
from ui.table import select_where


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "arkiv"
    target.mkdir()
    monkeypatch.setattr(export, "choose_folder", lambda _parent, _title: target)
    return target


def _panel(qtbot: QtBot, state: AppState) -> tuple[MeetingsView, int]:
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    approved = view.meeting  # the demo's meetings are held and approved
    assert approved is not None and approved.status is MeetingStatus.APPROVED
    view.tabs.setCurrentWidget(view.minutes_panel)
    wait_idle(qtbot, state)
    return view, approved.id


def test_arkiver_writes_the_hand_off(qtbot: QtBot, state: AppState, folder: Path) -> None:
    view, _meeting_id = _panel(qtbot, state)
    panel = view.minutes_panel
    assert panel.export_fiks.isEnabled() and panel.export_fiks.text() == "Arkiver …"
    qtbot.mouseClick(panel.export_fiks, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    (written,) = folder.iterdir()
    assert written.name.startswith("Arkivmelding ")
    names = sorted(p.name for p in written.iterdir())
    assert "01_moetemappe.xml" in names
    assert any(n.startswith("moetebok_") and n.endswith(".pdf") for n in names)
    assert panel.message.isVisible() and written.name in panel.message.text()


def test_archive_references_by_hand_and_from_a_receipt(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view, meeting_id = _panel(qtbot, state)
    panel = view.minutes_panel
    qtbot.mouseClick(panel.archive_refs, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(ArchiveRefsDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    wait_idle(qtbot, state)
    assert dialog.model.rowCount() >= 2  # the meeting and its cases
    assert dialog.editing.text().startswith("Endrar: Møtet i ")

    # a bad year: refused under the form, nothing saved
    qtbot.keyClicks(dialog.case_year, "24")
    qtbot.keyClicks(dialog.case_sequence, "17")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.message.isVisible() and "Saksår: må vere eit årstal" in dialog.message.text()
    assert archive.archive_references(state.ctx, meeting_id).meeting.version == 0

    dialog.case_year.setText("2024")
    qtbot.keyClicks(dialog.series, "MØTEBØKER")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    stored = archive.archive_references(state.ctx, meeting_id).meeting
    assert (stored.case_number, stored.series) == ("2024/17", "MØTEBØKER")
    assert "Lagra" in dialog.message.text()

    # the archive's receipt for the first case
    refs = archive.archive_references(state.ctx, meeting_id)
    case = refs.cases[0]
    handoff = archive.arkivmelding_handoff(state.ctx, meeting_id)
    key = next(c.key for c in handoff.cases if c.key.endswith(f"/sak/{case.case_id}"))
    receipt = tmp_path / "kvittering.xml"
    receipt.write_text(
        "<kvittering><registreringKvittering><referanseEksternNoekkel>"
        f"<fagsystem>dvmeet</fagsystem><noekkel>{key}</noekkel></referanseEksternNoekkel>"
        "<saksaar>2024</saksaar><sakssekvensnummer>18</sakssekvensnummer>"
        "<journalpostnummer>3</journalpostnummer></registreringKvittering></kvittering>",
        encoding="utf-8",
    )
    monkeypatch.setattr(refs_dialog, "choose_receipt", lambda _parent: receipt)
    qtbot.mouseClick(dialog.receipt_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "Las 1 referansar" in dialog.message.text()
    assert select_where(dialog.table, lambda r: r.case_id == case.case_id)
    assert dialog.case_sequence.text() == "18" and dialog.record_number.text() == "3"
    dialog.close()
