"""«Send innkalling»: who gets what (preview), sending with progress off the GUI thread,
and the meeting's send log with each message's result; failed ones are shown in red and
sent again with «Prøv igjen»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.i18n import _
from dvmeet.services.mail import mail_view, retry_mail, send_notice_mail
from dvmeet.services.mail.models import (
    MailLogEntry,
    MailViewOut,
    Recipient,
    RetryIn,
    SendNoticeMailIn,
    SendResult,
)
from ui.colours import accent, message_style
from ui.errors import confirm, describe
from ui.mail.words import kind_word, recipient_word, status_word, transport_word, variant_word
from ui.meetings import export
from ui.progress import run_with_progress
from ui.state import AppState
from ui.table import Column, RowsModel, make_table


def _when(entry: MailLogEntry) -> str:
    """The time sent (or logged) on this computer's clock; stored in UTC."""
    moment = (entry.sent_at or entry.created_at).replace(tzinfo=dt.UTC).astimezone()
    return f"{moment:%d.%m.%Y %H:%M}"


def _details(entry: MailLogEntry) -> str:
    lines = [f"Message-ID: {entry.message_id}", _("Forsøk: {n}").format(n=entry.attempts)]
    lines += [f"{a.name}: SHA-256 {a.sha256}" for a in entry.attachments]
    if entry.eml_path:
        lines.append(entry.eml_path)
    if entry.error:
        lines.append(entry.error)
    return "\n".join(lines)


def _failed_colour(entry: MailLogEntry) -> QColor | None:
    return QColor(accent("error")) if entry.status is MailStatus.FAILED else None


