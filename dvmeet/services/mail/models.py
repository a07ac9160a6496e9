"""Pydantic inputs and outputs of recipients and sending (issue 20)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.i18n import _
from dvmeet.services.models import In, Out

# One address: a local part and a domain with a dot, no blanks, no second @ (the same
# test as a person's e-mail in the registry).
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s.<>(),;:\"\[\]]+$")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(_("«{value}» er ikkje ei gyldig e-postadresse").format(value=value))
    return value


def _optional_email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    return _email(value)


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError(_("må fyllast ut"))
    return value


EmailAddress = Annotated[str, Field(max_length=254), AfterValidator(_email)]
OptionalEmail = Annotated[str | None, Field(max_length=254), AfterValidator(_optional_email)]
Name = Annotated[str, Field(max_length=200), AfterValidator(_non_empty)]


def is_loopback(host: str) -> bool:
    """The host is this machine itself (mail never leaves it unencrypted)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


# --- SMTP settings (per installation, not in the database) --------------------------------


class Security(StrEnum):
    STARTTLS = "starttls"  # port 587: plain connection upgraded with STARTTLS
    SSL = "ssl"  # port 465: TLS from the first byte
    NONE = "none"  # only to a server on this machine (loopback)


class MailSettingsIn(In):
    """How this installation sends e-mail. The password is never stored here: it goes to
    the operating system's keyring (`password`; None keeps the one stored)."""

    host: Annotated[str, Field(max_length=253), AfterValidator(_non_empty)]
    port: int = Field(default=587, ge=1, le=65535)
    security: Security = Security.STARTTLS
    username: str | None = Field(default=None, max_length=254)
    password: str | None = Field(default=None, max_length=1000, repr=False)
    sender_address: EmailAddress
    sender_name: Name
    # A certificate (PEM) to trust besides the system's, for a server with its own CA.
    ca_file: str | None = Field(default=None, max_length=1000)
    timeout_seconds: int = Field(default=30, ge=1, le=600)

    @model_validator(mode="after")
    def _plain_only_on_loopback(self) -> MailSettingsIn:
        if self.security is Security.NONE and not is_loopback(self.host):
            raise ValueError(
                _(
                    "utan kryptering kan dvmeet berre sende til ein e-posttenar på denne "
                    "maskina (localhost); vel STARTTLS eller SSL for {host}"
                ).format(host=self.host)
            )
        if self.username == "":
            object.__setattr__(self, "username", None)
        if self.ca_file == "":
            object.__setattr__(self, "ca_file", None)
        return self


class MailSettingsOut(Out):
    host: str
    port: int
    security: Security
    username: str | None
    sender_address: str
    sender_name: str
    ca_file: str | None
    timeout_seconds: int
    has_password: bool  # a password is kept in the keyring for username@host
    path: Path  # the settings file


class ConnectionChecked(Out):
    """What the connection test found: the server answered, TLS and login worked."""

    host: str
    port: int
    security: Security
    logged_in: bool
    message: str


# --- The distribution list -----------------------------------------------------------------


class RecipientIn(In):
    """An observer or a copy recipient on a body's list (a post address: PostRecipientIn)."""

    body_code: str
    kind: RecipientKind
    name: Name
    email: EmailAddress

    @model_validator(mode="after")
    def _kind_on_list(self) -> RecipientIn:
        if self.kind not in (RecipientKind.OBSERVER, RecipientKind.COPY):
            raise ValueError(_("berre observatørar og kopimottakarar kan leggjast til her"))
        return self


class UpdateRecipientIn(In):
    id: int
    name: Name
    email: EmailAddress
    expected_version: int | None = None


class RemoveRecipientIn(In):
    id: int
    expected_version: int | None = None


class PostRecipientIn(In):
    """A participating municipality's post address on a body's list."""

    body_code: str
    municipality_number: str


class PostAddressIn(In):
    """A municipality's post address (postmottak); None removes it."""

    municipality_number: str
    post_email: OptionalEmail = None
    expected_version: int | None = None


class ListedRecipient(Out):
    """One entry kept on a body's list."""

    id: int
    version: int
    kind: RecipientKind
    name: str
    email: str | None  # a post address without an address yet: None
    municipality_number: str | None


class PostAddressOut(Out):
    municipality_number: str
    municipality_name: str
    post_email: str | None
    participating: bool
    on_list: bool  # on the body's list asked for
    version: int


class DistributionListOut(Out):
    body_code: str
    body_name: str
    entries: list[ListedRecipient]
    municipalities: list[PostAddressOut]
    members: int  # members of the body today (their addresses come from the registry)
    members_without_email: list[str]


# --- Sending -------------------------------------------------------------------------------


class Recipient(Out):
    """One addressee of a notice, and what they get."""

    kind: RecipientKind
    name: str
    address: str | None  # None: no address in the registry (cannot be sent)
    person_id: int | None = None
    municipality_number: str | None = None
    public: bool  # gets the public notice


class RecipientsOut(Out):
    meeting_id: int
    kind: MailKind
    subject: str
    recipients: list[Recipient]
    without_address: list[Recipient]
    transport: Transport  # SMTP when set up, else .eml files
    sender: str | None
    case_papers: bool  # the case papers go with the internal notice


class SendNoticeMailIn(In):
    meeting_id: int
    kind: MailKind = MailKind.NOTICE
    # Where the .eml files go when no SMTP server is set up (required then).
    eml_folder: Path | None = None


class RetryIn(In):
    message_ids: list[int] = Field(min_length=1)
    eml_folder: Path | None = None


class AttachmentOut(Out):
    name: str
    sha256: str
    size: int


class MailLogEntry(Out):
    id: int
    meeting_id: int
    batch: int
    kind: MailKind
    recipient_kind: RecipientKind
    name: str
    address: str
    public: bool
    subject: str
    message_id: str
    transport: Transport
    status: MailStatus
    error: str | None
    attempts: int
    attachments: list[AttachmentOut]
    eml_path: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


class SendResult(Out):
    meeting_id: int
    batch: int
    entries: list[MailLogEntry]

    @property
    def failed(self) -> list[MailLogEntry]:
        return [e for e in self.entries if e.status is MailStatus.FAILED]

    @property
    def done(self) -> list[MailLogEntry]:
        return [e for e in self.entries if e.status.done]


class MailViewOut(Out):
    """The meeting's mail dialog in one read: what would be sent now, and the log."""

    meeting_id: int
    body_name: str
    date: dt.date
    kind: MailKind  # what «Send» sends now: the notice, or an «endra innkalling»
    can_send: bool
    why_not: str | None  # why nothing can be sent now
    preview: RecipientsOut
    log: list[MailLogEntry]
    server: str | None  # "smtp.example.no:587", None: .eml files
    warnings: list[str] = []  # what the rules say about the meeting now (as the meeting view)
