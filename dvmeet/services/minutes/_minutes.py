"""The minutes: a draft always derived from the data; approval freezes the meeting (B-1..B-4)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.audit import append_event
from dvmeet.db.models import (
    AttendanceEvent,
    Ballot,
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
    Municipality,
    Person,
    Proposal,
    Vote,
)
from dvmeet.domain import lifecycle
from dvmeet.domain.attendance import TimelineEvent, present_at
from dvmeet.domain.elections import join_names
from dvmeet.domain.enums import (
    ApprovalMethod,
    AttendanceKind,
    BallotChoice,
    MeetingStatus,
    MinutesStatus,
    ProposalKind,
    Role,
    VoteKind,
    VoteOutcome,
)
from dvmeet.domain.labels import nynorsk
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import quorum_status
from dvmeet.domain.roles import CHAIRING
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._elected import elected_signatories
from dvmeet.services._letterhead import letterhead
from dvmeet.services._notice_log import logged_changes
from dvmeet.services._records import (
    attendance_timeline,
    case_label,
    seat_memberships,
)
from dvmeet.services._saksgang import saksgang_rows
from dvmeet.services.context import Context
from dvmeet.services.minutes._closed import CLOSURE_SUBJECT, closure_decisions, public_decision
from dvmeet.services.minutes._corrections import check_target
from dvmeet.services.minutes._disqualification import question_paragraphs
from dvmeet.services.minutes._shared import (
    adopted_document_text,
    case_heading,
    closure_text,
    withheld_case_fields,
)
from dvmeet.services.minutes._snapshot import (
    keep_snapshot,
    minutes_document_from,
    signatories_case,
)
from dvmeet.services.minutes._speakers import case_speakers
from dvmeet.services.minutes.models import (
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
    RemarksOut,
    VoteLine,
)

# the votes a case's decision follows (not a disqualification question)
DECIDING_VOTES = (VoteKind.ORDINARY, VoteKind.ELECTION)

# the minutes name the leiar and the nestleiar among those present
ROLE_WORDS = {r: nynorsk(r, "in_sentence") for r in CHAIRING}


def minutes_draft(ctx: Context, meeting_id: int, *, public: bool = False) -> MinutesDraft:
    """The møtebok as data. The public version is built from public fields only (B-4, O-2)."""
    with ctx.reading() as s:
        return build_minutes(s, lookup.meeting(s, meeting_id), public=public)


@dataclass
class _CaseData:
    """What the minutes of the meeting's cases need, loaded in a few queries for all cases
    at once (not per case). In the public variant nothing of a closed case is loaded."""

    proposals: dict[int, list[Proposal]] = field(default_factory=dict)
    votes: dict[int, list[Vote]] = field(default_factory=dict)
    # per vote: (person, choice) of each ballot, read as rows (no ORM object per ballot)
    ballots: dict[int, list[tuple[int, BallotChoice]]] = field(default_factory=dict)
    decisions: dict[int, Decision] = field(default_factory=dict)
    # H-1: per case, one paragraph per disqualification question (minutes/_disqualification)
    questions: dict[int, list[str]] = field(default_factory=dict)
    # C-1: who chaired each case (the chair its votes recorded, else who chaired by role
    # or was elected ad hoc), filled in by build_minutes
    chairs: dict[int, int | None] = field(default_factory=dict)


def _load_case_data(s: Session, meeting: Meeting, *, public: bool) -> _CaseData:
    case_ids = select(Case.id).where(Case.meeting_id == meeting.id)
    if public:
        case_ids = case_ids.where(Case.closed.is_(False))  # withheld: nothing of it is read
    data = _CaseData()
    for p in s.scalars(
        select(Proposal)
        .where(Proposal.case_id.in_(case_ids))
        .order_by(Proposal.case_id, Proposal.position, Proposal.id)
    ):
        data.proposals.setdefault(p.case_id, []).append(p)
    for v in s.scalars(
        select(Vote).where(Vote.case_id.in_(case_ids)).order_by(Vote.case_id, Vote.id)
    ):
        if v.kind is VoteKind.DISQUALIFICATION:
            continue  # printed with its question, before the proposals (data.questions)
        data.votes.setdefault(v.case_id, []).append(v)
    vote_ids = select(Vote.id).where(Vote.case_id.in_(case_ids))
    for vote_id, person_id, choice in s.execute(
        select(Ballot.vote_id, Ballot.person_id, Ballot.choice).where(Ballot.vote_id.in_(vote_ids))
    ):
        data.ballots.setdefault(vote_id, []).append((person_id, choice))
    for d in s.scalars(
        select(Decision).where(Decision.case_id.in_(case_ids)).order_by(Decision.id)
    ):
        data.decisions.setdefault(d.case_id, d)  # the first decision of a case, as before
    return data


def _load_persons(
    s: Session, ids: set[int], municipality_ids: set[int]
) -> tuple[dict[int, Person], dict[int, Municipality]]:
    """The persons (and the municipalities of persons and seats) in two queries; later
    relationship loads (membership.person, proposal.proposer) find them in the session."""
    persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    wanted = municipality_ids | {p.municipality_id for p in persons.values() if p.municipality_id}
    municipalities = (
        {m.id: m for m in s.scalars(select(Municipality).where(Municipality.id.in_(wanted)))}
        if wanted
        else {}
    )
    return persons, municipalities


def build_minutes(s: Session, meeting: Meeting, *, public: bool) -> MinutesDraft:
    body = meeting.body
    memberships = seat_memberships(s, meeting)
    by_person = {m.person_id: m for m in memberships}
    cases = list(meeting.cases)
    data = _load_case_data(s, meeting, public=public)
    labels = {c.id: case_label(c, body) for c in cases}
    timeline = attendance_timeline(s, meeting.id)
    events = list(
        s.scalars(
            select(AttendanceEvent)
            .where(AttendanceEvent.meeting_id == meeting.id)
            .order_by(AttendanceEvent.sequence)
        )
    )
    ever_present: dict[int, int] = {}
    # present_at(position) depends only on the events up to the position: cases in a row
    # with the same events give the same result, which is computed once.
    placed = sorted(e.at_position for e in timeline if e.at_position is not None)
    seen = -1
    for c in cases or []:
        upto = bisect_right(placed, c.position)
        if upto != seen:
            ever_present.update(present_at(timeline, c.position))
            seen = upto
    ever_present.update(present_at(timeline, 0))
    disq = list(
        s.scalars(
            select(Disqualification)
            .where(Disqualification.meeting_id == meeting.id, Disqualification.decided.is_(True))
            .order_by(Disqualification.id)
        )
    )
    wanted = set(by_person) | set(ever_present) | set(ever_present.values())
    wanted |= {e.person_id for e in events}
    wanted |= {d.person_id for d in disq} | {d.deputy_person_id for d in disq if d.deputy_person_id}
    wanted |= {c.chair_person_id for c in cases if c.chair_person_id}
    for proposals in data.proposals.values():
        for p in proposals:
            wanted |= {x for x in (p.proposer_person_id, p.candidate_person_id) if x}
    for votes in data.votes.values():
        wanted |= {pid for v in votes for pid, _ in data.ballots.get(v.id, [])}
    persons, municipalities = _load_persons(s, wanted, {m.municipality_id for m in memberships})

    def muni(pid: int) -> str:
        m = by_person.get(pid)
        return m.municipality.name if m else ""

    def name(pid: int | None) -> str:
        if pid is None:
            return ""
        p = persons.get(pid) or s.get(Person, pid)
        return p.name if p else ""

    def proposer(pid: int | None) -> Person | None:
        if pid is None:
            return None
        return persons.get(pid) or s.get(Person, pid)

    def municipality_of(p: Person) -> str | None:
        if p.municipality_id is None:
            return None
        m = municipalities.get(p.municipality_id) or p.municipality
        return m.name if m else None

    people = _People(name=name, proposer=proposer, municipality_of=municipality_of)

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
    disq_lines = [
        DisqualificationLine(
            name=name(d.person_id),
            case_label=labels[d.case_id],
            legal_basis=legal_reference(d.ground).short,
            deputy_name=name(d.deputy_person_id) or None,
        )
        for d in disq
    ]
    closing = closure_decisions(s, meeting)  # O-1: the body's decision to close
    closed_parts = [
        ClosedLine(
            case_label=labels[c.id], legal_basis=_closure_text(c), decision=closing.get(c.id)
        )
        for c in cases
        if c.closed
    ]
    remarks = [meeting.notice_remarks] if meeting.notice_remarks else []
    remarks += [
        f"Endring etter utsending: {change.text}"
        for change in logged_changes(s, meeting.id, public=public)
    ]
    minutes = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    coop = s.scalar(select(Cooperation).limit(1))
    data.questions = question_paragraphs(s, meeting, name)
    chair = _meeting_chair(memberships, ever_present)
    data.chairs = _case_chairs(cases, memberships, timeline, disq, data)
    case_lines = [_case_minutes(s, c, labels[c.id], people, data, public) for c in cases]
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
    return lifecycle.chair_of_case(None, [(m.role, m.person_id) for m in memberships], present)


def _case_chairs(
    cases: list[Case],
    memberships: list[Membership],
    timeline: list[TimelineEvent],
    disq: list[Disqualification],
    data: _CaseData,
) -> dict[int, int | None]:
    """C-1: who chaired each case. A case with votes: the chair its last vote recorded
    (whose casting vote it was); else the leiar, the nestleiar or the ad hoc chair elected
    for it or an earlier case, among those taking part in the case."""
    holders = [(m.role, m.person_id) for m in memberships]
    chairs: dict[int, int | None] = {}
    earlier: list[int] = []
    for c in cases:
        voted = [v for v in data.votes.get(c.id, []) if v.kind in DECIDING_VOTES]
        if voted:
            chairs[c.id] = voted[-1].chair_person_id
        else:
            out = {d.person_id for d in disq if d.case_id == c.id}
            present = [p for p in present_at(timeline, c.position) if p not in out]
            chairs[c.id] = lifecycle.chair_of_case(c.chair_person_id, holders, present, earlier)
        if c.chair_person_id is not None:
            earlier.append(c.chair_person_id)
    return chairs


def _no_decision(votes: list[Vote], by_id: dict[int, Proposal], people: _People) -> str | None:
    """What the minutes say of a case whose votes made no decision (a vote is never left
    without a "Vedtak" line)."""
    voted = [v for v in votes if v.kind in DECIDING_VOTES]
    if not voted:
        return None
    last = voted[-1]
    if last.kind is VoteKind.ELECTION:
        return "Det vart ikkje gjort vedtak: valet vart ikkje avgjort."
    if last.outcome is VoteOutcome.NOT_QUORATE:
        return "Det vart ikkje gjort vedtak: organet var ikkje vedtaksfør."
    return f"Det vart ikkje gjort vedtak: {_lower_first(_subject(last, by_id, people))} fall."


def _closure_text(case: Case) -> str:
    return closure_text(case.closure_basis, case.closure_note)


@dataclass(frozen=True)
class _People:
    """Names from the persons loaded for the meeting (no query per ballot or proposal)."""

    name: Callable[[int | None], str]
    proposer: Callable[[int | None], Person | None]
    municipality_of: Callable[[Person], str | None]


def _case_minutes(
    s: Session, case: Case, label: str, people: _People, data: _CaseData, public: bool
) -> CaseMinutes:
    name = people.name
    withheld = public and case.closed
    title = lifecycle.shown_title(case.title, case.public_title, withheld)
    heading = case_heading(case.number, case.year)
    if withheld:
        return CaseMinutes(
            **withheld_case_fields(
                label=label,
                heading=heading,
                title=title,
                closure_reference=_closure_text(case),
                published=public_decision(s, case),
                saksgang=saksgang_rows(s, case),
            )
        )
    decision = data.decisions.get(case.id)
    adopted_document = None
    if decision is not None and decision.adopted_version_id is not None:
        v = s.get_one(DocumentVersion, decision.adopted_version_id)
        adopted_document = adopted_document_text(v.document.title, v.version_no, v.content_hash)
    proposals = data.proposals.get(case.id, [])
    proposal_lines = [
        ProposalLine(
            kind=nynorsk(p.kind),
            text=name(p.candidate_person_id)
            if p.kind is ProposalKind.CANDIDATE and p.candidate_person_id
            else p.text,
            proposer=_proposer(p, people),
        )
        for p in proposals
        if p.kind is not ProposalKind.RECOMMENDATION
    ]
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
        disqualification=data.questions.get(case.id, []),
        speakers=case_speakers(s, case),
        proposals=proposal_lines,
        votes=[
            _vote_line(v, data.ballots.get(v.id, []), by_id, people)
            for v in data.votes.get(case.id, [])
        ],
        decision=decision.text if decision else None,
        decision_unanimous=bool(decision and decision.unanimous),
        no_decision=None if decision else _no_decision(data.votes.get(case.id, []), by_id, people),
        chair_name=name(data.chairs.get(case.id)) or None,
        adopted_document=adopted_document,
        saksgang=saksgang_rows(s, case),  # issue 19: the handlings across bodies
    )


def _proposer(p: Proposal, people: _People) -> str | None:
    who = people.proposer(p.proposer_person_id)
    if who is None:
        return None
    muni = people.municipality_of(who)
    return f"{who.name}, {muni}" if muni else who.name


def _subject(vote: Vote, by_id: dict[int, Proposal], people: _People) -> str:
    if vote.kind is VoteKind.DISQUALIFICATION:
        return "Framlegget om ugildskap"
    if vote.kind is VoteKind.CLOSURE:
        return CLOSURE_SUBJECT
    p = by_id.get(vote.proposal_id) if vote.proposal_id else None
    if p is None:
        return "Framlegget"
    return _subject_of(p, people)


def _vote_line(
    vote: Vote,
    ballots: list[tuple[int, BallotChoice]],
    by_id: dict[int, Proposal],
    people: _People,
) -> VoteLine:
    name = people.name
    for_names = sorted(name(pid) for pid, choice in ballots if choice.value == "for")
    against = sorted(name(pid) for pid, choice in ballots if choice.value == "mot")
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
    subject = _subject(vote, by_id, people)
    if vote.outcome is VoteOutcome.NOT_QUORATE:
        text = f"{subject}: organet var ikkje vedtaksfør, og det vart ikkje gjort vedtak."
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
                text += f" Røystene mot var røyster for {_lower_first(_subject_of(other, people))}."
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


def _subject_of(p: Proposal, people: _People) -> str:
    if p.kind is ProposalKind.RECOMMENDATION:
        return "Innstillinga"
    who = people.proposer(p.proposer_person_id)
    return f"{nynorsk(p.kind)}{f' frå {who.name}' if who else ''}"


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


def set_remarks(ctx: Context, data: RemarksIn) -> RemarksOut:
    """The remarks of the minutes; `expected_version` is the version they were edited from
    (a stale one is refused with ChangedElsewhere and the remarks as saved now)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        minutes = _minutes_row(s, data.meeting_id)
        ensure_version(
            s,
            minutes,
            data.expected_version,
            lambda: remarks_out(minutes),
            _("merknadene til møteboka for møtet {date}").format(date=f"{meeting.date:%d.%m.%Y}"),
        )
        minutes.remarks = data.remarks or None
        uow.audit("minutes.remarks", "minutes", minutes.id, {"remarks": data.remarks})
        s.flush()
        return remarks_out(minutes)


