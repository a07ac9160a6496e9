"""A small representantskap for meeting tests: 7 municipalities, a member and two deputies each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL

from dvmeet.domain.enums import BodyKind, LegalForm, MeetingForm, ProposalKind, Role
from dvmeet.services import attendance, meetings, registry, voting
from dvmeet.services.attendance.models import ForfallIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, CaseOut, MeetingOut, PlanMeetingIn
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn
from dvmeet.services.voting.models import ProposalOut

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
    ctx: Context,
    code: str = "RS",
    kind: BodyKind = BodyKind.ELECTED,
    municipalities: int = 7,
    *,
    weights: Sequence[int] | None = None,
) -> Body:
    """``weights`` (one per municipality) makes a body with weighted votes (Q-7)."""
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
        BodyIn(
            code=code,
            name=f"Organ {code}",
            kind=kind,
            seats=municipalities,
            notice_days=14,
            weighted_votes=weights is not None,
        ),
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
                    vote_weight=weights[i] if weights is not None else 1,
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


def add_case(ctx: Context, meeting_id: int, title: str = "Sak", **fields: Any) -> CaseOut:
    fields.setdefault("recommendation", f"{title}: framlegget vert vedteke.")
    return meetings.add_case(ctx, CaseIn(meeting_id=meeting_id, title=title, **fields))


def running(
    ctx: Context,
    body: Body,
    *,
    cases: int = 1,
    present: Sequence[int] | None = None,
    forfall: Sequence[int] = (),
    day: dt.date = dt.date(2025, 3, 12),
    case_fields: dict[str, Any] | None = None,
) -> tuple[MeetingOut, list[CaseOut]]:
    """A meeting in progress with ``cases`` ordinary cases (before eventuelt). ``present``
    defaults to every member; ``forfall`` members are recorded with forfall."""
    meeting = plan(ctx, body, day)
    added = [add_case(ctx, meeting.id, f"Sak {i + 1}", **(case_fields or {})) for i in range(cases)]
    for person in body.members if present is None else present:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=person))
    for person in forfall:
        attendance.mark_forfall(ctx, ForfallIn(meeting_id=meeting.id, person_id=person))
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(day, dt.time(10)))
    )
    by_id = {c.id: c for c in opened.cases}
    return opened, [by_id[c.id] for c in added]


def recommendation(ctx: Context, case_id: int) -> ProposalOut:
    return next(p for p in voting.proposals(ctx, case_id) if p.kind is ProposalKind.RECOMMENDATION)


def snapshot_all(url: URL) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a failed call left the database as it was."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: sorted(
                    (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),
                    key=repr,
                )
                for table in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()
