"""Fritak (R-3): a member or deputy is released; the deputies below move up."""

from __future__ import annotations

import datetime as dt

from dvmeet.db.models import Membership
from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.domain.roles import chairs
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.registry._memberships import (
    check_new_terms,
    deputies_on,
    end_term,
    membership_by_id,
    replace_term,
)
from dvmeet.services.registry._terms import membership_out
from dvmeet.services.registry.models import ChangeResult, ReleaseIn, role_word
from dvmeet.services.registry.text import fmt_date, fmt_period

_ONE_DAY = dt.timedelta(days=1)


def release_member(ctx: Context, data: ReleaseIn) -> ChangeResult:
    """Fritak (R-3): the term ends the day before `from_date`; the deputies move up.

    A released member is followed by the first deputy (as medlem); the deputies after
    the released seat move one rank up. Every change ends a term and begins a new one.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        m = membership_by_id(s, data.membership_id)
        _require_active(m, data.from_date)
        below = [
            d
            for d in deputies_on(s, m.body_id, m.municipality_id, data.from_date)
            if d.id != m.id and (d.deputy_rank or 0) > (m.deputy_rank or 0)
        ]
        end_term(uow, m, data.from_date - _ONE_DAY, MembershipEnd.FRITAK)
        created = _move_up(uow, m, below, data)
        check_new_terms(s, created)
        uow.audit(
            "membership.release",
            "membership",
            m.id,
            {"from_date": data.from_date, "electing_decision": data.electing_decision},
        )
        ended = [x for x in (m, *below) if x.ended_reason is not None]
        return ChangeResult(
            ended=[membership_out(x) for x in ended],
            created=[membership_out(x) for x in created],
            notes=_release_notes(m, below, data.from_date),
        )


def _require_active(m: Membership, day: dt.date) -> None:
    if m.ended_reason is not None or not (m.valid_from < day <= (m.valid_to or dt.date.max)):
        raise InvalidInput(
            _(
                "{name} sin periode ({period}) gjeld ikkje {date} eller er alt avslutta, "
                "så fritak frå den datoen er ikkje mogleg."
            ).format(
                name=m.person.name,
                period=fmt_period(m.valid_from, m.valid_to),
                date=fmt_date(day),
            )
        )


def _move_up(
    uow: UnitOfWork, released: Membership, below: list[Membership], data: ReleaseIn
) -> list[Membership]:
    created: list[Membership] = []
    queue = list(below)
    start, decision = data.from_date, data.electing_decision
    if released.role is not Role.VARAMEDLEM and queue:
        first = queue.pop(0)
        created.append(
            replace_term(uow, first, start, Role.MEDLEM, None, decision, released.vote_weight)
        )
    rank = released.deputy_rank or 1
    for d in queue:
        if d.deputy_rank != rank:
            created.append(
                replace_term(uow, d, start, Role.VARAMEDLEM, rank, decision, d.vote_weight)
            )
        rank += 1
    return created


def _release_notes(m: Membership, below: list[Membership], from_date: dt.date) -> list[str]:
    notes: list[str] = []
    if chairs(m.role):
        notes.append(
            _(
                "{name} var {role} i {body}. Den som rykkjer opp, vert medlem; "
                "{role} må veljast på nytt."
            ).format(name=m.person.name, role=role_word(m.role), body=m.body.code)
        )
    if m.role is Role.VARAMEDLEM:
        return notes
    if not below:
        notes.append(
            _(
                "{municipality} har ingen varamedlem som kan rykkje opp, og har ingen "
                "medlem i {body} frå {date}. Før inn nyvalet når kommunen har valt."
            ).format(municipality=m.municipality.name, body=m.body.code, date=fmt_date(from_date))
        )
    elif len(below) == 1:
        notes.append(
            _(
                "{municipality} har ikkje lenger nokon varamedlem i {body}. "
                "Kommunen bør velje nye varamedlemer."
            ).format(municipality=m.municipality.name, body=m.body.code)
        )
    return notes
