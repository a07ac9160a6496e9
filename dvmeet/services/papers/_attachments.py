"""A case's attachments (vedlegg, issue 19): PDF files kept in the database with their
SHA-256, size, order and public/closed flag, and the governing document a case adopts
(mandate, strategy, oppdragsbrev), listed first and rendered from its version.

Attachments are part of the record: frozen with the meeting once its minutes are
approved, and in the facts digest (migration 0017)."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from dvmeet.db.models import Case, CaseAttachment
from dvmeet.domain.labels import nynorsk
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._records import case_label
from dvmeet.services.context import Context
from dvmeet.services.papers._convert import as_pdf
from dvmeet.services.papers.models import (
    AttachmentIn,
    AttachmentOut,
    AttachmentUpdate,
    MoveAttachmentIn,
)


def attachment_rows(
    session: Session, case_id: int, *, content: bool = False
) -> list[CaseAttachment]:
    stmt = (
        select(CaseAttachment)
        .where(CaseAttachment.case_id == case_id)
        .order_by(CaseAttachment.position, CaseAttachment.id)
    )
    if content:
        stmt = stmt.options(undefer(CaseAttachment.content))
    return list(session.scalars(stmt))


def adopted_title(case: Case) -> str | None:
    """ "Mandat for styringsgruppa (mandat, versjon 2)": the document the case adopts."""
    version = case.document_version
    if version is None:
        return None
    document = version.document
    return f"{document.title} ({nynorsk(document.kind).lower()}, versjon {version.version_no})"


def _out(row: CaseAttachment) -> AttachmentOut:
    return AttachmentOut(
        id=row.id,
        case_id=row.case_id,
        title=row.title,
        filename=row.filename,
        sha256=row.sha256,
        size=row.size,
        closed=row.closed,
        position=row.position,
        version=row.version,
        created_at=row.created_at,
    )


def attachments_out(session: Session, case: Case) -> list[AttachmentOut]:
    out: list[AttachmentOut] = []
    title = adopted_title(case)
    if title is not None and case.document_version is not None:
        version = case.document_version
        out.append(
            AttachmentOut(
                id=None,
                case_id=case.id,
                title=title,
                filename=f"{version.document.title} v{version.version_no}.pdf",
                sha256=version.content_hash,
                size=len(version.content.encode("utf-8")),
                closed=case.closed,
                position=0,
                version=0,
                automatic=True,
                document_version_id=version.id,
            )
        )
    out.extend(_out(row) for row in attachment_rows(session, case.id))
    return out


def list_attachments(ctx: Context, case_id: int) -> list[AttachmentOut]:
    """The case's attachments in order: the governing document it adopts (automatic),
    then the files attached."""
    with ctx.reading() as s:
        return attachments_out(s, lookup.case(s, case_id))


def attachment_content(ctx: Context, attachment_id: int) -> bytes:
    """The stored PDF of an attachment (to open or save)."""
    with ctx.reading() as s:
        row = s.scalar(
            select(CaseAttachment)
            .where(CaseAttachment.id == attachment_id)
            .options(undefer(CaseAttachment.content))
        )
        if row is None:
            lookup.get_or_raise(s, CaseAttachment, attachment_id, _("vedlegget"))
        assert row is not None
        return bytes(row.content)


def add_attachment(ctx: Context, data: AttachmentIn) -> AttachmentOut:
    """Attach a file to a case, last in its order. A PDF is checked (a PDF by its
    content, opens, not encrypted); Word and Excel are converted to PDF by LibreOffice
    when it is installed; anything else is refused with the reason, nothing stored."""
    filename, pdf = as_pdf(data.filename, data.content)  # before the write transaction
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        lock_case(s, case.id)
        last = s.scalar(
            select(func.max(CaseAttachment.position)).where(CaseAttachment.case_id == case.id)
        )
        row = CaseAttachment(
            case_id=case.id,
            title=data.title,
            filename=filename,
            content=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            closed=data.closed or case.closed,
            position=(last or 0) + 1,
        )
        s.add(row)
        s.flush()
        uow.audit(
            "case_attachment.added",
            "case_attachment",
            row.id,
            {
                "case_id": case.id,
                "label": case_label(case, case.meeting.body),
                "filename": filename,
                "sha256": row.sha256,
                "size": row.size,
                "closed": row.closed,
            },
        )
        return _out(row)


def lock_case(s: Session, case_id: int) -> None:
    """One change of a case's attachments at a time (the order is the case's)."""
    s.execute(select(Case.id).where(Case.id == case_id).with_for_update())


def _row_for_update(s: Session, attachment_id: int) -> CaseAttachment:
    row = lookup.get_or_raise(s, CaseAttachment, attachment_id, _("vedlegget"))
    lookup.case(s, row.case_id, for_update=True)  # refuses when the meeting is frozen
    lock_case(s, row.case_id)
    return row


def _what(row: CaseAttachment) -> str:
    return _("vedlegget «{title}»").format(title=row.title)


def update_attachment(ctx: Context, data: AttachmentUpdate) -> AttachmentOut:
    """Change an attachment's title or its closed flag. An attachment of a closed case
    stays closed (the case's papers are not public)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = _row_for_update(s, data.attachment_id)
        ensure_version(s, row, data.expected_version, lambda: _out(row), _what(row))
        case = lookup.case(s, row.case_id)
        if case.closed and not data.closed:
            raise Conflict(
                _(
                    "Saka er lukka, så vedlegga hennar er unnatekne offentlegheit. Gjer saka open "
                    "før eit vedlegg kan bli ope."
                )
            )
        row.title = data.title
        row.closed = data.closed
        s.flush()
        uow.audit(
            "case_attachment.updated",
            "case_attachment",
            row.id,
            {"case_id": row.case_id, "title": row.title, "closed": row.closed},
        )
        return _out(row)


def move_attachment(ctx: Context, data: MoveAttachmentIn) -> list[AttachmentOut]:
    """Move an attachment one place up (-1) or down (1) among its case's files."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = _row_for_update(s, data.attachment_id)
        case = lookup.case(s, row.case_id)
        ensure_version(s, row, data.expected_version, lambda: attachments_out(s, case), _what(row))
        rows = attachment_rows(s, row.case_id)
        at = rows.index(row)
        to = at + data.step
        if not 0 <= to < len(rows):
            edge = (
                _("«{title}» står alt først.") if data.step < 0 else _("«{title}» står alt sist.")
            )
            raise Conflict(edge.format(title=row.title))
        rows[at], rows[to] = rows[to], rows[at]
        for position, item in enumerate(rows, start=1):
            if item.position != position:
                item.position = position
        s.flush()
        uow.audit(
            "case_attachment.moved",
            "case_attachment",
            row.id,
            {"case_id": row.case_id, "order": [r.id for r in rows]},
        )
        return attachments_out(s, case)


def remove_attachment(
    ctx: Context, attachment_id: int, *, expected_version: int | None = None
) -> list[AttachmentOut]:
    """Remove an attachment; the others close up in their order."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = _row_for_update(s, attachment_id)
        case = lookup.case(s, row.case_id)
        ensure_version(s, row, expected_version, lambda: attachments_out(s, case), _what(row))
        payload = {
            "case_id": row.case_id,
            "title": row.title,
            "filename": row.filename,
            "sha256": row.sha256,
        }
        s.delete(row)
        s.flush()
        for position, item in enumerate(attachment_rows(s, case.id), start=1):
            if item.position != position:
                item.position = position
        s.flush()
        uow.audit("case_attachment.removed", "case_attachment", attachment_id, payload)
        return attachments_out(s, case)
