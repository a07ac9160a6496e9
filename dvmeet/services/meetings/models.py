"""Pydantic models of the meeting workflow: planning, the case list, notice."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from dvmeet.domain import lifecycle
from dvmeet.domain.enums import (
    CaseKind,
    ClosureBasis,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    StandingCase,
)
from dvmeet.domain.legal import reference_note
from dvmeet.i18n import _
from dvmeet.services.models import In, Out


class Finding(Out):
    """A rule's verdict as the front ends show it."""

    rule_id: str
    severity: str
    message: str


class PlanMeetingIn(In):
    body_code: str = Field(min_length=1, max_length=16)
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None = None
    place: str = Field(min_length=1, max_length=300)
    form: MeetingForm = MeetingForm.FYSISK
    kind: MeetingKind = MeetingKind.ORDINARY
    title: str | None = Field(default=None, max_length=300)
    demanded_by: str | None = Field(default=None, max_length=2000)
    secretariat: str | None = Field(default=None, max_length=2000)
    standing_cases: bool = True

    @model_validator(mode="after")
    def _check(self) -> PlanMeetingIn:
        if self.end_time is not None and self.end_time <= self.start_time:
            raise ValueError(_("sluttid må vere etter starttid"))
        if self.kind is MeetingKind.EXTRAORDINARY and not self.demanded_by:
            raise ValueError(_("eit ekstraordinært møte må seie kven som kravde det"))
        return self


class UpdateMeetingIn(In):
    meeting_id: int
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str | None = Field(default=None, min_length=1, max_length=300)
    form: MeetingForm | None = None
    title: str | None = Field(default=None, max_length=300)
    secretariat: str | None = Field(default=None, max_length=2000)
    notice_remarks: str | None = Field(default=None, max_length=5000)
    # The actual start and end (times of day on the meeting's day), once it has been
    # opened; corrected until the minutes are approved (issue 15).
    actual_start: dt.time | None = None
    actual_end: dt.time | None = None
    # The version the change is based on; a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


class CaseIn(In):
    meeting_id: int
    kind: CaseKind = CaseKind.PS
    title: str = Field(min_length=1, max_length=500)
    public_title: str | None = Field(default=None, max_length=500)
    closed: bool = False
    closure_basis: ClosureBasis | None = None
    closure_note: str | None = Field(default=None, max_length=300)
    recommendation: str | None = Field(default=None, max_length=50_000)
    description: str | None = Field(default=None, max_length=50_000)
    preparer_person_id: int | None = None
    document_version_id: int | None = None
    qualified_majority: bool = False
    is_election: bool = False
    seats_to_fill: int = Field(default=1, ge=1, le=99)  # how many the election elects
    decision_public: bool = False  # O-2: a closed case's decision text is public
    added_in_meeting: bool = False

    @field_validator("closure_note")
    @classmethod
    def _note(cls, note: str | None) -> str | None:
        # "jf. offl. § 13" is kept as "offl. § 13": format_reference writes the one "jf."
        return reference_note(note)

    @model_validator(mode="after")
    def _public_title(self) -> CaseIn:
        if self.closed and not self.public_title:
            raise ValueError(_("ei lukka sak må ha ein offentleg tittel"))
        return self


class UpdateCaseIn(In):
    case_id: int
    title: str | None = Field(default=None, min_length=1, max_length=500)
    public_title: str | None = Field(default=None, max_length=500)
    closed: bool | None = None
    closure_basis: ClosureBasis | None = None
    closure_note: str | None = Field(default=None, max_length=300)
    recommendation: str | None = Field(default=None, max_length=50_000)
    description: str | None = Field(default=None, max_length=50_000)
    preparer_person_id: int | None = None
    document_version_id: int | None = None
    qualified_majority: bool | None = None
    is_election: bool | None = None
    seats_to_fill: int | None = Field(default=None, ge=1, le=99)
    decision_public: bool | None = None
    clear: frozenset[str] = frozenset()  # names of optional fields to set to empty
    # The version the change is based on; a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None

    @field_validator("closure_note")
    @classmethod
    def _note(cls, note: str | None) -> str | None:
        # "" stays "" (the note is cleared); "jf. offl. § 13" is kept as "offl. § 13"
        return note if note is None or not note.strip() else reference_note(note)


class ReorderCasesIn(In):
    meeting_id: int
    case_ids: list[int]
    # The case list the new order is based on (case id -> version, CaseOut.version); a list
    # changed since (a case edited, added, removed or moved) is refused (ChangedElsewhere).
    expected_versions: dict[int, int] | None = None


class AddCaseInMeetingIn(In):
    """M-5: a case not on the list may be decided unless the chair or a third of the
    members present object. `objecting` names the members present who object; who is
    present is read from the attendance, never given by the caller."""

    case: CaseIn
    chair_objects: bool = False
    objecting: list[int] = []


class SendNoticeIn(In):
    meeting_id: int
    sent_on: dt.date | None = None


class UrgentDecisionIn(In):
    body_code: str
    decided_on: dt.date
    decided_by: str = Field(min_length=1, max_length=300)
    title: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=50_000)


