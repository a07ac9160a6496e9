"""Governing documents (mandate, strategy, oppdragsbrev, ...) and their versions."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import unicodedata

from pydantic import Field
from sqlalchemy import func, select

from dvmeet.db.models import Case, Decision, DocumentVersion, GoverningDocument, Meeting
from dvmeet.domain.enums import DocumentKind
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services.context import Context
from dvmeet.services.models import In, Out


class DocumentIn(In):
    kind: DocumentKind
    title: str = Field(min_length=1, max_length=300)
    body_code: str | None = None


class VersionIn(In):
    document_id: int
    content: str = Field(min_length=1, max_length=2_000_000)
    note: str | None = Field(default=None, max_length=500)


class AdoptionOut(Out):
    meeting_id: int
    meeting_date: dt.date
    case_id: int
    decision_id: int


class VersionOut(Out):
    id: int
    document_id: int
    version_no: int
    content_hash: str
    note: str | None
    created_at: dt.datetime
    adopted_in: list[AdoptionOut] = []


class DocumentOut(Out):
    id: int
    kind: DocumentKind
    title: str
    versions: list[VersionOut]


def content_hash(content: str) -> str:
    """SHA-256 of the NFC-normalised UTF-8 text: the same words give the same hash."""
    return hashlib.sha256(unicodedata.normalize("NFC", content).encode("utf-8")).hexdigest()


def create_document(ctx: Context, data: DocumentIn) -> DocumentOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        body_id = lookup.body_by_code(s, data.body_code).id if data.body_code else None
        doc = GoverningDocument(kind=data.kind, title=data.title, body_id=body_id)
        s.add(doc)
        s.flush()
        uow.audit("document.created", "governing_document", doc.id, data.model_dump(mode="json"))
        return DocumentOut(id=doc.id, kind=doc.kind, title=doc.title, versions=[])


def add_version(ctx: Context, data: VersionIn) -> VersionOut:
    """A new version with its content hash; identical text to the latest version is refused."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        doc = lookup.get_or_raise(s, GoverningDocument, data.document_id, _("dokumentet"))
        content = unicodedata.normalize("NFC", data.content)
        digest = content_hash(content)
        latest = s.scalar(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == doc.id)
            .order_by(DocumentVersion.version_no.desc())
            .limit(1)
        )
        if latest is not None and latest.content_hash == digest:
            raise Conflict(
                _(
                    "Teksten er lik versjon {version} av «{title}»; ingen ny versjon er laga."
                ).format(version=latest.version_no, title=doc.title)
            )
        number = (
            s.scalar(
                select(func.max(DocumentVersion.version_no)).where(
                    DocumentVersion.document_id == doc.id
                )
            )
            or 0
        ) + 1
        version = DocumentVersion(
            document_id=doc.id,
            version_no=number,
            content=content,
            content_hash=digest,
            note=data.note,
        )
        s.add(version)
        s.flush()
        uow.audit(
            "document.version_added",
            "document_version",
            version.id,
            {"document_id": doc.id, "version_no": number, "content_hash": digest},
        )
        return _version_out(version, [])


def _version_out(v: DocumentVersion, adopted: list[AdoptionOut]) -> VersionOut:
    return VersionOut(
        id=v.id,
        document_id=v.document_id,
        version_no=v.version_no,
        content_hash=v.content_hash,
        note=v.note,
        created_at=v.created_at,
        adopted_in=adopted,
    )


def list_documents(ctx: Context) -> list[DocumentOut]:
    with ctx.reading() as s:
        adoptions: dict[int, list[AdoptionOut]] = {}
        for d, m in s.execute(
            select(Decision, Meeting)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(Decision.adopted_version_id.is_not(None))
        ):
            assert d.adopted_version_id is not None
            adoptions.setdefault(d.adopted_version_id, []).append(
                AdoptionOut(
                    meeting_id=m.id, meeting_date=m.date, case_id=d.case_id, decision_id=d.id
                )
            )
        docs = s.scalars(select(GoverningDocument).order_by(GoverningDocument.id))
        return [
            DocumentOut(
                id=doc.id,
                kind=doc.kind,
                title=doc.title,
                versions=[_version_out(v, adoptions.get(v.id, [])) for v in doc.versions],
            )
            for doc in docs
        ]


def version_text(ctx: Context, version_id: int) -> str:
    with ctx.reading() as s:
        return lookup.get_or_raise(s, DocumentVersion, version_id, _("dokumentversjonen")).content


def diff_versions(ctx: Context, old_id: int, new_id: int) -> list[str]:
    """A unified diff of two versions, line by line."""
    with ctx.reading() as s:
        old = lookup.get_or_raise(s, DocumentVersion, old_id, _("dokumentversjonen"))
        new = lookup.get_or_raise(s, DocumentVersion, new_id, _("dokumentversjonen"))
        return list(
            difflib.unified_diff(
                old.content.splitlines(),
                new.content.splitlines(),
                fromfile=f"versjon {old.version_no}",
                tofile=f"versjon {new.version_no}",
                lineterm="",
            )
        )


def cases_deciding(ctx: Context, version_id: int) -> list[int]:
    with ctx.reading() as s:
        return list(s.scalars(select(Case.id).where(Case.document_version_id == version_id)))
