"""Planning meetings, the case list and the notice (M-1 to M-8, O-1, O-2, H-2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import (
    Body,
    Case,
    DocumentVersion,
    Meeting,
    Person,
    UrgentDecision,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.attendance import present_at
from dvmeet.domain.closure import check_closure
from dvmeet.domain.enums import CaseKind, MeetingStatus, StandingCase
from dvmeet.domain.enums import MeetingKind as MeetingKind  # for callers building PlanMeetingIn
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.notice import check_case_added_in_meeting, check_notice
from dvmeet.domain.verdict import apply_body_kind
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services import _meeting_times as times
from dvmeet.services._concurrency import ensure_version, ensure_versions
from dvmeet.services._kept_warnings import (
    enforce_and_keep,
    keep_warnings,
    unlink_case_warnings,
)
from dvmeet.services._meeting_reads import current_case_id
from dvmeet.services._notice_log import change_payload, logged_changes
from dvmeet.services._records import (
    FIRST_STANDING,
    NOTICE_CHANGED,
    attendance_timeline,
    case_label,
    case_out,
    ensure_recommendation,
    meeting_cases,
    meeting_out,
    standing_order_findings,
)
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.meetings.models import (
    AddCaseInMeetingIn,
    CaseIn,
    CaseOut,
    MeetingOut,
    MeetingSummary,
    NoticeChange,
    PlanMeetingIn,
    ReorderCasesIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
    UrgentDecisionIn,
    UrgentDecisionOut,
)

STANDING_TITLES: dict[StandingCase, str] = {
    StandingCase.NOTICE_APPROVAL: "Godkjenning av innkalling og sakliste",
    StandingCase.SIGNATORIES: (
        "Val av to medlemer til å skrive under møteboka saman med møteleiaren"
    ),
    StandingCase.PREVIOUS_MINUTES: "Godkjenning av møtebok frå førre møte",
    StandingCase.EVENTUELT: "Eventuelt",
}
STANDING_RECOMMENDATIONS: dict[StandingCase, str] = {
    StandingCase.NOTICE_APPROVAL: "Innkalling og sakliste vert godkjende.",
    StandingCase.PREVIOUS_MINUTES: "Møteboka frå førre møte vert godkjend.",
}


# --- Output ----------------------------------------------------------------------------


# --- Planning ---------------------------------------------------------------------------


def refuse_after_retirement(body: Body, day: dt.date) -> None:
    """No meeting in a retired body after its last day (issue 16)."""
    if body.retired_on is not None and day > body.retired_on:
        raise InvalidInput(
            _(
                "Organet {name} er avvikla, og {last} var siste dagen: det kan "
                "ikkje haldast møte i det etter den dagen."
            ).format(name=body.name, last=f"{body.retired_on:%d.%m.%Y}")
        )


def plan_meeting(ctx: Context, data: PlanMeetingIn) -> MeetingOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        refuse_after_retirement(body, data.date)
        meeting = Meeting(
            body_id=body.id,
            kind=data.kind,
            title=data.title,
            date=data.date,
            start_time=data.start_time,
            end_time=data.end_time,
            place=data.place,
            form=data.form,
            status=MeetingStatus.PLANNED,
            demanded_by=data.demanded_by,
            secretariat=data.secretariat,
            frozen=False,
        )
        meeting.body = body
        s.add(meeting)
        s.flush()
        if data.standing_cases:
            has_previous = s.scalar(
                select(func.count(Meeting.id)).where(
                    Meeting.body_id == body.id, Meeting.date < data.date
                )
            )
            for standing in (*FIRST_STANDING, StandingCase.EVENTUELT):
                if standing is StandingCase.PREVIOUS_MINUTES and not has_previous:
                    continue
                kind = CaseKind.OS if standing is StandingCase.EVENTUELT else CaseKind.PS
                _insert_case(
                    s,
                    meeting,
                    kind=kind,
                    title=STANDING_TITLES[standing],
                    recommendation=STANDING_RECOMMENDATIONS.get(standing),
                    standing=standing,
                    is_election=standing is StandingCase.SIGNATORIES,
                    # M-7: two members sign with the chair, elected in one round
                    seats_to_fill=2 if standing is StandingCase.SIGNATORIES else 1,
                )
        for urgent in s.scalars(
            select(UrgentDecision)
            .where(
                UrgentDecision.body_id == body.id,
                UrgentDecision.reported_case_id.is_(None),
                UrgentDecision.decided_on <= data.date,  # M-1: reported at a later meeting
            )
            .order_by(UrgentDecision.decided_on, UrgentDecision.id)
        ):
            _report_urgent(s, meeting, urgent)
        uow.audit("meeting.planned", "meeting", meeting.id, data.model_dump(mode="json"))
        return meeting_out(s, meeting)


def update_meeting(ctx: Context, data: UpdateMeetingIn) -> MeetingOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        ensure_version(
            s,
            meeting,
            data.expected_version,
            lambda: meeting_out(s, meeting),
            _("møtet {date}").format(date=f"{meeting.date:%d.%m.%Y}"),
        )
        skip = {"meeting_id", "expected_version"}
        changes = data.model_dump(mode="json", exclude_unset=True, exclude=skip)
        actual = {"actual_start", "actual_end"}
        for name, value in data.model_dump(exclude_unset=True, exclude=skip | actual).items():
            setattr(meeting, name, value)
        if data.actual_start is not None or data.actual_end is not None:
            # the actual times, corrected until approval
            times.correct_actual_times(s, meeting, data.actual_start, data.actual_end)
        if meeting.end_time is not None and meeting.end_time <= meeting.start_time:
            raise InvalidInput(_("Sluttid må vere etter starttid."))
        if "date" in data.model_fields_set:
            refuse_after_retirement(meeting.body, meeting.date)
        for case in meeting_cases(s, meeting.id):
            enforce_and_keep(
                uow,
                check_closure(case.closed, case.closure_basis, meeting.form),
                meeting,
                action="meeting.updated",
                case=case,
            )
        uow.audit("meeting.updated", "meeting", meeting.id, changes)
        if meeting.notice_sent_at is not None and {"date", "start_time", "place", "form"} & set(
            changes
        ):
            _notice_changed(uow, meeting, change_payload("meeting_changed", fields=sorted(changes)))
        s.flush()
        return meeting_out(s, meeting)


def get_meeting(ctx: Context, meeting_id: int) -> MeetingOut:
    with ctx.reading() as s:
        return meeting_out(s, lookup.meeting(s, meeting_id))


def list_meetings(
    ctx: Context, body_code: str | None = None, year: int | None = None
) -> list[MeetingSummary]:
    with ctx.reading() as s:
        return meeting_summaries(s, body_code, year)


def meeting_summaries(
    s: Session, body_code: str | None = None, year: int | None = None
) -> list[MeetingSummary]:
    """`list_meetings` within an open read: in date order."""
    count = select(func.count(Case.id)).where(Case.meeting_id == Meeting.id).scalar_subquery()
    query = select(Meeting, Body.code, count).join(Body).order_by(Meeting.date, Meeting.id)
    if body_code:
        query = query.where(Body.id == lookup.body_by_code(s, body_code).id)
    if year is not None:
        query = query.where(
            Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31)
        )
    return [
        MeetingSummary(
            id=m.id,
            body_code=code,
            date=m.date,
            start_time=m.start_time,
            place=m.place,
            form=m.form,
            kind=m.kind,
            status=m.status,
            title=m.title,
            case_count=n,
        )
        for m, code, n in s.execute(query)
    ]


# --- The case list ----------------------------------------------------------------------


def _next_number(s: Session, body_id: int, year: int, kind: CaseKind) -> int:
    current = s.scalar(
        select(func.max(Case.number)).where(
            Case.body_id == body_id, Case.year == year, Case.kind == kind
        )
    )
    return (current or 0) + 1


def _insert_case(s: Session, meeting: Meeting, **fields: Any) -> Case:
    """Insert before eventuelt (M-7), with the next number of the body and year (M-8)."""
    cases = meeting_cases(s, meeting.id)
    position = len(cases) + 1
    if fields.get("standing") is not StandingCase.EVENTUELT:
        for c in cases:
            if c.standing is StandingCase.EVENTUELT:
                position = c.position
                c.position += 1
    kind: CaseKind = fields["kind"]
    case = Case(
        meeting_id=meeting.id,
        body_id=meeting.body_id,
        year=meeting.date.year,
        number=_next_number(s, meeting.body_id, meeting.date.year, kind),
        position=position,
        closed=fields.pop("closed", False),
        added_in_meeting=fields.pop("added_in_meeting", False),
        qualified_majority=fields.pop("qualified_majority", False),
        is_election=fields.pop("is_election", False),
        **fields,
    )
    s.add(case)
    s.flush()
    return case


def _validate_case_refs(
    s: Session, meeting: Meeting, preparer_id: int | None, version_id: int | None
) -> None:
    if preparer_id is not None:
        lookup.person(s, preparer_id)
    if version_id is not None:
        lookup.get_or_raise(s, DocumentVersion, version_id, _("dokumentversjonen"))


def add_case(ctx: Context, data: CaseIn) -> CaseOut:
    with ctx.unit_of_work() as uow:
        return _add_case(uow, data)


def _add_case(uow: UnitOfWork, data: CaseIn) -> CaseOut:
    s = uow.session
    meeting = lookup.meeting(s, data.meeting_id, for_update=True)
    if lifecycle.meeting_ended(meeting.status):
        raise Conflict(_("Møtet er avslutta; saker kan ikkje leggjast til."))
    if meeting.status is MeetingStatus.IN_PROGRESS and not data.added_in_meeting:
        raise Conflict(_("Møtet er i gang: ei ny sak må leggjast til som sak i møtet."))
    _validate_case_refs(s, meeting, data.preparer_person_id, data.document_version_id)
    if data.decision_public and not data.closed:
        raise InvalidInput(_("Berre ei lukka sak kan merkjast med at vedtaket er offentleg."))
    findings = lookup.enforce(
        check_closure(data.closed, data.closure_basis, meeting.form), meeting.body.kind
    )
    case = _insert_case(
        s,
        meeting,
        **data.model_dump(exclude={"meeting_id"}),
    )
    out = case_out(case, meeting.body)
    uow.audit("case.added", "case", case.id, {"label": out.label, **data.model_dump(mode="json")})
    keep_warnings(uow, findings, meeting, action="case.added", case=case)
    if meeting.notice_sent_at is not None:
        _notice_changed(
            uow, meeting, change_payload("case_added", case_id=case.id, label=out.label)
        )
    return out


def add_case_in_meeting(ctx: Context, data: AddCaseInMeetingIn) -> CaseOut:
    """M-5: add a case during the meeting unless the chair or a third of the members
    present object. Who is present is read from the attendance (at the current case);
    the objectors are named, and each must be present."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.case.meeting_id, for_update=True)
        if meeting.status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Ei sak kan berre leggjast til i møtet når møtet er i gang."))
        present = present_now(s, meeting)
        objecting = _objectors(s, data.objecting, present)
        try:
            findings = check_case_added_in_meeting(data.chair_objects, len(objecting), len(present))
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        findings = lookup.enforce(findings, meeting.body.kind)
        case_in = data.case.model_copy(update={"added_in_meeting": True})
        out = _add_case(uow, case_in)
        case = lookup.case(s, out.id)
        keep_warnings(uow, findings, meeting, action="case.added_in_meeting", case=case)
        uow.audit(
            "case.added_in_meeting",
            "case",
            case.id,
            {
                "present": len(present),
                "objecting": objecting,
                "chair_objects": data.chair_objects,
            },
        )
        # As open_meeting does for the listed cases: the recommendation is put to the vote.
        ensure_recommendation(s, case)
        return out


