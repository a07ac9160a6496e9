"""Innstillingar → «E-post …»: this installation's SMTP server, login and sender. The
password goes to the operating system's keyring; «Test tilkoplinga» really connects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.mail import (
    clear_mail_settings,
    save_mail_settings,
    test_mail_connection,
)
from dvmeet.services.mail.models import MailSettingsIn, MailSettingsOut, Security
from ui.colours import message_style
from ui.errors import confirm, describe
from ui.registry.forms import FormDialog
from ui.state import AppState

DEFAULT_PORTS = {Security.STARTTLS: 587, Security.SSL: 465, Security.NONE: 25}


def security_words() -> dict[Security, str]:
    return {
        Security.STARTTLS: _("STARTTLS (vanleg, port 587)"),
        Security.SSL: _("SSL/TLS (port 465)"),
        Security.NONE: _("Ingen (berre til ein tenar på denne maskina)"),
    }


def _line(name: str, accessible: str, text: str | None = "", limit: int = 254) -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setMaxLength(limit)
    return edit


class MailSettingsDialog(FormDialog):
    """`current` None: nothing set up yet (the notices are written as .eml files)."""

    def __init__(
        self, state: AppState, current: MailSettingsOut | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, _("E-post"), _("Lagre"), parent)
        self.setObjectName("mail_settings_dialog")
        self.setMinimumWidth(560)
        self.current = current
        self.set_intro(
            _(
                "Innkallingar blir sende gjennom e-posttenaren til organisasjonen. Passordet "
                "blir lagra i nøkkelringen til operativsystemet, aldri i ei fil eller i "
                "databasen. Utan e-posttenar blir e-postane lagra som .eml-filer som kan "
                "opnast og sendast i Outlook."
            )
        )
        self.host = _line("host", _("E-posttenar"), current.host if current else "", 253)
        self.host.setPlaceholderText(_("til dømes smtp.office365.com"))
        self.security = QComboBox()
        self.security.setObjectName("security")
        self.security.setAccessibleName(_("Kryptering"))
        for value, word in security_words().items():
            self.security.addItem(word, value)
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setAccessibleName(_("Port"))
        self.port.setRange(1, 65535)
        self.port.setValue(current.port if current else 587)
        self.port.setMaximumWidth(self.port.fontMetrics().averageCharWidth() * 12)
        if current is not None:
            self.security.setCurrentIndex(self.security.findData(current.security))
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username = _line("username", _("Brukarnamn"), current.username if current else "")
        self.password = _line("password", _("Passord"), "", 1000)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if current is not None and current.has_password:
            self.password.setPlaceholderText(_("(lagra i nøkkelringen; skriv for å byte)"))
        self.sender_address = _line(
            "sender_address", _("Avsendaradresse"), current.sender_address if current else ""
        )
        self.sender_address.setPlaceholderText(_("til dømes post@digivestland.no"))
        self.sender_name = _line(
            "sender_name", _("Avsendarnamn"), current.sender_name if current else "", 200
        )
        self.sender_name.setPlaceholderText(_("til dømes DigiVestland sekretariatet"))
        self.ca_file = _line("ca_file", _("Sertifikat"), current.ca_file if current else "", 1000)
        self.ca_file.setPlaceholderText(_("(systemet sine sertifikat)"))
        choose = QPushButton(_("Vel …"))
        choose.setObjectName("choose_ca_file")
        choose.clicked.connect(self._choose_ca_file)
        ca_row = QWidget()
        row = QHBoxLayout(ca_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ca_file, 1)
        row.addWidget(choose)

        self.add_field("host", _("&Tenar"), self.host)
        self.add_field("security", _("&Kryptering"), self.security)
        self.add_field("port", _("&Port"), self.port)
        self.add_field(
            "username", _("&Brukarnamn"), self.username, _("Tomt om tenaren ikkje krev innlogging.")
        )
        self.add_field("password", _("Pass&ord"), self.password)
        self.add_field("sender_address", _("&Avsendar"), self.sender_address)
        self.add_field("sender_name", _("Avsendar&namn"), self.sender_name)
        self.add_field(
            "ca_file",
            _("&Sertifikat"),
            ca_row,
            _("Berre når tenaren har eit sertifikat frå organisasjonen sin eigen CA."),
        )

        self.test_button = QPushButton(_("T&est tilkoplinga"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        self.clear_button = QPushButton(_("&Fjern innstillingane"))
        self.clear_button.setObjectName("clear_settings")
        self.clear_button.setEnabled(current is not None)
        self.clear_button.clicked.connect(self.clear_settings)
        self.test_result = QLabel()
        self.test_result.setObjectName("test_result")
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(_("Resultat av testen"))
        self.test_result.setVisible(False)
        tools = QHBoxLayout()
        tools.addWidget(self.test_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        layout = self.layout()
        assert layout is not None
        layout.insertLayout(2, tools)  # type: ignore[attr-defined]
        layout.insertWidget(3, self.test_result)  # type: ignore[attr-defined]
        self.saved: MailSettingsOut | None = None

    def _security_changed(self) -> None:
        security = self.security.currentData()
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[security])

    def _choose_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Vel sertifikat (PEM)"), "", _("Sertifikat (*.pem *.crt *.cer);;Alle filer (*)")
        )
        if path:
            self.ca_file.setText(path)

    def values(self) -> dict[str, Any]:
        return {
            "host": self.host.text(),
            "port": self.port.value(),
            "security": self.security.currentData(),
            "username": self.username.text() or None,
            "password": self.password.text() or None,
            "sender_address": self.sender_address.text(),
            "sender_name": self.sender_name.text(),
            "ca_file": self.ca_file.text() or None,
        }

    def form_input(self) -> MailSettingsIn:
        """The settings as typed (ValidationError when they cannot be)."""
        return MailSettingsIn.model_validate(self.values())

    def field_of(self, message: str) -> str | None:
        if "passord" in message.lower() or "brukarnamn" in message.lower():
            return "password"
        if "sertifikat" in message.lower():
            return "ca_file"
        return None

    def focus_field(self, key: str) -> None:
        widget = getattr(self, key, None)
        if isinstance(widget, QWidget):
            widget.setFocus()

    def submit(self) -> None:
        data = self.form_input()

        def done(result: MailSettingsOut) -> None:
            self.saved = result
            self.state.message.emit(_("E-postinnstillingane er lagra."))

        self.run(save_mail_settings, data, done=done)

    def test_connection(self) -> None:
        from pydantic import ValidationError

        self.clear_errors()
        try:
            data = self.form_input()
        except ValidationError as exc:
            self.show_validation(exc)
            return
        self.test_button.setEnabled(False)
        self._show_test(_("Koplar til {host} …").format(host=data.host), ok=None)

        def done(result: Any) -> None:
            self.test_button.setEnabled(True)
            self._show_test(result.message, ok=True)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show_test(describe(exc), ok=False)

        self.state.call(test_mail_connection, data, on_done=done, on_error=failed)

    def _show_test(self, text: str, *, ok: bool | None) -> None:
        self.test_result.setText(text)
        self.test_result.setVisible(True)
        # the dialog grows to show the whole answer (it was laid out without it)
        QTimer.singleShot(0, self._fit_height)
        if ok is None:
            self.test_result.setStyleSheet("")
        else:
            self.test_result.setStyleSheet(message_style("QLabel#test_result", ok=ok))

    def _fit_height(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def clear_settings(self) -> None:
        if not confirm(
            self,
            _("Fjerne e-postinnstillingane?"),
            _(
                "Innstillingane og passordet i nøkkelringen blir fjerna. Innkallingar blir "
                "då lagra som .eml-filer i staden for å bli sende."
            ),
            _("Fjern"),
        ):
            return

        def done(_result: object) -> None:
            self.state.message.emit(_("E-postinnstillingane er fjerna."))
            self.reject()

        self.state.call(clear_mail_settings, on_done=done, on_error=self.show_service_error)