def remarks_out(minutes: Minutes) -> RemarksOut:
    return RemarksOut(
        meeting_id=minutes.meeting_id, remarks=minutes.remarks, version=minutes.version
    )


def _minutes_row(s: Session, meeting_id: int) -> Minutes:
    minutes = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if minutes is None:
        raise Conflict(_("Møtet er ikkje halde enno; møteboka finst fyrst når møtet er heva."))
    return minutes


def approve_minutes(ctx: Context, data: ApproveMinutesIn) -> MinutesDraft:
    """B-2: approve by signatures (chair + two members elected in the meeting), at the next
    meeting or by e-mail round; the meeting is then frozen (B-3)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id, for_update=True)
        if meeting.status is not MeetingStatus.HELD:
            raise Conflict(_("Berre møteboka for eit møte som er heva, kan godkjennast."))
        if data.approved_on < meeting.date:
            raise InvalidInput(_("Møteboka kan ikkje godkjennast før møtedagen."))
        minutes = _minutes_row(s, meeting.id)
        memberships = seat_memberships(s, meeting)
        timeline = attendance_timeline(s, meeting.id)
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
                    _(
                        "Ved godkjenning med underskrift skal møteleiaren og to medlemer som "
                        "vart valde i møtet, skrive under."
                    ),
                )
            for pid in ids:
                if pid not in attended:
                    raise RuleRefused(
                        "B-2",
                        _("{name} møtte ikkje og kan ikkje skrive under.").format(
                            name=lookup.person(s, pid).name
                        ),
                    )
            elected = elected_signatories(s, meeting.id)
            if len(elected) >= 2 and set(ids) != set(elected[:2]):
                # B-2, M-7: the two the meeting elected sign, not two others
                raise RuleRefused(
                    "B-2",
                    _(
                        "Møtet valde {names} til å skrive under møteboka saman med møteleiaren."
                    ).format(names=join_names([lookup.person(s, p).name for p in elected[:2]])),
                )
            signers = [(pid, False) for pid in ids]
            if chair is not None:
                signers.append((chair, True))
        elif data.method is ApprovalMethod.NEXT_MEETING:
            if data.approved_in_meeting_id is None:
                raise InvalidInput(_("Vel møtet der møteboka vart godkjend."))
            later = lookup.meeting(s, data.approved_in_meeting_id)
            if later.body_id != meeting.body_id or later.date <= meeting.date:
                raise InvalidInput(_("Møteboka må godkjennast i eit seinare møte i same organ."))
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
        meeting.status = MeetingStatus.APPROVED
        s.flush()
        signed = signatories_case(meeting)
        head = letterhead(s)
        internal, public = (
            minutes_document_from(
                build_minutes(s, meeting, public=p), signatories_case=signed, letterhead=head
            )
            for p in (False, True)
        )
        keep_snapshot(s, minutes, internal, public)
        meeting.frozen = True
        s.flush()
        return internal.minutes


def add_correction(ctx: Context, data: CorrectionIn) -> CorrectionOut:
    """B-3: a correction to approved minutes is a new record linked to the frozen one."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, data.meeting_id)
        if not meeting.frozen:
            raise Conflict(_("Møteboka er ikkje godkjend; rett opplysningane direkte."))
        check_target(s, meeting, data.target_table, data.target_id)
        if data.decided_in_case_id is not None:
            lookup.case(s, data.decided_in_case_id)
        correction = Correction(
            meeting_id=meeting.id,
            target_table=data.target_table,
            target_id=data.target_id,
            text=data.text,
            public_text=data.public_text,
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