def present_now(s: Session, meeting: Meeting) -> dict[int, int]:
    """Who sits in the meeting now (person -> the seat they hold): the attendance at the
    current case, or at the opening if no case is current (A-1)."""
    current = current_case_id(s, meeting.id)
    position = lookup.case(s, current).position if current is not None else 0
    return present_at(attendance_timeline(s, meeting.id), position)


def _objectors(s: Session, named: list[int], present: dict[int, int]) -> list[int]:
    """M-5: the objectors are members present, each named once (refused otherwise, and
    the refusal names who)."""
    twice = sorted({p for p in named if named.count(p) > 1})
    if twice:
        raise InvalidInput(
            _("Same person er nemnd fleire gonger blant dei som set seg imot: {names}.").format(
                names=_names_of(s, twice)
            )
        )
    absent = [p for p in named if p not in present]
    if absent:
        raise InvalidInput(
            _(
                "Berre medlemer som møter, kan setje seg imot at saka vert avgjord. "
                "Møter ikkje no: {names}."
            ).format(names=_names_of(s, absent))
        )
    return list(named)


def _names_of(s: Session, ids: list[int]) -> str:
    found = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
    return ", ".join(found.get(p, _("person {id}").format(id=p)) for p in ids)


def update_case(ctx: Context, data: UpdateCaseIn) -> CaseOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        meeting = case.meeting
        ensure_version(
            s,
            case,
            data.expected_version,
            lambda: case_out(case, meeting.body),
            _("saka {label}").format(label=case_label(case, meeting.body)),
        )
        values = data.model_dump(
            exclude_unset=True, exclude={"case_id", "clear", "expected_version"}
        )
        for name in data.clear:
            if name not in {
                "public_title",
                "closure_basis",
                "closure_note",
                "recommendation",
                "description",
                "preparer_person_id",
                "document_version_id",
            }:
                raise InvalidInput(_("Feltet «{name}» kan ikkje tømmast.").format(name=name))
            values[name] = None
        _validate_case_refs(
            s, meeting, values.get("preparer_person_id"), values.get("document_version_id")
        )
        for name, value in values.items():
            setattr(case, name, value)
        if case.closed and not case.public_title:
            raise InvalidInput(_("Ei lukka sak må ha ein offentleg tittel."))
        if values.get("decision_public") and not case.closed:
            raise InvalidInput(_("Berre ei lukka sak kan merkjast med at vedtaket er offentleg."))
        enforce_and_keep(
            uow,
            check_closure(case.closed, case.closure_basis, meeting.form),
            meeting,
            action="case.updated",
            case=case,
        )
        s.flush()
        out = case_out(case, meeting.body)
        uow.audit("case.updated", "case", case.id, data.model_dump(mode="json"))
        if meeting.notice_sent_at is not None:
            _notice_changed(
                uow,
                meeting,
                change_payload(
                    "case_updated", case_id=case.id, label=out.label, fields=sorted(values)
                ),
            )
        return out


