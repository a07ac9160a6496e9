"""«Signer møteboka …» (issue 19): the signatures on the approved møtebok, each with who
signed, when and what the validator says of it against the installation's trust roots,
and one more signature either with a PKCS#12 certificate file and its password or with
the key on a smart card (PKCS#11: the module, the card and the certificate chosen from
what the module reads, the PIN asked and never kept); the signed PDF saved where the user
chooses."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, ValidationError
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _
from dvmeet.services import signing
from dvmeet.services.exports import Written
from dvmeet.services.signing.models import (
    SignatureOut,
    SignedMinutesOut,
    SignMinutesIn,
    TokenKeyIn,
    TokenOut,
)
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


def choose_module(parent: QWidget | None) -> Path | None:
    """Ask for the PKCS#11 module library (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Vel PKCS#11-modulen"),
        "",
        _("PKCS#11-modul (*.so *.dll *.dylib);;Alle filer (*)"),
    )
    return Path(path) if path else None


def signature_line(s: SignatureOut) -> str:
    """One signature as the list shows it: who, when, and the validator's verdict."""
    when = f"{s.signed_at.astimezone():%d.%m.%Y %H:%M}" if s.signed_at else _("ukjend tid")
    who = (
        s.signer
        if not s.person_name or s.person_name == s.signer
        else (f"{s.signer} ({s.person_name})")
    )
    return f"{s.position}. {who}, {when}: {signing.signature_verdict(s)}"