class CaseOut(Out):
    id: int
    meeting_id: int
    kind: CaseKind
    number: int
    year: int
    label: str  # "PS 001/25"
    heading: str  # "Sak 001/25"
    standing: StandingCase | None
    title: str
    public_title: str | None
    closed: bool
    closure_basis: ClosureBasis | None
    closure_reference: str | None  # "koml. § 11-5 (3) a, jf. offl. § 13" (format_reference)
    closure_note: str | None = None  # the note as stored ("offl. § 13")
    recommendation: str | None
    description: str | None
    preparer_person_id: int | None
    preparer_name: str | None
    document_version_id: int | None
    position: int
    added_in_meeting: bool
    qualified_majority: bool
    is_election: bool
    chair_person_id: int | None
    seats_to_fill: int = 1
    decision_public: bool = False
    version: int = 1

    @property
    def shown_title(self) -> str:
        """The title a public document shows (O-2)."""
        return lifecycle.shown_title(self.title, self.public_title, self.closed)


class MeetingOut(Out):
    id: int
    body_code: str
    body_name: str
    kind: MeetingKind
    title: str | None
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    place: str
    form: MeetingForm
    status: MeetingStatus
    frozen: bool
    demanded_by: str | None
    secretariat: str | None
    notice_remarks: str | None
    notice_sent_at: dt.datetime | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    # entered afterwards from notes: every time was typed (migration 0014)
    recorded_afterwards: bool = False
    cases: list[CaseOut]
    warnings: list[Finding] = []
    version: int = 1

    @property
    def editable(self) -> bool:
        """The meeting can still be edited: its cases may be added, changed, moved."""
        return lifecycle.plan_editable(self.status, self.frozen)

    @property
    def minutes_frozen(self) -> bool:
        """B-3: the minutes are approved; nothing the meeting recorded may change."""
        return lifecycle.minutes_frozen(self.status, self.frozen)

    @property
    def ended(self) -> bool:
        """The meeting has been closed (held), or its minutes approved."""
        return lifecycle.meeting_ended(self.status)


class MeetingSummary(Out):
    id: int
    body_code: str
    date: dt.date
    start_time: dt.time
    place: str
    form: MeetingForm
    kind: MeetingKind
    status: MeetingStatus
    title: str | None
    case_count: int


class UrgentDecisionOut(Out):
    id: int
    body_code: str
    decided_on: dt.date
    title: str
    reported_case_id: int | None


class NoticeChange(Out):
    at: dt.datetime
    actor: str
    description: str


# --- What the meeting view picks from (meetings.planning_choices) -----------------------


class ChoiceOut(Out):
    """One entry of a picker: the id and the words shown for it."""

    id: int
    label: str


class BodyChoice(Out):
    """A body as the Møte view and its plan and edit dialogs pick it: the code, the name
    shown, and the last day of a retired body (it gets no new meetings). The rest of a
    body (`registry.list_bodies`) is not read here (issue 21)."""

    code: str
    name: str
    retired_on: dt.date | None = None


class PlanningChoices(Out):
    """The bodies by code and every governing document version (newest first per
    document), read in one transaction (the persons a case dialog picks from:
    `preparer_choices`)."""

    bodies: list[BodyChoice]
    versions: list[ChoiceOut]


class MeetingListIn(In):
    body_code: str
    year: int
    today: dt.date  # for the meeting the view opens with


class MeetingListOut(Out):
    """The meetings of a body in a year, in date order, and the one the view opens with
    (the next one, else the last; None without meetings)."""

    rows: list[MeetingSummary]
    opens_with: int | None


# --- Saksgang across bodies (issue 19) ----------------------------------------------------


class SaksgangStepOut(Out):
    """One body on a matter's route; once planned, its handling (a case of that body)."""

    id: int
    position: int
    body_code: str
    body_name: str
    case_id: int | None  # the handling, once planned into a meeting of the body
    case_version: int | None  # the handling's version (carry_innstilling takes it back)
    label: str | None  # "PS 004/26"
    meeting_id: int | None
    meeting_date: dt.date | None
    this_case: bool  # the handling the dialog was opened from
    locked: bool  # the handling's meeting has started: the step stays where it is
    recommendation: str | None  # the handling's innstilling
    decision: str | None  # the handling's decision, once recorded
    carried: bool  # the innstilling is the decision of the step before, as carried
    # the decision of the step before differs from this innstilling (written by hand, kept)
    decision_differs: bool


class SaksgangBodyOut(Out):
    """A body a step of the route may name."""

    code: str
    name: str


class SaksgangOut(Out):
    """A case's saksgang: the route's steps in order (none: the case is on no route), its
    version (0: no route yet), the bodies a step may name, and the next step to plan with
    the meetings of its body that it can be planned into."""

    case_id: int
    label: str  # the case's own label, title and body
    title: str
    body_code: str
    body_name: str
    meeting_date: dt.date
    route_id: int | None
    version: int
    steps: list[SaksgangStepOut]
    bodies: list[SaksgangBodyOut]
    next_step_id: int | None
    next_meetings: list[ChoiceOut]


class SaksgangStepIn(In):
    """A step of the route as the secretary sets it: the body, and for a step that has its
    handling, that case (a step with a handling is kept by its case)."""

    body_code: str = Field(min_length=1)
    case_id: int | None = None


class SaksgangIn(In):
    """The route of the matter `case_id` is a handling of, in order; `expected_version` the
    route's version the dialog read (0: it read no route)."""

    case_id: int
    steps: list[SaksgangStepIn]
    expected_version: int | None = None


class PlanHandlingIn(In):
    """Plan the step's handling into a meeting of its body: a new case there, numbered in
    the body's series. `case_id` is the handling the dialog was opened from."""

    case_id: int
    step_id: int
    meeting_id: int
    expected_version: int | None = None  # the route's version the dialog read


class CarryInnstillingIn(In):
    """Make the decision of the step before this handling its innstilling, over a text
    written by hand; `expected_version` is the handling's (the case's) version read."""

    case_id: int
    expected_version: int | None = None