def remove_case(ctx: Context, case_id: int, *, expected_version: int | None = None) -> MeetingOut:
    """Remove a case from the list; `expected_version` is the case's version the user saw
    (a case changed since is refused with ChangedElsewhere, so no one's edit is lost)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, case_id, for_update=True)
        meeting = case.meeting
        label = case_label(case, meeting.body)
        ensure_version(
            s,
            case,
            expected_version,
            lambda: meeting_out(s, meeting),
            _("saka {label}").format(label=label),
        )
        if not lifecycle.before_meeting(meeting.status):
            raise Conflict(_("Saker kan ikkje fjernast etter at møtet har starta."))
        for urgent in s.scalars(
            select(UrgentDecision).where(UrgentDecision.reported_case_id == case.id)
        ):
            urgent.reported_case_id = None
        unlink_case_warnings(s, case, label)  # the warnings stay with the meeting
        s.delete(case)
        s.flush()
        for i, c in enumerate(meeting_cases(s, meeting.id), start=1):
            c.position = i
        uow.audit("case.removed", "case", case_id, {"label": label})
        if meeting.notice_sent_at is not None:
            _notice_changed(uow, meeting, change_payload("case_removed", label=label))
        return meeting_out(s, meeting)


def reorder_cases(ctx: Context, data: ReorderCasesIn) -> MeetingOut:
    """Set the order of the case list. Standing cases keep their places (M-7)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        cases = {c.id: c for c in meeting_cases(s, meeting.id)}
        ensure_versions(
            s,
            list(cases.values()),
            data.expected_versions,
            lambda: meeting_out(s, meeting),
            _("saklista for møtet {date}").format(date=f"{meeting.date:%d.%m.%Y}"),
        )
        if sorted(cases) != sorted(data.case_ids) or len(set(data.case_ids)) != len(cases):
            raise InvalidInput(
                _("Den nye rekkjefølgja må innehalde kvar sak i møtet nøyaktig éin gong.")
            )
        ordered = [cases[i] for i in data.case_ids]
        enforce_and_keep(uow, standing_order_findings(ordered), meeting, action="case.reordered")
        for position, case in enumerate(ordered, start=1):
            case.position = position
        if meeting.notice_sent_at is None:
            _renumber(s, ordered)
        uow.audit("case.reordered", "meeting", meeting.id, {"case_ids": data.case_ids})
        if meeting.notice_sent_at is not None:
            _notice_changed(uow, meeting, change_payload("reordered"))
        return meeting_out(s, meeting)


