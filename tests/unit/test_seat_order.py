"""One order of the seats (issue 17): the body's seat order decides the order of the roll
call and of the vote grid alike; a custom order names known municipalities once each."""

from __future__ import annotations

import datetime as dt

import pytest

from dvmeet.domain.enums import BodyKind, LegalForm, Role, SeatOrder
from dvmeet.errors import InvalidInput
from dvmeet.services import attendance, meetings, registry
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.console import console_snapshot
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.registry.models import (
    BodyIn,
    BodyUpdate,
    CooperationIn,
    MembershipIn,
    PersonIn,
)

DAY = dt.date(2025, 3, 12)
# municipality number -> the member's name (surnames sort otherwise than the numbers)
MEMBERS = {
    "4601": "Kari Vik",  # Bergen
    "4602": "Ola Aas",  # Kinn
    "4611": "Per Moe",  # Etne
    "4612": "Siri Berg",  # Sveio
}


def _meeting(ctx: Context) -> int:
    registry.load_municipalities(ctx)
    registry.set_cooperation(
        ctx,
        CooperationIn(
            name="DigiVestland",
            legal_form=LegalForm.OPPGAVEFELLESSKAP,
            host_municipality_number="4601",
        ),
    )
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=4)
    )
    for i, (number, name) in enumerate(MEMBERS.items()):
        person = registry.create_person(ctx, PersonIn(name=name, municipality_number=number))
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code="RS",
                municipality_number=number,
                role=Role.LEIAR if i == 0 else Role.MEDLEM,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=DAY, start_time=dt.time(10), place="Bergen")
    )
    case = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Budsjett")).id
    meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=DAY - dt.timedelta(days=20))
    )
    for seat in attendance.roll_call(ctx, meeting.id).seats_list:
        for member in seat.members:
            attendance.mark_present(
                ctx, PresenceIn(meeting_id=meeting.id, person_id=member.person_id)
            )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    attendance.set_current_case(ctx, meeting.id, case)
    return meeting.id


def _orders(ctx: Context, meeting_id: int) -> tuple[list[str], list[str]]:
    """The members' names in the roll call's and in the vote grid's order."""
    snap = console_snapshot(ctx, meeting_id)
    assert snap.case is not None
    roll = [h.name for seat in snap.roll.seats_list for h in seat.members]
    grid = [v.name for v in snap.case.voters.voters]
    return roll, grid


@pytest.mark.parametrize(
    ("order", "places", "expected"),
    [
        (SeatOrder.MUNICIPALITY_NUMBER, [], ["Kari Vik", "Ola Aas", "Per Moe", "Siri Berg"]),
        # Bergen, Etne, Kinn, Sveio
        (SeatOrder.MUNICIPALITY_NAME, [], ["Kari Vik", "Per Moe", "Ola Aas", "Siri Berg"]),
        (SeatOrder.SURNAME, [], ["Ola Aas", "Siri Berg", "Per Moe", "Kari Vik"]),
        # the custom order names three; the fourth follows
        (
            SeatOrder.CUSTOM,
            ["4612", "4601", "4611"],
            ["Siri Berg", "Kari Vik", "Per Moe", "Ola Aas"],
        ),
    ],
)
def test_roll_call_and_vote_grid_follow_the_bodys_seat_order(
    ctx: Context, order: SeatOrder, places: list[str], expected: list[str]
) -> None:
    meeting_id = _meeting(ctx)
    body = next(b for b in registry.list_bodies(ctx) if b.code == "RS")
    assert body.seat_order is SeatOrder.MUNICIPALITY_NUMBER and body.seat_places == []
    changed = registry.update_body(
        ctx,
        BodyUpdate(code="RS", seat_order=order, seat_places=places, expected_version=body.version),
    )
    assert (changed.seat_order, changed.seat_places) == (order, places)
    roll, grid = _orders(ctx, meeting_id)
    assert roll == expected
    assert grid == expected


def test_a_custom_order_with_an_unknown_or_repeated_municipality_is_refused(
    ctx: Context,
) -> None:
    meeting_id = _meeting(ctx)
    before = _orders(ctx, meeting_id)
    body = next(b for b in registry.list_bodies(ctx) if b.code == "RS")
    for places, words in ((["4601", "9999"], "9999"), (["4601", "4601"], "éin gong")):
        with pytest.raises(InvalidInput, match=words):
            registry.update_body(
                ctx,
                BodyUpdate(
                    code="RS",
                    seat_order=SeatOrder.CUSTOM,
                    seat_places=places,
                    expected_version=body.version,
                ),
            )
    after = next(b for b in registry.list_bodies(ctx) if b.code == "RS")
    assert (after.seat_order, after.seat_places, after.version) == (
        SeatOrder.MUNICIPALITY_NUMBER,
        [],
        body.version,
    )
    assert _orders(ctx, meeting_id) == before
