"""Terms and the membership rules R-1 and R-2.

A Term is a membership as the rules see it (stored, or an import row not yet stored);
`term_problems` says what R-1 and R-2 have against one. Also loading stored terms and
the membership output model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.models import Membership, Person
from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.errors import RuleRefused
from dvmeet.i18n import _
from dvmeet.services.registry.models import MembershipOut, role_word
from dvmeet.services.registry.text import fmt_period

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Term:
    """A membership as the rules see it; also used for import rows not yet stored."""

    person: str  # a key: "p<id>" for stored persons, anything unique for new ones
    person_name: str
    person_municipality: str | None
    body: str
    municipality: str
    municipality_name: str
    role: Role
    rank: int | None
    start: dt.date
    end: dt.date | None
    membership_id: int | None = None
    where: str = ""  # for messages, e.g. " (rad 4)"

    def overlaps(self, other: Term) -> bool:
        return self.start <= (other.end or dt.date.max) and other.start <= (self.end or dt.date.max)

    @property
    def member_seat(self) -> bool:
        return self.role is not Role.VARAMEDLEM

    @property
    def label(self) -> str:
        what = _("{rank}. varamedlem").format(rank=self.rank) if self.rank else role_word(self.role)
        return f"{self.person_name}{self.where}, {what}, {fmt_period(self.start, self.end)}"


Problem = tuple[str, str]  # (rule ID, message in the interface language)


def person_key(person_id: int) -> str:
    return f"p{person_id}"


def term_of(m: Membership) -> Term:
    pm = m.person.municipality
    return Term(
        person=person_key(m.person_id),
        person_name=m.person.name,
        person_municipality=pm.number if pm else None,
        body=m.body.code,
        municipality=m.municipality.number,
        municipality_name=m.municipality.name,
        role=m.role,
        rank=m.deputy_rank,
        start=m.valid_from,
        end=m.valid_to,
        membership_id=m.id,
    )


def term_problems(new: Term, others: Iterable[Term], pool: Iterable[Term] | None) -> list[Problem]:
    """What R-1 and R-2 say against `new` given the `others` held at the same time.

    `pool` (all terms, `new`'s fellow rows included) is checked for rank gaps; None skips it.
    """
    problems = _deputy_municipality(new)
    for other in others:
        if other.membership_id is not None and other.membership_id == new.membership_id:
            continue
        if other.body == new.body and new.overlaps(other):
            problems += _clash(new, other)
    if pool is not None:
        problems += _rank_gap(new, pool)
    return problems


def _deputy_municipality(new: Term) -> list[Problem]:
    if new.role is not Role.VARAMEDLEM or new.person_municipality in (None, new.municipality):
        return []
    return [
        (
            "R-1",
            _(
                "{name} høyrer til kommune {home} og kan ikkje vere varamedlem for "
                "{municipality}. Ein varamedlem kan berre møte for ein medlem frå same kommune."
            ).format(
                name=new.person_name,
                home=new.person_municipality,
                municipality=new.municipality_name,
            ),
        )
    ]


def _clash(new: Term, other: Term) -> list[Problem]:
    if other.person == new.person:
        return [
            (
                "R-2",
                _("{name} sit alt i {body} i perioden: {term}.").format(
                    name=new.person_name, body=new.body, term=other.label
                ),
            )
        ]
    if other.municipality != new.municipality:
        return []
    if new.member_seat and other.member_seat:
        return [
            (
                "R-1",
                _(
                    "{municipality} har alt medlem i {body} i perioden: {term}. "
                    "Avslutt den perioden eller bruk fritak før ein ny medlem vert ført inn."
                ).format(municipality=new.municipality_name, body=new.body, term=other.label),
            )
        ]
    if new.rank is not None and new.rank == other.rank:
        return [
            (
                "R-1",
                _("{municipality} har alt {rank}. varamedlem i {body} i perioden: {term}.").format(
                    municipality=new.municipality_name,
                    rank=new.rank,
                    body=new.body,
                    term=other.label,
                ),
            )
        ]
    return []


def _rank_gap(new: Term, pool: Iterable[Term]) -> list[Problem]:
    if new.rank is None or new.rank == 1:
        return []
    above = [
        t
        for t in pool
        if t.body == new.body and t.municipality == new.municipality and t.rank == new.rank - 1
    ]
    if _covers(above, new.start, new.end):
        return []
    return [
        (
            "R-1",
            _(
                "{municipality} har ingen {rank}. varamedlem i {body} i heile perioden "
                "{period}. Varamedlemene skal rangerast utan hol: før inn {rank}. varamedlem "
                "først."
            ).format(
                municipality=new.municipality_name,
                rank=new.rank - 1,
                body=new.body,
                period=fmt_period(new.start, new.end),
            ),
        )
    ]


def _covers(terms: Sequence[Term], start: dt.date, end: dt.date | None) -> bool:
    """True when the terms together cover every day from start to end."""
    target = end or dt.date.max
    reached = start  # first day not yet covered
    for t in sorted(terms, key=lambda t: t.start):
        if t.start > reached:
            return False
        t_end = t.end or dt.date.max
        if t_end >= target:
            return True
        reached = max(reached, t_end + _ONE_DAY)
    return False


class TermIndex:
    """Terms by seat (body, municipality) and by person in a body, for checking many rows."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self._by_seat: dict[tuple[str, str], list[Term]] = defaultdict(list)
        self._by_person: dict[tuple[str, str], list[Term]] = defaultdict(list)
        for t in terms:
            self.add(t)

    def add(self, t: Term) -> None:
        self._by_seat[(t.body, t.municipality)].append(t)
        self._by_person[(t.body, t.person)].append(t)

    def same_seat(self, t: Term) -> list[Term]:
        return self._by_seat.get((t.body, t.municipality), [])

    def near(self, t: Term) -> list[Term]:
        """The terms the rules compare `t` with: same seat, or same person in the body."""
        seat = self.same_seat(t)
        return seat + [o for o in self._by_person.get((t.body, t.person), []) if o not in seat]


def refuse(problems: Sequence[Problem]) -> None:
    if problems:
        raise RuleRefused(problems[0][0], " ".join(message for _rule, message in problems))


MEMBERSHIP_LOAD = [
    joinedload(Membership.person).joinedload(Person.municipality),
    joinedload(Membership.body),
    joinedload(Membership.municipality),
]


def not_voided() -> ColumnElement[bool]:
    return or_(
        Membership.ended_reason.is_(None), Membership.ended_reason != MembershipEnd.CORRECTED
    )


def load_terms(session: Session, *where: ColumnElement[bool]) -> list[Term]:
    """Terms (not voided as corrections) matching `where`, in one query."""
    stmt = select(Membership).options(*MEMBERSHIP_LOAD).where(not_voided(), *where)
    return [term_of(m) for m in session.scalars(stmt).unique()]


def active_on(day: dt.date) -> list[ColumnElement[bool]]:
    return [
        Membership.valid_from <= day,
        or_(Membership.valid_to.is_(None), Membership.valid_to >= day),
        not_voided(),
    ]


def membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.id,
        person_id=m.person_id,
        person_name=m.person.name,
        body_code=m.body.code,
        municipality_number=m.municipality.number,
        municipality_name=m.municipality.name,
        role=m.role,
        deputy_rank=m.deputy_rank,
        valid_from=m.valid_from,
        valid_to=m.valid_to,
        electing_decision=m.electing_decision,
        ended_reason=m.ended_reason,
        vote_weight=m.vote_weight,
        version=m.version,
    )
