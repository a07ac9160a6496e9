"""Every update service as a read and a write, for the version tests (issue 14).

A `Spec` names one service function of a door and says how a user reads the record it
changes (its value and the version the service takes back) and how a user saves a new
value based on what was read. `tests/unit/test_update_versions.py` proves a stale save is
refused and changes nothing, on SQLite and PostgreSQL; `tests/unit/test_concurrency.py`
runs two users against every spec on PostgreSQL and counts lost updates.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dvmeet.domain.enums import AgreementOutcome, LegalForm
from dvmeet.domain.mail import RecipientKind
from dvmeet.errors import ChangedElsewhere, DvmeetError, NotFound
from dvmeet.services import (
    agreement,
    archive,
    attendance,
    cost_shares,
    mail,
    meetings,
    minutes,
    registry,
    speakers,
    voting,
)
from dvmeet.services.agreement.models import (
    DecisionIn as CouncilDecisionIn,
)
from dvmeet.services.agreement.models import (
    FeedbackCorrection,
    FeedbackIn,
    MilestoneIn,
    MilestoneUpdate,
    ProcessUpdate,
    ReorderMilestonesIn,
    SigningIn,
    StartProcessIn,
)
from dvmeet.services.attendance.models import ChairIn, CloseMeetingIn
from dvmeet.services.context import Context
from dvmeet.services.cost_shares.models import (
    CostShareSettingsIn,
    ParticipantSource,
    RecalculateIn,
)
from dvmeet.services.mail.models import PostAddressIn, RecipientIn, UpdateRecipientIn
from dvmeet.services.meetings.models import (
    CaseIn,
    PlanMeetingIn,
    ReorderCasesIn,
    UpdateCaseIn,
    UpdateMeetingIn,
)
from dvmeet.services.minutes.models import RemarksIn
from dvmeet.services.registry.models import (
    BodyUpdate,
    CooperationIn,
    ParticipationIn,
    ParticipationManyIn,
    PersonIn,
    PersonUpdate,
    ReorderDeputiesIn,
)
from dvmeet.services.speakers import MoveSpeakerIn, SpeakerActIn, SpeakerIn, SpeakerSettingsIn
from dvmeet.services.voting.models import DecisionIn
from tests.unit.meeting_setup import MUNICIPALITIES, Body, make_body, running
from tests.unit.papers_kit import make_pdf

# Names of door functions that change an existing record by their name ...
UPDATE_PREFIXES = ("update_", "set_", "rename_", "edit_", "move_", "reorder_", "change_")
# ... and the others that overwrite what a user saw (by package.function).
OTHER_UPDATES = frozenset(
    {
        "agreement.correct_feedback",
        "agreement.record_decision",
        "agreement.record_signing",
        "agreement.remove_milestone",
        "cost_shares.save_budget",
        "cost_shares.recalculate",
        "meetings.remove_case",
        "speakers.remove_speaker",
    }
)
# Matching the names but changing no record a user edits: why each takes no version.
NOT_VERSIONED = {
    "attendance.set_current_case": (
        "where the chair's console is in the running meeting (MeetingProgress): a pointer "
        "the console moves, not data a user edits; the last move is where the console is"
    ),
}

SEAT = MUNICIPALITIES[2]  # the municipality whose deputies are reordered
DEPUTY_DAY0 = dt.date(2026, 1, 1)


@dataclass
class World:
    body: Body
    person: int
    planned_meeting: int
    planned_cases: list[int]
    running_meeting: int
    running_case: int
    chair_candidates: list[int]
    decision: int
    held_meeting: int
    milestone: int
    conc_milestones: list[int] = field(default_factory=list)  # added for removal
    conc_cases: list[int] = field(default_factory=list)  # added for removal
    conc_speakers: list[int] = field(default_factory=list)  # put on the list for removal
    budget_year: int = 2026
    feedback_number: str = MUNICIPALITIES[3]
    status_number: str = MUNICIPALITIES[4]


def build_world(ctx: Context) -> World:
    body = make_body(ctx)
    person = registry.create_person(ctx, PersonIn(name="Kari Nordmann")).id
    planned = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=dt.date(2030, 3, 1),
            start_time=dt.time(10, 0),
            place="Bergen",
            standing_cases=False,
        ),
    )
    cases = [
        meetings.add_case(ctx, CaseIn(meeting_id=planned.id, title=f"Planlagd {i}")).id
        for i in range(3)
    ]
    run, (case,) = running(ctx, body, day=dt.date(2025, 3, 12))
    decision = voting.record_decision(ctx, DecisionIn(case_id=case.id, text="Vedteke.")).id
    held, _cases = running(ctx, body, day=dt.date(2025, 2, 12))
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=held.id, closed_at=dt.datetime(2025, 2, 12, 12, 0)),
    )
    process = agreement.start_process(ctx, StartProcessIn(year=2025, body_code=body.code))
    agreement.record_feedback(
        ctx,
        FeedbackIn(
            number=MUNICIPALITIES[3], received_on=dt.date(2025, 5, 2), summary="Tilbakemelding"
        ),
    )
    cost_shares.save_budget(ctx, budget_settings(2026, 1_000_000))
    return World(
        body=body,
        person=person,
        planned_meeting=planned.id,
        planned_cases=cases,
        running_meeting=run.id,
        running_case=case.id,
        chair_candidates=body.members[:3],
        decision=decision,
        held_meeting=held.id,
        milestone=process.milestones[0].id,
    )


def budget_settings(year: int, total: int, expected: int | None = None) -> CostShareSettingsIn:
    return CostShareSettingsIn(
        year=year,
        total_budget=total,
        base_weight=30,
        population_weight=70,
        participant_source=ParticipantSource.LIST,
        participants=list(MUNICIPALITIES),
        expected_version=expected,
    )


# --- One spec per update service ------------------------------------------------------------

Read = Callable[[Context, World, int], tuple[Any, Any]]
# (ctx, world, n, value read, version read) -> False when the user would not save at all
Write = Callable[[Context, World, int, Any, Any], bool]


@dataclass(frozen=True)
class Spec:
    service: str  # "package.function", as the door names it
    read: Read
    write: Write
    what: str  # words of the refusal that name the record
    # someone else's change for the stale test (default: a write of theirs)
    touch: Callable[[Context, World], None] | None = None
    refusals: tuple[type[DvmeetError], ...] = (ChangedElsewhere,)
    # before each interleaving of the concurrency test
    prepare: Callable[[Context, World], None] | None = None


def _other_order(current: tuple[int, ...], n: int) -> list[int]:
    """An order of `current` other than itself, chosen by n (two n differ when they can)."""
    others = [p for p in itertools.permutations(current) if p != current]
    return list(others[n % len(others)])


# registry ------------------------------------------------------------------------------------


def _read_person(c: Context, w: World, n: int) -> tuple[Any, Any]:
    p = registry.get_person(c, w.person)
    return p.title, p.version


def _write_person(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.update_person(
        c, PersonUpdate(id=w.person, title=f"Tittel {n}", expected_version=version)
    )
    return True


def _read_body(c: Context, w: World, n: int) -> tuple[Any, Any]:
    b = registry.get_body(c, w.body.code)
    return b.name, b.version


def _write_body(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.update_body(
        c, BodyUpdate(code=w.body.code, name=f"Organ {n}", expected_version=version)
    )
    return True


def _read_cooperation(c: Context, w: World, n: int) -> tuple[Any, Any]:
    coop = registry.get_cooperation(c)
    assert coop is not None
    return coop.agreement_reference, coop.version


def _write_cooperation(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.set_cooperation(
        c,
        CooperationIn(
            name="DigiVestland",
            legal_form=LegalForm.OPPGAVEFELLESSKAP,
            host_municipality_number=MUNICIPALITIES[0],
            agreement_reference=f"Avtale {n}",
            expected_version=version,
        ),
    )
    return True


def _read_cooperation_details(c: Context, w: World, n: int) -> tuple[Any, Any]:
    from dvmeet.services import setup

    details = setup.get_cooperation_details(c)
    assert details is not None
    return details.letterhead, details.version


def _write_cooperation_details(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services import setup
    from dvmeet.services.setup.models import CooperationDetailsIn

    setup.set_cooperation_details(
        c, CooperationDetailsIn(letterhead=f"Brevhovud {n}", expected_version=version)
    )
    return True


def _read_participation(c: Context, w: World, n: int) -> tuple[Any, Any]:
    m = next(x for x in registry.list_municipalities(c) if x.number == MUNICIPALITIES[1])
    return m.participant_from, m.version


def _write_participation(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.set_participation(
        c,
        ParticipationIn(
            number=MUNICIPALITIES[1],
            participant_from=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            expected_version=version,
        ),
    )
    return True


PARTICIPANTS = MUNICIPALITIES[3:5]  # set together by set_participations


def _read_participations(c: Context, w: World, n: int) -> tuple[Any, Any]:
    found = [x for x in registry.list_municipalities(c) if x.number in PARTICIPANTS]
    return tuple(m.participant_from for m in found), {m.number: m.version for m in found}


def _write_participations(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.set_participations(
        c,
        ParticipationManyIn(
            numbers=list(PARTICIPANTS),
            participant_from=dt.date(2021, 1, 1) + dt.timedelta(days=n),
            expected_versions=version,
        ),
    )
    return True


def _deputy_day(n: int) -> dt.date:
    return DEPUTY_DAY0 + dt.timedelta(days=n)


def _read_deputies(c: Context, w: World, n: int) -> tuple[Any, Any]:
    seat = next(
        x for x in registry.seats(c, w.body.code, _deputy_day(n)) if x.municipality_number == SEAT
    )
    deputies = sorted(seat.deputies, key=lambda d: d.deputy_rank or 0)
    return tuple(d.person_id for d in deputies), {d.id: d.version for d in deputies}


def _write_deputies(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    registry.reorder_deputies(
        c,
        ReorderDeputiesIn(
            body_code=w.body.code,
            municipality_number=SEAT,
            person_ids_in_new_order=_other_order(value, n),
            from_date=_deputy_day(n),
            expected_versions=version,
        ),
    )
    return True


# meetings ------------------------------------------------------------------------------------


def _read_meeting(c: Context, w: World, n: int) -> tuple[Any, Any]:
    m = meetings.get_meeting(c, w.planned_meeting)
    return m.place, m.version


def _write_meeting(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    meetings.update_meeting(
        c,
        UpdateMeetingIn(meeting_id=w.planned_meeting, place=f"Stad {n}", expected_version=version),
    )
    return True


def _read_case(c: Context, w: World, n: int) -> tuple[Any, Any]:
    case = next(
        x for x in meetings.get_meeting(c, w.planned_meeting).cases if x.id == w.planned_cases[0]
    )
    return case.title, case.version


def _write_case(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    meetings.update_case(
        c, UpdateCaseIn(case_id=w.planned_cases[0], title=f"Tittel {n}", expected_version=version)
    )
    return True


def _read_case_order(c: Context, w: World, n: int) -> tuple[Any, Any]:
    cases = sorted(meetings.get_meeting(c, w.planned_meeting).cases, key=lambda x: x.position)
    return tuple(x.id for x in cases), {x.id: x.version for x in cases}


def _write_case_order(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    meetings.reorder_cases(
        c,
        ReorderCasesIn(
            meeting_id=w.planned_meeting,
            case_ids=_other_order(value, n),
            expected_versions=version,
        ),
    )
    return True


def _add_conc_case(c: Context, w: World) -> None:
    case = meetings.add_case(
        c, CaseIn(meeting_id=w.planned_meeting, title=f"Ekstra {len(w.conc_cases)}")
    )
    w.conc_cases.append(case.id)


def _read_case_removal(c: Context, w: World, n: int) -> tuple[Any, Any]:
    if not w.conc_cases:
        _add_conc_case(c, w)
    target = w.conc_cases[-1]
    case = next(
        (x for x in meetings.get_meeting(c, w.planned_meeting).cases if x.id == target), None
    )
    return (case is not None), (case.version if case else None)


def _write_case_removal(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    if not value:
        return False  # gone already: the user has nothing to remove
    meetings.remove_case(c, w.conc_cases[-1], expected_version=version)
    return True


def _touch_case_removal(c: Context, w: World) -> None:
    target = w.conc_cases[-1]
    meetings.update_case(c, UpdateCaseIn(case_id=target, title="Endra av den andre"))


# attendance, voting, minutes -----------------------------------------------------------------


def _running_case(c: Context, w: World) -> Any:
    return next(
        x for x in meetings.get_meeting(c, w.running_meeting).cases if x.id == w.running_case
    )


def _read_chair(c: Context, w: World, n: int) -> tuple[Any, Any]:
    case = _running_case(c, w)
    return case.chair_person_id, case.version


def _write_chair(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    candidates = [p for p in w.chair_candidates if p != value]
    attendance.set_case_chair(
        c,
        ChairIn(
            case_id=w.running_case,
            person_id=candidates[n % len(candidates)],
            expected_version=version,
        ),
    )
    return True


def _read_decision(c: Context, w: World, n: int) -> tuple[Any, Any]:
    d = next(x for x in voting.decisions(c, w.running_meeting) if x.id == w.decision)
    return d.text, d.version


def _write_decision(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    voting.update_decision_text(c, w.decision, f"Vedtak {n}", expected_version=version)
    return True


def _read_remarks(c: Context, w: World, n: int) -> tuple[Any, Any]:
    preview = minutes.minutes_preview(c, w.held_meeting, public=False)
    return preview.draft.remarks, preview.remarks_version


def _write_remarks(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    minutes.set_remarks(
        c, RemarksIn(meeting_id=w.held_meeting, remarks=f"Merknad {n}", expected_version=version)
    )
    return True


# archive -------------------------------------------------------------------------------------


def _read_archive_ref(c: Context, w: World, n: int) -> tuple[Any, Any]:
    ref = archive.archive_references(c, w.held_meeting).meeting
    return ref.record_number, ref.version


def _write_archive_ref(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    archive.set_archive_reference(
        c,
        archive.ArchiveRefIn(
            meeting_id=w.held_meeting, record_number=n + 1, expected_version=version
        ),
    )
    return True


# agreement -----------------------------------------------------------------------------------


def _process(c: Context) -> Any:
    process = agreement.get_process(c)
    assert process is not None
    return process


def _read_process(c: Context, w: World, n: int) -> tuple[Any, Any]:
    p = _process(c)
    return p.title, p.version


def _write_process(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    agreement.update_process(c, ProcessUpdate(title=f"Avtale {n}", expected_version=version))
    return True


def _read_milestone(c: Context, w: World, n: int) -> tuple[Any, Any]:
    m = next(x for x in _process(c).milestones if x.id == w.milestone)
    return m.name, m.version


def _write_milestone(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    agreement.update_milestone(
        c, MilestoneUpdate(id=w.milestone, name=f"Milepæl {n}", expected_version=version)
    )
    return True


def _read_milestone_order(c: Context, w: World, n: int) -> tuple[Any, Any]:
    ms = _process(c).milestones
    return tuple(x.id for x in ms), {x.id: x.version for x in ms}


def _write_milestone_order(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    ids = list(value)
    # move one milestone (chosen by n) to the front: a new order every time
    moved = ids.pop(1 + n % (len(ids) - 1))
    agreement.reorder_milestones(
        c, ReorderMilestonesIn(ids=[moved, *ids], expected_versions=version)
    )
    return True


def _add_conc_milestone(c: Context, w: World) -> None:
    p = agreement.add_milestone(
        c, MilestoneIn(name=f"Ekstra {len(w.conc_milestones)}", due_on=dt.date(2025, 12, 1))
    )
    w.conc_milestones.append(max(m.id for m in p.milestones))


def _read_removal(c: Context, w: World, n: int) -> tuple[Any, Any]:
    if not w.conc_milestones:
        _add_conc_milestone(c, w)
    target = w.conc_milestones[-1]
    m = next((x for x in _process(c).milestones if x.id == target), None)
    return (m is not None), (m.version if m else None)


def _write_removal(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    if not value:
        return False  # gone already: the user has nothing to remove
    agreement.remove_milestone(c, w.conc_milestones[-1], expected_version=version)
    return True


def _touch_removal(c: Context, w: World) -> None:
    target = w.conc_milestones[-1]
    agreement.update_milestone(c, MilestoneUpdate(id=target, name="Endra av den andre"))


def _status(c: Context, number: str) -> Any:
    return agreement.municipality_detail(c, number).status


def _read_feedback(c: Context, w: World, n: int) -> tuple[Any, Any]:
    s = _status(c, w.feedback_number)
    return s.feedback_summary, s.version


def _write_feedback(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    agreement.correct_feedback(
        c,
        FeedbackCorrection(
            number=w.feedback_number, summary=f"Retta {n}", expected_version=version
        ),
    )
    return True


def _read_council(c: Context, w: World, n: int) -> tuple[Any, Any]:
    s = _status(c, w.status_number)
    return (s.council_decision_on, s.council_case_reference), s.version


def _write_council(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    agreement.record_decision(
        c,
        CouncilDecisionIn(
            number=w.status_number,
            decided_on=dt.date(2025, 6, 1) + dt.timedelta(days=n % 100),
            outcome=AgreementOutcome.JOIN,
            case_reference=f"PS {n}/25",
            expected_version=version,
        ),
    )
    return True


def _read_signing(c: Context, w: World, n: int) -> tuple[Any, Any]:
    s = _status(c, w.status_number)
    return s.signed_on, s.version


def _ensure_joined(c: Context, w: World) -> None:
    if _status(c, w.status_number).council_outcome is not AgreementOutcome.JOIN:
        agreement.record_decision(
            c,
            CouncilDecisionIn(
                number=w.status_number,
                decided_on=dt.date(2025, 6, 1),
                outcome=AgreementOutcome.JOIN,
            ),
        )


def _write_signing(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    agreement.record_signing(
        c,
        SigningIn(
            number=w.status_number,
            signed_on=dt.date(2025, 9, 1) + dt.timedelta(days=n % 100),
            expected_version=version,
        ),
    )
    return True


# cost shares ---------------------------------------------------------------------------------


def _read_budget(c: Context, w: World, n: int) -> tuple[Any, Any]:
    b = cost_shares.get_budget(c, w.budget_year)
    return b.total_budget, b.version


def _write_budget(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    cost_shares.save_budget(c, budget_settings(w.budget_year, 1_000_000 + 1000 * n, version))
    return True


def _read_recalculation(c: Context, w: World, n: int) -> tuple[Any, Any]:
    b = cost_shares.get_budget(c, w.budget_year)
    return b.participants, b.version


def _write_recalculation(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    participants = (
        list(MUNICIPALITIES) if value != len(MUNICIPALITIES) else list(MUNICIPALITIES[:-1])
    )
    cost_shares.recalculate(
        c,
        RecalculateIn(
            year=w.budget_year,
            participant_source=ParticipantSource.LIST,
            participants=participants,
            expected_version=version,
        ),
    )
    return True


# papers (issue 19) -------------------------------------------------------------------------


def _read_paper(c: Context, w: World, n: int) -> tuple[Any, Any]:
    from dvmeet.services import papers

    paper = papers.get_paper(c, w.planned_cases[0])
    return paper.background, paper.version


def _write_paper(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services import papers

    papers.update_paper(
        c,
        papers.PaperIn(
            case_id=w.planned_cases[0], background=f"Bakgrunn {n}", expected_version=version
        ),
    )
    return True


def _read_template(c: Context, w: World, n: int) -> tuple[Any, Any]:
    from dvmeet.services import papers

    template = papers.get_template(c, w.body.code)
    return template.assessment, template.version


def _write_template(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services import papers

    papers.update_template(
        c,
        papers.TemplateIn(
            body_code=w.body.code, assessment=f"Vurdering {n}", expected_version=version
        ),
    )
    return True


def _add_attachments(c: Context, w: World) -> None:
    """Two attachments on the second planned case (once)."""
    from dvmeet.services import papers

    if papers.list_attachments(c, w.planned_cases[1]):
        return
    for title in ("Vedlegg A", "Vedlegg B"):
        papers.add_attachment(
            c,
            papers.AttachmentIn(
                case_id=w.planned_cases[1], title=title, filename="v.pdf", content=make_pdf(title)
            ),
        )


def _read_attachment(c: Context, w: World, n: int) -> tuple[Any, Any]:
    from dvmeet.services import papers

    first = min(papers.list_attachments(c, w.planned_cases[1]), key=lambda a: a.id or 0)
    return (first.id, first.title), first.version


def _write_attachment(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services import papers

    papers.update_attachment(
        c,
        papers.AttachmentUpdate(
            attachment_id=value[0], title=f"Vedlegg {n}", closed=False, expected_version=version
        ),
    )
    return True


def _read_attachment_order(c: Context, w: World, n: int) -> tuple[Any, Any]:
    from dvmeet.services import papers

    found = papers.list_attachments(c, w.planned_cases[1])
    # the moved one's version, and all of them: a move bumps both it and its neighbour
    return tuple(a.id for a in found), (found[0].version, sum(a.version for a in found))


def _write_attachment_order(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services import papers

    papers.move_attachment(
        c, papers.MoveAttachmentIn(attachment_id=value[0], step=1, expected_version=version[0])
    )
    return True


# speakers ------------------------------------------------------------------------------------


def _ensure_speakers(c: Context, w: World) -> None:
    """Two members waiting on the running case's speakers' list (added once)."""
    queued = {e.person_id for e in speakers.speakers_list(c, w.running_case).queue}
    for person in w.body.members[2:4]:
        if person not in queued:
            speakers.add_speaker(c, SpeakerIn(case_id=w.running_case, person_id=person))


def _moved_speaker(c: Context, w: World) -> Any:
    return next(
        e
        for e in speakers.speakers_list(c, w.running_case).queue
        if e.person_id == w.body.members[2]
    )


def _read_speaker_order(c: Context, w: World, n: int) -> tuple[Any, Any]:
    queue = speakers.speakers_list(c, w.running_case).queue
    return tuple(e.person_id for e in queue), _moved_speaker(c, w).version


def _write_speaker_order(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    first = value[0] == w.body.members[2] if value else True
    speakers.move_speaker(
        c,
        MoveSpeakerIn(
            entry_id=_moved_speaker(c, w).id, step=1 if first else -1, expected_version=version
        ),
    )
    return True


def _add_conc_speaker(c: Context, w: World) -> None:
    """A member put on the running case's list, to be taken off again."""
    person = w.body.members[4]
    listed = speakers.speakers_list(c, w.running_case)
    entry = next((e for e in listed.queue if e.person_id == person), None)
    if entry is None:
        listed = speakers.add_speaker(c, SpeakerIn(case_id=w.running_case, person_id=person))
        entry = next(e for e in listed.queue if e.person_id == person)
    w.conc_speakers.append(entry.id)


