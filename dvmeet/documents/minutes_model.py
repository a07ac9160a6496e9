"""The minutes (møtebok) as data: everything B-1 demands, internal or public (B-4).

Built by the minutes service (`dvmeet.services.minutes`), read by the renderers in this
package; a public draft is built from public fields only."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dvmeet.documents.models import DocModel, DocumentMeta, SaksgangRow
from dvmeet.domain.enums import ApprovalMethod, MeetingForm, MeetingKind, MinutesStatus


class PersonLine(DocModel):
    name: str
    municipality: str
    role: str | None = None


class DeputyLine(DocModel):
    name: str
    for_name: str
    municipality: str


class DisqualificationLine(DocModel):
    name: str
    case_label: str
    legal_basis: str
    deputy_name: str | None


class MovementLine(DocModel):
    name: str
    kind: str  # "kom" or "gjekk"
    at_time: dt.time | None
    case_label: str | None


class ClosedLine(DocModel):
    case_label: str
    legal_basis: str
    # O-1: the body's decision to close the meeting for the case, if it voted on it
    # ("Vedteke samrøystes", "Vedteke med 5 mot 2 røyster")
    decision: str | None = None


class ProposalLine(DocModel):
    kind: str
    text: str
    proposer: str | None


class VoteLine(DocModel):
    text: str
    for_names: list[str]
    against_names: list[str]
    casting_vote_used: bool
    quorum_sentence: str
    unanimous: bool


class CaseMinutes(DocModel):
    label: str
    heading: str
    title: str
    closed: bool
    closure_reference: str | None
    withheld: bool  # public version of a closed case: content replaced by the legal basis
    recommendation: str | None
    handling: str | None
    # H-1: the handling of each disqualification question in the case, printed before the
    # proposals; empty in minutes approved before it was kept (then the Ugilde list tells)
    disqualification: list[str] = []
    # who had the floor, in order ("Kari Vik (replikk)"), when the body keeps its speakers'
    # list in the minutes; empty in minutes approved before it was kept
    speakers: list[str] = []
    proposals: list[ProposalLine]
    votes: list[VoteLine]
    decision: str | None
    decision_unanimous: bool
    # a case with votes but no decision says so: "Det vart ikkje gjort vedtak: …"
    no_decision: str | None = None
    chair_name: str | None
    adopted_document: str | None  # "Mandat for styringsgruppa, versjon 2 (sha256 …)"
    # the matter's handlings across bodies (issue 19); none in a snapshot kept before
    saksgang: list[SaksgangRow] = []


class ApprovalLine(DocModel):
    method: ApprovalMethod
    approved_on: dt.date
    signatories: list[str]
    chair: str | None
    audit_head: str | None
    approved_in: str | None


class MinutesDraft(DocModel):
    public: bool
    status: MinutesStatus
    cooperation: str
    body_code: str
    body_name: str
    meeting_id: int
    meeting_kind: MeetingKind
    meeting_title: str | None
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    place: str
    form: MeetingForm
    chair: str | None
    present: list[PersonLine]
    absent: list[PersonLine]
    deputies: list[DeputyLine]
    disqualifications: list[DisqualificationLine]
    movements: list[MovementLine]
    secretariat: str | None
    closed_parts: list[ClosedLine]
    notice_remarks: list[str]
    cases: list[CaseMinutes]
    remarks: str | None
    approval: ApprovalLine | None


class CorrectionLine(DocModel):
    """A correction made after approval (B-3), as the møtebok prints it."""

    made_on: dt.date
    target: str  # "PS 004/25 Tittel, vedtaket" (a closed case by its public title)
    text: str  # in the public version: the correction's public text
    decided_in: str | None  # the case that decided the correction ("PS 002/26")


# The layout of the møtebok (`minutes_layout`), kept with the document: approved minutes are
# rendered in the layout they were approved in, so the same approved møtebok stays the same
# bytes. 1: the members present in two columns side by side (until issue 20; a snapshot
# without the field); 2: one column, so the text reads in order (pdftotext, screen readers);
# 3: the same blocks, the text broken into lines and drawn by dvmeet's own flowable
# (`documents/lean.py`, issue 21: a faster render; lines and page breaks may fall a little
# differently, the words and their order are the same).
LAYOUT = 3
LAYOUTS = (1, 2, 3)


class MinutesDocument(DocModel):
    meta: DocumentMeta
    minutes: MinutesDraft
    signatories_case: str | None  # label of the case electing the two signatories (M-7)
    # SHA-256 of the snapshot kept at approval, printed in the approved møtebok (B-3).
    snapshot_hash: str | None = None
    # B-3: corrections made after approval, from the correction rows (not the snapshot)
    corrections: list[CorrectionLine] = []
    layout: int = LAYOUT


_COLOUR = r"^#[0-9a-fA-F]{6}$"


class HtmlColours(DocModel):
    """The colours of the rich-text møtebok (the app's preview), as #rrggbb; the
    interface passes its palette's, the defaults suit a light palette."""

    muted: str = Field(default="#5f6368", pattern=_COLOUR)
    error: str = Field(default="#a4262c", pattern=_COLOUR)
