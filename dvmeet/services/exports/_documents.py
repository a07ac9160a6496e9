"""The document models, one function per document (context in, document model out).

Public variants are built from public fields only (O-2, B-4, R-5): what a public model
does not hold, no renderer can print. The renderers in dvmeet.documents print what they
are given."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dvmeet.documents.models import (
    AttendanceCase,
    AttendanceDocument,
    AttendanceRow,
    DocumentMeta,
    Letterhead,
    NoticeCase,
    NoticeDocument,
    RegistryDocument,
    RegistryMember,
    RegistrySeat,
    SaksgangRow,
)
from dvmeet.documents.text import short_date
from dvmeet.domain.agreement import keep_nynorsk
from dvmeet.domain.cost_shares import share_summary
from dvmeet.domain.enums import Role
from dvmeet.services import agreement, attendance, cost_shares, meetings, minutes, registry, voting
from dvmeet.services._letterhead import letterhead
from dvmeet.services._saksgang import meeting_saksgang
from dvmeet.services.agreement.models import OverviewIn, ReminderIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseOut
from dvmeet.services.registry.models import MembershipOut, SeatOut

if TYPE_CHECKING:
    from dvmeet.documents.agreement_report import AgreementReportDocument
    from dvmeet.documents.archive import ArchiveMeeting
    from dvmeet.documents.cost_table import CostTableDocument
    from dvmeet.documents.vote_results import Row as VoteRow
    from dvmeet.documents.vote_results import VoteResultsDocument

# The models of the documents whose modules hold their renderers too (ReportLab, openpyxl,
# the PDF/A writer) are imported by the function that builds them, so making one document
# does not load the others' renderers.


def _letterhead(ctx: Context) -> Letterhead | None:
    """The cooperation's details for the head and foot of every page."""
    with ctx.reading() as s:
        return letterhead(s)


def _cooperation(ctx: Context, default: str = "") -> str:
    coop = registry.get_cooperation(ctx)
    return coop.name if coop else default


# --- Notice -------------------------------------------------------------------------------


def notice_document(ctx: Context, meeting_id: int, *, public: bool) -> NoticeDocument:
    """The notice as a document. For the public one, closed cases keep only their public
    title and legal basis (M-4, O-2): nothing else of theirs is copied into the model."""
    meeting = meetings.get_meeting(ctx, meeting_id)
    coop = registry.get_cooperation(ctx)
    cooperation = coop.name if coop else ""
    body = registry.get_body(ctx, meeting.body_code)
    chair = next(
        (
            m.person_name
            for seat in registry.seats(ctx, meeting.body_code, meeting.date)
            for m in seat.members
            if m.role is Role.LEIAR
        ),
        None,
    )
    changes = [c.description for c in meetings.notice_changes(ctx, meeting_id, public=public)]
    with ctx.reading() as s:
        routes = meeting_saksgang(s, meeting_id)  # issue 19: the saksgang across bodies
    title = f"Innkalling – {meeting.body_name} {short_date(meeting.date)}"
    meta = DocumentMeta(
        kind="INNKALLING",
        title=title,
        subject=f"Innkalling og sakliste til møte i {meeting.body_name} "
        f"{short_date(meeting.date)}, {meeting.place}",
        author=cooperation,
        cooperation=cooperation,
        body_name=meeting.body_name,
        public=public,
        date=meeting.date,
        letterhead=_letterhead(ctx),
    )
    return NoticeDocument(
        meta=meta,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        form=meeting.form,
        meeting_title=meeting.title,
        notice_days=body.notice_days,
        sent_on=meeting.notice_sent_at.date() if meeting.notice_sent_at else None,
        secretariat=meeting.secretariat,
        chair=chair,
        issued_at=coop.host_municipality_name if coop else None,
        cases=[_notice_case(c, public, routes.get(c.id)) for c in meeting.cases],
        changes=changes,
    )


def _notice_case(
    c: CaseOut, public: bool, route: tuple[list[SaksgangRow], str | None] | None = None
) -> NoticeCase:
    saksgang, heading = route or ([], None)
    if public and c.closed:
        return NoticeCase(
            label=c.label,
            title=c.shown_title,
            closed=True,
            withheld=True,
            closure_reference=c.closure_reference,
            recommendation=None,
            description=None,
            preparer_name=None,
            added_after_notice=c.added_in_meeting,
            saksgang=saksgang,
        )
    return NoticeCase(
        label=c.label,
        title=c.title,
        closed=c.closed,
        withheld=False,
        closure_reference=c.closure_reference,
        recommendation=c.recommendation,
        description=c.description,
        preparer_name=c.preparer_name,
        added_after_notice=c.added_in_meeting,
        saksgang=saksgang,
        **({"recommendation_heading": heading} if heading else {}),
    )


# --- Attendance list ----------------------------------------------------------------------


