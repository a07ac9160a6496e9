"""What a resumed console reads (issue 17), on both engines: the meeting under way (an
opened meeting before one whose roll call has only begun), the last moment saved, and a
vote draft's method with its ticks."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import BodyKind, LegalForm, Role, VoteMethod
from dvmeet.services import attendance, meetings, registry, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.console import console_snapshot, meeting_in_progress
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn
from dvmeet.services.voting import VoteDraftIn

DAY = dt.date(2025, 3, 12)


def _setup(ctx: Context) -> tuple[list[int], list[int], list[int]]:
    """Two meetings of a body of three; returns (members, meetings, cases)."""
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
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=3)
    )
    members = []
    for i, number in enumerate(("4601", "4602", "4611")):
        person = registry.create_person(
            ctx, PersonIn(name=f"Medlem {number}", municipality_number=number)
        )
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code="RS",
                municipality_number=number,
                role=Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 1 else Role.MEDLEM,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
        members.append(person.id)
    ids, cases = [], []
    for day in (DAY, DAY + dt.timedelta(days=7)):
        meeting = meetings.plan_meeting(
            ctx, PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Bergen")
        )
        cases.append(
            meetings.add_case(
                ctx, CaseIn(meeting_id=meeting.id, title="Budsjett", recommendation="Vedteke.")
            ).id
        )
        meetings.send_notice(
            ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=day - dt.timedelta(days=20))
        )
        ids.append(meeting.id)
    return members, ids, cases


def test_the_meeting_under_way_and_where_it_stopped(ctx: Context) -> None:
    members, (first, second), (case, _other) = _setup(ctx)
    assert meeting_in_progress(ctx) is None  # nothing begun: the app opens as it was
    snap = console_snapshot(ctx, first)
    assert snap.last_saved_at is None

    # the roll call of the second meeting begun: that one is resumed
    before = dt.datetime.now() - dt.timedelta(minutes=1)
    attendance.mark_present(ctx, PresenceIn(meeting_id=second, person_id=members[0]))
    assert meeting_in_progress(ctx) == second
    saved = console_snapshot(ctx, second).last_saved_at
    assert saved is not None and before <= saved <= dt.datetime.now() + dt.timedelta(minutes=1)

    # the first meeting opened: an opened meeting goes before a roll call only begun
    for person in members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=first, person_id=person))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=first, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    attendance.set_current_case(ctx, first, case)
    assert meeting_in_progress(ctx) == first

    # a count with named dissenters typed: the draft keeps the method and the ticks
    voting.save_vote_draft(
        ctx,
        VoteDraftIn(
            case_id=case,
            proposal_id=voting.proposals(ctx, case)[0].id,
            ballots={members[2]: "mot"},
            method=VoteMethod.COUNTS,
        ),
    )
    snap = console_snapshot(ctx, first)
    assert snap.case is not None and snap.case.draft is not None
    assert snap.case.draft.method is VoteMethod.COUNTS
    assert snap.case.draft.ballots == {members[2]: "mot"}
    assert snap.last_saved_at is not None and snap.last_saved_at >= saved
