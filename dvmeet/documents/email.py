"""A notice as an e-mail message (issue 20): the model in, the message's bytes out.

Pure: the service gives the texts of the notice model it was built from (public or
internal, O-2), the attachments' bytes, the Message-ID and the date; this module only puts
them into a MIME message (RFC 5322, UTF-8 headers, the PDFs and the calendar file as
attachments, the calendar file also as a `text/calendar` part with its METHOD so mail
clients offer it as an invitation)."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime

from pydantic import BaseModel, ConfigDict

from dvmeet.documents.text import clock, long_date, short_date


class MailAttachment(BaseModel):
    model_config = ConfigDict(frozen=True)

    filename: str
    maintype: str  # "application"
    subtype: str  # "pdf"
    data: bytes
    method: str | None = None  # a calendar's METHOD (REQUEST, PUBLISH)


class NoticeMailText(BaseModel):
    """What the message says; the lines come from the notice model of the recipient's
    variant (public titles only in the public one)."""

    model_config = ConfigDict(frozen=True)

    changed: bool  # an «endra innkalling»
    public: bool  # the recipient gets the public notice
    deputy: bool = False  # a deputy called in
    recipient_name: str
    body_name: str
    meeting_title: str | None
    date: dt.date
    start_time: dt.time
    place: str
    cases: list[str]  # "PS 001/24 Godkjenning av innkalling og sakliste"
    changes: list[str]  # the changes after the notice, for an «endra innkalling»
    has_case_papers: bool
    sender_name: str
    cooperation: str


class MailDocument(BaseModel):
    model_config = ConfigDict(frozen=True)

    sender_address: str  # "" when none is set up (an .eml for Outlook to send)
    sender_name: str
    to_address: str
    to_name: str
    subject: str
    text: str
    message_id: str  # "<…@…>"
    date: dt.datetime  # aware
    attachments: list[MailAttachment]


def notice_subject(body_name: str, day: dt.date, *, changed: bool) -> str:
    """«Innkalling til møte i Representantskapet 11.12.2024» (or «Endra innkalling …»)."""
    first = "Endra innkalling" if changed else "Innkalling"
    return f"{first} til møte i {body_name} {short_date(day)}"


def notice_text(t: NoticeMailText) -> str:
    """The message's text in nynorsk."""
    when = f"{long_date(t.date)} kl. {clock(t.start_time)}"
    lines = [f"Hei {t.recipient_name},", ""]
    if t.changed:
        lines += [
            f"Innkallinga til møtet i {t.body_name} {when}, {t.place}, er endra. "
            "Den endra innkallinga ligg ved.",
            "",
        ]
        if t.changes:
            lines += ["Endringar etter at innkallinga vart send:"]
            lines += [f"• {c}" for c in t.changes]
            lines += [""]
    elif t.public:
        lines += [f"Til orientering: {t.body_name} har møte {when}, {t.place}.", ""]
    elif t.deputy:
        lines += [f"Du er kalla inn som varamedlem til møte i {t.body_name} {when}, {t.place}.", ""]
    else:
        lines += [f"Du er kalla inn til møte i {t.body_name} {when}, {t.place}.", ""]
    if t.meeting_title:
        lines += [f"Møtet: {t.meeting_title}", ""]
    if t.cases:
        lines += ["Sakliste:"]
        lines += [f"  {c}" for c in t.cases]
        lines += [""]
    attached = "Innkallinga (PDF)"
    if t.has_case_papers:
        attached += ", sakspapira (PDF)"
    attached += " og ei kalenderfil (.ics) med møtet ligg ved."
    lines += [attached]
    if t.public:
        lines += [
            "",
            "Dette er den offentlege versjonen av innkallinga. Saker som er unnateke "
            "offentlegheit, er viste med den offentlege tittelen og heimelen for lukking.",
        ]
    lines += ["", "Helsing", t.sender_name]
    if t.cooperation and t.cooperation != t.sender_name:
        lines += [t.cooperation]
    return "\n".join(lines) + "\n"


def _address(address: str, name: str) -> Address:
    local, _at, domain = address.rpartition("@")
    with suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")  # æøå in the domain: punycode
    return Address(display_name=name, username=local, domain=domain)


def mail_message(doc: MailDocument, *, unsent: bool = False) -> EmailMessage:
    """The message: text first, then each attachment (a calendar also as text/calendar)."""
    msg = EmailMessage(policy=SMTP)
    if doc.sender_address:  # none set up: the .eml gets the sender of the Outlook account
        msg["From"] = _address(doc.sender_address, doc.sender_name)
    msg["To"] = _address(doc.to_address, doc.to_name)
    msg["Subject"] = doc.subject
    msg["Date"] = format_datetime(doc.date)
    msg["Message-ID"] = doc.message_id
    msg["Auto-Submitted"] = "auto-generated"
    if unsent:
        msg["X-Unsent"] = "1"  # Outlook opens the .eml as a message ready to send
    msg.set_content(doc.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    for a in doc.attachments:
        params = {"method": a.method} if a.method else {}
        msg.add_attachment(
            a.data,
            maintype=a.maintype,
            subtype=a.subtype,
            filename=a.filename,
            params=params,
        )
    msg["Content-Language"] = "nn"
    return msg


def needs_utf8(doc: MailDocument) -> bool:
    """An address with æ, ø or å before the @ can only go as SMTPUTF8 (RFC 6531)."""
    return not (doc.to_address.rpartition("@")[0] + doc.sender_address.rpartition("@")[0]).isascii()


def mail_bytes(doc: MailDocument, *, unsent: bool = False) -> bytes:
    """The message as it goes over SMTP or into an .eml file (CRLF line ends); `unsent`
    marks an .eml file for Outlook to open ready to send."""
    return mail_message(doc, unsent=unsent).as_bytes(policy=SMTPUTF8 if needs_utf8(doc) else SMTP)
