"""Pydantic models for roll call, attendance and the chair of each case."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dvmeet.domain.enums import AttendanceKind, Role, SeatStatus
from dvmeet.services.models import In, Out


class SeatHolder(Out):
    person_id: int
    name: str
    membership_id: int
    role: Role
    deputy_rank: int | None
    status: SeatStatus
    meeting_for_person_id: int | None = None


class RollCallSeat(Out):
    municipality_id: int
    municipality_number: str
    municipality_name: str
    members: list[SeatHolder]
    deputies: list[SeatHolder]


class RollCallOut(Out):
    meeting_id: int
    seats: int
    seats_list: list[RollCallSeat]
    present: int
    quorate: bool
    quorum_text: str


class OpenMeetingIn(In):
    meeting_id: int
    # Live: the clock at the moment of the act (None: now). Afterwards: typed, required.
    opened_at: dt.datetime | None = None
    # The meeting is entered afterwards from notes: every time in it is typed and checked.
    afterwards: bool = False
    # A live meeting opened before its date: the secretary confirmed it (the UI asks).
    before_date_confirmed: bool = False


class OpenItem(Out):
    """A case without a decision, or a vote in it not finished, when the meeting closes."""

    case_id: int
    case_label: str
    title: str
    text: str  # what is open, in words: "ikkje gjort vedtak", "valet treng ein ny runde" …


class OpenItemsOut(Out):
    meeting_id: int
    without_decision: list[OpenItem]
    unfinished_votes: list[OpenItem]

    @property
    def empty(self) -> bool:
        return not self.without_decision and not self.unfinished_votes


class CloseMeetingIn(In):
    meeting_id: int
    closed_at: dt.datetime | None = None


class PresenceIn(In):
    meeting_id: int
    person_id: int
    case_id: int | None = None  # None: from the start of the meeting
    at_time: dt.time | None = None


class ForfallIn(In):
    meeting_id: int
    person_id: int
    reason: str | None = Field(default=None, max_length=2000)  # never printed


class DeputyIn(In):
    meeting_id: int
    deputy_person_id: int
    for_person_id: int
    case_id: int | None = None
    at_time: dt.time | None = None


class AttendanceEntry(Out):
    person_id: int
    name: str
    municipality_name: str
    kind: AttendanceKind
    for_person_id: int | None
    for_name: str | None
    case_id: int | None
    case_label: str | None
    at_time: dt.time | None


class Voter(Out):
    person_id: int
    name: str
    municipality_name: str
    seat_person_id: int  # whose seat: themselves, or the member a deputy meets for
    is_deputy: bool
    weight: int


class VotersOut(Out):
    case_id: int
    seats: int
    voters: list[Voter]
    quorate: bool
    quorum_text: str
    chair_person_id: int | None
    chair_name: str | None


class ChairIn(In):
    case_id: int
    person_id: int
    expected_version: int | None = None  # the case's version (CaseOut.version)


class RollCallIn(In):
    """The opprop in one step: who is present, who has forfall, which deputies meet for whom."""

    meeting_id: int
    present: list[int] = []
    forfall: dict[int, str | None] = {}
    deputies: dict[int, int] = {}  # deputy person -> member person they meet for
