"""Saksgang across bodies (issue 19): a matter planned once with its route, the bodies in
order (for example the kommunedirektørmøte gives its tilråding, then the representantskap
decides). Each step, once planned into a meeting of its body, is an ordinary case of that
meeting (its handling) with a number in the body's series (M-8, `_insert_case`); the
route itself is planning data (`CaseRoute`, outside the freeze).

The earlier body's decision becomes the next handling's innstilling: when the decision
is recorded (services/_saksgang.carry_decision, called by voting), when the next handling
is planned after it, or when the route brings two handlings next to each other. An
innstilling the secretary wrote by hand is kept; `carry_innstilling` uses the decision
over it when the secretary asks."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import (
    Body,
    Case,
    CaseAttachment,
    CasePaper,
    CaseRoute,
    CaseRouteStep,
    Meeting,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.closure import check_closure
from dvmeet.domain.enums import CaseKind
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_absent_or_version, ensure_version
from dvmeet.services._kept_warnings import keep_warnings
from dvmeet.services._notice_log import change_payload
from dvmeet.services._records import case_label, case_out
from dvmeet.services._saksgang import carry_into, decision_text, neighbours, step_of
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.meetings._planning import _insert_case, _notice_changed
from dvmeet.services.meetings.models import (
    CarryInnstillingIn,
    ChoiceOut,
    PlanHandlingIn,
    SaksgangBodyOut,
    SaksgangIn,
    SaksgangOut,
    SaksgangStepOut,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _what(case: Case) -> str:
    return _("saksgangen til sak {label}").format(label=case_label(case, case.meeting.body))


def _meeting_word(meeting: Meeting) -> str:
    words = [f"{meeting.date:%d.%m.%Y}", meeting.title or meeting.body.name]
    return " – ".join(words) + (f" ({meeting.place})" if meeting.place else "")


def _step_out(
    s: Session, step: CaseRouteStep, before: CaseRouteStep | None, case: Case
) -> SaksgangStepOut:
    handling = step.case
    earlier = decision_text(s, before.case.id) if before and before.case else None
    recommendation = handling.recommendation if handling else None
    return SaksgangStepOut(
        id=step.id,
        position=step.position,
        body_code=step.body.code,
        body_name=step.body.name,
        case_id=handling.id if handling else None,
        case_version=handling.version if handling else None,
        label=case_label(handling, step.body) if handling else None,
        meeting_id=handling.meeting_id if handling else None,
        meeting_date=handling.meeting.date if handling else None,
        this_case=handling is not None and handling.id == case.id,
        locked=handling is not None and not lifecycle.before_meeting(handling.meeting.status),
        recommendation=recommendation,
        decision=decision_text(s, handling.id) if handling else None,
        carried=recommendation is not None and recommendation == step.carried_text,
        decision_differs=handling is not None and earlier is not None and recommendation != earlier,
    )


def _next_step(steps: list[CaseRouteStep]) -> CaseRouteStep | None:
    """The first step without a handling after the last planned one."""
    last = max((i for i, st in enumerate(steps) if st.case is not None), default=-1)
    return steps[last + 1] if last + 1 < len(steps) else None


def _window(
    steps: list[CaseRouteStep], step: CaseRouteStep
) -> tuple[dt.date | None, dt.date | None]:
    """The dates a handling of `step` must lie between: the handlings before and after."""
    i = steps.index(step)
    before = [st.case.meeting.date for st in steps[:i] if st.case is not None]
    after = [st.case.meeting.date for st in steps[i + 1 :] if st.case is not None]
    return (max(before) if before else None, min(after) if after else None)


def _open_meetings(s: Session, steps: list[CaseRouteStep], step: CaseRouteStep) -> list[Meeting]:
    """The meetings of the step's body that are not yet held, within its window."""
    low, high = _window(steps, step)
    query = select(Meeting).where(
        Meeting.body_id == step.body_id, Meeting.status.in_(lifecycle.BEFORE_MEETING)
    )
    if low is not None:
        query = query.where(Meeting.date >= low)
    if high is not None:
        query = query.where(Meeting.date <= high)
    return list(s.scalars(query.order_by(Meeting.date, Meeting.id)))


def _out(s: Session, case: Case) -> SaksgangOut:
    step = step_of(s, case.id)
    steps = list(step.route.steps) if step is not None else []
    bodies = s.scalars(select(Body).where(Body.retired_on.is_(None)).order_by(Body.name))
    nxt = _next_step(steps) if steps else None
    return SaksgangOut(
        case_id=case.id,
        label=case_label(case, case.meeting.body),
        title=case.title,
        body_code=case.meeting.body.code,
        body_name=case.meeting.body.name,
        meeting_date=case.meeting.date,
        route_id=step.route_id if step is not None else None,
        version=step.route.version if step is not None else 0,
        steps=[_step_out(s, st, steps[i - 1] if i else None, case) for i, st in enumerate(steps)],
        bodies=[SaksgangBodyOut(code=b.code, name=b.name) for b in bodies],
        next_step_id=nxt.id if nxt is not None else None,
        next_meetings=[
            ChoiceOut(id=m.id, label=_meeting_word(m)) for m in _open_meetings(s, steps, nxt)
        ]
        if nxt is not None
        else [],
    )


