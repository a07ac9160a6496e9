"""A small representantskap and a planned constituent meeting, made with the services
(7 municipalities, a member and two ranked deputies each), for the console tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dvmeet.domain.enums import BodyKind, ClosureBasis, DocumentKind, LegalForm, MeetingKind, Role
from dvmeet.services import governing, meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn

MUNICIPALITIES = ("4601", "4602", "4611", "4612", "4613", "4614", "4615")
DAY = dt.date(2024, 12, 11)


@dataclass
class Setup:
    meeting_id: int
    members: list[int]
    deputies: list[list[int]]
    names: dict[int, str]
    cases: dict[str, int] = field(default_factory=dict)


def make_meeting(ctx: Context) -> Setup:
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
        ctx,
        BodyIn(
            code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=7, notice_days=14
        ),
    )
    members: list[int] = []
    deputies: list[list[int]] = []
    names: dict[int, str] = {}
    for i, number in enumerate(MUNICIPALITIES):
        ids = []
        for j in range(3):
            name = f"{'Medlem' if j == 0 else f'Vara{j}'} {number}"
            person = registry.create_person(ctx, PersonIn(name=name, municipality_number=number))
            role = Role.VARAMEDLEM
            if j == 0:
                role = Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 1 else Role.MEDLEM
            registry.add_membership(
                ctx,
                MembershipIn(
                    person_id=person.id,
                    body_code="RS",
                    municipality_number=number,
                    role=role,
                    deputy_rank=j if j else None,
                    valid_from=dt.date(2024, 1, 1),
                ),
            )
            ids.append(person.id)
            names[person.id] = name
        members.append(ids[0])
        deputies.append(ids[1:])
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=DAY,
            start_time=dt.time(10, 0),
            place="Bergen rådhus",
            kind=MeetingKind.CONSTITUENT,
        ),
    )
    setup = Setup(meeting.id, members, deputies, names)
    for kind, title in (
        (DocumentKind.MANDAT, "Mandat for styringsgruppa"),
        (DocumentKind.STRATEGI, "Strategi 2025–2028"),
        (DocumentKind.OPPDRAGSBREV, "Oppdragsbrev 2025"),
    ):
        doc = governing.create_document(ctx, governing.DocumentIn(kind=kind, title=title))
        governing.add_version(ctx, governing.VersionIn(document_id=doc.id, content=f"{title} v1"))
        version = governing.add_version(
            ctx, governing.VersionIn(document_id=doc.id, content=f"{title} v2")
        )
        setup.cases[kind.value] = meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting.id,
                title=title,
                recommendation=f"{title} vert vedteke.",
                document_version_id=version.id,
            ),
        ).id
    setup.cases["fee"] = meetings.add_case(
        ctx,
        CaseIn(meeting_id=meeting.id, title="Møtegodtgjersle", recommendation="Ingen godtgjersle."),
    ).id
    setup.cases["closed"] = meetings.add_case(
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
    sent = meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=DAY - dt.timedelta(days=20))
    )
    for case in sent.cases:
        if case.standing is not None:
            setup.cases[case.standing.value] = case.id
    return setup
