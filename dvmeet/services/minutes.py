"""The minutes: a draft always derived from the data; approval freezes the meeting (B-1..B-4)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.audit import append_event
from dvmeet.db.models import (
    AttendanceEvent,
    Case,
    Cooperation,
    Correction,
    Decision,
    Disqualification,
    DocumentVersion,
    Meeting,
    Membership,
    Minutes,
    MinutesSignatory,
    Person,
    Proposal,
    Vote,
)
from dvmeet.domain.attendance import present_at
from dvmeet.domain.enums import (
    ApprovalMethod,
    AttendanceKind,
    MeetingStatus,
    MinutesStatus,
    ProposalKind,
    Role,
    VoteKind,
    VoteOutcome,
)
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import quorum_status
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.services import lookup
from dvmeet.services.attendance import _timeline, seat_memberships
from dvmeet.services.context import Context
from dvmeet.services.meetings import NOTICE_CHANGED, case_label
from dvmeet.services.minutes_models import (
    ApprovalLine,
    ApproveMinutesIn,
    CaseMinutes,
    ClosedLine,
    CorrectionIn,
    CorrectionOut,
    DeputyLine,
    DisqualificationLine,
    MinutesDraft,
    MovementLine,
    PersonLine,
    ProposalLine,
    RemarksIn,
    VoteLine,
)

PROPOSAL_WORDS = {
    ProposalKind.RECOMMENDATION: "Innstilling",
    ProposalKind.ALTERNATIVE: "Alternativt framlegg",
    ProposalKind.ADDITION: "Tilleggsframlegg",
    ProposalKind.POSTPONEMENT: "Utsetjingsframlegg",
    ProposalKind.CANDIDATE: "Kandidat",
}
ROLE_WORDS = {Role.LEIAR: "leiar", Role.NESTLEIAR: "nestleiar"}


def minutes_draft(ctx: Context, meeting_id: int, *, public: bool = False) -> MinutesDraft:
    """The møtebok as data. The public version is built from public fields only (B-4, O-2)."""
    with ctx.reading() as s:
        return build_minutes(s, lookup.meeting(s, meeting_id), public=public)


def build_minutes(s: Session, meeting: Meeting, *, public: bool) -> MinutesDraft:
    body = meeting.body
    memberships = seat_memberships(s, meeting)
    by_person = {m.person_id: m for m in memberships}
    persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(list(by_person))))}
    cases = list(meeting.cases)
    labels = {c.id: case_label(c, body) for c in cases}
    timeline = _timeline(s, meeting.id)
    events = list(
        s.scalars(
            select(AttendanceEvent)
            .where(AttendanceEvent.meeting_id == meeting.id)
            .order_by(AttendanceEvent.sequence)
        )
    )
    ever_present: dict[int, int] = {}
    for c in cases or []:
        ever_present.update(present_at(timeline, c.position))
    ever_present.update(present_at(timeline, 0))

    def muni(pid: int) -> str:
        m = by_person.get(pid)
        return m.municipality.name if m else ""

    def name(pid: int | None) -> str:
        if pid is None:
            return ""
        p = persons.get(pid) or s.get(Person, pid)
        return p.name if p else ""

    present = [
        PersonLine(name=name(p), municipality=muni(p), role=ROLE_WORDS.get(by_person[p].role))
        for p, seat in ever_present.items()
        if seat == p and p in by_person and by_person[p].role is not Role.VARAMEDLEM
    ]
    deputies = [
        DeputyLine(name=name(p), for_name=name(seat), municipality=muni(p))
        for p, seat in ever_present.items()
        if seat != p
    ]
    members = [m for m in memberships if m.role is not Role.VARAMEDLEM]
    absent = [
        PersonLine(name=m.person.name, municipality=m.municipality.name)
        for m in members
        if m.person_id not in ever_present
    ]
    movements = [
        MovementLine(
            name=name(e.person_id),
            kind="kom" if e.kind is AttendanceKind.ARRIVED else "gjekk",
            at_time=e.at_time,
            case_label=labels.get(e.case_id) if e.case_id else None,
        )
        for e in events
        if e.kind in (AttendanceKind.ARRIVED, AttendanceKind.LEFT)
    ]
    disq = list(
        s.scalars(
            select(Disqualification)
            .where(Disqualification.meeting_id == meeting.id, Disqualification.decided.is_(True))
            .order_by(Disqualification.id)
        )
    )
    disq_lines = [
        DisqualificationLine(
            name=name(d.person_id),
            case_label=labels[d.case_id],
            legal_basis=legal_reference(d.ground).short,
            deputy_name=name(d.deputy_person_id) or None,
        )
        for d in disq
    ]
    closed_parts = [
        ClosedLine(case_label=labels[c.id], legal_basis=_closure_text(c)) for c in cases if c.closed
    ]
    remarks = [meeting.notice_remarks] if meeting.notice_remarks else []
    import json

    from dvmeet.db.models import AuditEvent

    for e in s.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == NOTICE_CHANGED,
            AuditEvent.entity == "meeting",
            AuditEvent.entity_id == meeting.id,
        )
        .order_by(AuditEvent.id)
    ):
        remarks.append(f"Endring etter utsending: {json.loads(e.payload)['description']}")
    minutes = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    coop = s.scalar(select(Cooperation).limit(1))
    case_lines = [_case_minutes(s, c, labels[c.id], name, public) for c in cases]
    chair = _meeting_chair(memberships, ever_present)
    return MinutesDraft(
        public=public,
        status=minutes.status if minutes else MinutesStatus.DRAFT,
        cooperation=coop.name if coop else "",
        body_code=body.code,
        body_name=body.name,
        meeting_id=meeting.id,
        meeting_kind=meeting.kind,
        meeting_title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        place=meeting.place,
        form=meeting.form,
        chair=name(chair) or None,
        present=sorted(present, key=lambda p: (p.municipality, p.name)),
        absent=sorted(absent, key=lambda p: (p.municipality, p.name)),
        deputies=sorted(deputies, key=lambda p: (p.municipality, p.name)),
        disqualifications=disq_lines,
        movements=movements,
        secretariat=meeting.secretariat,
        closed_parts=closed_parts,
        notice_remarks=remarks,
        cases=case_lines,
        remarks=minutes.remarks if minutes else None,
        approval=_approval(s, minutes, name) if minutes else None,
    )


def _meeting_chair(memberships: list[Membership], present: dict[int, int]) -> int | None:
    for role in (Role.LEIAR, Role.NESTLEIAR):
        for m in memberships:
            if m.role is role and m.person_id in present:
                return m.person_id
    return None


def _closure_text(case: Case) -> str:
    if case.closure_basis is None:
        return "heimel manglar"
    text = legal_reference(case.closure_basis).short
    return f"{text} jf. {case.closure_note}" if case.closure_note else text


def _case_minutes(s: Session, case: Case, label: str, name: object, public: bool) -> CaseMinutes:
    assert callable(name)
    withheld = public and case.closed
    title = case.public_title if withheld and case.public_title else case.title
    decision = s.scalar(select(Decision).where(Decision.case_id == case.id))
    adopted_document = None
    if decision is not None and decision.adopted_version_id is not None and not withheld:
        v = s.get_one(DocumentVersion, decision.adopted_version_id)
        adopted_document = (
            f"{v.document.title}, versjon {v.version_no} (SHA-256 {v.content_hash[:16]}…)"
        )
    heading = f"Sak {case.number:03d}/{case.year % 100:02d}"
    if withheld:
        return CaseMinutes(
            label=label,
            heading=heading,
            title=title,
            closed=True,
            closure_reference=_closure_text(case),
            withheld=True,
            recommendation=None,
            handling=None,
            proposals=[],
            votes=[],
            decision=None,
            decision_unanimous=False,
            chair_name=None,
            adopted_document=None,
        )
    proposals = list(
        s.scalars(select(Proposal).where(Proposal.case_id == case.id).order_by(Proposal.position))
    )
    proposal_lines = [
        ProposalLine(
            kind=PROPOSAL_WORDS[p.kind],
            text=name(p.candidate_person_id)
            if p.kind is ProposalKind.CANDIDATE and p.candidate_person_id
            else p.text,
            proposer=_proposer(p),
        )
        for p in proposals
        if p.kind is not ProposalKind.RECOMMENDATION
    ]
    votes = list(s.scalars(select(Vote).where(Vote.case_id == case.id).order_by(Vote.id)))
    by_id = {p.id: p for p in proposals}
    return CaseMinutes(
        label=label,
        heading=heading,
        title=title,
        closed=case.closed,
        closure_reference=_closure_text(case) if case.closed else None,
        withheld=False,
        recommendation=case.recommendation,
        handling=case.handling,
        proposals=proposal_lines,
        votes=[_vote_line(v, by_id, name) for v in votes],
        decision=decision.text if decision else None,
        decision_unanimous=bool(decision and decision.unanimous),
        chair_name=name(case.chair_person_id) or None,
        adopted_document=adopted_document,
    )


def _proposer(p: Proposal) -> str | None:
    if p.proposer is None:
        return None
    muni = p.proposer.municipality.name if p.proposer.municipality else None
    return f"{p.proposer.name}, {muni}" if muni else p.proposer.name


def _subject(vote: Vote, by_id: dict[int, Proposal]) -> str:
    if vote.kind is VoteKind.DISQUALIFICATION:
        return "Framlegget om ugildskap"
    p = by_id.get(vote.proposal_id) if vote.proposal_id else None
    if p is None:
        return "Framlegget"
    if p.kind is ProposalKind.RECOMMENDATION:
        return "Innstillinga"
    who = f" frå {p.proposer.name}" if p.proposer else ""
    return f"{PROPOSAL_WORDS[p.kind]}{who}"


def _vote_line(vote: Vote, by_id: dict[int, Proposal], name: object) -> VoteLine:
    assert callable(name)
    for_names = sorted(b.person.name for b in vote.ballots if b.choice.value == "for")
    against = sorted(b.person.name for b in vote.ballots if b.choice.value == "mot")
    quorum = quorum_status(vote.eligible, vote.seats).sentence
    if vote.kind is VoteKind.ELECTION:
        text = f"Val, runde {vote.round_no}: {vote.reason}"
        return VoteLine(
            text=text,
            for_names=[],
            against_names=[],
            casting_vote_used=False,
            quorum_sentence=quorum,
            unanimous=False,
        )
    subject = _subject(vote, by_id)
    if vote.outcome is VoteOutcome.NOT_QUORATE:
        text = f"{subject}: organet var ikkje vedtaksført, og det vart ikkje gjort vedtak."
    else:
        adopted = vote.outcome is VoteOutcome.ADOPTED
        verb = "vart vedteke" if adopted else "fall"
        if subject == "Innstillinga":
            verb = "vart vedteken" if adopted else "fall"
        if vote.unanimous:
            text = f"{subject} {verb} samrøystes."
        else:
            text = (
                f"{subject} {verb} med {vote.votes_for} røyster for ({', '.join(for_names)}) "
                f"mot {vote.votes_against} ({', '.join(against)})."
            )
        if vote.against_proposal_id is not None:
            other = by_id.get(vote.against_proposal_id)
            if other is not None:
                text += f" Røystene mot var røyster for {_lower_first(_subject_of(other))}."
        if vote.casting_vote_used:
            text += (
                " Røystelikskap – møteleiaren si røyst var avgjerande "
                f"({legal_reference('koml_11_9').short})."
            )
    return VoteLine(
        text=text,
        for_names=for_names,
        against_names=against,
        casting_vote_used=vote.casting_vote_used,
        quorum_sentence=quorum,
        unanimous=vote.unanimous,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _subject_of(p: Proposal) -> str:
    if p.kind is ProposalKind.RECOMMENDATION:
        return "Innstillinga"
    who = f" frå {p.proposer.name}" if p.proposer else ""
    return f"{PROPOSAL_WORDS[p.kind]}{who}"


def _approval(s: Session, minutes: Minutes, name: object) -> ApprovalLine | None:
    assert callable(name)
    if minutes.status is not MinutesStatus.APPROVED or minutes.approval_method is None:
        return None
    assert minutes.approved_on is not None
    signers = list(
        s.scalars(select(MinutesSignatory).where(MinutesSignatory.minutes_id == minutes.id))
    )
    approved_in = None
    if minutes.approved_in_meeting_id is not None:
        other = s.get_one(Meeting, minutes.approved_in_meeting_id)
        approved_in = f"{other.body.name} {other.date:%d.%m.%Y}"
    return ApprovalLine(
        method=minutes.approval_method,
        approved_on=minutes.approved_on,
        signatories=[name(x.person_id) for x in signers if not x.is_chair],
        chair=next((name(x.person_id) for x in signers if x.is_chair), None),
        audit_head=minutes.audit_head,
        approved_in=approved_in,
    )


def set_remarks(ctx: Context, data: RemarksIn) -> None:
    with ctx.unit_of_work() as uow:
        s = uow.session
        lookup.meeting(s, data.meeting_id, for_update=True)
        minutes = _minutes_row(s, data.meeting_id)
        minutes.remarks = data.remarks or None
        uow.audit("minutes.remarks", "minutes", minutes.id, {"remarks": data.remarks})


def _minutes_row(s: Session, meeting_id: int) -> Minutes:
    minutes = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if minutes is None:
        raise Conflict("Møtet er ikkje halde enno; møteboka finst fyrst når møtet er heva.")
    return minutes


def approve_minutes(ctx: Context, data: ApproveMinutesIn) -> MinutesDraft:
    """B-2: approve by signatures (chair + two members elected in the meeting), at the next
    meeting or by e-mail round; the meeting is then frozen (B-3)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if meeting.status is not MeetingStatus.HELD:
            raise Conflict("Berre møteboka for eit møte som er heva, kan godkjennast.")
        if data.approved_on < meeting.date:
            raise InvalidInput("Møteboka kan ikkje godkjennast før møtedagen.")
        minutes = _minutes_row(s, meeting.id)
        memberships = seat_memberships(s, meeting)
        timeline = _timeline(s, meeting.id)
        attended: set[int] = set(present_at(timeline, 0))
        for c in meeting.cases:
            attended |= set(present_at(timeline, c.position))
        chair = _meeting_chair(memberships, {p: p for p in attended})
        signers: list[tuple[int, bool]] = []
        if data.method is ApprovalMethod.SIGNATURES:
            ids = list(dict.fromkeys(data.signatory_person_ids))
            if len(ids) != 2 or chair in ids:
                raise RuleRefused(
                    "B-2",
                    "Ved godkjenning med underskrift skal møteleiaren og to medlemer som "
                    "vart valde i møtet, skrive under.",
                )
            for pid in ids:
                if pid not in attended:
                    raise RuleRefused(
                        "B-2",
                        f"{lookup.person(s, pid).name} møtte ikkje og kan ikkje skrive under.",
                    )
            signers = [(pid, False) for pid in ids]
            if chair is not None:
                signers.append((chair, True))
        elif data.method is ApprovalMethod.NEXT_MEETING:
            if data.approved_in_meeting_id is None:
                raise InvalidInput("Vel møtet der møteboka vart godkjend.")
            later = lookup.meeting(s, data.approved_in_meeting_id)
            if later.body_id != meeting.body_id or later.date <= meeting.date:
                raise InvalidInput("Møteboka må godkjennast i eit seinare møte i same organ.")
            minutes.approved_in_meeting_id = later.id
        minutes.status = MinutesStatus.APPROVED
        minutes.approval_method = data.method
        minutes.approved_on = data.approved_on
        for pid, is_chair in signers:
            s.add(
                MinutesSignatory(
                    minutes_id=minutes.id,
                    meeting_id=meeting.id,
                    person_id=pid,
                    is_chair=is_chair,
                    signed_on=data.approved_on,
                )
            )
        s.flush()
        event = append_event(
            s,
            actor=uow.actor,
            action="minutes.approved",
            entity="minutes",
            entity_id=minutes.id,
            payload=data.model_dump(mode="json"),
        )
        minutes.audit_head = event.hash
        s.flush()
        meeting.status = MeetingStatus.APPROVED
        meeting.frozen = True
        s.flush()
        return build_minutes(s, meeting, public=False)


def add_correction(ctx: Context, data: CorrectionIn) -> CorrectionOut:
    """B-3: a correction to approved minutes is a new record linked to the frozen one."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id)
        if not meeting.frozen:
            raise Conflict("Møteboka er ikkje godkjend; rett opplysningane direkte.")
        if data.decided_in_case_id is not None:
            lookup.case(s, data.decided_in_case_id)
        correction = Correction(
            meeting_id=meeting.id,
            target_table=data.target_table,
            target_id=data.target_id,
            text=data.text,
            decided_in_case_id=data.decided_in_case_id,
        )
        s.add(correction)
        s.flush()
        uow.audit("minutes.corrected", "correction", correction.id, data.model_dump(mode="json"))
        return CorrectionOut(
            id=correction.id,
            meeting_id=meeting.id,
            target_table=correction.target_table,
            target_id=correction.target_id,
            text=correction.text,
            created_at=correction.created_at,
        )
