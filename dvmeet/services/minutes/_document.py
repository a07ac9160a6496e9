"""The minutes as a document model (B-1..B-4) and as the app's preview: one model, one
layout (`dvmeet.documents.minutes_layout`) for the PDF and the preview."""

from __future__ import annotations

from dvmeet.documents.minutes_html import minutes_html
from dvmeet.documents.minutes_model import HtmlColours, MinutesDocument, MinutesDraft
from dvmeet.documents.models import DocumentMeta
from dvmeet.documents.text import short_date
from dvmeet.domain.enums import MinutesStatus, StandingCase
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import case_label
from dvmeet.services.context import Context
from dvmeet.services.minutes._minutes import build_minutes
from dvmeet.services.minutes.models import MinutesPreview


def minutes_document(ctx: Context, meeting_id: int, *, public: bool) -> MinutesDocument:
    """The minutes as a document; the public one comes from the public draft only (B-4)."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        draft = build_minutes(s, meeting, public=public)
        signatories = next(
            (
                case_label(c, meeting.body)
                for c in meeting.cases
                if c.standing is StandingCase.SIGNATORIES
            ),
            None,
        )
    return minutes_document_from(draft, signatories_case=signatories)


def minutes_document_from(
    draft: MinutesDraft, *, signatories_case: str | None = None
) -> MinutesDocument:
    """The document of a draft; `signatories_case` is the label of the case that elected
    the two members who sign with the chair (M-7), if the meeting has one."""
    title = f"Møtebok – {draft.body_name} {short_date(draft.date)}"
    meta = DocumentMeta(
        kind="MØTEBOK",
        title=title,
        subject=f"Møtebok frå møtet i {draft.body_name} {short_date(draft.date)}, {draft.place}",
        author=draft.cooperation,
        cooperation=draft.cooperation,
        body_name=draft.body_name,
        public=draft.public,
        draft=draft.status is not MinutesStatus.APPROVED,
        date=draft.date,
    )
    return MinutesDocument(meta=meta, minutes=draft, signatories_case=signatories_case)


def minutes_preview(
    ctx: Context, meeting_id: int, *, public: bool, colours: HtmlColours | None = None
) -> MinutesPreview:
    """The minutes as the app shows them before export: the draft and its rich text, laid
    out as the PDF is (same words, same order), in the caller's colours."""
    document = minutes_document(ctx, meeting_id, public=public)
    return MinutesPreview(
        draft=document.minutes, html=minutes_html(document, colours or HtmlColours())
    )
