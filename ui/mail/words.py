"""The words of recipients and sending in the interface language."""

from __future__ import annotations

from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.i18n import _


def recipient_word(kind: RecipientKind) -> str:
    return {
        RecipientKind.MEMBER: _("Medlem"),
        RecipientKind.DEPUTY: _("Varamedlem, kalla inn"),
        RecipientKind.OBSERVER: _("Observatør"),
        RecipientKind.POST: _("Postmottak"),
        RecipientKind.COPY: _("Kopi"),
    }[kind]


def status_word(status: MailStatus) -> str:
    return {
        MailStatus.PENDING: _("Ikkje sendt (avbrote)"),
        MailStatus.SENT: _("Sendt"),
        MailStatus.WRITTEN: _("Lagra som .eml"),
        MailStatus.FAILED: _("Feila"),
    }[status]


def kind_word(kind: MailKind) -> str:
    return {MailKind.NOTICE: _("Innkalling"), MailKind.CHANGED_NOTICE: _("Endra innkalling")}[kind]


def transport_word(transport: Transport) -> str:
    return {Transport.SMTP: _("E-post"), Transport.EML: _(".eml-fil")}[transport]


def variant_word(public: bool) -> str:
    return _("offentleg") if public else _("intern")
