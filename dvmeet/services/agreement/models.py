"""Pydantic inputs and outputs of the agreement-process services (dvmeet.services.agreement)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from dvmeet.domain.agreement import MilestoneState, MilestoneTrack, NoteKind
from dvmeet.domain.agreement import OverviewFilter as OverviewFilter  # the filters of the overview
from dvmeet.domain.enums import AgreementOutcome, CouncilKind
from dvmeet.i18n import _
from dvmeet.services.models import In, Out
from dvmeet.services.registry.models import BodyCode, MunicipalityNumber


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError(_("må fyllast ut"))
    return value


def _optional(value: str | None) -> str | None:
    return value or None


Title = Annotated[str, Field(max_length=300), AfterValidator(_non_empty)]
Text = Annotated[str, Field(max_length=20000), AfterValidator(_non_empty)]
OptText = Annotated[str | None, Field(max_length=20000), AfterValidator(_optional)]
Reference = Annotated[str | None, Field(max_length=1000), AfterValidator(_optional)]
CaseReference = Annotated[str | None, Field(max_length=200), AfterValidator(_optional)]


# --- The process and its milestones -------------------------------------------------------


class MilestoneIn(In):
    name: Title
    due_on: dt.date
    opens_on: dt.date | None = None
    track: MilestoneTrack | None = None
    key: Annotated[str | None, Field(max_length=32)] = None
    position: int | None = None  # 1-based place in the list; None: last


class StartProcessIn(In):
    title: Title = "Ny samarbeidsavtale"
    year: Annotated[int, Field(ge=2000, le=2100)] = 2024  # the template's year
    body_code: BodyCode | None = None  # the body whose seats follow (representantskap)
    milestones: list[MilestoneIn] | None = None  # None: the seed's timeline for `year`


class ProcessUpdate(In):
    title: Title | None = None
    body_code: BodyCode | None = None  # given as None: no body
    # The process's version the change is based on (ProcessOut.version); stale: refused.
    expected_version: int | None = None


class MilestoneUpdate(In):
    """Changes to one milestone; only the fields given are changed."""

    id: int
    name: Title | None = None
    due_on: dt.date | None = None
    opens_on: dt.date | None = None
    track: MilestoneTrack | None = None
    completed_on: dt.date | None = None  # a secretariat step done (None: not done)
    # The milestone's version the change is based on (MilestoneOut.version); stale: refused.
    expected_version: int | None = None


class ReorderMilestonesIn(In):
    ids: list[int]  # every milestone id of the process, in the new order
    # The milestones the order is based on (id -> MilestoneOut.version); a list changed
    # since (a milestone edited, added, removed or moved) is refused (ChangedElsewhere).
    expected_versions: dict[int, int] | None = None


class MilestoneOut(Out):
    id: int
    key: str | None
    name: str
    due_on: dt.date
    opens_on: dt.date | None
    track: MilestoneTrack | None
    completed_on: dt.date | None
    position: int
    version: int = 1  # send it back with update_milestone / remove_milestone
    state: MilestoneState | None = None  # against "today", when asked with one
    state_word: str | None = None


class ProcessOut(Out):
    id: int
    title: str
    body_code: str | None
    body_name: str | None
    milestones: list[MilestoneOut]
    version: int = 1  # send it back as ProcessUpdate.expected_version


# --- Per municipality ---------------------------------------------------------------------


class FeedbackIn(In):
    """The municipality's feedback (one submission; a later one is logged as an amendment)."""

    number: MunicipalityNumber
    received_on: dt.date
    summary: Text
    change_of_principle: bool = False
    attachment: Reference = None  # a file path or a link


class FeedbackCorrection(In):
    """Correct the one feedback submission as entered (a typo), not a new submission."""

    number: MunicipalityNumber
    received_on: dt.date | None = None
    summary: Text | None = None
    change_of_principle: bool | None = None
    # The version of the municipality's status the correction is based on
    # (AgreementStatusOut.version); a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


class NoteIn(In):
    number: MunicipalityNumber
    noted_on: dt.date
    text: Text
    attachment: Reference = None


class AttachmentIn(In):
    number: MunicipalityNumber
    reference: Annotated[str, Field(max_length=1000), AfterValidator(_non_empty)]
    note_id: int | None = None  # None: attached to the feedback itself


class DecisionIn(In):
    number: MunicipalityNumber
    decided_on: dt.date
    outcome: AgreementOutcome
    council_body: CouncilKind | None = None  # None: the municipality's own council
    case_reference: CaseReference = None
    # The version of the municipality's status the decision was entered on
    # (AgreementStatusOut.version, 0: none recorded); a stale one is refused.
    expected_version: int | None = None


class SigningIn(In):
    number: MunicipalityNumber
    signed_on: dt.date | None  # None: clear a signing entered by mistake
    # The version of the municipality's status (AgreementStatusOut.version, 0: none
    # recorded); a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


