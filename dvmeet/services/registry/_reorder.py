"""A new rank order for a seat's deputies (R-1), and taking a reordering back (undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dvmeet.db.models import AttendanceEvent, Body, Membership, Municipality
from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_versions
from dvmeet.services._lookup import ref_body, ref_municipality
from dvmeet.services.context import Context
from dvmeet.services.registry._memberships import (
    audit_payload,
    check_new_terms,
    deputies_on,
    membership_by_id,
    replace_term,
)
from dvmeet.services.registry._terms import membership_out
from dvmeet.services.registry.models import ChangeResult, ReorderDeputiesIn, UndoReorderIn
from dvmeet.services.registry.text import fmt_date

_ONE_DAY = dt.timedelta(days=1)


def reorder_deputies(ctx: Context, data: ReorderDeputiesIn) -> ChangeResult:
    """Give the deputies valid on `from_date` a new rank order from that date (R-1)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = ref_body(s, data.body_code)
        muni = ref_municipality(s, data.municipality_number)
        current = deputies_on(s, body.id, muni.id, data.from_date)
        ensure_versions(
            s,
            current,
            data.expected_versions,
            lambda: [membership_out(d) for d in current],
            _("vararekkjefølgja for {municipality} i {body}").format(
                municipality=muni.name, body=body.code
            ),
        )
        by_person = {d.person_id: d for d in current}
        order = data.person_ids_in_new_order
        if len(set(order)) != len(order) or set(order) != set(by_person):
            names = ", ".join(f"{d.person.name} ({d.person_id})" for d in current) or _("ingen")
            raise InvalidInput(
                _(
                    "Den nye rekkjefølgja må innehalde kvar varamedlem for {municipality} i "
                    "{body} per {date} nøyaktig éin gong: {names}."
                ).format(
                    municipality=muni.name,
                    body=body.code,
                    date=fmt_date(data.from_date),
                    names=names,
                )
            )
        ended = [by_person[p] for r, p in enumerate(order, 1) if by_person[p].deputy_rank != r]
        created = [
            replace_term(uow, by_person[p], data.from_date, Role.VARAMEDLEM, r,
                     data.electing_decision, by_person[p].vote_weight)
            for r, p in enumerate(order, 1)
            if by_person[p].deputy_rank != r
        ]  # fmt: skip
        check_new_terms(s, created)
        uow.audit(
            "membership.reorder",
            "body",
            body.id,
            {
                "municipality_number": muni.number,
                "person_ids_in_new_order": order,
                "from_date": data.from_date,
            },
        )
        return ChangeResult(
            ended=[membership_out(x) for x in ended],
            created=[membership_out(x) for x in created],
        )


def undo_reorder(ctx: Context, data: UndoReorderIn) -> ChangeResult:
    """Take back a reordering just made (undo): the terms it began are voided as entered by
    mistake (they stay in the history), and the terms it ended run on as before.

    Only the exact result of `reorder_deputies` is taken back, and only while the seat is as
    the reordering left it: refused (Conflict) when a term it began has ended, been changed
    or been used in a meeting's roll call since, and (RuleRefused) when a term restored
    would now clash with the registry. The returned `ended` are the voided terms, `created`
    the restored ones; `reorder_deputies` with the same input makes the change again.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = ref_body(s, data.body_code)
        muni = ref_municipality(s, data.municipality_number)
        created = [membership_by_id(s, i) for i in data.created_ids]
        ended = [membership_by_id(s, i) for i in data.ended_ids]
        follower = {n.person_id: n for n in created}
        if not _is_reorder_result(s, body, muni, data.from_date, ended, created):
            raise Conflict(
                _(
                    "Vararekkjefølgja for {municipality} i {body} er endra sidan, så endringa "
                    "kan ikkje takast tilbake. Endre rekkjefølgja på nytt i staden."
                ).format(municipality=muni.name, body=body.code)
            )
        for n in created:
            n.ended_reason = MembershipEnd.CORRECTED
        for m in ended:
            m.valid_to = follower[m.person_id].valid_to
            m.ended_reason = None
        s.flush()
        for n in created:
            uow.audit("membership.end", "membership", n.id, audit_payload(n))
        for m in ended:
            uow.audit("membership.restore", "membership", m.id, audit_payload(m))
        check_new_terms(s, ended)
        uow.audit(
            "membership.reorder.undo",
            "body",
            body.id,
            {
                "municipality_number": muni.number,
                "from_date": data.from_date,
                "voided": [n.id for n in created],
                "restored": [m.id for m in ended],
            },
        )
        return ChangeResult(
            ended=[membership_out(n) for n in created],
            created=[membership_out(m) for m in ended],
        )


def _is_reorder_result(
    session: Session,
    body: Body,
    muni: Municipality,
    from_date: dt.date,
    ended: Sequence[Membership],
    created: Sequence[Membership],
) -> bool:
    """True when `ended` and `created` are still exactly as a reordering from
    `from_date` left them: one ended and one begun term per person, in this seat."""
    persons = [n.person_id for n in created]
    if not created or len(set(persons)) != len(created) or len(ended) != len(created):
        return False
    if sorted(m.person_id for m in ended) != sorted(persons):
        return False
    for m in (*ended, *created):
        if (m.body_id, m.municipality_id, m.role) != (body.id, muni.id, Role.VARAMEDLEM):
            return False
    if any(n.valid_from != from_date or n.ended_reason is not None for n in created):
        return False
    last_day = from_date - _ONE_DAY
    if any(m.valid_to != last_day or m.ended_reason is not MembershipEnd.MOVED_UP for m in ended):
        return False
    ids = [n.id for n in created]
    used = session.scalar(
        select(func.count())
        .select_from(AttendanceEvent)
        .where(
            or_(AttendanceEvent.membership_id.in_(ids), AttendanceEvent.for_membership_id.in_(ids))
        )
    )
    return not used
