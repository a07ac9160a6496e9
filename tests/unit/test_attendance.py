"""The attendance timeline (A-1), deputies in rank order (R-1), forfall reasons (R-5)."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_setup import make_body, running
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from dvmeet.domain.enums import AttendanceKind
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.services import attendance, minutes
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    PresenceIn,
    RollCallIn,
)
from dvmeet.services.context import Context

DAY = dt.date(2025, 3, 12)


def _voter_ids(ctx: Context, case_id: int) -> set[int]:
    return {v.person_id for v in attendance.voters(ctx, case_id).voters}


def test_present_and_forfall_with_reason_kept_apart(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    m, (case,) = running(ctx, body, present=body.members[:6])
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=m.id, person_id=body.member(6), reason="Sjukehusopphald")
    )
    entries = attendance.attendance_entries(ctx, m.id)
    assert [e.kind for e in entries] == [AttendanceKind.PRESENT] * 6 + [AttendanceKind.FORFALL]
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = list(conn.execute(text("SELECT meeting_id, reason FROM absence_reason")))
    finally:
        engine.dispose()
    assert rows == [(m.id, "Sjukehusopphald")]

    out = attendance.voters(ctx, case.id)
    assert out.quorum_text == "6 av 7" and out.quorate
    assert body.member(6) not in _voter_ids(ctx, case.id)

    roll = attendance.roll_call(ctx, m.id)
    status = {h.person_id: h.status for seat in roll.seats_list for h in seat.members}
    assert status[body.member(6)] == "forfall" and status[body.member(0)] == "present"

    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    for public in (False, True):
        draft = minutes.minutes_draft(ctx, m.id, public=public)
        assert "Sjukehusopphald" not in draft.model_dump_json()
        assert [a.name for a in draft.absent] == ["RS Person 4615-0"]


def test_deputy_in_rank_order_from_the_same_municipality(ctx: Context) -> None:
    body = make_body(ctx)
    m, (case,) = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    member = body.member(6)

    with pytest.raises(RuleRefused) as err:  # rank 2 while rank 1 can meet
        attendance.call_deputy(
            ctx, DeputyIn(meeting_id=m.id, deputy_person_id=body.deputy(6, 2), for_person_id=member)
        )
    assert err.value.rule_id == "R-1"
    with pytest.raises(RuleRefused) as err:  # a deputy of another municipality
        attendance.call_deputy(
            ctx, DeputyIn(meeting_id=m.id, deputy_person_id=body.deputy(5), for_person_id=member)
        )
    assert err.value.rule_id == "R-1"
    with pytest.raises(Conflict):  # the member meets in person
        attendance.call_deputy(
            ctx,
            DeputyIn(
                meeting_id=m.id, deputy_person_id=body.deputy(0), for_person_id=body.member(0)
            ),
        )
    with pytest.raises(InvalidInput):  # a member cannot stand in as a deputy
        attendance.call_deputy(
            ctx, DeputyIn(meeting_id=m.id, deputy_person_id=body.member(5), for_person_id=member)
        )
    assert _voter_ids(ctx, case.id) == set(body.members[:6])

    # Rank 1 has forfall too: now rank 2 is the one to call.
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=m.id, person_id=body.deputy(6, 1)))
    attendance.call_deputy(
        ctx, DeputyIn(meeting_id=m.id, deputy_person_id=body.deputy(6, 2), for_person_id=member)
    )
    out = attendance.voters(ctx, case.id)
    deputy = next(v for v in out.voters if v.person_id == body.deputy(6, 2))
    assert deputy.is_deputy and deputy.seat_person_id == member
    assert out.quorum_text == "7 av 7"
    entries = attendance.attendance_entries(ctx, m.id)
    assert entries[-1].kind is AttendanceKind.DEPUTY and entries[-1].for_person_id == member


def test_rank_one_deputy_can_be_called(ctx: Context) -> None:
    body = make_body(ctx)
    m, (case,) = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    attendance.call_deputy(
        ctx,
        DeputyIn(meeting_id=m.id, deputy_person_id=body.deputy(6), for_person_id=body.member(6)),
    )
    assert body.deputy(6) in _voter_ids(ctx, case.id)
    with pytest.raises(Conflict):  # already meeting
        attendance.call_deputy(
            ctx,
            DeputyIn(
                meeting_id=m.id, deputy_person_id=body.deputy(6), for_person_id=body.member(6)
            ),
        )


def test_a_deputy_cannot_be_marked_present_in_their_own_seat(ctx: Context) -> None:
    body = make_body(ctx)
    m, (case,) = running(ctx, body)
    with pytest.raises(InvalidInput):
        attendance.mark_present(ctx, PresenceIn(meeting_id=m.id, person_id=body.deputy(3)))
    assert attendance.voters(ctx, case.id).quorum_text == "7 av 7"


def test_arrival_at_a_case_counts_from_that_case_on(ctx: Context) -> None:
    body = make_body(ctx)
    m, cases = running(ctx, body, cases=3, present=body.members[:6])
    # positions: 1 notice approval, 2 signatories, 3..5 the three cases, 6 eventuelt
    third = m.cases[2]
    assert third.position == 3 and third.id == cases[0].id
    late = body.member(6)
    attendance.mark_present(
        ctx, PresenceIn(meeting_id=m.id, person_id=late, case_id=third.id, at_time=dt.time(10, 40))
    )
    assert late not in _voter_ids(ctx, m.cases[0].id)
    assert late not in _voter_ids(ctx, m.cases[1].id)
    for c in m.cases[2:]:
        assert late in _voter_ids(ctx, c.id)
    assert attendance.voters(ctx, m.cases[1].id).quorum_text == "6 av 7"
    assert attendance.voters(ctx, third.id).quorum_text == "7 av 7"
    entry = attendance.attendance_entries(ctx, m.id)[-1]
    assert entry.kind is AttendanceKind.ARRIVED and entry.case_label == third.label


def test_leaving_at_a_case_removes_the_member_from_that_case_on(ctx: Context) -> None:
    body = make_body(ctx)
    m, cases = running(ctx, body, cases=3)
    leaver = body.member(4)
    attendance.mark_left(
        ctx, PresenceIn(meeting_id=m.id, person_id=leaver, case_id=cases[1].id, at_time=dt.time(11))
    )
    assert leaver in _voter_ids(ctx, cases[0].id)
    assert leaver not in _voter_ids(ctx, cases[1].id)
    assert leaver not in _voter_ids(ctx, cases[2].id)
    assert attendance.voters(ctx, cases[1].id).quorum_text == "6 av 7"
    with pytest.raises(InvalidInput):  # leaving needs the case
        attendance.mark_left(ctx, PresenceIn(meeting_id=m.id, person_id=body.member(3)))

    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    draft = minutes.minutes_draft(ctx, m.id)
    move = next(x for x in draft.movements if x.kind == "gjekk")
    assert move.at_time == dt.time(11) and move.case_label == cases[1].label
    assert "RS Person 4613-0" in {p.name for p in draft.present}


def test_member_taking_the_seat_back_from_the_deputy(ctx: Context) -> None:
    body = make_body(ctx)
    m, cases = running(ctx, body, cases=2, present=body.members[:6], forfall=[body.member(6)])
    attendance.call_deputy(
        ctx,
        DeputyIn(meeting_id=m.id, deputy_person_id=body.deputy(6), for_person_id=body.member(6)),
    )
    attendance.mark_present(
        ctx, PresenceIn(meeting_id=m.id, person_id=body.member(6), case_id=cases[1].id)
    )
    assert body.deputy(6) in _voter_ids(ctx, cases[0].id)
    assert body.member(6) not in _voter_ids(ctx, cases[0].id)
    assert _voter_ids(ctx, cases[1].id) == set(body.members)


def test_roll_call_in_one_step(ctx: Context) -> None:
    body = make_body(ctx)
    m, (case,) = running(ctx, body, present=[])
    out = attendance.record_roll_call(
        ctx,
        RollCallIn(
            meeting_id=m.id,
            present=body.members[:5],
            forfall={body.member(5): "Ferie", body.member(6): None},
            deputies={body.deputy(5): body.member(5), body.deputy(6): body.member(6)},
        ),
    )
    assert out.present == 7 and out.quorum_text == "7 av 7" and out.quorate
    assert attendance.voters(ctx, case.id).quorum_text == "7 av 7"


def test_a_person_without_a_seat_cannot_attend(ctx: Context) -> None:
    body = make_body(ctx)
    other = make_body(ctx, "KDM")
    m, _ = running(ctx, body, present=[])
    with pytest.raises(InvalidInput, match="har ikkje sete"):
        attendance.mark_present(ctx, PresenceIn(meeting_id=m.id, person_id=other.member(0)))
