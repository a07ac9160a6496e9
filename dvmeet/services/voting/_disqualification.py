"""Disqualification in a case (H-1 to H-3; fvl. §§ 6 and 8, koml. § 11-10).

A question is proposed (open), then decided by the body without the member concerned,
by a vote or without one; while it is open the member does not vote in the case. The
body must be quorate on the question, counted from the database: those present less every
member concerned in the case, with the deputies called in for them (fvl. § 8 (2)); where
several members are concerned and that is not quorate, all the members take part. A
question the body cannot decide stays open. The deputy of a member found ugild sits for
them in the case (R-1).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Disqualification, Person
from dvmeet.domain.deputies import DeputyRef, check_deputy
from dvmeet.domain.disqualification import (
    check_disqualification,
    concerned_may_not_decide,
    not_quorate_on_question,
)
from dvmeet.domain.enums import Role, VoteKind, VoteOutcome
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._disqualification_reads import (
    CaseQuestions,
    case_questions,
    disqualification_out,
    meeting_disqualifications,
)
from dvmeet.services._kept_warnings import enforce_and_keep
from dvmeet.services._records import CaseVoters, case_voters
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.voting._voting import _running_case, _store_ordinary_vote
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DisqualificationDeputyIn,
    DisqualificationIn,
    DisqualificationOut,
)


def propose_disqualification(ctx: Context, data: DisqualificationIn) -> DisqualificationOut:
    """H-1: a member's disqualification is raised; the question is open until decided."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _running_case(uow, data.case_id)
        enforce_and_keep(
            uow,
            check_disqualification(
                VoteKind.ELECTION if case.is_election else VoteKind.ORDINARY,
                data.ground,
                member_votes_on_own=False,
            ),
            case.meeting,
            action="disqualification.proposed",
            case=case,
        )
        if s.scalar(
            select(func.count(Disqualification.id)).where(
                Disqualification.case_id == case.id, Disqualification.person_id == data.person_id
            )
        ):
            raise Conflict(_("Ugildskapen til denne personen i saka er alt registrert."))
        if data.person_id not in case_voters(s, case).voters:
            raise InvalidInput(_("Berre ein som møter i saka, kan vere ugild i henne."))
        d = Disqualification(
            meeting_id=case.meeting_id,
            case_id=case.id,
            person_id=data.person_id,
            ground=data.ground,
            explanation=data.explanation,
            decided=None,
        )
        s.add(d)
        s.flush()
        uow.audit(
            "disqualification.proposed", "disqualification", d.id, data.model_dump(mode="json")
        )
        return disqualification_out(s, d)


def call_disqualification_deputy(
    ctx: Context, data: DisqualificationDeputyIn
) -> DisqualificationOut:
    """R-1 and fvl. § 8 (2): the member's deputy is called in, takes part in deciding the
    question and, once the member is found ugild, votes in the case in their seat."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        d = _question(s, data.disqualification_id)
        case = _running_case(uow, d.case_id)
        _call_in(uow, case, d, data.deputy_person_id)
        return disqualification_out(s, d)


def decide_disqualification(ctx: Context, data: DecideDisqualificationIn) -> DisqualificationOut:
    """H-1: the body decides without the member (fvl. § 8 (2)), by a vote or without one.

    Refused, leaving the question open and the database as it was, when the body is not
    quorate on the question (an administrative body is warned instead, and the warning
    kept with the case)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        d = _question(s, data.disqualification_id)
        case = _running_case(uow, d.case_id)
        if d.decided is not None:
            raise Conflict(_("Organet har alt avgjort ugildskapen."))
        if data.deputy_person_id is not None and data.deputy_person_id != d.deputy_person_id:
            _call_in(uow, case, d, data.deputy_person_id)
        cq = case_questions(s, case)
        panel = cq.panel(d)
        findings = []
        if not panel.quorate:
            findings.append(not_quorate_on_question(d.person.name, panel.quorum))
        voters = set(data.ballots) | set(data.dissenters)
        if d.person_id in voters and d.person_id not in panel.participants:
            findings += check_disqualification(
                VoteKind.ORDINARY, d.ground, member_votes_on_own=True
            )
        for q in cq.questions:
            if q.id != d.id and q.person_id in voters and q.person_id not in panel.participants:
                findings.append(concerned_may_not_decide(q.person.name))
        enforce_and_keep(uow, findings, case.meeting, action="disqualification.decided", case=case)
        full = case_voters(s, case)
        chair = full.chair_person_id if full.chair_person_id in panel.participants else None
        vote_id = None
        if data.method is None:
            decided = data.finding
        else:
            cv = CaseVoters(
                cq.seats, dict(panel.participants), _weights(cq, panel.participants), chair
            )
            vote = _store_ordinary_vote(
                uow, case, cv, data, None, None, VoteKind.DISQUALIFICATION, disqualification=d
            )[1]
            vote_id = vote.id
            if vote.outcome is VoteOutcome.NOT_QUORATE:
                # Only an administrative body gets here (warned above): the vote took place
                # but decided nothing, so the question stays open.
                uow.audit(
                    "disqualification.not_decided",
                    "disqualification",
                    d.id,
                    {"vote_id": vote.id, "quorum": panel.quorum.text},
                )
                return disqualification_out(s, d)
            decided = vote.outcome is VoteOutcome.ADOPTED
        d.decided = decided
        d.participants = len(panel.participants)
        d.all_took_part = panel.all_take_part
        s.flush()
        uow.audit(
            "disqualification.decided",
            "disqualification",
            d.id,
            {
                "decided": decided,
                "method": data.method.value if data.method is not None else None,
                "vote_id": vote_id,
                "deputy": d.deputy_person_id,
                "participants": sorted(panel.participants),
                "all_took_part": panel.all_take_part,
            },
        )
        return disqualification_out(s, d)


