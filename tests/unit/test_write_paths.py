"""The console's lean write paths (issue 21) give what the long ways gave: the audit chain
across savepoints when the head is remembered, the timeline from one query, a recorded
vote returned as it reads back. Both engines."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meeting_setup import make_body, recommendation, running
from sqlalchemy import select

from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.models import AttendanceEvent, AuditEvent, Case, Membership
from dvmeet.domain.attendance import TimelineEvent, present_at
from dvmeet.domain.enums import AttendanceKind, BallotChoice, VoteMethod
from dvmeet.errors import InvalidInput
from dvmeet.services import attendance, voting
from dvmeet.services._records import attendance_timeline
from dvmeet.services.attendance.models import DeputyIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.voting.models import VoteIn


def _events(ctx: Context) -> list[tuple[int, str, str]]:
    with ctx.reading() as s:
        return [
            (e.id, e.prev_hash, e.hash)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_the_chain_holds_when_a_savepoint_is_rolled_back_or_released(ctx: Context) -> None:
    make_body(ctx, municipalities=1)
    before = len(_events(ctx))
    with ctx.unit_of_work() as uow:
        uow.audit("meeting.test", "meeting", 1, {"n": 1})  # kept
        rolled = uow.session.begin_nested()
        uow.audit("meeting.test", "meeting", 1, {"n": 2})  # rolled back with the savepoint
        rolled.rollback()
        uow.audit("meeting.test", "meeting", 1, {"n": 3})  # chained to n=1
        with uow.session.begin_nested():
            uow.audit("meeting.test", "meeting", 1, {"n": 4})  # released: kept
        uow.audit("meeting.test", "meeting", 1, {"n": 5})  # chained to n=4
        uow.audit("meeting.test", "meeting", 1, {"n": 6})
    events = _events(ctx)[before:]
    assert len(events) == 5
    for (_i, _p, head), (_j, prev, _h) in itertools.pairwise(events):
        assert prev == head
    with ctx.reading() as s:
        report = verify_audit_chain(s)
        payloads = list(
            s.scalars(
                select(AuditEvent.payload)
                .where(AuditEvent.action == "meeting.test")
                .order_by(AuditEvent.id)
            )
        )
    assert report.broken_at is None, report
    assert report.head == events[-1][2]
    assert payloads == ['{"n":1}', '{"n":3}', '{"n":4}', '{"n":5}', '{"n":6}']


def test_the_head_is_read_again_in_the_next_transaction(ctx: Context) -> None:
    """Two units of work, an event written between them outside the services: the second
    chains to that event, not to what the first wrote."""
    make_body(ctx, municipalities=1)
    with ctx.unit_of_work() as uow:
        uow.audit("meeting.test", "meeting", 1, {"n": 1})
    with ctx.unit_of_work() as uow:  # another writer's event, through the same function
        uow.audit("meeting.test", "meeting", 1, {"n": 2})
    with ctx.unit_of_work() as uow:
        uow.audit("meeting.test", "meeting", 1, {"n": 3})
    last3 = _events(ctx)[-3:]
    assert last3[1][1] == last3[0][2] and last3[2][1] == last3[1][2]
    with ctx.reading() as s:
        assert verify_audit_chain(s).broken_at is None


def _reference_timeline(ctx: Context, meeting_id: int) -> list[TimelineEvent]:
    """The timeline built from the event objects, as before issue 21's one query."""
    with ctx.reading() as s:
        positions = dict(
            s.execute(select(Case.id, Case.position).where(Case.meeting_id == meeting_id)).all()
        )
        holders = dict(s.execute(select(Membership.id, Membership.person_id)).all())
        return [
            TimelineEvent(
                sequence=e.sequence,
                person_id=e.person_id,
                kind=e.kind,
                at_position=positions.get(e.case_id) if e.case_id is not None else None,
                for_person=holders.get(e.for_membership_id) if e.for_membership_id else None,
            )
            for e in s.scalars(
                select(AttendanceEvent)
                .where(AttendanceEvent.meeting_id == meeting_id)
                .order_by(AttendanceEvent.sequence)
            )
        ]


def test_the_timeline_of_one_query_is_the_events_timeline(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, cases = running(ctx, body, cases=3, present=body.members[1:], forfall=[body.member(0)])
    m = meeting.id
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=m,
            deputy_person_id=body.deputy(0),
            for_person_id=body.member(0),
            case_id=cases[0].id,
        ),
    )
    leaver = body.member(3)
    attendance.mark_left(ctx, PresenceIn(meeting_id=m, person_id=leaver, case_id=cases[1].id))
    attendance.mark_present(ctx, PresenceIn(meeting_id=m, person_id=leaver, case_id=cases[2].id))
    with ctx.reading() as s:
        timeline = attendance_timeline(s, m)
    assert timeline == _reference_timeline(ctx, m)
    assert [e.for_person for e in timeline if e.for_person] == [body.member(0)]
    assert {e.at_position for e in timeline} >= {cases[1].position, cases[2].position, None}
    # And the voters follow from it: the deputy votes for the member with forfall; the
    # member who left is back for the third case, not in the second.
    second = {v.person_id for v in attendance.voters(ctx, cases[1].id).voters}
    third = {v.person_id for v in attendance.voters(ctx, cases[2].id).voters}
    assert body.deputy(0) in second and leaver not in second and leaver in third


