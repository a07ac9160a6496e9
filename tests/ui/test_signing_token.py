"""The sign dialog with a smart card (issue 19), offscreen: the signatory chooses
«Smartkort / token (PKCS#11)», picks the SoftHSM2 module, reads the cards, chooses the
card and the certificate, types a wrong PIN (refused under the form, nothing signed) and
then the right one; the list shows the signature «gyldig, men utferdaren er ikkje
tiltrudd» until the test CA is added in the trust roots dialog (from a PEM file), then
«gyldig og tiltrudd»; removing the root asks first. Skipped, saying why, without
SoftHSM2."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import meetings, signing
from ui.meetings.view import MeetingsView
from ui.state import AppState


def _approved_panel(qtbot: QtBot, state: AppState) -> tuple[MeetingsView, int]:
    """The Møte view on the demo's latest approved meeting, its møtebok tab open."""
    assert state.ctx is not None
    meeting_id = [
        m.id for m in meetings.list_meetings(state.ctx) if m.status is MeetingStatus.APPROVED
    ][-1]
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.select_meeting(meeting_id)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert view.meeting is not None and view.meeting.id == meeting_id
    view.tabs.setCurrentWidget(view.minutes_panel)
    wait_idle(qtbot, state)
    return view, meeting_id


def test_sign_with_a_smart_card_and_trust_its_issuer(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.signing_kit import make_ca
    from tests.unit.softhsm_kit import make_token, require_softhsm
    from ui.archive import sign_dialog, trust_dialog
    from ui.archive.sign_dialog import SignMinutesDialog
    from ui.archive.trust_dialog import TrustRootsDialog

    require_softhsm()
    ca = make_ca()
    card = make_token(ca, "Kari sitt kort", "Kari Leiar", "135790")
    view, meeting_id = _approved_panel(qtbot, state)
    qtbot.mouseClick(view.minutes_panel.sign_button, Qt.MouseButton.LeftButton)
    dialog = view.minutes_panel.findChild(SignMinutesDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    wait_idle(qtbot, state)
    assert dialog.pages.currentIndex() == 0  # the certificate file first

    qtbot.mouseClick(dialog.use_token, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    wait_idle(qtbot, state)
    monkeypatch.setattr(sign_dialog, "choose_module", lambda _p: Path(card.module))
    qtbot.mouseClick(dialog.module_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.module.currentText() == card.module
    labels = [dialog.token.itemText(i) for i in range(dialog.token.count())]
    mine = next(i for i, text in enumerate(labels) if text.startswith("Kari sitt kort ("))
    dialog.token.setCurrentIndex(mine)
    assert dialog.token_certificate.count() == 1
    assert dialog.token_certificate.itemText(0).startswith(
        "Kari Leiar (utferda av dvmeet test-CA, gyldig til "
    )

    qtbot.keyClicks(dialog.pin, "000000")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.message.text() == (
        "Feil PIN-kode til kortet «Kari sitt kort». Ingenting er signert."
    )
    assert dialog.pin.text() == ""
    assert signing.signed_minutes_pdf(state.ctx, meeting_id) is None
    assert dialog.signatures.item(0).text() == "Ingen har signert enno."

    qtbot.keyClicks(dialog.pin, card.pin)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.message.text() == "Signert av Kari Leiar."
    assert dialog.pin.text() == ""  # never kept
    (line,) = [dialog.signatures.item(i).text() for i in range(dialog.signatures.count())]
    assert line.startswith("1. Kari Leiar, ")
    assert line.endswith(": gyldig, men utferdaren er ikkje tiltrudd")
    assert dialog.trust_note.text().startswith("Ingen tillitsrøter er sette opp")
    shot = tmp_path / "sign_token.png"
    dialog.grab().save(str(shot))

    # the test CA trusted through the dialog's «Tillitsrøter …»
    pem = tmp_path / "test-ca.pem"
    pem.write_bytes(ca.pem())
    monkeypatch.setattr(trust_dialog, "choose_certificate_file", lambda _p: pem)
    qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    trust = dialog.findChild(TrustRootsDialog)
    assert trust is not None
    wait_idle(qtbot, state)
    assert trust.table.rowCount() == 0 and trust.empty.isVisible()
    assert not trust.remove_button.isEnabled()
    qtbot.mouseClick(trust.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert trust.table.rowCount() == 1
    assert trust.table.item(0, 0).text() == "dvmeet test-CA"
    assert trust.message.text() == "La til 1 tillitsrot(er) frå test-ca.pem."
    qtbot.mouseClick(trust.add_button, Qt.MouseButton.LeftButton)  # the same again
    wait_idle(qtbot, state)
    assert trust.message.text() == "«dvmeet test-CA» er alt ei tillitsrot."
    assert trust.table.rowCount() == 1
    trust.grab().save(str(tmp_path / "trust_roots.png"))
    trust.close()
    wait_idle(qtbot, state)
    (line,) = [dialog.signatures.item(i).text() for i in range(dialog.signatures.count())]
    assert line.endswith(": gyldig og tiltrudd")
    assert dialog.trust_note.text() == (
        "Sertifikata er kontrollerte mot 1 tillitsrot(er) sette opp her."
    )
    dialog.grab().save(str(tmp_path / "sign_trusted.png"))

    # removing the root asks first; answered no, it stays; yes, it goes
    trust = TrustRootsDialog(state, dialog)
    qtbot.addWidget(trust)
    wait_idle(qtbot, state)
    trust.table.selectRow(0)
    monkeypatch.setattr(trust_dialog, "confirm_remove", lambda _p, _s: False)
    qtbot.mouseClick(trust.remove_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert len(signing.trust_roots(state.ctx)) == 1
    monkeypatch.setattr(trust_dialog, "confirm_remove", lambda _p, _s: True)
    qtbot.mouseClick(trust.remove_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert signing.trust_roots(state.ctx) == [] and trust.table.rowCount() == 0
    assert trust.message.text() == "Fjerna «dvmeet test-CA»."
    trust.close()
    dialog.close()
