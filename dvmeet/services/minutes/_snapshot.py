"""The minutes as documents, and the snapshot kept of them at approval (B-3).

At approval both variants of the møtebok are stored as canonical JSON with its SHA-256
(and the SHA-256 of the internal PDF as rendered then). Every later export of approved
minutes is made from the snapshot, so the registry as it is today (a renamed person or
body) never changes an approved møtebok, and `check` can tell an edited snapshot."""

from __future__ import annotations

import hashlib
import json

from dvmeet.db.audit import canonical_json
from dvmeet.db.models import Meeting
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.minutes_model import MinutesDocument, MinutesDraft
from dvmeet.documents.models import DocumentMeta
from dvmeet.documents.text import short_date
from dvmeet.domain.enums import MinutesStatus, StandingCase
from dvmeet.services._records import case_label

VARIANTS = {False: "intern", True: "offentleg"}


def signatories_case(meeting: Meeting) -> str | None:
    """The label of the case that elected the two members who sign with the chair (M-7)."""
    return next(
        (
            case_label(c, meeting.body)
            for c in meeting.cases
            if c.standing is StandingCase.SIGNATORIES
        ),
        None,
    )


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


def snapshot_of(internal: MinutesDocument, public: MinutesDocument) -> tuple[str, str, str]:
    """(canonical JSON of both variants, its SHA-256, SHA-256 of the internal PDF)."""
    text = canonical_json(
        {
            VARIANTS[False]: internal.model_dump(mode="json"),
            VARIANTS[True]: public.model_dump(mode="json"),
        }
    )
    pdf = minutes_pdf(internal.model_copy(update={"snapshot_hash": digest(text)}))
    return text, digest(text), hashlib.sha256(pdf).hexdigest()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def from_snapshot(text: str, snapshot_hash: str, *, public: bool) -> MinutesDocument:
    """One variant of the stored møtebok, carrying the snapshot's hash (printed in it)."""
    stored = MinutesDocument.model_validate(json.loads(text)[VARIANTS[public]])
    return stored.model_copy(update={"snapshot_hash": snapshot_hash})
