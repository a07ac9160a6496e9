"""Taking back a reordering of deputies (undo): exact, atomic, refused once the seat moved on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dvmeet.db.models import AttendanceEvent
from dvmeet.domain.enums import AttendanceKind, BodyKind, MembershipEnd, Role
from dvmeet.errors import Conflict, RuleRefused
from dvmeet.services import meetings
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import PlanMeetingIn
from dvmeet.services.registry import (
    add_membership,
    create_body,
    create_person,
    end_membership,
    load_municipalities,
    person_history,
    reorder_deputies,
    seats,
    set_participation,
    undo_reorder,
    update_person,
)
from dvmeet.services.registry.models import (
    BodyIn,
    ChangeResult,
    EndMembershipIn,
    MembershipIn,
    ParticipationIn,
    PersonIn,
    PersonUpdate,
    ReorderDeputiesIn,
    UndoReorderIn,
)

START = dt.date(2025, 1, 1)
END = dt.date(2028, 12, 31)
DAY = dt.date(2026, 9, 1)
KINN = "4602"


@pytest.fixture
def kinn(ctx: Context) -> dict[str, int]:
    """Kinn in RS with a member and three ranked deputies, all for 2025–2028."""
    load_municipalities(ctx)
    set_participation(ctx, ParticipationIn(number=KINN, participant_from=START))
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    ids: dict[str, int] = {}
    for rank, name in enumerate(("Anne", "Bjørn", "Cecilie", "Dag")):
        ids[name] = create_person(ctx, PersonIn(name=name, municipality_number=KINN)).id
        add_membership(
            ctx,
            MembershipIn(
                person_id=ids[name],
                body_code="RS",
                municipality_number=KINN,
                role=Role.VARAMEDLEM if rank else Role.MEDLEM,
                deputy_rank=rank or None,
                valid_from=START,
                valid_to=END,
                electing_decision="KS-sak 12/24",
            ),
        )
    return ids


def deputies(ctx: Context, day: dt.date) -> list[tuple[int | None, str]]:
    seat = next(s for s in seats(ctx, "RS", day) if s.municipality_number == KINN)
    return [(d.deputy_rank, d.person_name) for d in seat.deputies]


def reorder(ctx: Context, ids: dict[str, int], *names: str) -> ChangeResult:
    return reorder_deputies(
        ctx,
        ReorderDeputiesIn(
            body_code="RS",
            municipality_number=KINN,
            person_ids_in_new_order=[ids[n] for n in names],
            from_date=DAY,
        ),
    )


def undo_of(result: ChangeResult) -> UndoReorderIn:
    return UndoReorderIn(
        body_code="RS",
        municipality_number=KINN,
        from_date=DAY,
        ended_ids=[m.id for m in result.ended],
        created_ids=[m.id for m in result.created],
    )


def terms(ctx: Context, ids: dict[str, int]) -> list[tuple[Any, ...]]:
    """Every term that counts (voided ones left out), as the registry answers with them."""
    return sorted(
        (m.person_name, m.deputy_rank, m.valid_from, m.valid_to, m.ended_reason)
        for pid in ids.values()
        for m in person_history(ctx, pid)
        if m.ended_reason is not MembershipEnd.CORRECTED
    )


def test_undo_restores_the_order_exactly_and_redo_reorders_again(
    ctx: Context, kinn: dict[str, int]
) -> None:
    before = terms(ctx, kinn)
    result = reorder(ctx, kinn, "Dag", "Bjørn", "Cecilie")
    assert deputies(ctx, DAY) == [(1, "Dag"), (2, "Bjørn"), (3, "Cecilie")]

    undone = undo_reorder(ctx, undo_of(result))
    assert deputies(ctx, DAY) == [(1, "Bjørn"), (2, "Cecilie"), (3, "Dag")]
    assert terms(ctx, kinn) == before  # the old terms run on to 2028 as if nothing happened
    assert {m.id for m in undone.ended} == {m.id for m in result.created}
    assert all(m.ended_reason is MembershipEnd.CORRECTED for m in undone.ended)
    # The voided terms stay in the history as corrections (R-2: nothing is overwritten).
    dag = person_history(ctx, kinn["Dag"])
    assert [m.ended_reason for m in dag] == [MembershipEnd.CORRECTED, None]

    again = reorder(ctx, kinn, "Dag", "Bjørn", "Cecilie")  # redo
    assert deputies(ctx, DAY) == [(1, "Dag"), (2, "Bjørn"), (3, "Cecilie")]
    undo_reorder(ctx, undo_of(again))
    assert terms(ctx, kinn) == before


def test_undo_is_refused_when_the_seat_changed_since(ctx: Context, kinn: dict[str, int]) -> None:
    result = reorder(ctx, kinn, "Dag", "Bjørn", "Cecilie")
    dag = next(m for m in result.created if m.person_name == "Dag")
    end_membership(
        ctx,
        EndMembershipIn(
            membership_id=dag.id, valid_to=dt.date(2027, 1, 1), reason=MembershipEnd.TERM
        ),
    )
    with pytest.raises(Conflict, match="endra sidan"):
        undo_reorder(ctx, undo_of(result))
    assert deputies(ctx, DAY) == [(1, "Dag"), (2, "Bjørn"), (3, "Cecilie")]


def test_undo_is_refused_twice_and_for_ids_that_are_not_a_reordering(
    ctx: Context, kinn: dict[str, int]
) -> None:
    result = reorder(ctx, kinn, "Dag", "Bjørn", "Cecilie")
    undo_reorder(ctx, undo_of(result))
    with pytest.raises(Conflict):
        undo_reorder(ctx, undo_of(result))
    swapped = undo_of(result).model_copy(
        update={"ended_ids": [m.id for m in result.created], "created_ids": []}
    )
    with pytest.raises(Conflict):
        undo_reorder(ctx, swapped)


def test_undo_is_refused_once_a_term_it_began_was_used_in_a_meeting(
    ctx: Context, kinn: dict[str, int]
) -> None:
    result = reorder(ctx, kinn, "Dag", "Bjørn", "Cecilie")
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=DAY, start_time=dt.time(10), place="Florø")
    )
    dag = next(m for m in result.created if m.person_name == "Dag")
    with ctx.unit_of_work() as uow:  # the roll call of that meeting named Dag's new term
        uow.session.add(
            AttendanceEvent(
                meeting_id=meeting.id,
                person_id=dag.person_id,
                membership_id=dag.id,
                kind=AttendanceKind.PRESENT,
                sequence=1,
            )
        )
    with pytest.raises(Conflict, match="endra sidan"):
        undo_reorder(ctx, undo_of(result))


def test_undo_is_refused_as_a_whole_when_a_restored_term_breaks_a_rule(
    ctx: Context, kinn: dict[str, int]
) -> None:
    result = reorder(ctx, kinn, "Bjørn", "Dag", "Cecilie")
    # Dag has moved to Bergen since: a term for him as Kinn's deputy would break R-1.
    update_person(ctx, PersonUpdate(id=kinn["Dag"], municipality_number="4601"))
    with pytest.raises(RuleRefused) as refused:
        undo_reorder(ctx, undo_of(result))
    assert refused.value.rule_id == "R-1"
    # Nothing was voided or restored: the seat is as the reordering left it.
    assert deputies(ctx, DAY) == [(1, "Bjørn"), (2, "Dag"), (3, "Cecilie")]
    assert all(m.ended_reason is None for m in person_history(ctx, kinn["Cecilie"])[:1])
