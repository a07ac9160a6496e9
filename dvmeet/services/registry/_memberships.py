"""Memberships: recording and ending a term (R-1, R-2), and the steps that fritak and
reordering build on (end a term, begin its follower, check the terms begun).

Memberships are never overwritten: a change ends a term and begins a new one (R-2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.models import Membership, Person
from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._lookup import ref_body, ref_municipality
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.registry._terms import (
    MEMBERSHIP_LOAD,
    Term,
    active_on,
    load_terms,
    membership_out,
    person_key,
    refuse,
    term_of,
    term_problems,
)
from dvmeet.services.registry.models import EndMembershipIn, MembershipIn, MembershipOut
from dvmeet.services.registry.text import end_reason_word, fmt_date, fmt_period

_ONE_DAY = dt.timedelta(days=1)


def _ref_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id, options=[joinedload(Person.municipality)])
    if person is None:
        raise InvalidInput(
            _("Personen med nummer {id} finst ikkje i registeret.").format(id=person_id)
        )
    return person


def membership_by_id(session: Session, membership_id: int) -> Membership:
    m = session.get(Membership, membership_id, options=MEMBERSHIP_LOAD)
    if m is None:
        raise NotFound(_("Medlemskapet med nummer {id} finst ikkje.").format(id=membership_id))
    return m


def audit_payload(m: Membership, **extra: Any) -> dict[str, Any]:
    payload = membership_out(m).model_dump(mode="json", exclude={"id"})
    payload.update(extra)
    return payload


def add_membership(ctx: Context, data: MembershipIn) -> MembershipOut:
    """Record an elected term (R-1, R-2); refused when it clashes with the registry."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = ref_body(s, data.body_code)
        muni = ref_municipality(s, data.municipality_number)
        person = _ref_person(s, data.person_id)
        new = Term(
            person=person_key(person.id),
            person_name=person.name,
            person_municipality=person.municipality.number if person.municipality else None,
            body=body.code,
            municipality=muni.number,
            municipality_name=muni.name,
            role=data.role,
            rank=data.deputy_rank,
            start=data.valid_from,
            end=data.valid_to,
        )
        held = load_terms(
            s,
            Membership.body_id == body.id,
            or_(Membership.municipality_id == muni.id, Membership.person_id == person.id),
        )
        refuse(term_problems(new, held, held))
        m = Membership(
            person=person,
            body=body,
            municipality=muni,
            role=data.role,
            deputy_rank=data.deputy_rank,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            electing_decision=data.electing_decision,
            vote_weight=data.vote_weight,
        )
        s.add(m)
        s.flush()
        uow.audit("membership.add", "membership", m.id, audit_payload(m))
        return membership_out(m)


def end_membership(ctx: Context, data: EndMembershipIn) -> MembershipOut:
    """End a term early (or record why it ended); a term cannot be made longer."""
    with ctx.unit_of_work() as uow:
        m = membership_by_id(uow.session, data.membership_id)
        if m.ended_reason is not None:
            raise Conflict(
                _("Perioden til {name} er alt avslutta ({reason}, {period}).").format(
                    name=m.person.name,
                    reason=end_reason_word(m.ended_reason),
                    period=fmt_period(m.valid_from, m.valid_to),
                )
            )
        if data.valid_to < m.valid_from:
            raise InvalidInput(
                _("Sluttdatoen {end} er før perioden tok til ({start}).").format(
                    end=fmt_date(data.valid_to), start=fmt_date(m.valid_from)
                )
            )
        if m.valid_to is not None and data.valid_to > m.valid_to:
            raise InvalidInput(
                _(
                    "Perioden går ut {date} og kan ikkje forlengjast. "
                    "Før inn ein ny periode i staden."
                ).format(date=fmt_date(m.valid_to))
            )
        end_term(uow, m, data.valid_to, data.reason)
        return membership_out(m)


def end_term(uow: UnitOfWork, m: Membership, last_day: dt.date, reason: MembershipEnd) -> None:
    if last_day < m.valid_from:
        raise InvalidInput(
            _(
                "Perioden til {name} tok til {start} og kan ikkje avsluttast {end}. "
                "Vel ein seinare dato."
            ).format(name=m.person.name, start=fmt_date(m.valid_from), end=fmt_date(last_day))
        )
    m.valid_to = last_day
    m.ended_reason = reason
    uow.session.flush()
    uow.audit("membership.end", "membership", m.id, audit_payload(m))


def replace_term(
    uow: UnitOfWork,
    old: Membership,
    start: dt.date,
    role: Role,
    rank: int | None,
    decision: str | None,
    weight: int,
) -> Membership:
    """End `old` the day before `start` (moved up) and begin its follower from `start`."""
    until = old.valid_to
    end_term(uow, old, start - _ONE_DAY, MembershipEnd.MOVED_UP)
    m = Membership(
        person_id=old.person_id,
        body_id=old.body_id,
        municipality_id=old.municipality_id,
        role=role,
        deputy_rank=rank,
        valid_from=start,
        valid_to=until,
        electing_decision=decision or old.electing_decision,
        vote_weight=weight,
    )
    uow.session.add(m)
    uow.session.flush()
    uow.audit("membership.add", "membership", m.id, audit_payload(m, follows=old.id))
    return m


def deputies_on(session: Session, body_id: int, muni_id: int, day: dt.date) -> list[Membership]:
    stmt = (
        select(Membership)
        .options(*MEMBERSHIP_LOAD)
        .where(
            Membership.body_id == body_id,
            Membership.municipality_id == muni_id,
            Membership.role == Role.VARAMEDLEM,
            *active_on(day),
        )
        .order_by(Membership.deputy_rank, Membership.id)
    )
    return list(session.scalars(stmt).unique())


def check_new_terms(session: Session, created: Sequence[Membership]) -> None:
    """Overlap rules for terms begun by a release or reordering (ranks are contiguous)."""
    if not created:
        return
    first = created[0]
    persons = [m.person_id for m in created]
    held = load_terms(
        session,
        Membership.body_id == first.body_id,
        or_(Membership.municipality_id == first.municipality_id, Membership.person_id.in_(persons)),
    )
    for m in created:
        refuse(term_problems(term_of(m), held, None))