def _read_speaker_removal(c: Context, w: World, n: int) -> tuple[Any, Any]:
    if not w.conc_speakers:
        _add_conc_speaker(c, w)
    target = w.conc_speakers[-1]
    entry = next(
        (e for e in speakers.speakers_list(c, w.running_case).queue if e.id == target), None
    )
    return (entry is not None), (entry.version if entry else None)


def _write_speaker_removal(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    if not value:
        return False  # taken off already: the user has nothing to remove
    speakers.remove_speaker(c, SpeakerActIn(entry_id=w.conc_speakers[-1], expected_version=version))
    return True


def _touch_speaker_removal(c: Context, w: World) -> None:
    """Someone else moves the speaker first (so the version read is stale)."""
    _ensure_speakers(c, w)
    queue = speakers.speakers_list(c, w.running_case).queue
    at = next(i for i, e in enumerate(queue) if e.id == w.conc_speakers[-1])
    speakers.move_speaker(
        c,
        MoveSpeakerIn(
            entry_id=queue[at].id, step=1 if at == 0 else -1, expected_version=queue[at].version
        ),
    )


def _read_speaker_settings(c: Context, w: World, n: int) -> tuple[Any, Any]:
    found = speakers.speaker_settings(c, w.body.code)
    return found.innlegg_seconds, found.version


def _write_speaker_settings(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    speakers.set_speaker_settings(
        c,
        SpeakerSettingsIn(
            body_code=w.body.code, innlegg_seconds=60 * (n + 1), expected_version=version
        ),
    )
    return True


# mail (issue 20) ------------------------------------------------------------------------------


def _read_saksgang(c: Context, w: World, n: int) -> tuple[Any, Any]:
    route = meetings.saksgang(c, w.planned_cases[0])
    return len(route.steps), route.version


def _write_saksgang(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    from dvmeet.services.meetings.models import SaksgangIn, SaksgangStepIn

    case = w.planned_cases[0]
    meetings.set_saksgang(
        c,
        SaksgangIn(
            case_id=case,
            steps=[
                SaksgangStepIn(body_code=w.body.code, case_id=case),
                *[SaksgangStepIn(body_code=w.body.code) for _n in range(max(n, 1))],
            ],
            expected_version=version,
        ),
    )
    return True


def _read_post_address(c: Context, w: World, n: int) -> tuple[Any, Any]:
    m = next(x for x in mail.post_addresses(c) if x.municipality_number == MUNICIPALITIES[0])
    return m.post_email, m.version


def _write_post_address(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    mail.set_post_address(
        c,
        PostAddressIn(
            municipality_number=MUNICIPALITIES[0],
            post_email=f"postmottak{n}@example.no",
            expected_version=version,
        ),
    )
    return True


def _ensure_recipient(c: Context, w: World) -> None:
    """One copy recipient on the body's list (added once)."""
    if not mail.distribution_list(c, w.body.code).entries:
        mail.add_recipient(
            c,
            RecipientIn(
                body_code=w.body.code,
                kind=RecipientKind.COPY,
                name="Arkivet",
                email="arkiv@example.no",
            ),
        )


def _read_recipient(c: Context, w: World, n: int) -> tuple[Any, Any]:
    entry = mail.distribution_list(c, w.body.code).entries[0]
    return entry.name, entry.version


def _write_recipient(c: Context, w: World, n: int, value: Any, version: Any) -> bool:
    entry = mail.distribution_list(c, w.body.code).entries[0]
    mail.update_recipient(
        c,
        UpdateRecipientIn(
            id=entry.id, name=f"Mottakar {n}", email=f"kopi{n}@example.no", expected_version=version
        ),
    )
    return True


SPECS: list[Spec] = [
    Spec("registry.update_person", _read_person, _write_person, "opplysningane om"),
    Spec("registry.update_body", _read_body, _write_body, "organet"),
    Spec("registry.set_cooperation", _read_cooperation, _write_cooperation, "samarbeidet"),
    Spec(
        "setup.set_cooperation_details",
        _read_cooperation_details,
        _write_cooperation_details,
        "samarbeidet",
    ),
    Spec("registry.set_participation", _read_participation, _write_participation, "deltakinga til"),
    Spec(
        "registry.set_participations",
        _read_participations,
        _write_participations,
        "deltakinga til",
    ),
    Spec("registry.reorder_deputies", _read_deputies, _write_deputies, "vararekkjefølgja for"),
    Spec("meetings.update_meeting", _read_meeting, _write_meeting, "møtet"),
    Spec("meetings.update_case", _read_case, _write_case, "saka"),
    Spec("meetings.reorder_cases", _read_case_order, _write_case_order, "saklista for møtet"),
    Spec(
        "meetings.remove_case",
        _read_case_removal,
        _write_case_removal,
        "saka",
        touch=_touch_case_removal,
        refusals=(ChangedElsewhere, NotFound),
        prepare=_add_conc_case,
    ),
    Spec("attendance.set_case_chair", _read_chair, _write_chair, "saka"),
    Spec(
        "speakers.move_speaker",
        _read_speaker_order,
        _write_speaker_order,
        "talarlista i saka",
        prepare=_ensure_speakers,
    ),
    Spec(
        "speakers.remove_speaker",
        _read_speaker_removal,
        _write_speaker_removal,
        "talarlista i saka",
        touch=_touch_speaker_removal,
        refusals=(ChangedElsewhere, NotFound),
        prepare=_add_conc_speaker,
    ),
    Spec(
        "speakers.set_speaker_settings",
        _read_speaker_settings,
        _write_speaker_settings,
        "innstillingane for talarlista",
    ),
    Spec("voting.update_decision_text", _read_decision, _write_decision, "vedtaket i sak"),
    Spec("minutes.set_remarks", _read_remarks, _write_remarks, "merknadene til møteboka"),
    Spec(
        "archive.set_archive_reference", _read_archive_ref, _write_archive_ref, "arkivreferansane"
    ),
    Spec("agreement.update_process", _read_process, _write_process, "avtaleprosessen"),
    Spec("agreement.update_milestone", _read_milestone, _write_milestone, "milepælen"),
    Spec(
        "agreement.reorder_milestones",
        _read_milestone_order,
        _write_milestone_order,
        "rekkjefølgja av milepælane",
    ),
    Spec(
        "agreement.remove_milestone",
        _read_removal,
        _write_removal,
        "milepælen",
        touch=_touch_removal,
        refusals=(ChangedElsewhere, NotFound),
        prepare=_add_conc_milestone,
    ),
    Spec("agreement.correct_feedback", _read_feedback, _write_feedback, "avtalestatusen til"),
    Spec("agreement.record_decision", _read_council, _write_council, "avtalestatusen til"),
    Spec(
        "agreement.record_signing",
        _read_signing,
        _write_signing,
        "avtalestatusen til",
        prepare=_ensure_joined,
    ),
    Spec("cost_shares.save_budget", _read_budget, _write_budget, "kostnadsfordelinga for"),
    Spec(
        "cost_shares.recalculate",
        _read_recalculation,
        _write_recalculation,
        "kostnadsfordelinga for",
    ),
    Spec("papers.update_paper", _read_paper, _write_paper, "saksframlegget til"),
    Spec("papers.update_template", _read_template, _write_template, "malen for saksframlegg"),
    Spec(
        "papers.update_attachment",
        _read_attachment,
        _write_attachment,
        "vedlegget",
        prepare=_add_attachments,
    ),
    Spec(
        "papers.move_attachment",
        _read_attachment_order,
        _write_attachment_order,
        "vedlegget",
        prepare=_add_attachments,
    ),
    Spec("mail.set_post_address", _read_post_address, _write_post_address, "postadressa til"),
    Spec("meetings.set_saksgang", _read_saksgang, _write_saksgang, "saksgangen til sak"),
    Spec(
        "mail.update_recipient",
        _read_recipient,
        _write_recipient,
        "mottakaren",
        prepare=_ensure_recipient,
    ),
]
