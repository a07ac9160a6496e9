"""A small representantskap for meeting tests: 7 municipalities, a member and two deputies each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dvmeet.domain.enums import BodyKind, LegalForm, MeetingForm, Role
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meeting_models import MeetingOut, PlanMeetingIn
from dvmeet.services.registry_models import BodyIn, CooperationIn, MembershipIn, PersonIn

MUNICIPALITIES = ("4601", "4602", "4611", "4612", "4613", "4614", "4615")
START = dt.date(2024, 1, 1)


@dataclass
class SeatIds:
    number: str
    member: int
    deputies: list[int]


@dataclass
class Body:
    code: str
    seats: list[SeatIds]

    def member(self, i: int) -> int:
        return self.seats[i].member

    def deputy(self, i: int, rank: int = 1) -> int:
        return self.seats[i].deputies[rank - 1]

    @property
    def members(self) -> list[int]:
        return [s.member for s in self.seats]


def make_body(
    ctx: Context, code: str = "RS", kind: BodyKind = BodyKind.ELECTED, municipalities: int = 7
) -> Body:
    registry.load_municipalities(ctx)
    if registry.get_cooperation(ctx) is None:
        registry.set_cooperation(
            ctx,
            CooperationIn(
                name="DigiVestland",
                legal_form=LegalForm.OPPGAVEFELLESSKAP,
                host_municipality_number="4601",
            ),
        )
    registry.create_body(
        ctx,
        BodyIn(code=code, name=f"Organ {code}", kind=kind, seats=municipalities, notice_days=14),
    )
    seats = []
    for i, number in enumerate(MUNICIPALITIES[:municipalities]):
        ids = []
        for j, role in enumerate((Role.MEDLEM, Role.VARAMEDLEM, Role.VARAMEDLEM)):
            person = registry.create_person(
                ctx, PersonIn(name=f"{code} Person {number}-{j}", municipality_number=number)
            )
            if role is Role.MEDLEM and i == 0:
                role = Role.LEIAR
            elif role is Role.MEDLEM and i == 1:
                role = Role.NESTLEIAR
            registry.add_membership(
                ctx,
                MembershipIn(
                    person_id=person.id,
                    body_code=code,
                    municipality_number=number,
                    role=role,
                    deputy_rank=j if role is Role.VARAMEDLEM else None,
                    valid_from=START,
                ),
            )
            ids.append(person.id)
        seats.append(SeatIds(number, ids[0], ids[1:]))
    return Body(code, seats)


def plan(
    ctx: Context,
    body: Body,
    day: dt.date = dt.date(2024, 12, 11),
    form: MeetingForm = MeetingForm.FYSISK,
) -> MeetingOut:
    return meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=day,
            start_time=dt.time(10, 0),
            place="Bergen rådhus",
            form=form,
        ),
    )