def trust_sentence(report: SignedMinutesOut) -> str:
    """What the signatures were checked against."""
    if not report.trust_roots:
        return _(
            "Ingen tillitsrøter er sette opp, så utferdarane av sertifikata er ikkje "
            "kontrollerte. Legg dei til under Innstillingar → Tillitsrøter for signaturar."
        )
    return _("Sertifikata er kontrollerte mot {n} tillitsrot(er) sette opp her.").format(
        n=report.trust_roots
    )


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
                "Kvar underskrivar signerer den godkjende møteboka med sertifikatet sitt: ei "
                "sertifikatfil (.p12 eller .pfx) eller smartkortet (PKCS#11). Signaturane "
                "kjem etter kvarandre; ein ny signatur held dei førre gyldige."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addWidget(QLabel(_("Signaturar:")))
        self.signatures = QListWidget()
        self.signatures.setObjectName("signatures")
        self.signatures.setAccessibleName(_("Signaturane på møteboka"))
        outer.addWidget(self.signatures, 1)
        trust_row = QHBoxLayout()
        self.trust_note = QLabel("")
        self.trust_note.setObjectName("trust_note")
        self.trust_note.setWordWrap(True)
        trust_row.addWidget(self.trust_note, 1)
        self.trust_button = QPushButton(_("&Tillitsrøter …"))
        self.trust_button.setObjectName("trust_roots")
        self.trust_button.clicked.connect(self.open_trust)
        trust_row.addWidget(self.trust_button)
        outer.addLayout(trust_row)

        kinds = QHBoxLayout()
        self.use_file = QRadioButton(_("Sertifikat&fil (.p12/.pfx)"))
        self.use_file.setObjectName("use_file")
        self.use_token = QRadioButton(_("Smartk&ort / token (PKCS#11)"))
        self.use_token.setObjectName("use_token")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.use_file, 0)
        self.kind.addButton(self.use_token, 1)
        self.use_file.setChecked(True)
        kinds.addWidget(self.use_file)
        kinds.addWidget(self.use_token)
        kinds.addStretch(1)
        outer.addLayout(kinds)
        self.pages = QStackedWidget()
        self.pages.setObjectName("key_pages")
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._token_page())
        self.kind.idToggled.connect(self._kind_changed)
        outer.addWidget(self.pages)
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
        self.tokens: list[TokenOut] = []
        self._busy = True
        self._set_busy(True)
        self.reload()

    def _file_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
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
        return page

    def _token_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.module = QComboBox()
        self.module.setObjectName("pkcs11_module")
        self.module.setEditable(True)
        self.module.setAccessibleName(_("PKCS#11-modul"))
        self.module.addItems(signing.pkcs11_modules())
        line = self.module.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Biblioteket frå kortleverandøren, t.d. opensc-pkcs11"))
        row.addWidget(self.module, 1)
        self.module_button = QPushButton(_("V&el modul …"))
        self.module_button.setObjectName("pick_module")
        self.module_button.clicked.connect(self.pick_module)
        row.addWidget(self.module_button)
        self.read_button = QPushButton(_("Les kort&a"))
        self.read_button.setObjectName("read_tokens")
        self.read_button.clicked.connect(self.read_tokens)
        row.addWidget(self.read_button)
        module_label = QLabel(_("&Modul:"))
        module_label.setBuddy(self.module)
        form.addRow(module_label, row)
        self.token = QComboBox()
        self.token.setObjectName("token")
        self.token.setAccessibleName(_("Kort"))
        self.token.currentIndexChanged.connect(self._token_changed)
        token_label = QLabel(_("&Kort:"))
        token_label.setBuddy(self.token)
        form.addRow(token_label, self.token)
        self.token_certificate = QComboBox()
        self.token_certificate.setObjectName("token_certificate")
        self.token_certificate.setAccessibleName(_("Sertifikat på kortet"))
        key_label = QLabel(_("Se&rtifikat:"))
        key_label.setBuddy(self.token_certificate)
        form.addRow(key_label, self.token_certificate)
        self.pin = QLineEdit()
        self.pin.setObjectName("token_pin")
        self.pin.setAccessibleName(_("PIN-kode til kortet"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        pin_label = QLabel(_("P&IN-kode:"))
        pin_label.setBuddy(self.pin)
        form.addRow(pin_label, self.pin)
        return page

    def _kind_changed(self, kind: int, checked: bool) -> None:
        if not checked:
            return
        self.pages.setCurrentIndex(kind)
        self.show_message("")
        if kind == 1 and not self.tokens and self.module.currentText().strip() and not self._busy:
            self.read_tokens()

    def pick_module(self) -> None:
        path = choose_module(self)
        if path is not None:
            self.module.setCurrentText(str(path))
            self.read_tokens()

    def read_tokens(self) -> None:
        if self._busy:
            return
        module = self.module.currentText().strip()
        if not module:
            self.show_message(_("Vel PKCS#11-modulen fyrst."))
            return
        self.show_message("")
        self._set_busy(True)
        self.state.run(
            lambda: signing.read_tokens(module),
            on_done=self._tokens_read,
            on_error=self._failed,
        )

    def _tokens_read(self, tokens: list[TokenOut]) -> None:
        self.tokens = tokens
        self.token.blockSignals(True)
        self.token.clear()
        for t in tokens:
            self.token.addItem(f"{t.label} ({t.manufacturer}, {t.serial})")
        self.token.blockSignals(False)
        self._token_changed(0 if tokens else -1)
        self._set_busy(False)
        if not tokens:
            self.show_message(_("Modulen ser ikkje noko kort. Set kortet i lesaren og les igjen."))
        elif not any(t.certificates for t in tokens):
            self.show_message(_("Det er ingen sertifikat på kortet."))
        else:
            self.pin.setFocus()

    def _token_changed(self, index: int) -> None:
        self.token_certificate.clear()
        if not 0 <= index < len(self.tokens):
            return
        for c in self.tokens[index].certificates:
            self.token_certificate.addItem(
                _("{subject} (utferda av {issuer}, gyldig til {day})").format(
                    subject=c.subject, issuer=c.issuer, day=f"{c.not_after:%d.%m.%Y}"
                )
            )

    def reload(self) -> None:
        self.state.call(
            signing.minutes_signatures, self.meeting_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, report: SignedMinutesOut) -> None:
        self.report = report
        self.trust_note.setText(trust_sentence(report))
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
        self.read_button.setEnabled(not busy)
        self.module_button.setEnabled(not busy)
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
        data = self._token_request() if self.use_token.isChecked() else self._file_request()
        if data is None:
            return
        self.show_message("")
        self._set_busy(True)
        self.state.call(signing.sign_minutes, data, on_done=self._signed, on_error=self._failed)

    def _seen(self) -> int | None:
        return len(self.report.signatures) if self.report else None

    def _file_request(self) -> SignMinutesIn | None:
        name = self.certificate.text().strip()
        if not name:
            self.show_message(_("Vel sertifikatfila fyrst."))
            return None
        try:
            content = Path(name).read_bytes()
        except OSError as exc:
            self.show_message(
                _("Kunne ikkje lese {where}: {reason}").format(
                    where=name, reason=exc.strerror or exc
                )
            )
            return None
        try:
            return SignMinutesIn(
                meeting_id=self.meeting_id,
                certificate=content,
                password=SecretStr(self.password.text()),
                expected_signatures=self._seen(),
            )
        except ValidationError as exc:
            self.show_message(problem_text(exc))
            return None

    def _token_request(self) -> SignMinutesIn | None:
        index = self.token.currentIndex()
        if not 0 <= index < len(self.tokens):
            self.show_message(_("Les korta og vel kortet fyrst."))
            return None
        token = self.tokens[index]
        which = self.token_certificate.currentIndex()
        if not 0 <= which < len(token.certificates):
            self.show_message(_("Vel sertifikatet på kortet."))
            return None
        if not self.pin.text():
            self.show_message(_("Skriv PIN-koden til kortet."))
            return None
        cert = token.certificates[which]
        try:
            return SignMinutesIn(
                meeting_id=self.meeting_id,
                token=TokenKeyIn(
                    module=token.module,
                    token_label=token.label,
                    token_serial=token.serial or None,
                    label=cert.label,
                    object_id=cert.object_id,
                ),
                pin=SecretStr(self.pin.text()),
                expected_signatures=self._seen(),
            )
        except ValidationError as exc:
            self.show_message(problem_text(exc))
            return None

    def _signed(self, report: SignedMinutesOut) -> None:
        self.password.clear()
        self.pin.clear()
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

    def open_trust(self) -> None:
        from ui.archive.trust_dialog import TrustRootsDialog

        dialog = TrustRootsDialog(self.state, self)
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()

    def _failed(self, exc: BaseException) -> None:
        self.pin.clear()
        self.show_message(problem_text(exc))
        if isinstance(exc, DvmeetError):
            self.reload()
        else:
            self._set_busy(False)

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style("QLabel#form_error", ok))
        self.message.setVisible(bool(text))
