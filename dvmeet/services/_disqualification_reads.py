"""Disqualification questions of a case as the database holds them (H-1, fvl. §§ 6 and 8):
who decides each question, whether the body is quorate on it, the deputy to call in
(R-1), and the read model the console and the services return.

Shared by the voting services (which decide), the attendance reads (who votes) and the
console snapshot; everything is computed from the database, never taken from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Disqualification, Meeting, Membership, Person, Vote
from dvmeet.domain.attendance import present_at
from dvmeet.domain.deputies import DeputyRef, next_deputy
from dvmeet.domain.disqualification import (
    QuestionPanel,
    disqualified_refusal,
    is_automatic,
    open_question_refusal,
    question_panel,
    question_state,
)
from dvmeet.domain.enums import AttendanceKind, Role, VoteKind
from dvmeet.domain.labels import label
from dvmeet.domain.legal import legal_reference
from dvmeet.services._kept_warnings import enforce_and_keep
from dvmeet.services._records import (
    attendance_timeline,
    case_disqualifications,
    seat_memberships,
)
from dvmeet.services.context import UnitOfWork
from dvmeet.services.voting.models import DisqualificationOut


@dataclass(frozen=True)
class CaseQuestions:
    """The questions of one case with what the attendance timeline says about them."""

    case: Case
    questions: list[Disqualification]
    present: dict[int, int]  # who sits in the case, {person: seat person}
    forfall: frozenset[int]
    memberships: list[Membership]

    @property
    def seats(self) -> int:
        return self.case.meeting.body.seats

    def panel(self, d: Disqualification) -> QuestionPanel:
        """fvl. § 8 (2): who takes part in deciding ``d`` now."""
        concerned = [q.person_id for q in self.questions if not q.decided]
        if d.person_id not in concerned:
            concerned.append(d.person_id)
        return question_panel(
            self.present,
            self.seats,
            concerned,
            [q.person_id for q in self.questions if q.decided and q.id != d.id],
            {
                q.deputy_person_id: q.person_id
                for q in self.questions
                if q.deputy_person_id is not None
            },
        )

    def seat_of(self, person_id: int) -> int:
        """The member whose seat the person sits in (a deputy sits for an absent member)."""
        return self.present.get(person_id, person_id)

    def busy(self) -> set[int]:
        """Persons who cannot be called in: sitting, forfall, or called in already."""
        called = {q.deputy_person_id for q in self.questions if q.deputy_person_id}
        return set(self.present) | set(self.forfall) | called

    def deputy_refs(self) -> list[DeputyRef]:
        busy = self.busy()
        return [
            DeputyRef(
                m.person_id,
                m.municipality_id,
                m.deputy_rank or 0,
                available=m.person_id not in busy,
            )
            for m in self.memberships
            if m.role is Role.VARAMEDLEM
        ]

    def next_deputy_for(self, d: Disqualification) -> int | None:
        """R-1: the first deputy of the seat's municipality, in rank order, who can come."""
        holder = self.seat_of(d.person_id)
        member = next((m for m in self.memberships if m.person_id == holder), None)
        if member is None or member.role is Role.VARAMEDLEM:
            return None
        found = next_deputy(member.municipality_id, self.deputy_refs())
        return found.person_id if found else None


def case_questions(s: Session, case: Case) -> CaseQuestions:
    meeting: Meeting = case.meeting
    timeline = attendance_timeline(s, meeting.id)
    return CaseQuestions(
        case=case,
        questions=list(
            s.scalars(
                select(Disqualification)
                .where(Disqualification.case_id == case.id)
                .order_by(Disqualification.id)
            )
        ),
        present=present_at(timeline, case.position),
        forfall=frozenset(e.person_id for e in timeline if e.kind is AttendanceKind.FORFALL),
        memberships=seat_memberships(s, meeting),
    )


def disqualification_out(
    s: Session, d: Disqualification, questions: CaseQuestions | None = None
) -> DisqualificationOut:
    cq = questions or case_questions(s, s.get_one(Case, d.case_id))
    deputy = s.get(Person, d.deputy_person_id) if d.deputy_person_id else None
    state = question_state(d.decided)
    vote_id = s.scalar(
        select(Vote.id)
        .where(Vote.disqualification_id == d.id, Vote.kind == VoteKind.DISQUALIFICATION)
        .order_by(Vote.id.desc())
        .limit(1)
    )
    panel = cq.panel(d) if d.decided is None else None
    if panel is not None:
        participants: int | None = len(panel.participants)
        quorum_text: str | None = panel.quorum.text
    else:
        participants = d.participants
        quorum_text = f"{d.participants} av {cq.seats}" if d.participants is not None else None
    suggested = None
    if d.deputy_person_id is None and d.decided is not False:
        suggested = cq.next_deputy_for(d)
    suggested_person = s.get(Person, suggested) if suggested else None
    return DisqualificationOut(
        id=d.id,
        case_id=d.case_id,
        person_id=d.person_id,
        name=d.person.name,
        ground=d.ground,
        legal_basis=legal_reference(d.ground).short,
        ground_text=label(d.ground),
        automatic=is_automatic(d.ground),
        explanation=d.explanation,
        decided=d.decided,
        state=state,
        vote_id=vote_id if d.decided is not None else None,
        participants=participants,
        deciders=sorted(panel.participants) if panel is not None else [],
        all_took_part=d.all_took_part if panel is None else panel.all_take_part,
        quorate_now=panel.quorate if panel is not None else None,
        quorum_text=quorum_text,
        deputy_person_id=d.deputy_person_id,
        deputy_name=deputy.name if deputy else None,
        suggested_deputy_id=suggested,
        suggested_deputy_name=suggested_person.name if suggested_person else None,
    )


def meeting_disqualifications(
    s: Session, meeting_id: int, case_id: int | None = None
) -> list[DisqualificationOut]:
    """The disqualification questions of the meeting (of one case when case_id is given)."""
    query = select(Disqualification).where(Disqualification.meeting_id == meeting_id)
    if case_id is not None:
        query = query.where(Disqualification.case_id == case_id)
    rows = list(s.scalars(query.order_by(Disqualification.id)))
    by_case: dict[int, CaseQuestions] = {}
    out = []
    for d in rows:
        if d.case_id not in by_case:
            by_case[d.case_id] = case_questions(s, s.get_one(Case, d.case_id))
        out.append(disqualification_out(s, d, by_case[d.case_id]))
    return out


def refuse_blocked_ballots(uow: UnitOfWork, case: Case, persons: list[int]) -> None:
    """H-1: a ballot in the case from a member whose question is open, or who was found
    ugild, is refused with the reason (the deputy who stepped in votes instead); for an
    administrative body it is a warning, kept with the case."""
    if not persons:
        return
    s = uow.session
    wanted = set(persons)
    # The case's questions (few; the session keeps them for the voters' check that follows)
    for d in (d for d in case_disqualifications(s, case.id) if d.person_id in wanted):
        if d.decided is None:
            finding = open_question_refusal(d.person.name, d.ground)
        elif d.decided:
            finding = disqualified_refusal(d.person.name, d.ground)
        else:
            continue
        enforce_and_keep(uow, [finding], case.meeting, action="vote.recorded", case=case)
