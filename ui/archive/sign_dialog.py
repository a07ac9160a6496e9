"""«Signer møteboka …» (issue 19): the signatures on the approved møtebok, each with what
the validator says of it, and one more signature with a PKCS#12 certificate file and its
password; the signed PDF saved where the user chooses."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _
from dvmeet.services import signing
from dvmeet.services.exports import Written
from dvmeet.services.signing.models import SignatureOut, SignedMinutesOut, SignMinutesIn
from ui.colours import message_style
from ui.meetings import export
from ui.meetings.form import error_label, problem_text
from ui.state import AppState


def choose_certificate(parent: QWidget | None) -> Path | None:
    """Ask for the certificate file (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Vel sertifikatfila"),
        "",
        _("Sertifikat (*.p12 *.pfx);;Alle filer (*)"),
    )
    return Path(path) if path else None


def signature_line(s: SignatureOut) -> str:
    """One signature as the list shows it: who, when, and the validator's verdict."""
    when = f"{s.signed_at.astimezone():%d.%m.%Y %H:%M}" if s.signed_at else _("ukjend tid")
    if s.intact and s.valid and s.unmodified:
        verdict = _("heil og gyldig, dokumentet er ikkje endra sidan")
    elif not s.intact:
        verdict = _("BROTEN: det signerte innhaldet er endra")
    elif not s.valid:
        verdict = _("UGYLDIG: signaturen stemmer ikkje med sertifikatet")
    else:
        verdict = _("ENDRA: dokumentet er endra etter denne signaturen")
    who = (
        s.signer
        if not s.person_name or s.person_name == s.signer
        else (f"{s.signer} ({s.person_name})")
    )
    return f"{s.position}. {who}, {when}: {verdict}"


class SignMinutesDialog(QDialog):
    def __init__(self, state: AppState, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.meeting_id = meeting_id
        self.setObjectName("sign_minutes_dialog")
        title = _("Signer møteboka")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setMinimumSize(700, 440)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)
        intro = QLabel(
            _(
                "Kvar underskrivar signerer den godkjende møteboka med sertifikatet sitt "
                "(PKCS#12-fil, .p12 eller .pfx). Signaturane kjem etter kvarandre; ein ny "
                "signatur held dei førre gyldige."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addWidget(QLabel(_("Signaturar:")))
        self.signatures = QListWidget()
        self.signatures.setObjectName("signatures")
        self.signatures.setAccessibleName(_("Signaturane på møteboka"))
        outer.addWidget(self.signatures, 1)
        self.trust_note = QLabel(
            _(
                "Sertifikata er ikkje kontrollerte mot ei tillitsrot her; sjå dei i eit "
                "PDF-program som kjenner utferdaren."
            )
        )
        self.trust_note.setWordWrap(True)
        outer.addWidget(self.trust_note)

        form = QFormLayout()
        pick = QHBoxLayout()
        self.certificate = QLineEdit()
        self.certificate.setObjectName("certificate_file")
        self.certificate.setAccessibleName(_("Sertifikatfil"))
        self.certificate.setPlaceholderText(_("Vel fila med sertifikatet ditt"))
        pick.addWidget(self.certificate, 1)
        self.pick_button = QPushButton(_("&Vel fil …"))
        self.pick_button.setObjectName("pick_certificate")
        self.pick_button.clicked.connect(self.pick)
        pick.addWidget(self.pick_button)
        cert_label = QLabel(_("&Sertifikat:"))
        cert_label.setBuddy(self.certificate)
        form.addRow(cert_label, pick)
        self.password = QLineEdit()
        self.password.setObjectName("certificate_password")
        self.password.setAccessibleName(_("Passord til sertifikatet"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Passord:"), self.password)
        outer.addLayout(form)
        self.message = error_label(self)
        outer.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("&Lagre signert PDF …"))
        self.save_button.setObjectName("save_signed")
        self.save_button.clicked.connect(self.save_signed)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button = QPushButton(_("Sig&ner"))
        self.sign_button.setObjectName("sign")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ApplyRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.report: SignedMinutesOut | None = None
        self._busy = True
        self._set_busy(True)
        self.reload()

    def reload(self) -> None:
        self.state.call(
            signing.minutes_signatures, self.meeting_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, report: SignedMinutesOut) -> None:
        self.report = report
        self.signatures.clear()
        for s in report.signatures:
            self.signatures.addItem(signature_line(s))
        if report.problem:
            self.signatures.addItem(report.problem)
        if not report.signatures and not report.problem:
            self.signatures.addItem(_("Ingen har signert enno."))
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_button.setEnabled(not busy)
        self.pick_button.setEnabled(not busy)
        signed = self.report is not None and bool(self.report.signatures)
        self.save_button.setEnabled(not busy and signed)

    def pick(self) -> None:
        path = choose_certificate(self)
        if path is not None:
            self.certificate.setText(str(path))
            self.password.setFocus()

    def sign(self) -> None:
        if self._busy:
            return
        name = self.certificate.text().strip()
        if not name:
            self.show_message(_("Vel sertifikatfila fyrst."))
            return
        try:
            content = Path(name).read_bytes()
        except OSError as exc:
            self.show_message(
                _("Kunne ikkje lese {where}: {reason}").format(
                    where=name, reason=exc.strerror or exc
                )
            )
            return
        try:
            data = SignMinutesIn(
                meeting_id=self.meeting_id,
                certificate=content,
                password=SecretStr(self.password.text()),
                expected_signatures=len(self.report.signatures) if self.report else None,
            )
        except ValidationError as exc:
            self.show_message(problem_text(exc))
            return
        self.show_message("")
        self._set_busy(True)
        self.state.call(signing.sign_minutes, data, on_done=self._signed, on_error=self._failed)

    def _signed(self, report: SignedMinutesOut) -> None:
        self.password.clear()
        last = report.signatures[-1] if report.signatures else None
        if last is not None:
            self.show_message(_("Signert av {name}.").format(name=last.signer), ok=True)
        self._show(report)

    def save_signed(self) -> None:
        folder = export.choose_folder(self, _("Vel mappe for den signerte møteboka"))
        if folder is None:
            return
        self._set_busy(True)
        self.state.call(
            signing.export_signed_minutes,
            self.meeting_id,
            folder,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, written: Written) -> None:
        self._set_busy(False)
        self.show_message(
            _("Lagra i {folder}:\n{names}").format(
                folder=written.folder, names="\n".join(p.name for p in written.files)
            ),
            ok=True,
        )

    def _failed(self, exc: BaseException) -> None:
        self.show_message(problem_text(exc))
        if isinstance(exc, DvmeetError):
            self.reload()
        else:
            self._set_busy(False)

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style("QLabel#form_error", ok))
        self.message.setVisible(bool(text))
