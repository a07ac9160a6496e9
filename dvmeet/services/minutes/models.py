"""The minutes (møtebok) as data: everything B-1 demands, internal or public (B-4)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dvmeet.domain.enums import ApprovalMethod, MeetingForm, MeetingKind, MinutesStatus
from dvmeet.services.models import In, Out


class PersonLine(Out):
    name: str
    municipality: str
    role: str | None = None


class DeputyLine(Out):
    name: str
    for_name: str
    municipality: str


class DisqualificationLine(Out):
    name: str
    case_label: str
    legal_basis: str
    deputy_name: str | None


class MovementLine(Out):
    name: str
    kind: str  # "kom" or "gjekk"
    at_time: dt.time | None
    case_label: str | None


class ClosedLine(Out):
    case_label: str
    legal_basis: str


class ProposalLine(Out):
    kind: str
    text: str
    proposer: str | None


class VoteLine(Out):
    text: str
    for_names: list[str]
    against_names: list[str]
    casting_vote_used: bool
    quorum_sentence: str
    unanimous: bool


class CaseMinutes(Out):
    label: str
    heading: str
    title: str
    closed: bool
    closure_reference: str | None
    withheld: bool  # public version of a closed case: content replaced by the legal basis
    recommendation: str | None
    handling: str | None
    proposals: list[ProposalLine]
    votes: list[VoteLine]
    decision: str | None
    decision_unanimous: bool
    chair_name: str | None
    adopted_document: str | None  # "Mandat for styringsgruppa, versjon 2 (sha256 …)"


class ApprovalLine(Out):
    method: ApprovalMethod
    approved_on: dt.date
    signatories: list[str]
    chair: str | None
    audit_head: str | None
    approved_in: str | None


class MinutesDraft(Out):
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


class ApproveMinutesIn(In):
    meeting_id: int
    method: ApprovalMethod
    approved_on: dt.date
    signatory_person_ids: list[int] = []
    approved_in_meeting_id: int | None = None


class RemarksIn(In):
    meeting_id: int
    remarks: str = Field(max_length=20_000)


class CorrectionIn(In):
    meeting_id: int
    target_table: str = Field(min_length=1, max_length=64)
    target_id: int
    text: str = Field(min_length=1, max_length=20_000)
    decided_in_case_id: int | None = None


class CorrectionOut(Out):
    id: int
    meeting_id: int
    target_table: str
    target_id: int
    text: str
    created_at: dt.datetime
