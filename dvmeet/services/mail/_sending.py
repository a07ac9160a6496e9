"""«Send innkalling» by e-mail (issue 20): each recipient gets the notice PDF of their
variant (members and deputies called in the internal one, everyone else the public one,
M-3, M-4, O-2) and the calendar file, through the installation's SMTP server, or as .eml
files in a folder when none is set up. Every message is logged before it goes (status
pending) and then marked sent, written or failed with the server's answer; a failed one is
retried with the same Message-ID. Nothing is skipped silently: a recipient without an
address is named in the preview, a refused one is logged as failed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import smtplib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import AttendanceEvent, MailMessage, Meeting, Membership, Municipality
from dvmeet.documents.email import (
    MailAttachment,
    MailDocument,
    NoticeMailText,
    mail_bytes,
    needs_utf8,
    notice_subject,
    notice_text,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.enums import AttendanceKind, MeetingStatus, Role
from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.errors import Conflict, FrozenRecord, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services import exports, meetings, registry
from dvmeet.services._files import private_folder, write_file
from dvmeet.services._records import seat_memberships
from dvmeet.services.context import Context
from dvmeet.services.mail._recipients import list_entries
from dvmeet.services.mail._settings import MailUnavailable, connect, stored_settings
from dvmeet.services.mail.models import (
    AttachmentOut,
    MailLogEntry,
    MailSettingsIn,
    MailViewOut,
    Recipient,
    RecipientsOut,
    RetryIn,
    SendNoticeMailIn,
    SendResult,
)
from dvmeet.services.meetings.models import MeetingOut, SendNoticeIn
from dvmeet.services.progress import Cancelled, Progress, quiet

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# --- Who gets the notice -------------------------------------------------------------------


def _recipients(
    s: Session, meeting: Meeting, kind: MailKind
) -> tuple[list[Recipient], list[Recipient]]:
    """(with an address, without one), members first, then the deputies called in, then
    the list's observers, post addresses and copy recipients; one message per address."""
    found: list[Recipient] = []
    memberships = seat_memberships(s, meeting)
    seen_people: set[int] = set()
    for m in memberships:
        if m.role is Role.VARAMEDLEM or m.person_id in seen_people:
            continue
        seen_people.add(m.person_id)
        found.append(_person(m, RecipientKind.MEMBER))
    called = s.scalars(
        select(AttendanceEvent.person_id)
        .where(
            AttendanceEvent.meeting_id == meeting.id,
            AttendanceEvent.kind == AttendanceKind.DEPUTY,
        )
        .order_by(AttendanceEvent.sequence)
    )
    by_person = {m.person_id: m for m in memberships}
    for person_id in called:
        if person_id in seen_people:
            continue
        seen_people.add(person_id)
        membership = by_person.get(person_id)
        if membership is not None:
            found.append(_person(membership, RecipientKind.DEPUTY))
        else:
            person = lookup.person(s, person_id)
            found.append(
                Recipient(
                    kind=RecipientKind.DEPUTY,
                    name=person.name,
                    address=person.email,
                    person_id=person.id,
                    public=False,
                )
            )
    for entry in list_entries(s, meeting.body):
        if entry.kind is RecipientKind.POST and entry.municipality is not None:
            muni = entry.municipality
            found.append(
                Recipient(
                    kind=RecipientKind.POST,
                    name=_("Postmottak {municipality}").format(municipality=muni.name),
                    address=muni.post_email,
                    municipality_number=muni.number,
                    public=True,
                )
            )
        else:
            found.append(
                Recipient(kind=entry.kind, name=entry.name or "", address=entry.email, public=True)
            )
    if kind is MailKind.CHANGED_NOTICE:
        found += _earlier(s, meeting)
    with_address: list[Recipient] = []
    without: list[Recipient] = []
    addresses: set[str] = set()
    for r in found:
        if not r.address:
            without.append(r)
        elif r.address.lower() not in addresses:
            addresses.add(r.address.lower())
            with_address.append(r)
    return with_address, without


