"""The archive package of a meeting (AR-1..AR-3): PDF/A files plus metadata.json (and
SHA256SUMS) from which the host municipality's Noark 5 archive can be fed.

dvmeet is not the archive: it hands over files and the metadata the archivist needs. This
module renders and describes the package (bytes out); dvmeet.services.exports builds its
documents and writes the files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dvmeet import __version__
from dvmeet.documents.models import DocModel
from dvmeet.documents.pdfa import to_pdfa
from dvmeet.documents.renderer import PdfRenderer

FORMAT = "dvmeet-arkivpakke/1"
METADATA = "metadata.json"
CHECKSUMS = "SHA256SUMS"


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


class ClosedCase(DocModel):
    case: str
    public_title: str
    legal_basis: str | None


class ArchiveMeeting(DocModel):
    """What metadata.json says of the meeting and its minutes."""

    cooperation: str
    body_name: str
    body_code: str
    meeting_id: int
    date: dt.date
    place: str
    status: str
    case_numbers: list[str]
    closed_cases: list[ClosedCase]
    minutes_status: str
    approved_on: dt.date | None
    approval_method: str | None
    audit_chain_head: str | None

    @property
    def stem(self) -> str:
        return f"{self.body_code.lower()}_{self.date:%Y-%m-%d}"


def pdfa(renderer: PdfRenderer) -> bytes:
    """Render a document and make it PDF/A-2b (the archive variant)."""
    return to_pdfa(renderer.render(), renderer.meta)


def archived_file(
    meeting: ArchiveMeeting, slug: str, document_type: str, title: str, public: bool, data: bytes
) -> ArchivedFile:
    """The description of one PDF/A file of the package."""
    variant = "offentleg" if public else "intern"
    closed = meeting.closed_cases
    withheld = [{"case": c.case, "legal_basis": c.legal_basis or ""} for c in closed]
    return ArchivedFile(
        file=f"{slug}_{meeting.stem}_{variant}.pdf",
        title=title,
        document_type=document_type,
        variant=variant,
        format="PDF/A-2b",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        access_restriction=None if public or not closed else "U.off.",
        legal_basis=sorted({c.legal_basis for c in closed if c.legal_basis}),
        withheld_cases=withheld if public else [],
    )


def metadata(meeting: ArchiveMeeting, files: list[ArchivedFile]) -> dict[str, Any]:
    approved = meeting.approved_on is not None
    return {
        "format": FORMAT,
        "produced_by": f"dvmeet {__version__}",
        "cooperation": meeting.cooperation,
        "body": meeting.body_name,
        "body_code": meeting.body_code,
        "meeting_id": meeting.meeting_id,
        "meeting_date": meeting.date.isoformat(),
        "meeting_place": meeting.place,
        "meeting_status": meeting.status,
        "case_numbers": meeting.case_numbers,
        "closed_cases": [c.model_dump(mode="json") for c in meeting.closed_cases],
        "minutes": {
            "status": meeting.minutes_status,
            "approved_on": meeting.approved_on.isoformat() if meeting.approved_on else None,
            "approval_method": meeting.approval_method,
            "audit_chain_head": meeting.audit_chain_head,
            "retention": "bevarast" if approved else None,
        },
        "documents": [f.model_dump(mode="json") for f in files],
    }


def metadata_json(meeting: ArchiveMeeting, files: list[ArchivedFile]) -> bytes:
    return json.dumps(metadata(meeting, files), ensure_ascii=False, indent=2).encode("utf-8")


def checksums(files: list[ArchivedFile]) -> bytes:
    """SHA256SUMS: one line per file, as sha256sum writes it."""
    return "".join(f"{f.sha256}  {f.file}\n" for f in files).encode("ascii")