def saksgang(ctx: Context, case_id: int) -> SaksgangOut:
    """The case's saksgang as the dialog shows it, in one read."""
    with ctx.reading() as s:
        return _out(s, lookup.case(s, case_id))


def _locked_case(s: Session, case_id: int) -> Case:
    """The case the dialog was opened from, its row locked so that two first saves of a
    route wait for each other. Not refused when its meeting is approved: the route is
    planning data, and the matter goes on to the next body after that meeting."""
    case = lookup.case(s, case_id)
    s.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    return case


def _locked_route(s: Session, case: Case, expected: int | None) -> CaseRoute | None:
    step = step_of(s, case.id)
    route = step.route if step is not None else None
    ensure_absent_or_version(s, route, expected, lambda: _out(s, case), _what(case))
    return route


def _carry_along(uow: UnitOfWork, route: CaseRoute) -> None:
    """Each handling whose step before has a decided handling gets that decision as its
    innstilling (unless written by hand)."""
    steps = list(route.steps)
    for before, step in itertools.pairwise(steps):
        if step.case is None or before.case is None:
            continue
        text = decision_text(uow.session, before.case.id)
        if text is not None:
            carry_into(uow, step, text, from_case=before.case)


def set_saksgang(ctx: Context, data: SaksgangIn) -> SaksgangOut:
    """Set the route of the matter the case is a handling of: the bodies in order, each
    step with a handling kept by its case. The case itself stays on it; a handling whose
    meeting has started cannot leave it; the handlings follow their meetings' dates."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _locked_case(s, data.case_id)
        route = _locked_route(s, case, data.expected_version)
        wanted = [g.case_id for g in data.steps if g.case_id is not None]
        if case.id not in wanted:
            raise InvalidInput(_("Saka sjølv må vere med i saksgangen."))
        if len(set(wanted)) != len(wanted):
            raise InvalidInput(_("Ei sak kan berre vere med éin gong i saksgangen."))
        bodies: list[Body] = []
        handlings: list[Case | None] = []
        for given in data.steps:
            body = lookup.ref_body(s, given.body_code)
            handling = lookup.case(s, given.case_id) if given.case_id is not None else None
            if handling is None and body.retired_on is not None:
                raise InvalidInput(
                    _("Organet {body} er lagt ned og kan ikkje få saka.").format(body=body.name)
                )
            if handling is not None:
                label = case_label(handling, handling.meeting.body)
                if handling.body_id != body.id:
                    raise InvalidInput(
                        _("Sak {label} høyrer til {body}.").format(
                            label=label, body=handling.meeting.body.name
                        )
                    )
                other = step_of(s, handling.id)
                if other is not None and (route is None or other.route_id != route.id):
                    raise InvalidInput(
                        _("Sak {label} er alt med i ein annan saksgang.").format(label=label)
                    )
            bodies.append(body)
            handlings.append(handling)
        kept = {st.case_id: st for st in (route.steps if route else []) if st.case_id}
        for case_id, st in kept.items():
            if case_id not in wanted and st.case is not None:
                meeting = st.case.meeting
                if not lifecycle.before_meeting(meeting.status):
                    raise Conflict(
                        _(
                            "Sak {label} kan ikkje takast ut av saksgangen: møtet {date} "
                            "har starta."
                        ).format(
                            label=case_label(st.case, meeting.body),
                            date=f"{meeting.date:%d.%m.%Y}",
                        )
                    )
        dates = [h.meeting.date for h in handlings if h is not None]
        if dates != sorted(dates):
            raise InvalidInput(
                _("Handsamingane må stå i same rekkjefølgje som møta dei er sette opp i.")
            )
        if route is None:
            route = CaseRoute()
            s.add(route)
        for st in list(route.steps):
            if st.case_id not in wanted:
                route.steps.remove(st)
        s.flush()
        for position, (body, handling) in enumerate(zip(bodies, handlings, strict=True), 1):
            if handling is not None and handling.id in kept:
                kept[handling.id].position = position
            else:
                route.steps.append(
                    CaseRouteStep(
                        position=position,
                        body_id=body.id,
                        case_id=handling.id if handling else None,
                    )
                )
        route.updated_at = _now()  # a new version, also when the order is the same
        s.flush()
        s.expire(route, ["steps"])
        uow.audit(
            "saksgang.set",
            "case_route",
            route.id,
            {
                "case_id": case.id,
                "steps": [{"body": g.body_code, "case_id": g.case_id} for g in data.steps],
            },
        )
        _carry_along(uow, route)
        return _out(s, case)


def _copy_papers(s: Session, source: Case, target: Case) -> None:
    """The handling gets the earlier handling's saksframlegg and attachments: the same
    papers go to every body on the route, each case keeping its own copy."""
    paper = s.scalar(select(CasePaper).where(CasePaper.case_id == source.id))
    if paper is not None:
        s.add(
            CasePaper(
                case_id=target.id,
                background=paper.background,
                assessment=paper.assessment,
                economy=paper.economy,
            )
        )
    for row in s.scalars(
        select(CaseAttachment)
        .where(CaseAttachment.case_id == source.id)
        .order_by(CaseAttachment.position)
    ):
        s.add(
            CaseAttachment(
                case_id=target.id,
                title=row.title,
                filename=row.filename,
                content=bytes(row.content),
                sha256=row.sha256,
                size=row.size,
                closed=row.closed,
                position=row.position,
            )
        )
    s.flush()


def plan_handling(ctx: Context, data: PlanHandlingIn) -> SaksgangOut:
    """Plan the step's handling into a meeting of its body: a decision case (PS) there with
    the next number of the body's series, the matter's title, closure and papers, and as
    innstilling the earlier handling's decision when there is one."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _locked_case(s, data.case_id)
        route = _locked_route(s, case, data.expected_version)
        step = next((st for st in route.steps if st.id == data.step_id), None) if route else None
        if route is None or step is None:
            raise InvalidInput(_("Steget finst ikkje i saksgangen til saka."))
        if step.case is not None:
            raise Conflict(
                _("{body} har alt saka som sak {label}.").format(
                    body=step.body.name, label=case_label(step.case, step.body)
                )
            )
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if meeting.body_id != step.body_id:
            raise InvalidInput(
                _("Møtet er eit møte i {other}, ikkje i {body}.").format(
                    other=meeting.body.name, body=step.body.name
                )
            )
        if not lifecycle.before_meeting(meeting.status):
            raise Conflict(_("Møtet har starta; saka kan ikkje setjast opp i det."))
        low, high = _window(list(route.steps), step)
        if (low is not None and meeting.date < low) or (high is not None and meeting.date > high):
            raise InvalidInput(
                _("Møtet {date} ligg ikkje mellom handsamingane før og etter i saksgangen.").format(
                    date=f"{meeting.date:%d.%m.%Y}"
                )
            )
        findings = lookup.enforce(
            check_closure(case.closed, case.closure_basis, meeting.form), meeting.body.kind
        )
        handling = _insert_case(
            s,
            meeting,
            kind=CaseKind.PS,
            title=case.title,
            public_title=case.public_title,
            closed=case.closed,
            closure_basis=case.closure_basis,
            closure_note=case.closure_note,
            description=case.description,
            preparer_person_id=case.preparer_person_id,
        )
        step.case_id = handling.id
        s.flush()
        s.expire(step, ["case"])
        before, _after = neighbours(step)
        if before is not None and before.case is not None:
            _copy_papers(s, before.case, handling)
        out = case_out(handling, meeting.body)
        uow.audit(
            "case.added",
            "case",
            handling.id,
            {"label": out.label, "meeting_id": meeting.id, "saksgang_route_id": route.id},
        )
        keep_warnings(uow, findings, meeting, action="case.added", case=handling)
        if meeting.notice_sent_at is not None:
            _notice_changed(
                uow, meeting, change_payload("case_added", case_id=handling.id, label=out.label)
            )
        route.updated_at = _now()
        s.flush()
        uow.audit(
            "saksgang.planned",
            "case_route",
            route.id,
            {"step_id": step.id, "case_id": handling.id, "label": out.label},
        )
        _carry_along(uow, route)
        return _out(s, case)


def carry_innstilling(ctx: Context, data: CarryInnstillingIn) -> SaksgangOut:
    """Use the earlier handling's decision as this handling's innstilling, over a text
    written by hand (the secretary's choice in the Saksgang dialog)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        ensure_version(
            s,
            case,
            data.expected_version,
            lambda: _out(s, case),
            _("innstillinga i sak {label}").format(label=case_label(case, case.meeting.body)),
        )
        step = step_of(s, case.id)
        before = neighbours(step)[0] if step is not None else None
        text = decision_text(s, before.case.id) if before and before.case else None
        if step is None or before is None or before.case is None or text is None:
            raise InvalidInput(_("Det er ikkje gjort vedtak i handsaminga før denne."))
        if not carry_into(uow, step, text, from_case=before.case, by_hand=True):
            raise Conflict(_("Møtet har starta; innstillinga kan ikkje endrast."))
        return _out(s, case)