def _person(m: Membership, kind: RecipientKind) -> Recipient:
    return Recipient(
        kind=kind,
        name=m.person.name,
        address=m.person.email,
        person_id=m.person_id,
        municipality_number=m.municipality.number,
        public=not kind.internal,
    )


def _earlier(s: Session, meeting: Meeting) -> list[Recipient]:
    """Everyone an earlier notice of the meeting went to (the same list for an «endra
    innkalling», though someone has left the list since)."""
    rows = s.scalars(
        select(MailMessage).where(MailMessage.meeting_id == meeting.id).order_by(MailMessage.id)
    )
    return [
        Recipient(
            kind=r.recipient_kind,
            name=r.name,
            address=r.address,
            person_id=r.person_id,
            public=r.public,
        )
        for r in rows
    ]


def _check_kind(meeting: Meeting, kind: MailKind) -> None:
    lookup.ensure_not_frozen(meeting)
    if not lifecycle.before_meeting(meeting.status):
        raise Conflict(_("Møtet har teke til eller er halde; innkallinga kan ikkje sendast no."))
    if kind is MailKind.CHANGED_NOTICE and meeting.notice_sent_at is None:
        raise Conflict(
            _(
                "Innkallinga er ikkje send enno. Send innkallinga først; endringar etter "
                "det kan sendast som endra innkalling."
            )
        )


def _sent_before(s: Session, meeting_id: int, kind: MailKind) -> dt.datetime | None:
    return s.scalar(
        select(func.min(MailMessage.created_at)).where(
            MailMessage.meeting_id == meeting_id, MailMessage.kind == kind
        )
    )


def notice_recipients(
    ctx: Context, meeting_id: int, kind: MailKind = MailKind.NOTICE
) -> RecipientsOut:
    """Who a notice would go to and how: the preview before sending."""
    found = stored_settings_or_none()
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        with_address, without = _recipients(s, meeting, kind)
        subject = notice_subject(
            meeting.body.name, meeting.date, changed=kind is MailKind.CHANGED_NOTICE
        )
    return RecipientsOut(
        meeting_id=meeting_id,
        kind=kind,
        subject=subject,
        recipients=with_address,
        without_address=without,
        transport=Transport.SMTP if found is not None else Transport.EML,
        sender=found.sender_address if found is not None else None,
        case_papers=has_case_papers(ctx, meeting_id),
    )


def stored_settings_or_none() -> MailSettingsIn | None:
    try:
        found = stored_settings()
    except MailUnavailable:
        from dvmeet.services.mail._settings import _load

        return _load()
    return found[0] if found is not None else None


def mail_view(ctx: Context, meeting_id: int) -> MailViewOut:
    """What the meeting's mail dialog shows: the next sending (the notice, or an «endra
    innkalling» once the notice has gone by e-mail), its recipients, and the log."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        kind = (
            MailKind.CHANGED_NOTICE
            if _sent_before(s, meeting_id, MailKind.NOTICE) is not None
            else MailKind.NOTICE
        )
        why_not = None
        try:
            _check_kind(meeting, kind)
        except (Conflict, FrozenRecord) as exc:
            why_not = exc.message
        body_name, day = meeting.body.name, meeting.date
    found = stored_settings_or_none()
    return MailViewOut(
        meeting_id=meeting_id,
        body_name=body_name,
        date=day,
        kind=kind,
        can_send=why_not is None,
        why_not=why_not,
        preview=notice_recipients(ctx, meeting_id, kind),
        log=mail_log(ctx, meeting_id),
        server=f"{found.host}:{found.port}" if found is not None else None,
        warnings=[w.message for w in meetings.get_meeting(ctx, meeting_id).warnings],
    )


# --- The messages --------------------------------------------------------------------------


@dataclass
class _Documents:
    """The notice in both variants and the meeting's calendar, made once per sending."""

    meeting: MeetingOut
    kind: MailKind
    cooperation: str
    pdf: dict[bool, bytes] = field(default_factory=dict)  # public -> PDF
    cases: dict[bool, list[str]] = field(default_factory=dict)
    changes: dict[bool, list[str]] = field(default_factory=dict)
    calendar: dict[bool, object] = field(default_factory=dict)
    papers: dict[bool, bytes] = field(default_factory=dict)  # the sakspapir, when any

    @property
    def changed(self) -> bool:
        return self.kind is MailKind.CHANGED_NOTICE

    def pdf_name(self, public: bool) -> str:
        first = "Endra innkalling" if self.changed else "Innkalling"
        variant = "offentleg" if public else "intern"
        return f"{first} {self.meeting.body_code} {self.meeting.date:%Y-%m-%d} {variant}.pdf"

    def papers_name(self, public: bool) -> str:
        variant = "offentleg" if public else "intern"
        return f"Sakspapir {self.meeting.body_code} {self.meeting.date:%Y-%m-%d} {variant}.pdf"

    def ics_name(self) -> str:
        return f"Møte {self.meeting.body_code} {self.meeting.date:%Y-%m-%d}.ics"