def attendance_document(ctx: Context, meeting_id: int, *, public: bool) -> AttendanceDocument:
    """Per case: the voters and the disqualified (A-1, Q-1). Names are public; closed cases
    show their public title in the public variant (O-2)."""
    meeting = meetings.get_meeting(ctx, meeting_id)
    cooperation = _cooperation(ctx)
    disqualified = [d for d in voting.disqualifications(ctx, meeting_id) if d.decided]
    seat_names = {
        m.person_id: m.person_name
        for seat in registry.seats(ctx, meeting.body_code, meeting.date)
        for m in seat.members + seat.deputies
    }
    cases = []
    for c in meeting.cases:
        v = attendance.voters(ctx, c.id)
        rows = []
        for voter in v.voters:
            if voter.is_deputy:
                seat = seat_names.get(voter.seat_person_id, "")
                note = f"Varamedlem for {seat}" if seat else "Varamedlem"
            else:
                note = "Medlem"
            if voter.person_id == v.chair_person_id:
                note += ", møteleiar"
            rows.append(
                AttendanceRow(
                    name=voter.name, municipality=voter.municipality_name, note=note, votes=True
                )
            )
        for d in disqualified:
            if d.case_id == c.id:
                rows.append(
                    AttendanceRow(
                        name=d.name,
                        municipality="",
                        note=f"Ugild ({d.legal_basis})",
                        votes=False,
                    )
                )
        cases.append(
            AttendanceCase(
                label=c.label,
                title=c.shown_title if public else c.title,
                closed=c.closed,
                closure_reference=c.closure_reference,
                seats=v.seats,
                voters=len(v.voters),
                quorate=v.quorate,
                chair=v.chair_name,
                rows=rows,
            )
        )
    title = f"Frammøteliste – {meeting.body_name} {short_date(meeting.date)}"
    meta = DocumentMeta(
        kind="FRAMMØTELISTE",
        title=title,
        subject=f"Frammøte per sak i møtet i {meeting.body_name} {short_date(meeting.date)}",
        author=cooperation,
        cooperation=cooperation,
        body_name=meeting.body_name,
        public=public,
        date=meeting.date,
        letterhead=_letterhead(ctx),
    )
    return AttendanceDocument(meta=meta, date=meeting.date, place=meeting.place, cases=cases)


# --- Registry -----------------------------------------------------------------------------


def registry_document(
    ctx: Context, body_code: str, on_date: dt.date | None = None
) -> RegistryDocument:
    """The registry is public information: names, roles, ranks, terms, electing decisions.
    Contact details are not copied into the model (R-5)."""
    day = on_date or dt.date.today()
    body = registry.get_body(ctx, body_code)
    cooperation = _cooperation(ctx)
    meta = DocumentMeta(
        kind="MEDLEMSREGISTER",
        title=f"Medlemer og varamedlemer – {body.name} per {short_date(day)}",
        subject=f"Medlemer og rangerte varamedlemer i {body.name} per {short_date(day)}",
        author=cooperation,
        cooperation=cooperation,
        body_name=body.name,
        public=True,
        date=day,
        letterhead=_letterhead(ctx),
    )
    seats = [_registry_seat(s) for s in registry.seats(ctx, body.code, day)]
    return RegistryDocument(meta=meta, body_code=body.code, on_date=day, seats=seats)


def _registry_seat(seat: SeatOut) -> RegistrySeat:
    return RegistrySeat(
        municipality_number=seat.municipality_number,
        municipality_name=seat.municipality_name,
        members=[_registry_member(m) for m in seat.members],
        deputies=[_registry_member(m) for m in seat.deputies],
    )


def _registry_member(m: MembershipOut) -> RegistryMember:
    return RegistryMember(
        person_name=m.person_name,
        role=m.role,
        deputy_rank=m.deputy_rank,
        valid_from=m.valid_from,
        valid_to=m.valid_to,
        electing_decision=m.electing_decision,
    )


# --- Vote results -------------------------------------------------------------------------


def vote_results_document(ctx: Context, meeting_id: int, *, public: bool) -> VoteResultsDocument:
    """One row per vote; the public variant gives a closed case one row with its public
    title and legal basis, and none of its votes (O-2)."""
    from dvmeet.documents.vote_results import COLUMNS, VoteResultsDocument

    meeting = meetings.get_meeting(ctx, meeting_id)
    rows: list[VoteRow] = []
    for c in meeting.cases:
        if public and c.closed:
            row: VoteRow = [c.label, c.shown_title, c.closure_reference]
            rows.append(row + [None] * (len(COLUMNS) - len(row)))
            continue
        for v in voting.votes(ctx, c.id):
            names_for = sorted(b.name for b in v.ballots if b.choice.value == "for")
            names_against = sorted(b.name for b in v.ballots if b.choice.value == "mot")
            rows.append(
                [
                    c.label,
                    c.title,
                    c.closure_reference if c.closed else None,
                    v.kind.value,
                    v.outcome.value,
                    v.votes_for,
                    v.votes_against,
                    v.votes_blank,
                    v.eligible,
                    v.seats,
                    "ja" if v.casting_vote_used else "nei",
                    "ja" if v.unanimous else "nei",
                    ", ".join(names_for),
                    ", ".join(names_against),
                ]
            )
    return VoteResultsDocument(meeting_id=meeting_id, public=public, rows=rows)


