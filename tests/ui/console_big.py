"""A representantskap of 43 (one member from each municipality of Vestland, each with a
first deputy) and a meeting planned with three cases, made with the services, for the
console's flow tests (issue 17)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dvmeet.domain.enums import BodyKind, ClosureBasis, LegalForm, Role
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn

DAY = dt.date(2026, 3, 11)
FIRST = [
    "Anne",
    "Bjørn",
    "Cecilie",
    "Dag",
    "Eva",
    "Frode",
    "Gro",
    "Hans",
    "Ingrid",
    "Jon",
    "Kari",
    "Leif",
    "Mari",
    "Nils",
    "Oda",
    "Per",
    "Randi",
    "Sverre",
    "Tone",
    "Uno",
    "Vigdis",
    "Åse",
    "Arne",
    "Berit",
    "Carl",
    "Dina",
    "Erik",
    "Frida",
    "Geir",
    "Hilde",
    "Ivar",
    "Janne",
    "Knut",
    "Liv",
    "Magnus",
    "Nora",
    "Olav",
    "Pia",
    "Rune",
    "Siri",
    "Tor",
    "Unni",
    "Vidar",
]
LAST = [
    "Aasen",
    "Bakke",
    "Dahl",
    "Eide",
    "Fjeld",
    "Gjerde",
    "Haugland",
    "Iversen",
    "Jensen",
    "Kvamme",
    "Lie",
    "Moe",
    "Nesse",
    "Opheim",
    "Pedersen",
    "Qvale",
    "Rød",
    "Sandvik",
    "Tveit",
    "Ulvik",
    "Vik",
    "Wiik",
    "Ystad",
    "Ådland",
    "Berge",
    "Brekke",
    "Dale",
    "Eriksen",
    "Fosse",
    "Grønner",
    "Hauge",
    "Isaksen",
    "Johnsen",
    "Kleppe",
    "Lunde",
    "Myklebust",
    "Nygård",
    "Olsen",
    "Rasmussen",
    "Sælen",
    "Thorsen",
    "Vatle",
    "Øvrebø",
]


@dataclass
class Big:
    meeting_id: int
    members: list[int]  # in municipality number order
    deputies: dict[int, int]  # member -> first deputy
    names: dict[int, str]
    cases: dict[str, int] = field(default_factory=dict)


def make_big_meeting(ctx: Context) -> Big:
    assert len(FIRST) == len(LAST) == 43
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
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43)
    )
    numbers = sorted(m.number for m in registry.list_municipalities(ctx))
    assert len(numbers) == 43
    members: list[int] = []
    deputies: dict[int, int] = {}
    names: dict[int, str] = {}
    for i, number in enumerate(numbers):
        name = f"{FIRST[i]} {LAST[i]}"
        member = registry.create_person(ctx, PersonIn(name=name, municipality_number=number))
        role = Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 1 else Role.MEDLEM
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=member.id,
                body_code="RS",
                municipality_number=number,
                role=role,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
        deputy_name = f"Vara {LAST[i]}"
        deputy = registry.create_person(ctx, PersonIn(name=deputy_name, municipality_number=number))
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=deputy.id,
                body_code="RS",
                municipality_number=number,
                role=Role.VARAMEDLEM,
                deputy_rank=1,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
        members.append(member.id)
        deputies[member.id] = deputy.id
        names[member.id] = name
        names[deputy.id] = deputy_name
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=DAY, start_time=dt.time(10, 0), place="Bergen"),
    )
    big = Big(meeting.id, members, deputies, names)
    big.cases["budget"] = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Budsjett 2027",
            recommendation="Budsjettet for 2027 vert vedteke.",
        ),
    ).id
    big.cases["closed"] = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Tilsetjing av dagleg leiar – Kari Nordmann",
            public_title="Tilsetjing av dagleg leiar",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 25",
            recommendation="Kari Nordmann vert tilsett.",
        ),
    ).id
    big.cases["accounts"] = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Rekneskap 2025",
            recommendation="Rekneskapen for 2025 vert godkjend.",
        ),
    ).id
    meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=DAY - dt.timedelta(days=20))
    )
    return big