class SendDialog(QDialog):
    """A meeting's notice by e-mail: send it (or an «endra innkalling»), see the log."""

    def __init__(self, state: AppState, view: MailViewOut, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.view = view
        self.setObjectName("mail_send_dialog")
        title = _("Innkalling på e-post – {body} {date}").format(
            body=view.body_name, date=f"{view.date:%d.%m.%Y}"
        )
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumSize(860, 620)

        self.heading = QLabel()
        self.heading.setObjectName("mail_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.transport = QLabel()
        self.transport.setObjectName("mail_transport")
        self.transport.setWordWrap(True)
        self.settings_button = QPushButton(_("E-postinnstillingar …"))
        self.settings_button.setObjectName("mail_settings")
        self.settings_button.clicked.connect(self.open_settings)
        transport_row = QHBoxLayout()
        transport_row.addWidget(self.transport, 1)
        transport_row.addWidget(self.settings_button)

        self.recipients = RowsModel[Recipient](
            [
                Column(_("Mottakar"), lambda r: r.name),
                Column(_("Adresse"), lambda r: r.address or ""),
                Column(_("Kva"), lambda r: recipient_word(r.kind), width=22),
                Column(_("Innkalling"), lambda r: variant_word(r.public), width=12),
            ],
            self,
        )
        self.recipient_table, _proxy = make_table(
            self.recipients, "mail_recipients", self, sortable=False
        )  # in the service's order: members, deputies, then the list
        self.recipient_table.setAccessibleName(_("Mottakarar"))
        self.missing = QLabel()
        self.missing.setObjectName("mail_missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(message_style("QLabel#mail_missing", ok=False))
        self.send_button = QPushButton()
        self.send_button.setObjectName("mail_send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        send_row = QHBoxLayout()
        send_row.addStretch(1)
        send_row.addWidget(self.send_button)

        send_box = QGroupBox(_("Send"))
        send_layout = QVBoxLayout(send_box)
        send_layout.addWidget(self.heading)
        send_layout.addLayout(transport_row)
        send_layout.addWidget(self.recipient_table, 1)
        send_layout.addWidget(self.missing)
        send_layout.addLayout(send_row)

        self.log = RowsModel[MailLogEntry](
            [
                Column(_("Runde"), lambda e: str(e.batch), width=6, right=True),
                Column(_("Kva"), lambda e: kind_word(e.kind), width=16),
                Column(_("Mottakar"), lambda e: e.name, tooltip=_details),
                Column(_("Adresse"), lambda e: e.address, tooltip=_details),
                Column(
                    _("Status"),
                    lambda e: status_word(e.status),
                    width=18,
                    color=_failed_colour,
                    bold=lambda e: e.status is MailStatus.FAILED,
                    tooltip=_details,
                ),
                Column(_("Tid"), _when, width=17),
                Column(_("Via"), lambda e: transport_word(e.transport), width=9),
                Column(_("Feil"), lambda e: e.error or "", tooltip=_details),
            ],
            self,
        )
        self.log_table, _log_proxy = make_table(self.log, "mail_log", self, sortable=False)
        self.log_table.setAccessibleName(_("Sendelogg"))
        self.result_label = QLabel()
        self.result_label.setObjectName("mail_result")
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)
        self.retry_button = QPushButton(_("&Prøv igjen for dei som feila"))
        self.retry_button.setObjectName("mail_retry")
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        log_row = QHBoxLayout()
        log_row.addWidget(self.result_label, 1)
        log_row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignRight)
        log_box = QGroupBox(_("Sendelogg"))
        log_layout = QVBoxLayout(log_box)
        log_layout.addWidget(self.log_table, 1)
        log_layout.addLayout(log_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(send_box, 3)
        layout.addWidget(log_box, 2)
        layout.addWidget(buttons)
        self.show_view(view)

    # --- what is shown ------------------------------------------------------------------

    def show_view(self, view: MailViewOut) -> None:
        self.view = view
        p = view.preview
        self.heading.setText(
            _("Emne: «{subject}»").format(subject=p.subject)
            + ("\n" + view.why_not if view.why_not else "")
        )
        if p.transport is Transport.SMTP:
            text = _("Blir sendt gjennom {server} frå {sender}.").format(
                server=view.server, sender=p.sender
            )
        else:
            text = _(
                "Ingen e-posttenar er sett opp: e-postane blir lagra som .eml-filer i ei mappe "
                "du vel, klare til å opnast og sendast i Outlook."
            )
        if p.case_papers:
            text += " " + _("Sakspapira ligg ved saman med innkallinga og kalenderfila.")
        else:
            text += " " + _("Innkallinga og kalenderfila ligg ved.")
        self.transport.setText(text)
        self.recipients.set_rows(p.recipients)
        names = ", ".join(
            r.name
            if r.kind is RecipientKind.POST
            else f"{r.name} ({recipient_word(r.kind).lower()})"
            for r in p.without_address
        )
        self.missing.setText(
            _("Utan e-postadresse, får ikkje innkallinga: {names}").format(names=names)
        )
        self.missing.setVisible(bool(p.without_address))
        count = len(p.recipients)
        self.send_button.setText(
            (
                _("Send endra innkalling til {n} mottakarar")
                if view.kind is MailKind.CHANGED_NOTICE
                else _("Send innkallinga til {n} mottakarar")
            ).format(n=count)
        )
        self.send_button.setEnabled(view.can_send and count > 0)
        self.log.set_rows(view.log)
        self.retry_button.setEnabled(view.can_send and any(not e.status.done for e in view.log))

    def reload(self, then: Any = None) -> None:
        def shown(view: MailViewOut) -> None:
            self.show_view(view)
            if then is not None:
                then()

        self.state.call(mail_view, self.view.meeting_id, on_done=shown, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._show_result(describe(exc), ok=False)
        self.send_button.setEnabled(self.view.can_send)
        self.reload()

    def _show_result(self, text: str, *, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(message_style("QLabel#mail_result", ok=ok))
        self.result_label.setVisible(True)

    # --- acts ---------------------------------------------------------------------------

    def _eml_folder(self) -> tuple[bool, Path | None]:
        """(go on, folder): a folder is asked for only when no server is set up."""
        if self.view.preview.transport is Transport.SMTP:
            return True, None
        folder = export.choose_folder(self, _("Vel mappe for .eml-filene"))
        return folder is not None, folder

    def send(self) -> None:
        view = self.view
        count = len(view.preview.recipients)
        if view.kind is MailKind.NOTICE:
            question = _(
                "Innkallinga blir send til {n} mottakarar og markert som send i dag. "
                "Endringar etterpå blir førte som endringar i innkallinga."
            ).format(n=count)
        else:
            question = _(
                "Den endra innkallinga blir send til {n} mottakarar: same liste som innkallinga."
            ).format(n=count)
        if view.warnings:
            question += "\n\n" + _("Merk:") + "\n" + "\n".join(f"• {w}" for w in view.warnings)
        if not confirm(self, _("Sende no?"), question, _("Send")):
            return
        go, folder = self._eml_folder()
        if not go:
            return
        self.send_button.setEnabled(False)
        run_with_progress(
            self.state,
            self,
            _("Sender innkallinga …"),
            send_notice_mail,
            SendNoticeMailIn(meeting_id=view.meeting_id, kind=view.kind, eml_folder=folder),
            on_done=self._sent,
            on_error=self._failed,
        )

    def retry(self) -> None:
        ids = [e.id for e in self.view.log if not e.status.done]
        if not ids:
            return
        go, folder = self._eml_folder()
        if not go:
            return
        self.retry_button.setEnabled(False)
        run_with_progress(
            self.state,
            self,
            _("Prøver igjen …"),
            retry_mail,
            RetryIn(message_ids=ids, eml_folder=folder),
            on_done=self._sent,
            on_error=self._failed,
        )

    def _sent(self, result: SendResult) -> None:
        failed = result.failed
        done = result.done
        if failed:
            text = _(
                "{done} av {total} er sende. {failed} feila: sjå raudt i loggen, og prøv igjen."
            ).format(done=len(done), total=len(result.entries), failed=len(failed))
        else:
            text = _("Alle {total} er sende.").format(total=len(result.entries))
            if any(e.transport is Transport.EML for e in result.entries):
                folder = Path(result.entries[0].eml_path or "").parent
                text = _("Alle {total} er lagra som .eml-filer i {folder}.").format(
                    total=len(result.entries), folder=folder
                )
        self.reload(then=lambda: self._show_result(text, ok=not failed))
        self.state.message.emit(text)

    def open_settings(self) -> None:
        from ui.mail import open_mail_settings

        open_mail_settings(self.state, self, on_closed=self.reload)
