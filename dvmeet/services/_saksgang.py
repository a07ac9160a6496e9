"""Saksgang across bodies (issue 19), the part every service package needs: the rows of
the «Saksgang» table for a case's documents, the heading of an innstilling carried from an
earlier body, and the carrying itself.

When the earlier body's decision is recorded or changed (voting), the next handling's
innstilling becomes that decision, with an audit event, as long as the secretary has not
written another innstilling there by hand: the step keeps the text last carried
(`CaseRouteStep.carried_text`); an innstilling that is empty or still that text follows
the decision, any other text is the secretary's and is kept (audited as kept; the
Saksgang dialog shows that the decision differs and offers to use it). Nothing is carried
into a handling whose meeting has started: what the later body voted on stays."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, CaseRouteStep, Decision, OfflineCheckout
from dvmeet.documents.models import SaksgangRow
from dvmeet.domain import lifecycle
from dvmeet.services._notice_log import change_payload
from dvmeet.services._records import NOTICE_CHANGED, case_label
from dvmeet.services.context import UnitOfWork

_STEP_OF = select(CaseRouteStep).where(CaseRouteStep.case_id == bindparam("case_id"))


def step_of(session: Session, case_id: int) -> CaseRouteStep | None:
    """The route step whose handling the case is, if the case is on a route."""
    return session.scalar(_STEP_OF, {"case_id": case_id})


def decision_text(session: Session, case_id: int) -> str | None:
    """The case's decision as recorded (the first, as the minutes print it)."""
    return session.scalar(
        select(Decision.text).where(Decision.case_id == case_id).order_by(Decision.id)
    )


def neighbours(step: CaseRouteStep) -> tuple[CaseRouteStep | None, CaseRouteStep | None]:
    """The steps before and after `step` on its route."""
    steps = step.route.steps
    i = steps.index(step)
    return (steps[i - 1] if i > 0 else None, steps[i + 1] if i + 1 < len(steps) else None)


def _routed(session: Session, meeting_id: int) -> set[int]:
    """The cases of the meeting that are on a route, asked once per session: documents
    ask for every case, and most cases are on none (issue 21: no query a case)."""
    known: dict[int, set[int]] = session.info.setdefault("dv_saksgang_routed", {})
    if meeting_id not in known:
        known[meeting_id] = set(
            session.scalars(
                select(CaseRouteStep.case_id)
                .join(Case, Case.id == CaseRouteStep.case_id)
                .where(Case.meeting_id == meeting_id)
            )
        )
    return known[meeting_id]


def saksgang_rows(session: Session, case: Case) -> list[SaksgangRow]:
    """The «Saksgang» table of the case's documents: every handling of its matter in
    order (none for a case on no route, or a route of one body)."""
    if case.id not in _routed(session, case.meeting_id):
        return []
    step = step_of(session, case.id)
    if step is None or len(step.route.steps) < 2:
        return []
    rows = []
    for s in step.route.steps:
        handling = s.case
        rows.append(
            SaksgangRow(
                body_name=s.body.name,
                meeting_date=handling.meeting.date if handling is not None else None,
                label=case_label(handling, s.body) if handling is not None else None,
            )
        )
    return rows


def recommendation_heading(session: Session, case: Case) -> str | None:
    """«Innstilling frå <body>» when the case's innstilling is the earlier body's decision
    as carried (None: the case's own framlegg til vedtak)."""
    if case.id not in _routed(session, case.meeting_id):
        return None
    step = step_of(session, case.id)
    if step is None or step.carried_text is None:
        return None
    before, _after = neighbours(step)
    if before is None or case.recommendation != step.carried_text:
        return None
    return f"Innstilling frå {before.body.name}"


def carry_decision(uow: UnitOfWork, case: Case) -> None:
    """After the case's decision was recorded or changed: carry it into the next
    handling's innstilling (see the module's docstring)."""
    s = uow.session
    step = step_of(s, case.id)
    if step is None:
        return
    _before, after = neighbours(step)
    if after is None or after.case is None:
        return
    text = decision_text(s, case.id)
    if text is None:
        return
    carry_into(uow, after, text, from_case=case)


def carry_into(
    uow: UnitOfWork, step: CaseRouteStep, text: str, *, from_case: Case, by_hand: bool = False
) -> bool:
    """Make `text` (the earlier handling's decision) the innstilling of the step's handling
    unless it was written by hand there (`by_hand`: the secretary chose to, overriding).
    True when the innstilling is now the decision."""
    s = uow.session
    target = step.case
    assert target is not None
    meeting = target.meeting
    if target.recommendation == text:
        step.carried_text = text
        return True
    facts = {
        "from_case_id": from_case.id,
        "from_label": case_label(from_case, from_case.meeting.body),
        "label": case_label(target, meeting.body),
    }
    if not lifecycle.before_meeting(meeting.status):
        uow.audit("saksgang.not_carried", "case", target.id, {**facts, "reason": "started"})
        return False
    if _out_on_file(s, meeting.id):  # carried when the meeting file comes back (issue 18)
        uow.audit("saksgang.not_carried", "case", target.id, {**facts, "reason": "offline"})
        return False
    edited = target.recommendation not in (None, "", step.carried_text)
    if edited and not by_hand:
        uow.audit("saksgang.innstilling_kept", "case", target.id, {**facts, "decision": text})
        return False
    target.recommendation = text
    step.carried_text = text
    s.flush()
    uow.audit(
        "saksgang.innstilling_carried",
        "case",
        target.id,
        {**facts, "text": text, "replaced_by_hand": edited},
    )
    if meeting.notice_sent_at is not None:
        uow.audit(
            NOTICE_CHANGED,
            "meeting",
            meeting.id,
            change_payload(
                "case_updated", case_id=target.id, label=facts["label"], fields=["recommendation"]
            ),
        )
    return True


def meeting_saksgang(
    session: Session, meeting_id: int
) -> dict[int, tuple[list[SaksgangRow], str | None]]:
    """For each case of the meeting on a route: its «Saksgang» rows and the heading of an
    innstilling carried from the earlier body (for the notice)."""
    cases = session.scalars(
        select(Case)
        .join(CaseRouteStep, CaseRouteStep.case_id == Case.id)
        .where(Case.meeting_id == meeting_id)
    )
    return {c.id: (saksgang_rows(session, c), recommendation_heading(session, c)) for c in cases}


def _out_on_file(session: Session, meeting_id: int) -> bool:
    """The meeting is out on a meeting file: its rows are refused at home (0023)."""
    return (
        session.scalar(
            select(OfflineCheckout.id).where(
                OfflineCheckout.meeting_id == meeting_id, OfflineCheckout.state == "out"
            )
        )
        is not None
    )


def carry_meeting_decisions(uow: UnitOfWork, meeting_id: int) -> None:
    """For a meeting file brought back (issue 18): the decisions of the meeting's cases on
    a route go on to the next handlings (they came in without the voting services), and
    decisions made at home meanwhile come into the meeting's handlings."""
    s = uow.session
    s.expire_all()  # the rows were written beside the ORM
    cases = s.scalars(
        select(Case)
        .join(CaseRouteStep, CaseRouteStep.case_id == Case.id)
        .where(Case.meeting_id == meeting_id)
        .order_by(Case.position)
    ).all()
    for case in cases:
        carry_decision(uow, case)
        step = step_of(s, case.id)
        before = neighbours(step)[0] if step is not None else None
        if step is not None and before is not None and before.case is not None:
            text = decision_text(s, before.case.id)
            if text is not None:
                carry_into(uow, step, text, from_case=before.case)