def _documents(ctx: Context, meeting_id: int, kind: MailKind) -> _Documents:
    meeting = meetings.get_meeting(ctx, meeting_id)
    coop = registry.get_cooperation(ctx)
    docs = _Documents(meeting=meeting, kind=kind, cooperation=coop.name if coop else "")
    for public in (False, True):
        docs.pdf[public] = exports.meeting_pdf(ctx, "notice", meeting_id, public=public)
        model = exports.notice_document(ctx, meeting_id, public=public)
        docs.cases[public] = [
            f"{c.label} {c.title}"
            + (f" (u.off., {c.closure_reference})" if c.closed and c.closure_reference else "")
            for c in model.cases
        ]
        docs.changes[public] = list(model.changes)
        docs.calendar[public] = exports.calendar_document(ctx, meeting_id=meeting_id, public=public)
        papers = _case_papers(ctx, meeting_id, public=public)
        if papers is not None:
            docs.papers[public] = papers
    return docs


def _case_papers(ctx: Context, meeting_id: int, *, public: bool) -> bytes | None:
    """The sakspapir of the recipient's variant (the notice with each case's saksframlegg
    and attachments; public: closed papers left out), or None when no case has any."""
    from dvmeet.documents.sakspapir import sakspapir_pdf
    from dvmeet.services import papers

    document = papers.sakspapir_document(ctx, meeting_id, public=public)
    return sakspapir_pdf(document) if document.cases else None


def has_case_papers(ctx: Context, meeting_id: int) -> bool:
    from dvmeet.services import papers

    return bool(papers.sakspapir_document(ctx, meeting_id, public=False).cases)


