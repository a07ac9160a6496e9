"""The minutes as documents, and the snapshot kept of them at approval (B-3).

At approval both variants of the møtebok are stored as canonical JSON with its SHA-256,
with the SHA-256 of the internal and the public PDF as rendered then, and the digest of
the rows the meeting owns (`_facts`; the snapshot keeps which columns went into it). Every
later export of approved minutes is made from the snapshot, so the registry as it is today
(a renamed person or body) never changes an approved møtebok, and `check` can tell an
edited snapshot or an edited row."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from dvmeet.db.audit import canonical_json
from dvmeet.db.models import Meeting, Minutes
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.minutes_model import MinutesDocument, MinutesDraft
from dvmeet.documents.models import DocumentMeta, Letterhead
from dvmeet.domain.enums import StandingCase
from dvmeet.services._records import case_label
from dvmeet.services.minutes._facts import facts_digest, manifest
from dvmeet.services.minutes._shared import meta_fields

VARIANTS = {False: "intern", True: "offentleg"}
FACTS = "fakta"  # the columns of the facts digest (`_facts.manifest`)


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
    draft: MinutesDraft,
    *,
    signatories_case: str | None = None,
    letterhead: Letterhead | None = None,
) -> MinutesDocument:
    """The document of a draft; `signatories_case` is the label of the case that elected
    the two members who sign with the chair (M-7), if the meeting has one; `letterhead`
    the cooperation's details printed on every page."""
    meta = DocumentMeta(**meta_fields(draft, letterhead))
    return MinutesDocument(meta=meta, minutes=draft, signatories_case=signatories_case)


def snapshot_of(
    internal: MinutesDocument, public: MinutesDocument, columns: dict[str, list[str]]
) -> tuple[str, str, str, str]:
    """(canonical JSON of both variants and of the facts manifest `columns`, its SHA-256,
    SHA-256 of the internal PDF, SHA-256 of the public PDF)."""
    text = canonical_json(
        {
            VARIANTS[False]: internal.model_dump(mode="json"),
            VARIANTS[True]: public.model_dump(mode="json"),
            FACTS: {"kolonnar": columns},
        }
    )
    kept = digest(text)
    pdfs = (minutes_pdf(d.model_copy(update={"snapshot_hash": kept})) for d in (internal, public))
    internal_pdf, public_pdf = (hashlib.sha256(pdf).hexdigest() for pdf in pdfs)
    return text, kept, internal_pdf, public_pdf


def keep_snapshot(
    s: Session, minutes: Minutes, internal: MinutesDocument, public: MinutesDocument
) -> None:
    """At approval, once every other row of the meeting is written: the snapshot, its hash,
    the hashes of both PDFs, then the digest of the rows the meeting owns (this row too)."""
    columns = manifest()
    minutes.snapshot, minutes.snapshot_hash, minutes.pdf_hash, minutes.public_pdf_hash = (
        snapshot_of(internal, public, columns)
    )
    s.flush()
    minutes.facts_hash = facts_digest(s, minutes.meeting_id, columns)
    s.flush()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def from_snapshot(text: str, snapshot_hash: str, *, public: bool) -> MinutesDocument:
    """One variant of the stored møtebok, carrying the snapshot's hash (printed in it)."""
    data = json.loads(text)[VARIANTS[public]]
    data.setdefault("layout", 1)  # kept before the layout was: the two-column attendance
    stored = MinutesDocument.model_validate(data)
    return stored.model_copy(update={"snapshot_hash": snapshot_hash})