# --- Agreement status report --------------------------------------------------------------


def agreement_report_document(
    ctx: Context, today: dt.date, days_before: int = 14
) -> AgreementReportDocument:
    """The status of the agreement process for the steering group (internal)."""
    from dvmeet.documents.agreement_report import (
        AgreementReportDocument,
        ReportCounts,
        ReportMilestone,
        ReportRow,
    )

    view = agreement.overview(ctx, OverviewIn(today=today))
    cooperation = _cooperation(ctx, "DigiVestland")
    meta = DocumentMeta(
        kind="STATUSRAPPORT",
        title=f"{view.process.title}: status per {short_date(today)}",
        subject="Status for avtaleprosessen per kommune",
        author=cooperation,
        cooperation=cooperation,
        body_name="Styringsgruppa",
        public=False,
        date=today,
        letterhead=_letterhead(ctx),
    )
    reminders = agreement.reminders(ctx, ReminderIn(today=today, days_before=days_before))
    c = view.counts
    return AgreementReportDocument(
        meta=meta,
        today=today,
        title=view.process.title,
        counts=ReportCounts.model_validate(c.model_dump()),
        seat_sentences=list(view.seat_effect.sentences),
        milestones=[
            ReportMilestone(name=m.name, due_on=m.due_on, state=m.state, track=m.track)
            for m in view.process.milestones
        ],
        rows=[
            ReportRow(
                municipality_name=r.status.municipality_name,
                municipality_number=r.status.municipality_number,
                states=[cell.state for cell in r.cells],
                decided=r.status.council_outcome is not None,
                outcome_word=r.status.outcome_word,
                council_decision_on=r.status.council_decision_on,
                council_case_reference=r.status.council_case_reference,
                change_of_principle=bool(r.status.change_of_principle),
                feedback_summary=r.status.feedback_summary,
            )
            for r in view.rows
        ],
        reminders=[i.line for i in reminders.items],
    )


# --- Cost table ---------------------------------------------------------------------------


def cost_table_document(ctx: Context, year: int) -> CostTableDocument:
    """The stored cost-share calculation of a budget year (public)."""
    from dvmeet.documents.cost_table import CostLine, CostTableDocument

    result = cost_shares.get_budget(ctx, year)
    cooperation = _cooperation(ctx, "DigiVestland")
    meta = DocumentMeta(
        kind="KOSTNADSFORDELING",
        title=f"Kostnadsfordeling {year}",
        subject=f"Kostnadsdelar per deltakarkommune for budsjettåret {year}",
        author=cooperation,
        cooperation=cooperation,
        body_name="Representantskapet",
        public=True,
        date=result.calculated_at.date() if result.calculated_at else dt.date.today(),
        letterhead=_letterhead(ctx),
    )
    return CostTableDocument(
        meta=meta,
        year=year,
        summary=share_summary(
            keep_nynorsk, result.participants, result.total, result.at_maximum, result.at_minimum
        ),
        note=result.note,
        calculated_at=result.calculated_at,
        total_budget=result.total_budget,
        base_weight=result.base_weight,
        population_weight=result.population_weight,
        min_payment=result.min_payment,
        max_payment=result.max_payment,
        participants=result.participants,
        lines=[CostLine.model_validate(ln.model_dump()) for ln in result.lines],
        total=result.total,
        last_year_total=result.last_year_total,
    )


# --- Archive package ----------------------------------------------------------------------


def archive_meeting(ctx: Context, meeting_id: int) -> ArchiveMeeting:
    """What the archive package's metadata says of the meeting (public fields only)."""
    from dvmeet.documents.archive import ArchiveMeeting, ClosedCase

    meeting = meetings.get_meeting(ctx, meeting_id)
    draft = minutes.minutes_draft(ctx, meeting_id, public=True)
    approval = draft.approval
    return ArchiveMeeting(
        cooperation=draft.cooperation,
        body_name=meeting.body_name,
        body_code=meeting.body_code,
        meeting_id=meeting.id,
        date=meeting.date,
        place=meeting.place,
        status=meeting.status.value,
        case_numbers=[c.label for c in meeting.cases],
        closed_cases=[
            ClosedCase(case=c.label, public_title=c.shown_title, legal_basis=c.closure_reference)
            for c in meeting.cases
            if c.closed
        ],
        minutes_status=draft.status.value,
        approved_on=approval.approved_on if approval else None,
        approval_method=approval.method.value if approval else None,
        audit_chain_head=approval.audit_head if approval else None,
    )