def _message(
    docs: _Documents,
    r: Recipient,
    message_id: str,
    sender: MailSettingsIn | None,
) -> tuple[MailDocument, list[AttachmentOut]]:
    from dvmeet.documents.ics import calendar_ics
    from dvmeet.documents.models import CalendarDocument

    public = r.public
    calendar = docs.calendar[public]
    assert isinstance(calendar, CalendarDocument)
    organizer = (sender.sender_address, sender.sender_name) if sender is not None else None
    invited = r.kind.invited and organizer is not None and r.address is not None
    ics = calendar_ics(
        calendar,
        method="REQUEST" if invited else "PUBLISH",
        organizer=organizer,
        attendee=(r.address or "", r.name) if invited else None,
    )
    attachments = [
        MailAttachment(
            filename=docs.pdf_name(public),
            maintype="application",
            subtype="pdf",
            data=docs.pdf[public],
        ),
        *(
            [
                MailAttachment(
                    filename=docs.papers_name(public),
                    maintype="application",
                    subtype="pdf",
                    data=docs.papers[public],
                )
            ]
            if public in docs.papers
            else []
        ),
        MailAttachment(
            filename=docs.ics_name(),
            maintype="text",
            subtype="calendar",
            data=ics,
            method="REQUEST" if invited else "PUBLISH",
        ),
    ]
    m = docs.meeting
    sender_name = sender.sender_name if sender is not None else docs.cooperation
    text = notice_text(
        NoticeMailText(
            changed=docs.changed,
            public=public,
            deputy=r.kind is RecipientKind.DEPUTY,
            recipient_name=r.name,
            body_name=m.body_name,
            meeting_title=m.title,
            date=m.date,
            start_time=m.start_time,
            place=m.place,
            cases=docs.cases[public],
            changes=docs.changes[public] if docs.changed else [],
            has_case_papers=public in docs.papers,
            sender_name=sender_name,
            cooperation=docs.cooperation,
        )
    )
    doc = MailDocument(
        sender_address=sender.sender_address if sender is not None else "",
        sender_name=sender_name,
        to_address=r.address or "",
        to_name=r.name,
        subject=notice_subject(m.body_name, m.date, changed=docs.changed),
        text=text,
        message_id=message_id,
        date=dt.datetime.now(dt.UTC).astimezone(),
        attachments=attachments,
    )
    hashes = [
        AttachmentOut(name=a.filename, sha256=hashlib.sha256(a.data).hexdigest(), size=len(a.data))
        for a in attachments
    ]
    return doc, hashes


# --- Transports ----------------------------------------------------------------------------


