"""Seats: who holds each municipality's seat in a body on a day, and the gender balance (R-4)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Membership, Municipality, Person
from dvmeet.domain.enums import Gender, Role
from dvmeet.domain.roles import role_rank
from dvmeet.errors import NotFound
from dvmeet.i18n import _
from dvmeet.services._lookup import find_body
from dvmeet.services.context import Context
from dvmeet.services.registry._terms import MEMBERSHIP_LOAD, active_on, membership_out
from dvmeet.services.registry.models import GenderBalanceOut, SeatOut


def _seat_memberships(session: Session, body_id: int, day: dt.date) -> list[Membership]:
    stmt = (
        select(Membership)
        .options(*MEMBERSHIP_LOAD)
        .where(Membership.body_id == body_id, *active_on(day))
    )
    return list(session.scalars(stmt).unique())


def _body_or_not_found(session: Session, code: str) -> Body:
    body = find_body(session, code)
    if body is None:
        raise NotFound(_("Organet «{code}» finst ikkje.").format(code=code))
    return body


def seats(ctx: Context, body_code: str, on_date: dt.date) -> list[SeatOut]:
    """Each municipality's member(s) and ranked deputies in a body on a day.

    Lists the municipalities participating that day (empty seats included) and any other
    municipality with a term that day. Three queries, whatever the number of seats.
    """
    with ctx.reading() as s:
        return seats_of(s, body_code, on_date)


def seats_of(s: Session, body_code: str, on_date: dt.date) -> list[SeatOut]:
    """`seats` within an open read."""
    body = _body_or_not_found(s, body_code)
    held = _seat_memberships(s, body.id, on_date)
    participants = s.scalars(
        select(Municipality).where(
            Municipality.participant_from <= on_date,
            or_(Municipality.participant_to.is_(None), Municipality.participant_to >= on_date),
        )
    ).all()
    by_muni: dict[str, list[Membership]] = defaultdict(list)
    names = {m.number: m.name for m in participants}
    for m in held:
        by_muni[m.municipality.number].append(m)
        names[m.municipality.number] = m.municipality.name
    return [_seat(number, names[number], by_muni[number]) for number in sorted(names)]


def _seat(number: str, name: str, held: list[Membership]) -> SeatOut:
    members = sorted((m for m in held if m.role is not Role.VARAMEDLEM), key=_seat_order)
    deputies = sorted((m for m in held if m.role is Role.VARAMEDLEM), key=_seat_order)
    return SeatOut(
        municipality_number=number,
        municipality_name=name,
        members=[membership_out(m) for m in members],
        deputies=[membership_out(m) for m in deputies],
    )


def _seat_order(m: Membership) -> tuple[int, int, dt.date, int]:
    return (role_rank(m.role), m.deputy_rank or 0, m.valid_from, m.id)


UNKNOWN_GENDER = "ukjent"


def gender_balance(ctx: Context, body_code: str, on_date: dt.date) -> GenderBalanceOut:
    """R-4: members and deputies per gender on a day; information, never a refusal."""
    with ctx.reading() as s:
        return gender_balance_of(s, body_code, on_date)


def gender_balance_of(s: Session, body_code: str, on_date: dt.date) -> GenderBalanceOut:
    """`gender_balance` within an open read."""
    body = _body_or_not_found(s, body_code)
    held = _seat_memberships(s, body.id, on_date)
    members = _count_genders(m.person for m in held if m.role is not Role.VARAMEDLEM)
    deputies = _count_genders(m.person for m in held if m.role is Role.VARAMEDLEM)
    return GenderBalanceOut(
        body_code=body.code, on_date=on_date, members=members, deputies=deputies
    )


def _count_genders(persons: Iterable[Person]) -> dict[str, int]:
    counts = {g.value: 0 for g in Gender} | {UNKNOWN_GENDER: 0}
    for p in {p.id: p for p in persons}.values():
        counts[p.gender.value if p.gender else UNKNOWN_GENDER] += 1
    return counts
