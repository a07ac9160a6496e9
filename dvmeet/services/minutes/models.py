"""The minutes service's inputs and outputs.

The read-out minutes (MinutesDraft and its lines) live with their renderers in
`dvmeet.documents.minutes_model` and are named here too, so either import works."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dvmeet.documents.minutes_model import (
    ApprovalLine,
    CaseMinutes,
    ClosedLine,
    CorrectionLine,
    DeputyLine,
    DisqualificationLine,
    HtmlColours,
    MinutesDocument,
    MinutesDraft,
    MovementLine,
    PersonLine,
    ProposalLine,
    VoteLine,
)
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services.meetings.models import ChoiceOut
from dvmeet.services.models import In, Out

__all__ = [
    "ApprovalLine",
    "ApproveMinutesIn",
    "CaseMinutes",
    "ClosedLine",
    "CorrectionIn",
    "CorrectionLine",
    "CorrectionOut",
    "CorrectionTarget",
    "DeputyLine",
    "DisqualificationLine",
    "HtmlColours",
    "MinutesDocument",
    "MinutesDraft",
    "MinutesPreview",
    "MovementLine",
    "PersonLine",
    "ProposalLine",
    "RecordCheck",
    "RemarksIn",
    "RemarksOut",
    "VoteLine",
]


class ApproveMinutesIn(In):
    meeting_id: int
    method: ApprovalMethod
    approved_on: dt.date
    signatory_person_ids: list[int] = []
    approved_in_meeting_id: int | None = None


class RemarksIn(In):
    meeting_id: int
    remarks: str = Field(max_length=20_000)
    # the version of the minutes the remarks were edited from (MinutesPreview.remarks_version)
    expected_version: int | None = None


class RemarksOut(Out):
    """The remarks of the minutes as saved, with the version to send with the next save."""

    meeting_id: int
    remarks: str | None
    version: int


class CorrectionIn(In):
    """B-3: a correction to approved minutes, linked to a record of the meeting:
    `target_table` is "meeting", "agenda_case", "decision", "vote", "proposal",
    "attendance_event" or "disqualification". `public_text` is what the public møtebok
    prints (default: `text`, or for a closed case a note that the content is exempt)."""

    meeting_id: int
    target_table: str = Field(min_length=1, max_length=64)
    target_id: int
    text: str = Field(min_length=1, max_length=20_000)
    public_text: str | None = Field(default=None, min_length=1, max_length=20_000)
    decided_in_case_id: int | None = None


class CorrectionTarget(Out):
    """A record of the approved meeting a correction can name (B-3), as the dialog lists
    it: `table` and `id` go into CorrectionIn."""

    table: str
    id: int
    label: str


class CorrectionOut(Out):
    id: int
    meeting_id: int
    target_table: str
    target_id: int
    text: str
    created_at: dt.datetime


class MinutesPreview(Out):
    """The minutes as the app shows them: the draft and its rendering as rich text, in
    the PDF's words and order (one read)."""

    draft: MinutesDraft
    html: str
    # the version of the minutes' remarks shown (send it with set_remarks); None: no
    # minutes yet (the meeting is not held)
    remarks_version: int | None = None


class ApprovalChoices(Out):
    """What the approval dialog offers, in one read: who can sign (everyone who attended at
    some point, the chair left out, «Namn, Kommune» in name order) and the later meetings
    of the same body that could approve («dd.mm.åååå – tittel eller stad»)."""

    meeting_id: int
    meeting_date: dt.date
    chair: str | None
    attendees: list[ChoiceOut]
    later_meetings: list[ChoiceOut]
    # B-2, M-7: the members elected in the meeting's own signatories case, in the order
    # elected (those among `attendees`); the dialog proposes exactly these
    proposed_signatories: list[int] = []


class RecordCheck(Out):
    """What `check` learns from the rows of approved minutes: `problems` (changed after
    approval) and `notes` (what could not be checked, and why)."""

    problems: list[str]
    notes: list[str]