class _Smtp:
    """One connection for the whole sending; reconnects once when the server hangs up."""

    def __init__(self, settings: MailSettingsIn, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self.server: smtplib.SMTP | None = connect(settings, password)

    def send(self, doc: MailDocument) -> None:
        data = mail_bytes(doc)
        utf8 = needs_utf8(doc)
        for attempt in (1, 2):
            if self.server is None:
                self.server = connect(self.settings, self.password)
            if utf8 and not self.server.has_extn("smtputf8"):
                raise _Unsendable(
                    _(
                        "E-posttenaren tek ikkje imot adresser med æ, ø eller å framfor @ "
                        "(SMTPUTF8). Bruk ei anna adresse for mottakaren."
                    )
                )
            try:
                refused = self.server.sendmail(
                    doc.sender_address,
                    [doc.to_address],
                    data,
                    mail_options=["SMTPUTF8"] if utf8 else [],
                )
            except smtplib.SMTPServerDisconnected:
                self.server = None
                if attempt == 2:
                    raise
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                raise _Refused(code, text) from exc
            except smtplib.SMTPSenderRefused as exc:
                raise _Refused(exc.smtp_code, exc.smtp_error) from exc
            except smtplib.SMTPDataError as exc:
                raise _Refused(exc.smtp_code, exc.smtp_error) from exc
            if refused:
                code, text = next(iter(refused.values()))
                raise _Refused(code, text)
            return

    def close(self) -> None:
        if self.server is not None:
            try:
                self.server.quit()
            except (smtplib.SMTPException, OSError):
                self.server.close()
            self.server = None


class _Unsendable(Exception):
    """This message cannot go through this server (said in one sentence)."""


class _Refused(Exception):
    def __init__(self, code: int, text: bytes | str) -> None:
        message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        super().__init__(f"{code} {message}")


def _eml_path(folder: Path, docs: _Documents, row_id: int, name: str) -> Path:
    first = "Endra innkalling" if docs.changed else "Innkalling"
    safe = _UNSAFE.sub("_", name).strip(" .") or "mottakar"
    return (
        folder
        / f"{first} {docs.meeting.body_code} {docs.meeting.date:%Y-%m-%d} {row_id:05d} {safe}.eml"
    )


# --- The log -------------------------------------------------------------------------------


def _entry(row: MailMessage) -> MailLogEntry:
    return MailLogEntry(
        id=row.id,
        meeting_id=row.meeting_id,
        batch=row.batch,
        kind=row.kind,
        recipient_kind=row.recipient_kind,
        name=row.name,
        address=row.address,
        public=row.public,
        subject=row.subject,
        message_id=row.message_id,
        transport=row.transport,
        status=row.status,
        error=row.error,
        attempts=row.attempts,
        attachments=[AttachmentOut.model_validate(a) for a in json.loads(row.attachments)],
        eml_path=row.eml_path,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


def mail_log(ctx: Context, meeting_id: int) -> list[MailLogEntry]:
    """Every notice message of a meeting, in the order they were made (newest round last)."""
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        rows = s.scalars(
            select(MailMessage).where(MailMessage.meeting_id == meeting_id).order_by(MailMessage.id)
        )
        return [_entry(r) for r in rows]


def _record(
    ctx: Context,
    row_id: int,
    status: MailStatus,
    *,
    error: str | None = None,
    hashes: list[AttachmentOut] | None = None,
    eml_path: Path | None = None,
    transport: Transport | None = None,
) -> MailLogEntry:
    with ctx.unit_of_work() as uow:
        row = uow.session.get_one(MailMessage, row_id)
        row.status = status
        row.error = error
        row.attempts += 1
        if transport is not None:
            row.transport = transport
        if hashes is not None:
            row.attachments = json.dumps([h.model_dump() for h in hashes])
        if eml_path is not None:
            row.eml_path = str(eml_path)
        if status.done:
            row.sent_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        uow.session.flush()
        uow.audit(
            f"mail.{status.value}",
            "mail_message",
            row.id,
            {
                "meeting_id": row.meeting_id,
                "address": row.address,
                "message_id": row.message_id,
                "attempt": row.attempts,
                "error": error,
                "attachments": json.loads(row.attachments),
            },
        )
        return _entry(row)


# --- Sending -------------------------------------------------------------------------------


@contextmanager
def _transport(
    eml_folder: Path | None,
) -> Iterator[tuple[_Smtp | None, MailSettingsIn | None, Path | None]]:
    found = stored_settings()
    if found is None:
        if eml_folder is None:
            raise InvalidInput(
                _(
                    "Ingen e-posttenar er sett opp (Innstillingar → E-post …). Vel ei mappe "
                    "der e-postane blir lagra som .eml-filer, klare til å opnast i Outlook."
                )
            )
        try:
            private_folder(eml_folder)
        except OSError as exc:
            raise InvalidInput(
                _("Mappa {folder} kan ikkje brukast: {error}").format(
                    folder=eml_folder, error=exc.strerror or exc
                )
            ) from exc
        yield None, None, eml_folder
        return
    settings, password = found
    smtp = _Smtp(settings, password)
    try:
        yield smtp, settings, None
    finally:
        smtp.close()


def _deliver(
    ctx: Context,
    docs: _Documents,
    row_id: int,
    r: Recipient,
    message_id: str,
    smtp: _Smtp | None,
    sender: MailSettingsIn | None,
    folder: Path | None,
) -> MailLogEntry:
    try:
        doc, hashes = _message(docs, r, message_id, sender)
    except ValueError as exc:  # an address no message can carry
        return _record(ctx, row_id, MailStatus.FAILED, error=str(exc) or type(exc).__name__)
    if smtp is not None:
        try:
            smtp.send(doc)
        except (
            _Refused,
            _Unsendable,
            MailUnavailable,
            smtplib.SMTPException,
            OSError,
            ValueError,  # an address the server's protocol cannot carry
        ) as exc:
            text = (
                exc.message if isinstance(exc, MailUnavailable) else str(exc) or type(exc).__name__
            )
            return _record(
                ctx, row_id, MailStatus.FAILED, error=text, hashes=hashes, transport=Transport.SMTP
            )
        return _record(ctx, row_id, MailStatus.SENT, hashes=hashes, transport=Transport.SMTP)
    assert folder is not None
    path = _eml_path(folder, docs, row_id, r.name)
    try:
        data = mail_bytes(doc, unsent=True)
    except ValueError as exc:
        return _record(ctx, row_id, MailStatus.FAILED, error=str(exc) or type(exc).__name__)
    try:
        write_file(path, data)
    except OSError as exc:
        return _record(
            ctx,
            row_id,
            MailStatus.FAILED,
            error=_("Fila {path} kan ikkje skrivast: {error}").format(
                path=path, error=exc.strerror or exc
            ),
            hashes=hashes,
            transport=Transport.EML,
        )
    return _record(
        ctx, row_id, MailStatus.WRITTEN, hashes=hashes, eml_path=path, transport=Transport.EML
    )


def _deliver_all(
    ctx: Context,
    docs: _Documents,
    rows: list[tuple[int, str, Recipient]],
    smtp: _Smtp | None,
    sender: MailSettingsIn | None,
    folder: Path | None,
    progress: Progress,
    *,
    first: int,
) -> list[MailLogEntry]:
    """Each message in turn; once the user cancels, the rest are logged as failed (not
    sent), so they are shown and can be retried."""
    entries = []
    total = first + len(rows)
    cancelled = False
    for n, (row_id, message_id, r) in enumerate(rows):
        if not cancelled:
            try:
                progress.step(first + n, total, r.name)
            except Cancelled:
                cancelled = True
        if cancelled:
            entries.append(_record(ctx, row_id, MailStatus.FAILED, error=_("Avbrote før sending.")))
            continue
        entries.append(_deliver(ctx, docs, row_id, r, message_id, smtp, sender, folder))
    return entries


def send_notice_mail(
    ctx: Context, data: SendNoticeMailIn, progress: Progress | None = None
) -> SendResult:
    """Send the notice (or an «endra innkalling») to every recipient with an address: mark
    the notice sent first when it is not (M-3), log every message, send, and record how it
    went. A recipient the server refuses is logged as failed and can be retried; a
    connection that cannot be made refuses the whole sending before anything changes."""
    progress = progress or quiet()
    with ctx.reading() as s:
        meeting = lookup.meeting(s, data.meeting_id)
        _check_kind(meeting, data.kind)
        if data.kind is MailKind.NOTICE:
            before = _sent_before(s, meeting.id, MailKind.NOTICE)
            if before is not None:
                raise Conflict(
                    _(
                        "Innkallinga til dette møtet er alt send på e-post ({date}). Send ei "
                        "endra innkalling, eller prøv igjen for dei som feila."
                    ).format(date=f"{before:%d.%m.%Y}")
                )
        planned = meeting.status is MeetingStatus.PLANNED
        with_address, _without = _recipients(s, meeting, data.kind)
    if not with_address:
        raise InvalidInput(
            _("Ingen mottakarar har e-postadresse. Legg inn adresser i registeret eller på lista.")
        )
    progress.step(0, len(with_address) + 2, _("Koplar til e-posttenaren"))
    with _transport(data.eml_folder) as (smtp, sender, folder):
        # the last point where cancelling changes nothing
        progress.step(1, len(with_address) + 2, _("Lagar innkallinga"))
        if data.kind is MailKind.NOTICE and planned:
            meetings.send_notice(ctx, SendNoticeIn(meeting_id=data.meeting_id))
        docs = _documents(ctx, data.meeting_id, data.kind)
        batch, rows = _log_pending(ctx, docs, with_address, sender, smtp is not None)
        entries = _deliver_all(ctx, docs, rows, smtp, sender, folder, progress, first=2)
    return SendResult(meeting_id=data.meeting_id, batch=batch, entries=entries)


def _log_pending(
    ctx: Context,
    docs: _Documents,
    recipients: list[Recipient],
    sender: MailSettingsIn | None,
    smtp: bool,
) -> tuple[int, list[tuple[int, str, Recipient]]]:
    """Every message logged as pending in one transaction, before any goes out."""
    domain = (sender.sender_address.rpartition("@")[2] if sender else "") or "dvmeet.invalid"
    subject = notice_subject(docs.meeting.body_name, docs.meeting.date, changed=docs.changed)
    with ctx.unit_of_work() as uow:
        s = uow.session
        # One sending at a time per meeting: the meeting row locked (PostgreSQL; SQLite's
        # write transaction is exclusive), and the notice checked again under the lock, so
        # two users pressing «Send» together do not both send the notice.
        s.execute(select(Meeting.id).where(Meeting.id == docs.meeting.id).with_for_update())
        if docs.kind is MailKind.NOTICE:
            before = _sent_before(s, docs.meeting.id, MailKind.NOTICE)
            if before is not None:
                raise Conflict(
                    _(
                        "Innkallinga til dette møtet er alt send på e-post ({date}). Send ei "
                        "endra innkalling, eller prøv igjen for dei som feila."
                    ).format(date=f"{before:%d.%m.%Y}")
                )
        batch = (
            s.scalar(
                select(func.max(MailMessage.batch)).where(MailMessage.meeting_id == docs.meeting.id)
            )
            or 0
        ) + 1
        rows = []
        for r in recipients:
            message_id = f"<{uuid.uuid4().hex}@{domain}>"  # short: never folded
            row = MailMessage(
                meeting_id=docs.meeting.id,
                batch=batch,
                kind=docs.kind,
                recipient_kind=r.kind,
                person_id=r.person_id,
                municipality_id=_municipality_id(s, r.municipality_number),
                name=r.name[:200],
                address=r.address or "",
                public=r.public,
                subject=subject,
                message_id=message_id,
                transport=Transport.SMTP if smtp else Transport.EML,
                status=MailStatus.PENDING,
                attempts=0,
                attachments="[]",
            )
            s.add(row)
            s.flush()
            rows.append((row.id, message_id, r))
        uow.audit(
            "mail.batch",
            "mail_message",
            rows[0][0] if rows else None,
            {
                "meeting_id": docs.meeting.id,
                "batch": batch,
                "kind": docs.kind.value,
                "messages": len(rows),
            },
        )
        return batch, rows


def _municipality_id(s: Session, number: str | None) -> int | None:
    if number is None:
        return None
    return s.scalar(select(Municipality.id).where(Municipality.number == number))


def retry_mail(ctx: Context, data: RetryIn, progress: Progress | None = None) -> SendResult:
    """Send the failed (or interrupted) messages again, each with its own Message-ID, the
    notice as it is now, and the transport set up now."""
    progress = progress or quiet()
    with ctx.reading() as s:
        rows = [lookup.get_or_raise(s, MailMessage, i, _("meldinga")) for i in data.message_ids]
        meeting_ids = {r.meeting_id for r in rows}
        if len(meeting_ids) != 1:
            raise InvalidInput(
                _("Meldingane høyrer til ulike møte; prøv igjen for eitt møte om gongen.")
            )
        meeting = lookup.meeting(s, rows[0].meeting_id)
        lookup.ensure_not_frozen(meeting)
        done = [r for r in rows if r.status.done]
        if done:
            raise Conflict(
                _("{name} har alt fått meldinga; ho blir ikkje send to gonger.").format(
                    name=done[0].name
                )
            )
        kinds = {r.kind for r in rows}
        if len(kinds) != 1:
            raise InvalidInput(
                _("Prøv igjen for innkallinga og den endra innkallinga kvar for seg.")
            )
        kind = rows[0].kind
        plan = [
            (
                r.id,
                r.message_id,
                Recipient(
                    kind=r.recipient_kind,
                    name=r.name,
                    address=r.address,
                    person_id=r.person_id,
                    public=r.public,
                ),
            )
            for r in rows
        ]
        batch = rows[0].batch
    progress.step(0, len(plan) + 1, _("Koplar til e-posttenaren"))
    with _transport(data.eml_folder) as (smtp, sender, folder):
        docs = _documents(ctx, meeting.id, kind)
        entries = _deliver_all(ctx, docs, plan, smtp, sender, folder, progress, first=1)
    return SendResult(meeting_id=meeting.id, batch=batch, entries=entries)
