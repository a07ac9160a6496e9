"""Read models: what a view shows in one go is one service call with one read transaction,
and it holds what the separate readers return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from meeting_setup import make_body, plan, recommendation, running
from sqlalchemy import event

from dvmeet.domain.enums import (
    AttendanceKind,
    BodyKind,
    DisqualificationGround,
    DocumentKind,
    ProposalKind,
    SeatOrder,
    VoteMethod,
)
from dvmeet.services import (
    agreement,
    attendance,
    governing,
    meetings,
    minutes,
    registry,
    voting,
)
from dvmeet.services.agreement.models import (
    FeedbackIn,
    OverviewFilter,
    OverviewIn,
    ProcessViewIn,
    ReminderIn,
    StartProcessIn,
)
from dvmeet.services.attendance.models import CloseMeetingIn
from dvmeet.services.console import console_snapshot
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import BodyChoice, MeetingListIn, MeetingListOut
from dvmeet.services.registry.models import (
    BodyIn,
    PersonIn,
    PersonsViewIn,
    RetireBodyIn,
    SeatsViewIn,
)
from dvmeet.services.voting.models import (
    DecisionIn,
    DisqualificationIn,
    ProposalIn,
    VoteDraftIn,
    VoteIn,
)


@contextmanager
def transactions(ctx: Context) -> Iterator[list[object]]:
    """The transactions begun on the database while the block runs (one entry each)."""
    begun: list[object] = []

    def on_begin(conn: Any) -> None:
        begun.append(conn)

    event.listen(ctx.db.engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(ctx.db.engine, "begin", on_begin)


def test_the_spy_counts_each_read(ctx: Context) -> None:
    body = make_body(ctx)
    m, _ = running(ctx, body)
    with transactions(ctx) as begun:
        meetings.get_meeting(ctx, m.id)
        attendance.roll_call(ctx, m.id)
    assert len(begun) == 2


# --- The console snapshot ---------------------------------------------------------------


def _busy_meeting(ctx: Context) -> tuple[int, int, int]:
    """A running meeting at its first case, which has a governing document version, an
    alternative proposal, a disqualification, a vote, a decision and a vote draft; the
    second case has a disqualification of its own."""
    doc = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.MANDAT, title="Mandat for styringsgruppa")
    )
    version = governing.add_version(
        ctx, governing.VersionIn(document_id=doc.id, content="Mandat\n1. Ein regel.")
    )
    body = make_body(ctx)
    m, (case, other) = running(ctx, body, cases=2, case_fields={"document_version_id": version.id})
    attendance.set_current_case(ctx, m.id, case.id)
    voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case.id,
            kind=ProposalKind.ALTERNATIVE,
            text="Saka vert utsett.",
            proposer_person_id=body.member(2),
        ),
    )
    for case_id, person in ((case.id, body.member(3)), (other.id, body.member(4))):
        voting.propose_disqualification(
            ctx,
            DisqualificationIn(
                case_id=case_id,
                person_id=person,
                ground=DisqualificationGround.FVL_6_1_B,
                explanation="Bror til søkjaren",
            ),
        )
    rec = recommendation(ctx, case.id)
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    voting.save_vote_draft(
        ctx, VoteDraftIn(case_id=case.id, proposal_id=rec.id, ballots={body.member(0): "for"})
    )
    return m.id, case.id, version.id


def test_console_snapshot_holds_what_the_separate_readers_return(ctx: Context) -> None:
    meeting_id, case_id, version_id = _busy_meeting(ctx)
    snap = console_snapshot(ctx, meeting_id)

    assert snap.meeting == meetings.get_meeting(ctx, meeting_id)
    assert snap.roll == attendance.roll_call(ctx, meeting_id)
    assert snap.current_case_id == attendance.current_case(ctx, meeting_id) == case_id
    assert snap.started and not snap.ended
    assert snap.names == {
        h.person_id: h.name for seat in snap.roll.seats_list for h in seat.members + seat.deputies
    }
    cs = snap.case
    assert cs is not None
    assert cs.case == next(c for c in snap.meeting.cases if c.id == case_id)
    assert cs.voters == attendance.voters(ctx, case_id)
    assert cs.proposals == voting.proposals(ctx, case_id) and len(cs.proposals) == 2
    assert cs.plan == voting.voting_plan(ctx, case_id)
    assert cs.votes == voting.votes(ctx, case_id) and len(cs.votes) == 1
    (decision,) = [d for d in voting.decisions(ctx, meeting_id) if d.case_id == case_id]
    assert cs.decision == decision
    all_disq = voting.disqualifications(ctx, meeting_id)
    assert len(all_disq) == 2
    assert cs.disqualifications == [d for d in all_disq if d.case_id == case_id]
    assert cs.draft == voting.vote_draft(ctx, case_id)
    assert cs.draft is not None and cs.draft.ballots
    (doc,) = governing.list_documents(ctx)
    (v,) = doc.versions
    assert v.id == version_id
    assert cs.document == (f"Mandat for styringsgruppa, versjon 1 (sha256 {v.content_hash[:12]} …)")
    # What the console asks of the case.
    rec = next(p for p in cs.proposals if p.kind is ProposalKind.RECOMMENDATION)
    assert cs.proposal(rec.id) == rec and cs.proposal(None) is None
    assert cs.voted(rec.id) == cs.votes[0] and cs.ordinary_votes == cs.votes
    assert cs.decisive_vote == cs.votes[0] and cs.election_rounds == []


def test_console_snapshot_of_a_meeting_not_yet_started(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body)
    snap = console_snapshot(ctx, m.id)
    assert snap.current_case_id is None and snap.case is None
    assert not snap.started and not snap.ended
    assert snap.roll == attendance.roll_call(ctx, m.id)


def test_console_snapshot_is_one_read_transaction(ctx: Context) -> None:
    meeting_id, _, _ = _busy_meeting(ctx)
    with transactions(ctx) as begun:
        console_snapshot(ctx, meeting_id)
    assert len(begun) == 1


# --- What the meeting view picks from ---------------------------------------------------


def test_planning_choices_hold_what_the_separate_readers_return(ctx: Context) -> None:
    doc = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.MANDAT, title="Mandat for styringsgruppa")
    )
    governing.add_version(ctx, governing.VersionIn(document_id=doc.id, content="Mandat 1"))
    governing.add_version(
        ctx, governing.VersionIn(document_id=doc.id, content="Mandat 2", note="Ny regel")
    )
    make_body(ctx)
    make_body(ctx, "KD")
    registry.create_person(ctx, PersonIn(name="Åse Utan Kommune"))
    with transactions(ctx) as begun:
        choices = meetings.planning_choices(ctx)
    assert len(begun) == 1

    assert choices.bodies == [
        BodyChoice(code=b.code, name=b.name, retired_on=b.retired_on)
        for b in registry.list_bodies(ctx)
    ]
    assert [b.code for b in choices.bodies] == ["KD", "RS"]
    persons = registry.search_persons(ctx, "", limit=100_000)
    preparers = meetings.preparer_choices(ctx)  # read when a case dialog opens
    assert [(c.id, c.label) for c in preparers] == [
        (p.id, f"{p.name} ({p.municipality_name})" if p.municipality_name else p.name)
        for p in persons
    ]
    assert preparers[-1].label == "Åse Utan Kommune"
    assert [c.label for c in choices.versions] == [
        "Mandat for styringsgruppa, versjon 2 – Ny regel",
        "Mandat for styringsgruppa, versjon 1",
    ]


def test_planning_choices_read_every_body_in_one_statement(ctx: Context) -> None:
    """The bodies are one read however many there are (issue 21), of only what the Møte
    view and its dialogs use (code, name, a retired body's last day), in `list_bodies`'
    order."""
    make_body(ctx)
    registry.create_body(
        ctx,
        BodyIn(
            code="AU",
            name="Arbeidsutvalet",
            kind=BodyKind.ELECTED,
            seats=5,
            seat_order=SeatOrder.CUSTOM,
            seat_places=["4611", "4601"],
        ),
    )
    registry.retire_body(ctx, RetireBodyIn(code="AU", retired_on=dt.date(2025, 6, 30)))
    fewer = statements_of(ctx, meetings.planning_choices)
    for code in ("K1", "K2", "K3", "K4"):
        registry.create_body(
            ctx, BodyIn(code=code, name=f"Komité {code}", kind=BodyKind.ADMINISTRATIVE, seats=3)
        )
    more = statements_of(ctx, meetings.planning_choices)
    assert len(more) == len(fewer)
    read = [sql for sql in more if "FROM body" in sql]
    assert len(read) == 1
    assert read[0].split("FROM")[0].split() == ["SELECT", "code,", "name,", "retired_on"]
    choices = meetings.planning_choices(ctx)
    assert choices.bodies == [
        BodyChoice(code=b.code, name=b.name, retired_on=b.retired_on)
        for b in registry.list_bodies(ctx)
    ]
    assert [b.code for b in choices.bodies] == ["AU", "K1", "K2", "K3", "K4", "RS"]
    assert choices.bodies[0] == BodyChoice(
        code="AU", name="Arbeidsutvalet", retired_on=dt.date(2025, 6, 30)
    )
    assert all(b.retired_on is None for b in choices.bodies[1:])


def statements_of(ctx: Context, call: Any) -> list[str]:
    """The SQL statements `call(ctx)` sends."""
    sent: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        call(ctx)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)
    return sent


# --- The Avtaleprosess tab --------------------------------------------------------------


def test_process_view_before_a_process_is_started(ctx: Context) -> None:
    with transactions(ctx) as begun:
        view = agreement.process_view(ctx, ProcessViewIn(today=dt.date(2024, 6, 25)))
    assert len(begun) == 1
    assert view.process is None and view.overview is None and view.reminders is None


def test_process_view_holds_what_the_separate_readers_return(ctx: Context) -> None:
    registry.load_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43)
    )
    agreement.start_process(ctx, StartProcessIn(title="Ny samarbeidsavtale", body_code="RS"))
    agreement.record_feedback(
        ctx, FeedbackIn(number="4601", received_on=dt.date(2024, 6, 12), summary="Innspel")
    )
    today = dt.date(2024, 6, 25)
    data = ProcessViewIn(today=today, filter=OverviewFilter.MISSING_FEEDBACK, days_before=7)
    with transactions(ctx) as begun:
        view = agreement.process_view(ctx, data)
    assert len(begun) == 1

    assert view.process == agreement.get_process(ctx)
    assert view.overview == agreement.overview(
        ctx, OverviewIn(today=today, filter=OverviewFilter.MISSING_FEEDBACK)
    )
    assert view.reminders == agreement.reminders(ctx, ReminderIn(today=today, days_before=7))
    assert view.overview is not None and view.reminders is not None
    assert len(view.overview.rows) == view.overview.counts.municipalities - 1
    assert len(view.reminders.items) == view.overview.counts.municipalities - 1


# --- The Register's tabs ----------------------------------------------------------------


def test_seats_view_holds_what_the_separate_readers_return(ctx: Context) -> None:
    body = make_body(ctx)
    day = dt.date(2025, 3, 12)
    person = body.member(2)
    data = SeatsViewIn(body_code="RS", on_date=day, person_id=person)
    with transactions(ctx) as begun:
        view = registry.seats_view(ctx, data)
    assert len(begun) == 1
    assert view.seats == registry.seats(ctx, "RS", day)
    assert view.balance == registry.gender_balance(ctx, "RS", day)
    assert view.person_id == person
    assert view.history == registry.person_history(ctx, person) and view.history

    without = registry.seats_view(ctx, SeatsViewIn(body_code="RS", on_date=day))
    assert without.history == [] and without.seats == view.seats
    gone = registry.seats_view(ctx, SeatsViewIn(body_code="RS", on_date=day, person_id=10_000))
    assert gone.history == []


def test_persons_view_holds_what_the_separate_readers_return(ctx: Context) -> None:
    body = make_body(ctx)
    person = body.member(0)
    data = PersonsViewIn(query="person 46", limit=5, person_id=person)
    with transactions(ctx) as begun:
        view = registry.persons_view(ctx, data)
    assert len(begun) == 1
    assert view.persons == registry.search_persons(ctx, "person 46", 5)
    assert len(view.persons) == 5
    assert view.history == registry.person_history(ctx, person) and view.history


# --- The approval dialog of the Møtebok tab ---------------------------------------------


def test_approval_choices_hold_what_the_separate_readers_return(ctx: Context) -> None:
    body = make_body(ctx)
    day = dt.date(2025, 3, 12)
    plan(ctx, body, day - dt.timedelta(days=30))
    m, _ = running(ctx, body, present=body.members[:6], forfall=[body.member(6)], day=day)
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(day, dt.time(12)))
    )
    plan(ctx, make_body(ctx, "KDM"), day + dt.timedelta(days=60))
    later = plan(ctx, body, day + dt.timedelta(days=90))

    with transactions(ctx) as begun:
        choices = minutes.approval_choices(ctx, m.id)
    assert len(begun) == 1

    chair = minutes.minutes_draft(ctx, m.id).chair
    assert choices.chair == chair and chair is not None
    assert choices.meeting_id == m.id and choices.meeting_date == day
    attended = {
        e.person_id: f"{e.name}, {e.municipality_name}"
        for e in attendance.attendance_entries(ctx, m.id)
        if e.kind is AttendanceKind.PRESENT and e.name != chair
    }
    assert [(c.id, c.label) for c in choices.attendees] == sorted(
        attended.items(), key=lambda item: item[1].casefold()
    )
    assert len(choices.attendees) == 5  # six present, the chair left out
    assert [(c.id, c.label) for c in choices.later_meetings] == [
        (later.id, f"{later.date:%d.%m.%Y} – Bergen rådhus")
    ]


# --- The Møte view's meeting list -------------------------------------------------------


def test_meeting_list_opens_with_the_next_meeting_else_the_last(ctx: Context) -> None:
    body = make_body(ctx)
    days = [dt.date(2025, 2, 1), dt.date(2025, 5, 1), dt.date(2025, 9, 1)]
    ids = [plan(ctx, body, day).id for day in days]
    plan(ctx, body, dt.date(2026, 1, 10))  # another year

    def listed(today: dt.date) -> MeetingListOut:
        with transactions(ctx) as begun:
            out = meetings.meeting_list(ctx, MeetingListIn(body_code="RS", year=2025, today=today))
        assert len(begun) == 1
        return out

    out = listed(dt.date(2025, 3, 1))
    assert out.rows == meetings.list_meetings(ctx, "RS", 2025)
    assert [r.id for r in out.rows] == ids
    assert out.opens_with == ids[1]
    assert listed(dt.date(2025, 5, 1)).opens_with == ids[1]  # today's meeting
    assert listed(dt.date(2025, 12, 1)).opens_with == ids[2]  # none ahead: the last
    empty = meetings.meeting_list(
        ctx, MeetingListIn(body_code="RS", year=2024, today=dt.date(2025, 3, 1))
    )
    assert empty.rows == [] and empty.opens_with is None