def _renumber(s: Session, ordered: list[Case]) -> None:
    """Before the notice is sent, numbers follow the order of the list (per kind)."""
    by_kind: dict[CaseKind, list[Case]] = {}
    for case in ordered:
        by_kind.setdefault(case.kind, []).append(case)
    for cases in by_kind.values():
        numbers = sorted(c.number for c in cases)
        for c in cases:  # step aside first: (body, year, kind, number) is unique
            c.number += 1_000_000
        s.flush()
        for c, n in zip(cases, numbers, strict=True):
            c.number = n
    s.flush()


# --- Notice -----------------------------------------------------------------------------


def send_notice(ctx: Context, data: SendNoticeIn) -> MeetingOut:
    """Mark the notice as sent (M-3); later changes to the case list are logged as changes."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if meeting.notice_sent_at is not None:
            raise Conflict(
                _(
                    "Innkallinga vart send {date}. "
                    "Endringar i saklista blir no førte som endringar i innkallinga."
                ).format(date=f"{meeting.notice_sent_at:%d.%m.%Y}")
            )
        if meeting.status is not MeetingStatus.PLANNED:
            raise Conflict(_("Innkalling kan berre sendast for eit planlagt møte."))
        sent_on = data.sent_on or dt.date.today()
        if sent_on > meeting.date:
            raise InvalidInput(_("Innkallinga kan ikkje vere send etter møtedagen."))
        for case in meeting_cases(s, meeting.id):
            enforce_and_keep(
                uow,
                check_closure(case.closed, case.closure_basis, meeting.form),
                meeting,
                action="notice.sent",
                case=case,
            )
        keep_warnings(
            uow,
            apply_body_kind(
                check_notice(sent_on, meeting.date, meeting.body.notice_days), meeting.body.kind
            ),
            meeting,
            action="notice.sent",
        )
        meeting.notice_sent_at = dt.datetime.combine(sent_on, dt.datetime.now().time()).replace(
            microsecond=0
        )
        meeting.status = MeetingStatus.NOTICE_SENT
        uow.audit("notice.sent", "meeting", meeting.id, {"sent_on": sent_on.isoformat()})
        return meeting_out(s, meeting)


def _notice_changed(uow: UnitOfWork, meeting: Meeting, payload: dict[str, Any]) -> None:
    uow.audit(NOTICE_CHANGED, "meeting", meeting.id, payload)


def notice_changes(ctx: Context, meeting_id: int, *, public: bool = False) -> list[NoticeChange]:
    """Changes made to the meeting and its case list after the notice was sent; in a public
    document a case that is or was closed is named by its public title (O-2)."""
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        return [
            NoticeChange(at=c.at, actor=c.actor, description=c.text)
            for c in logged_changes(s, meeting_id, public=public)
        ]


# --- Urgent decisions (M-1) -------------------------------------------------------------


def record_urgent_decision(ctx: Context, data: UrgentDecisionIn) -> UrgentDecisionOut:
    """Hastevedtak (koml. § 11-8): reported as an RS case at the body's next meeting."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        urgent = UrgentDecision(
            body_id=body.id,
            decided_on=data.decided_on,
            decided_by=data.decided_by,
            title=data.title,
            text=data.text,
        )
        s.add(urgent)
        s.flush()
        upcoming = s.scalar(
            select(Meeting)
            .where(
                Meeting.body_id == body.id,
                Meeting.date >= data.decided_on,
                Meeting.status.in_(lifecycle.BEFORE_MEETING),
            )
            .order_by(Meeting.date)
            .limit(1)
        )
        if upcoming is not None:
            case = _report_urgent(s, upcoming, urgent)
            if upcoming.notice_sent_at is not None:
                _notice_changed(
                    uow,
                    upcoming,
                    change_payload(
                        "urgent_reported", case_id=case.id, label=case_label(case, body)
                    ),
                )
        uow.audit("urgent.recorded", "urgent_decision", urgent.id, data.model_dump(mode="json"))
        return UrgentDecisionOut(
            id=urgent.id,
            body_code=body.code,
            decided_on=urgent.decided_on,
            title=urgent.title,
            reported_case_id=urgent.reported_case_id,
        )


def _report_urgent(s: Session, meeting: Meeting, urgent: UrgentDecision) -> Case:
    ref = legal_reference("koml_11_8").short
    case = _insert_case(
        s,
        meeting,
        kind=CaseKind.RS,
        title=f"Melding om hastevedtak ({ref}): {urgent.title}",
        description=(
            f"Vedteke {urgent.decided_on:%d.%m.%Y} av {urgent.decided_by}.\n\n{urgent.text}"
        ),
    )
    urgent.reported_case_id = case.id
    return case


def pending_urgent_decisions(ctx: Context, body_code: str) -> list[UrgentDecisionOut]:
    with ctx.reading() as s:
        body = lookup.body_by_code(s, body_code)
        rows = s.scalars(
            select(UrgentDecision)
            .where(UrgentDecision.body_id == body.id, UrgentDecision.reported_case_id.is_(None))
            .order_by(UrgentDecision.decided_on)
        )
        return [
            UrgentDecisionOut(
                id=u.id,
                body_code=body.code,
                decided_on=u.decided_on,
                title=u.title,
                reported_case_id=None,
            )
            for u in rows
        ]


def person_name(s: Session, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    p = s.get(Person, person_id)
    return p.name if p else None