def test_a_recorded_vote_is_returned_as_it_reads_back(ctx: Context) -> None:
    body = make_body(ctx, weights=[3, 1, 2, 1, 1, 2, 1])
    meeting, (case,) = running(
        ctx, body, present=body.members[1:], forfall=[body.member(0)], day=dt.date(2025, 4, 2)
    )
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=meeting.id, deputy_person_id=body.deputy(0), for_person_id=body.member(0)
        ),
    )
    voters = [v.person_id for v in attendance.voters(ctx, case.id).voters]
    ballots = {
        p: BallotChoice.MOT if i % 3 == 0 else BallotChoice.FOR for i, p in enumerate(voters)
    }
    rec = recommendation(ctx, case.id)
    out = voting.record_vote(
        ctx,
        VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    (read,) = voting.votes(ctx, case.id)
    assert out == read
    assert [b.name for b in out.ballots] == sorted(b.name for b in out.ballots)
    assert {b.person_id: b.choice for b in out.ballots} == ballots
    assert all(b.municipality_name for b in out.ballots)
    # The deputy's ballot carries the member's seat's weight (3) in the count.
    assert out.votes_for + out.votes_against == 3 + 1 + 2 + 1 + 1 + 2 + 1


def test_the_head_read_with_a_write_is_the_chain_head(ctx: Context) -> None:
    """A vote and an attendance change read the chain's head with their first query: their
    events chain to the event just before them, whoever wrote it."""
    body = make_body(ctx)
    meeting, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    with ctx.unit_of_work() as uow:  # an event of another kind just before
        uow.audit("meeting.test", "meeting", meeting.id, {"n": 1})
    voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            method=VoteMethod.ROLL_CALL,
            ballots=dict.fromkeys(body.members, BallotChoice.FOR),
        ),
    )
    with ctx.unit_of_work() as uow:
        uow.audit("meeting.test", "meeting", meeting.id, {"n": 2})
    mover = body.member(4)
    attendance.mark_left(ctx, PresenceIn(meeting_id=meeting.id, person_id=mover, case_id=case.id))
    events = _events(ctx)
    assert all(prev == head for (_i, _p, head), (_j, prev, _h) in itertools.pairwise(events))
    with ctx.reading() as s:
        report = verify_audit_chain(s)
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))[-5:]
    assert report.broken_at is None, report
    assert actions == [
        "meeting.test",
        "vote.recorded",
        "decision.recorded",
        "meeting.test",
        "attendance.left",
    ]


def _present_at_before(events: list[TimelineEvent], position: int) -> dict[int, int]:
    """present_at as written before issue 21 (every seat scanned at each arrival)."""
    ordered = sorted(events, key=lambda e: (e.at_position or 0, e.sequence))
    seat_of: dict[int, int] = {}
    for ev in ordered:
        if ev.at_position is not None and ev.at_position > position:
            break
        if ev.kind in (AttendanceKind.PRESENT, AttendanceKind.ARRIVED):
            for deputy, seat in list(seat_of.items()):
                if seat == ev.person_id and deputy != ev.person_id:
                    del seat_of[deputy]
            seat_of[ev.person_id] = ev.person_id
        elif ev.kind in (AttendanceKind.FORFALL, AttendanceKind.LEFT):
            seat_of.pop(ev.person_id, None)
        elif ev.kind is AttendanceKind.DEPUTY and ev.for_person is not None:
            if ev.for_person in seat_of and seat_of[ev.for_person] == ev.for_person:
                continue
            seat_of[ev.person_id] = ev.for_person
    return seat_of


_EVENTS = st.lists(
    st.tuples(
        st.integers(1, 6),  # person
        st.sampled_from(list(AttendanceKind)),
        st.one_of(st.none(), st.integers(0, 4)),  # at position
        st.one_of(st.none(), st.integers(1, 6)),  # for person
    ),
    max_size=30,
)


@given(_EVENTS, st.integers(0, 5))
@settings(max_examples=400, deadline=None)
def test_present_at_is_what_it_was(raw: list[tuple[Any, ...]], position: int) -> None:
    """The timeline's rule (A-1) gives the same seats, in the same order, as before it
    kept the deputies apart (issue 21: an arrival no longer scans every seat)."""
    events = [
        TimelineEvent(sequence=i, person_id=p, kind=k, at_position=at, for_person=f)
        for i, (p, k, at, f) in enumerate(raw, start=1)
    ]
    now, before = present_at(events, position), _present_at_before(events, position)
    assert now == before
    assert list(now.items()) == list(before.items())


def test_an_act_at_a_case_is_refused_as_before(ctx: Context) -> None:
    """The seat read as columns refuses as the membership did: a deputy cannot arrive on
    their own, a person without a seat can neither arrive nor leave; nothing is written."""
    body = make_body(ctx)
    other = make_body(ctx, "KDM", municipalities=1)
    meeting, (case,) = running(ctx, body)
    before = _events(ctx)
    with pytest.raises(InvalidInput, match="varamedlem"):
        attendance.mark_present(
            ctx, PresenceIn(meeting_id=meeting.id, person_id=body.deputy(2), case_id=case.id)
        )
    for act in (attendance.mark_present, attendance.mark_left):
        with pytest.raises(InvalidInput, match="har ikkje sete"):
            act(ctx, PresenceIn(meeting_id=meeting.id, person_id=other.member(0), case_id=case.id))
    assert _events(ctx) == before
    with ctx.reading() as s:
        assert attendance_timeline(s, meeting.id) == _reference_timeline(ctx, meeting.id)
        assert len(attendance_timeline(s, meeting.id)) == len(body.members)
