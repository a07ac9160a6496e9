"""The archive package of a meeting (AR-1..AR-3): PDF/A files plus metadata.json (and
SHA256SUMS) from which the host municipality's Noark 5 archive can be fed.

dvmeet is not the archive: it hands over files and the metadata the archivist needs."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dvmeet import __version__
from dvmeet.documents.attendance_list import AttendanceRenderer, attendance_document
from dvmeet.documents.minutes import MinutesRenderer
from dvmeet.documents.models import DocumentMeta
from dvmeet.documents.notice import NoticeRenderer, notice_document
from dvmeet.documents.pdfa import to_pdfa
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import InvalidInput
from dvmeet.services import meetings
from dvmeet.services.context import Context
from dvmeet.services.minutes import minutes_document, minutes_draft
from dvmeet.services.progress import Progress, quiet

FORMAT = "dvmeet-arkivpakke/1"


class ArchivedFile(BaseModel):
    file: str
    title: str
    document_type: str
    variant: str  # "intern" | "offentleg"
    format: str
    sha256: str
    size: int
    access_restriction: str | None  # Noark 5 tilgangsrestriksjon: "U.off." or None
    legal_basis: list[str]  # skjermingsheimel for what is withheld or restricted
    withheld_cases: list[dict[str, str]]


class ArchiveResult(BaseModel):
    directory: Path
    files: list[ArchivedFile]
    metadata: Path


def pdfa(renderer: PdfRenderer) -> bytes:
    """Render a document and make it PDF/A-2b (the archive variant)."""
    return to_pdfa(renderer.render(), renderer.meta)


def export_archive(
    ctx: Context, meeting_id: int, directory: Path, progress: Progress | None = None
) -> ArchiveResult:
    """Every document is rendered before the folder is made and anything is written, so
    cancelling (through `progress`) leaves nothing behind."""
    progress = progress or quiet()
    meeting = meetings.get_meeting(ctx, meeting_id)
    closed = [c for c in meeting.cases if c.closed]
    withheld = [{"case": c.label, "legal_basis": c.closure_reference or ""} for c in closed]
    bases = sorted({c.closure_reference for c in closed if c.closure_reference})
    stem = f"{meeting.body_code.lower()}_{meeting.date:%Y-%m-%d}"
    held = meeting.status in (MeetingStatus.HELD, MeetingStatus.APPROVED)

    def notice(public: bool) -> PdfRenderer:
        return NoticeRenderer(notice_document(ctx, meeting_id, public=public))

    def minutes(public: bool) -> PdfRenderer:
        return MinutesRenderer(minutes_document(ctx, meeting_id, public=public))

    def attendance(public: bool) -> PdfRenderer:
        return AttendanceRenderer(attendance_document(ctx, meeting_id, public=public))

    kinds: list[tuple[str, str, Callable[[bool], PdfRenderer]]] = [
        ("innkalling", "Innkalling", notice)
    ]
    if held:
        kinds += [("moetebok", "Møtebok", minutes), ("frammoeteliste", "Frammøteliste", attendance)]
    jobs = [(slug, kind, public, make) for public in (False, True) for slug, kind, make in kinds]
    files: list[ArchivedFile] = []
    rendered: list[bytes] = []
    for n, (slug, doc_type, public, make) in enumerate(jobs):
        variant = "offentleg" if public else "intern"
        progress.step(n, len(jobs) + 1, f"{doc_type} ({variant}), PDF/A")
        renderer = make(public)
        data = pdfa(renderer)
        rendered.append(data)
        meta: DocumentMeta = renderer.meta
        files.append(
            ArchivedFile(
                file=f"{slug}_{stem}_{variant}.pdf",
                title=meta.title,
                document_type=doc_type,
                variant=variant,
                format="PDF/A-2b",
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                access_restriction=None if public or not closed else "U.off.",
                legal_basis=bases,
                withheld_cases=withheld if public else [],
            )
        )
    metadata = _metadata(ctx, meeting_id, files)
    progress.step(len(jobs), len(jobs) + 1, "metadata.json")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Kunne ikkje lage mappa {directory}: {exc.strerror or exc}") from exc
    for f, data in zip(files, rendered, strict=True):
        _write(directory / f.file, data)
    meta_path = directory / "metadata.json"
    _write(meta_path, json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"))
    sums = "".join(f"{f.sha256}  {f.file}\n" for f in files)
    _write(directory / "SHA256SUMS", sums.encode("ascii"))
    return ArchiveResult(directory=directory, files=files, metadata=meta_path)


def _metadata(ctx: Context, meeting_id: int, files: list[ArchivedFile]) -> dict[str, Any]:
    meeting = meetings.get_meeting(ctx, meeting_id)
    draft = minutes_draft(ctx, meeting_id, public=True)
    approval = draft.approval
    return {
        "format": FORMAT,
        "produced_by": f"dvmeet {__version__}",
        "cooperation": draft.cooperation,
        "body": meeting.body_name,
        "body_code": meeting.body_code,
        "meeting_id": meeting.id,
        "meeting_date": meeting.date.isoformat(),
        "meeting_place": meeting.place,
        "meeting_status": meeting.status.value,
        "case_numbers": [c.label for c in meeting.cases],
        "closed_cases": [
            {"case": c.label, "public_title": c.shown_title, "legal_basis": c.closure_reference}
            for c in meeting.cases
            if c.closed
        ],
        "minutes": {
            "status": draft.status.value,
            "approved_on": approval.approved_on.isoformat() if approval else None,
            "approval_method": approval.method.value if approval else None,
            "audit_chain_head": approval.audit_head if approval else None,
            "retention": "bevarast (AR-3)" if approval else None,
        },
        "documents": [f.model_dump(mode="json") for f in files],
    }


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"Kunne ikkje skrive fila {path}: {exc.strerror or exc}") from exc