class NoteOut(Out):
    id: int
    municipality_number: str
    municipality_name: str
    kind: NoteKind
    kind_word: str
    noted_on: dt.date
    text: str
    change_of_principle: bool | None
    actor: str
    attachments: list[str]


class FeedbackResult(Out):
    municipality_number: str
    municipality_name: str
    amendment: bool  # True: logged as an amendment to the earlier submission
    message: str
    note: NoteOut | None
    version: int = 0  # the municipality's status record's version after the save


class AgreementStatusOut(Out):
    """A municipality's way through the process (no states: see OverviewRow)."""

    municipality_number: str
    municipality_name: str
    council: CouncilKind
    population: int | None
    feedback_received_on: dt.date | None
    feedback_summary: str | None
    change_of_principle: bool  # the feedback, or an amendment, asks for it
    feedback_attachments: list[str]
    amendments: int
    contacts: int
    council_decision_on: dt.date | None
    council_body: CouncilKind | None
    council_outcome: AgreementOutcome | None
    outcome_word: str | None
    council_case_reference: str | None
    signed_on: dt.date | None
    version: int = 0  # the status record's version (0: none yet); send it back with changes


class MunicipalityDetail(Out):
    status: AgreementStatusOut
    notes: list[NoteOut]  # newest first
    cells: list[MilestoneCell]


# --- Overview -----------------------------------------------------------------------------


class OverviewIn(In):
    today: dt.date
    filter: OverviewFilter = OverviewFilter.ALL


class MilestoneCell(Out):
    milestone_id: int
    track: MilestoneTrack
    due_on: dt.date
    done_on: dt.date | None
    state: MilestoneState
    state_word: str


class OverviewRow(Out):
    status: AgreementStatusOut
    cells: list[MilestoneCell]  # one per tracked milestone, in milestone order
    late: bool  # behind a deadline that has passed
    missing_decision: bool


class MilestoneCount(Out):
    milestone_id: int
    name: str
    track: MilestoneTrack
    counts: dict[MilestoneState, int]  # every state, zeros included


class OverviewCounts(Out):
    municipalities: int
    feedback_received: int
    feedback_after_deadline: int
    feedback_missing: int
    change_of_principle: int
    joined: int
    declined: int
    postponed: int
    missing_decision: int  # no join/decline (postponed included)
    signed: int
    late: int  # municipalities behind a passed deadline


class SeatEffectOut(Out):
    body_code: str | None
    joined: int
    declined: int
    undecided: int
    seats: int
    quorum: int
    seats_if_undecided_join: int
    quorum_if_undecided_join: int
    current_seats: int | None
    summary: str  # "40 deltakarar → 40 sete; vedtaksfør med 20"
    sentences: list[str]
    participants: list[str]  # municipality numbers that joined
    declined_numbers: list[str]
    undecided_numbers: list[str]


class AgreementOverview(Out):
    today: dt.date
    filter: OverviewFilter
    process: ProcessOut
    rows: list[OverviewRow]  # filtered
    counts: OverviewCounts  # over every municipality, whatever the filter
    milestone_counts: list[MilestoneCount]
    seat_effect: SeatEffectOut


# --- Seats --------------------------------------------------------------------------------


class ApplySeatsIn(In):
    body_code: BodyCode
    count_undecided: bool = False  # also give seats to those without a final decision
    update_participation: bool = False  # also set participant_from/_to in the registry
    participant_from: dt.date | None = None  # default: the constituent meeting's date


class ApplySeatsOut(Out):
    body_code: str
    seats_before: int
    seats_after: int
    quorum_before: int
    quorum_after: int
    participation_changed: list[str]  # municipality numbers whose participation changed
    message: str


# --- Reminders ----------------------------------------------------------------------------


class ReminderIn(In):
    today: dt.date
    days_before: Annotated[int, Field(ge=0, le=365)] = 14  # "near": due within this many days
    tracks: list[MilestoneTrack] | None = None  # None: every tracked milestone


class ReminderItem(Out):
    municipality_number: str
    municipality_name: str
    milestone_id: int
    milestone_name: str
    track: MilestoneTrack
    due_on: dt.date
    days_left: int  # negative: the deadline passed that many days ago
    overdue: bool
    state: MilestoneState
    line: str  # one e-mail-ready sentence (nynorsk)


class RemindersOut(Out):
    today: dt.date
    days_before: int
    items: list[ReminderItem]
    text: str  # the whole list, ready to paste into an e-mail


MunicipalityDetail.model_rebuild()


# --- The Avtaleprosess tab in one read (agreement.process_view) -------------------------


class ProcessViewIn(In):
    today: dt.date
    filter: OverviewFilter = OverviewFilter.ALL
    days_before: Annotated[int, Field(ge=0, le=365)] = 14


class ProcessView(Out):
    """The process, its overview and the reminders; all None before a process is started."""

    process: ProcessOut | None
    overview: AgreementOverview | None
    reminders: RemindersOut | None
