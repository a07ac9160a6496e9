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
from dvmeet.services import archive, meetings
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

    # the demo's references of the meeting are shown to edit
    before = archive.archive_references(state.ctx, meeting_id).meeting
    assert before.version >= 1 and before.case_number is not None
    assert dialog.case_year.text() == str(before.case_year)
    for field in (dialog.case_year, dialog.case_sequence, dialog.series):
        field.clear()

    # a bad year: refused under the form, nothing saved
    qtbot.keyClicks(dialog.case_year, "24")
    qtbot.keyClicks(dialog.case_sequence, "17")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.message.isVisible() and "Saksår: må vere eit årstal" in dialog.message.text()
    assert archive.archive_references(state.ctx, meeting_id).meeting == before

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


def test_sign_the_minutes_twice_and_see_both(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.signing_kit import make_ca
    from ui.archive import sign_dialog
    from ui.archive.sign_dialog import SignMinutesDialog

    ca = make_ca()
    view, meeting_id = _panel(qtbot, state)
    panel = view.minutes_panel
    assert panel.sign_button.isVisible()
    qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(SignMinutesDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    wait_idle(qtbot, state)
    assert dialog.signatures.item(0).text() == "Ingen har signert enno."
    assert not dialog.save_button.isEnabled()

    for n, (name, password) in enumerate((("Kari Leiar", "pw-1"), ("Ola Medlem", "pw-2"))):
        p12 = tmp_path / f"{n}.p12"
        p12.write_bytes(ca.issue(name, password))
        monkeypatch.setattr(sign_dialog, "choose_certificate", lambda _p, f=p12: f)
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        assert dialog.certificate.text() == str(p12)
        if n == 0:  # a wrong password first: refused under the form, nothing signed
            qtbot.keyClicks(dialog.password, "feil")
            qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
            wait_idle(qtbot, state)
            assert "feil passord" in dialog.message.text()
            assert dialog.signatures.item(0).text() == "Ingen har signert enno."
            dialog.password.clear()
        qtbot.keyClicks(dialog.password, password)
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, state)
        assert f"Signert av {name}." == dialog.message.text()
        assert dialog.password.text() == ""
    lines = [dialog.signatures.item(i).text() for i in range(dialog.signatures.count())]
    assert len(lines) == 2
    assert lines[0].startswith("1. Kari Leiar, ") and lines[1].startswith("2. Ola Medlem, ")
    # no trust root set up here: valid, the issuer not trusted
    assert all(line.endswith(": gyldig, men utferdaren er ikkje tiltrudd") for line in lines)
    assert dialog.trust_note.text().startswith("Ingen tillitsrøter er sette opp")

    target = tmp_path / "signert"
    target.mkdir()
    monkeypatch.setattr(export, "choose_folder", lambda _parent, _title: target)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    (saved,) = target.iterdir()
    assert saved.name.endswith("signert.pdf")
    assert saved.read_bytes() == archive_signed(state, meeting_id)
    dialog.close()


def archive_signed(state: AppState, meeting_id: int) -> bytes:
    from dvmeet.services import signing

    data = signing.signed_minutes_pdf(state.ctx, meeting_id)
    assert data is not None
    return data


def test_a_reference_saved_elsewhere_meanwhile_is_not_overwritten(
    qtbot: QtBot, state: AppState
) -> None:
    view, meeting_id = _panel(qtbot, state)
    panel = view.minutes_panel
    qtbot.mouseClick(panel.archive_refs, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(ArchiveRefsDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    wait_idle(qtbot, state)
    # someone else saves the meeting's journal post number after the dialog read it
    archive.set_archive_reference(
        state.ctx, archive.ArchiveRefIn(meeting_id=meeting_id, record_number=41)
    )
    qtbot.keyClicks(dialog.record_number, "7")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert "Endra av nokon andre" in dialog.message.text()
    assert archive.archive_references(state.ctx, meeting_id).meeting.record_number == 41
    assert dialog.record_number.text() == "41"  # the stored value shown to edit again
    qtbot.keyClicks(dialog.record_number, "2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert archive.archive_references(state.ctx, meeting_id).meeting.record_number == 412
    dialog.close()
