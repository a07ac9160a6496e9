"""The minutes as a document model (B-1..B-4) and as the app's preview: one model, one
layout (`dvmeet.documents.minutes_layout`) for the PDF and the preview."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Minutes
from dvmeet.documents.minutes_html import minutes_html
from dvmeet.documents.minutes_model import HtmlColours, MinutesDocument
from dvmeet.services import _lookup as lookup
from dvmeet.services._letterhead import letterhead
from dvmeet.services.context import Context
from dvmeet.services.minutes._corrections import correction_lines
from dvmeet.services.minutes._minutes import build_minutes
from dvmeet.services.minutes._snapshot import (
    from_snapshot,
    minutes_document_from,
    signatories_case,
)
from dvmeet.services.minutes.models import MinutesPreview


def minutes_document(
    ctx: Context, meeting_id: int, *, public: bool, corrections: bool = True
) -> MinutesDocument:
    """The minutes as a document; the public one comes from the public draft only (B-4).
    Approved minutes come from the snapshot kept at approval, never from today's data,
    followed by the corrections made since (B-3; `corrections=False`: as approved)."""
    with ctx.reading() as s:
        return _document(s, meeting_id, public=public, corrections=corrections)


def _document(
    s: Session, meeting_id: int, *, public: bool, corrections: bool = True
) -> MinutesDocument:
    meeting = lookup.meeting(s, meeting_id)
    kept = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    if kept is not None and kept.snapshot is not None and kept.snapshot_hash is not None:
        # B-3: the approved møtebok as kept, then the corrections made since, from their rows
        approved = from_snapshot(kept.snapshot, kept.snapshot_hash, public=public)
        made = correction_lines(s, meeting, public=public) if corrections else []
        return approved.model_copy(update={"corrections": made}) if made else approved
    draft = build_minutes(s, meeting, public=public)
    return minutes_document_from(
        draft, signatories_case=signatories_case(meeting), letterhead=letterhead(s)
    )


def minutes_preview(
    ctx: Context, meeting_id: int, *, public: bool, colours: HtmlColours | None = None
) -> MinutesPreview:
    """The minutes as the app shows them before export: the draft and its rich text, laid
    out as the PDF is (same words, same order), in the caller's colours."""
    with ctx.reading() as s:
        document = _document(s, meeting_id, public=public)
        kept = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        version = kept.version if kept is not None else None
    return MinutesPreview(
        draft=document.minutes,
        html=minutes_html(document, colours or HtmlColours()),
        remarks_version=version,
    )