def disqualifications(ctx: Context, meeting_id: int) -> list[DisqualificationOut]:
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        return meeting_disqualifications(s, meeting_id)


# --- helpers ----------------------------------------------------------------------------


def _question(s: Session, disqualification_id: int) -> Disqualification:
    return lookup.get_or_raise(s, Disqualification, disqualification_id, _("ugildskapen"))


def _call_in(uow: UnitOfWork, case: Case, d: Disqualification, deputy_id: int) -> None:
    """The R-1 checks of a deputy's call-in (as attendance.call_deputy does for an absent
    member): a deputy of the body, of the seat's municipality, first available in rank."""
    s = uow.session
    if d.decided is False:
        raise InvalidInput(
            _("{name} vart ikkje funnen ugild; varamedlem skal ikkje inn.").format(
                name=d.person.name
            )
        )
    if d.deputy_person_id is not None:
        raise Conflict(
            _("{deputy} er alt kalla inn for {name} i saka.").format(
                deputy=s.get_one(Person, d.deputy_person_id).name, name=d.person.name
            )
        )
    cq = case_questions(s, case)
    by_person = {m.person_id: m for m in cq.memberships}
    member = by_person.get(cq.seat_of(d.person_id))
    deputy = by_person.get(deputy_id)
    if member is None or deputy is None or deputy.role is not Role.VARAMEDLEM:
        raise InvalidInput(_("Den som skal tre inn, må vere varamedlem i organet."))
    if deputy_id in cq.busy():
        raise Conflict(
            _("{name} møter alt i saka, har forfall eller er kalla inn for ein annan.").format(
                name=deputy.person.name
            )
        )
    this = DeputyRef(deputy.person_id, deputy.municipality_id, deputy.deputy_rank or 0)
    enforce_and_keep(
        uow,
        check_deputy(member.municipality_id, this, cq.deputy_refs()),
        case.meeting,
        action="disqualification.deputy",
        case=case,
    )
    d.deputy_person_id = deputy_id
    s.flush()
    uow.audit(
        "disqualification.deputy_called",
        "disqualification",
        d.id,
        {"deputy": deputy_id, "for": d.person_id, "case_id": case.id},
    )


def _weights(cq: CaseQuestions, participants: Mapping[int, int]) -> dict[int, int]:
    """Q-7: a participant's ballot weighs what the seat weighs (1 unless weighted)."""
    if not cq.case.meeting.body.weighted_votes:
        return dict.fromkeys(participants, 1)
    weight = {m.person_id: m.vote_weight for m in cq.memberships}
    return {p: weight.get(seat, 1) for p, seat in participants.items()}
