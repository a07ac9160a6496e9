"""Issue 15: a vote leads to a decision; the time of the act, or the time the secretary
types; the ad hoc chair (C-1). Through the services, with the minutes' exact words."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_setup import (
    Body,
    add_case,
    make_body,
    plan,
    recommendation,
    running,
    snapshot_all,
)
from sqlalchemy.engine import URL
from test_constituent_meeting import DAY, run_constituent_meeting

from dvmeet.documents.minutes_layout import (
    Facts,
    Heading,
    Paragraph,
    block_text,
    minutes_blocks,
)
from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    BodyKind,
    ProposalKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import Conflict, FrozenRecord, InvalidInput, RuleRefused
from dvmeet.services import attendance, meetings, minutes, voting, warnings
from dvmeet.services.attendance.models import (
    ChairIn,
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import PlanMeetingIn, UpdateMeetingIn
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.voting import VoteDraftIn
from dvmeet.services.voting.models import DecisionIn, ElectionIn, ProposalIn, VoteIn

F, M = BallotChoice.FOR, BallotChoice.MOT


def minutes_text(ctx: Context, meeting_id: int, public: bool = False) -> list[str]:
    return list(
        block_text(minutes_blocks(minutes.minutes_document(ctx, meeting_id, public=public)))
    )


def case_paragraphs(ctx: Context, meeting_id: int, label: str) -> list[str]:
    """The paragraphs printed under the case's heading, in order."""
    blocks = minutes_blocks(minutes.minutes_document(ctx, meeting_id, public=False))
    out: list[str] = []
    inside = False
    for block in blocks:
        if isinstance(block, Heading) and block.style == "section":
            inside = block.text.startswith(label + "  ")
            continue
        if inside and isinstance(block, Paragraph):
            out.append("".join(s.text for s in block.text))
    return out


def facts(ctx: Context, meeting_id: int) -> dict[str, str]:
    blocks = minutes_blocks(minutes.minutes_document(ctx, meeting_id, public=False))
    head = next(b for b in blocks if isinstance(b, Facts))
    return {label: "".join(s.text for s in value) for label, value in head.rows}


def roll(case_id: int, proposal_id: int, ballots: dict[int, BallotChoice]) -> VoteIn:
    return VoteIn(
        case_id=case_id, proposal_id=proposal_id, method=VoteMethod.ROLL_CALL, ballots=ballots
    )


def close(ctx: Context, meeting_id: int, day: dt.date, h: int, m: int = 0) -> None:
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting_id, closed_at=dt.datetime.combine(day, dt.time(h, m))),
    )


# --- A vote leads to a decision ---------------------------------------------------------


def test_recording_a_vote_records_the_decision(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    (decision,) = voting.decisions(ctx, meeting.id)
    assert (decision.case_id, decision.text, decision.vote_id) == (case.id, rec.text, vote.id)
    assert decision.unanimous
    # "Lagre vedtaket" again keeps the one decision, with the text typed
    again = voting.record_decision(
        ctx, DecisionIn(case_id=case.id, vote_id=vote.id, text="Sak 1 vert vedteken.")
    )
    assert again.id == decision.id and again.text == "Sak 1 vert vedteken."
    with pytest.raises(Conflict, match="alt eit vedtak"):
        voting.record_decision(ctx, DecisionIn(case_id=case.id, text="Eit anna vedtak"))
    close(ctx, meeting.id, meeting.date, 11)
    assert case_paragraphs(ctx, meeting.id, case.label)[-1:] == [
        "Vedtak (samrøystes): «Sak 1 vert vedteken.»"
    ]
    # editable until the minutes are approved
    voting.update_decision_text(ctx, decision.id, "Sak 1 vert vedteken slik.")
    assert case_paragraphs(ctx, meeting.id, case.label)[-1] == (
        "Vedtak (samrøystes): «Sak 1 vert vedteken slik.»"
    )


def test_an_addition_adopted_later_joins_the_text_unless_it_was_edited(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (a, b) = running(ctx, body, cases=2)
    everyone = {p: F for p in body.members}
    for case, edit in ((a, False), (b, True)):
        rec = recommendation(ctx, case.id)
        add = voting.add_proposal(
            ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ADDITION, text="Evaluer i 2026.")
        )
        voting.record_vote(ctx, roll(case.id, rec.id, everyone))
        (decision,) = [d for d in voting.decisions(ctx, meeting.id) if d.case_id == case.id]
        if edit:
            voting.update_decision_text(ctx, decision.id, "Handtert som i innstillinga.")
        split = everyone | {body.member(5): M, body.member(6): M}
        voting.record_vote(ctx, roll(case.id, add.id, split))
    texts = {d.case_id: d.text for d in voting.decisions(ctx, meeting.id)}
    assert texts[a.id] == f"{recommendation(ctx, a.id).text}\nEvaluer i 2026."
    assert texts[b.id] == "Handtert som i innstillinga."


def test_a_vote_that_decides_nothing_says_so_in_the_minutes(ctx: Context) -> None:
    body = make_body(ctx)
    present = body.members[:4]  # 4 of 7: quorate
    meeting, (fell, thin) = running(ctx, body, cases=2, present=present)
    rec = recommendation(ctx, fell.id)
    v = voting.record_vote(
        ctx, roll(fell.id, rec.id, {p: M if i < 3 else F for i, p in enumerate(present)})
    )
    assert v.outcome is VoteOutcome.REJECTED
    for p in present[2:]:
        attendance.mark_left(
            ctx,
            PresenceIn(
                meeting_id=meeting.id, person_id=p, case_id=thin.id, at_time=dt.time(10, 30)
            ),
        )
    rec2 = recommendation(ctx, thin.id)
    v2 = voting.record_vote(
        ctx, VoteIn(case_id=thin.id, proposal_id=rec2.id, method=VoteMethod.UNANIMOUS)
    )
    assert v2.outcome is VoteOutcome.NOT_QUORATE
    assert voting.decisions(ctx, meeting.id) == []
    items = attendance.open_items(ctx, meeting.id)
    assert [i.case_label for i in items.without_decision] == [
        "PS 001/25",
        "PS 002/25",
        fell.label,
        thin.label,
        "OS 001/25",
    ]
    close(ctx, meeting.id, meeting.date, 11)
    assert case_paragraphs(ctx, meeting.id, fell.label)[-1] == (
        "Vedtak: Det vart ikkje gjort vedtak: innstillinga fall."
    )
    assert case_paragraphs(ctx, meeting.id, thin.label)[-1] == (
        "Vedtak: Det vart ikkje gjort vedtak: organet var ikkje vedtaksfør."
    )


def test_the_minutes_never_show_a_vote_without_a_decision(ctx: Context) -> None:
    """The constituent meeting with no decision recorded by hand: every case with a vote
    has a "Vedtak" line, from the votes alone."""
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    mid = run["meeting_id"]
    draft = minutes.minutes_draft(ctx, mid)
    voted = [c for c in draft.cases if c.votes]
    assert len(voted) == 7
    for c in voted:
        paragraphs = case_paragraphs(ctx, mid, c.label)
        assert any(p.startswith("Vedtak") for p in paragraphs), (c.label, paragraphs)


def test_open_items_before_closing(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (voted, drafted, untouched) = running(ctx, body, cases=3)
    # the recommendation voted, an addition never voted on
    rec = recommendation(ctx, voted.id)
    voting.add_proposal(
        ctx, ProposalIn(case_id=voted.id, kind=ProposalKind.ADDITION, text="Tillegg.")
    )
    voting.record_vote(ctx, roll(voted.id, rec.id, {p: F for p in body.members}))
    # a vote typed in the console but not recorded
    rec2 = recommendation(ctx, drafted.id)
    voting.save_vote_draft(
        ctx,
        VoteDraftIn(case_id=drafted.id, proposal_id=rec2.id, ballots={body.member(0): "F"}),
    )
    items = attendance.open_items(ctx, meeting.id)
    assert [(i.case_label, i.text) for i in items.without_decision] == [
        (label, "ikkje gjort vedtak")
        for label in ("PS 001/25", "PS 002/25", drafted.label, untouched.label, "OS 001/25")
    ]
    plan = voting.voting_plan(ctx, voted.id)
    assert [(i.case_label, i.text) for i in items.unfinished_votes] == [
        (voted.label, f"ikkje røysta over: 2. {plan[1].text}"),
        (drafted.label, "røystinga er byrja på, men ikkje registrert"),
    ]
    assert not items.empty


def test_an_undecided_election_is_unfinished_then_elects_the_decision(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (case,) = running(ctx, body, case_fields={"is_election": True, "recommendation": None})
    a, b = body.member(2), body.member(3)
    for candidate in (a, b):
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="K",
                candidate_person_id=candidate,
            ),
        )
    first = dict(zip(body.members, (a, a, a, b, b, b, None), strict=True))
    r1 = voting.record_election_round(ctx, ElectionIn(case_id=case.id, ballots=first))
    assert r1.outcome is VoteOutcome.NEW_ROUND
    items = attendance.open_items(ctx, meeting.id)
    assert (case.label, "valet treng ein ny runde") in [
        (i.case_label, i.text) for i in items.unfinished_votes
    ]
    assert not [d for d in voting.decisions(ctx, meeting.id) if d.case_id == case.id]
    second = dict(zip(body.members, (b, b, b, a, a, None, None), strict=True))
    voting.record_election_round(ctx, ElectionIn(case_id=case.id, ballots=second))
    (decision,) = [d for d in voting.decisions(ctx, meeting.id) if d.case_id == case.id]
    assert decision.text == "RS Person 4612-0 vart vald."
    items = attendance.open_items(ctx, meeting.id)
    assert case.id not in {i.case_id for i in items.unfinished_votes + items.without_decision}


# --- Time is the time of the act, or the time the secretary says -----------------------


def _ready(ctx: Context, body: Body, day: dt.date) -> int:
    meeting = plan(ctx, body, day)
    add_case(ctx, meeting.id, "Budsjett")
    add_case(ctx, meeting.id, "Strategi")
    for p in body.members[:6]:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=p))
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=meeting.id, person_id=body.member(6)))
    return meeting.id


def test_a_meeting_before_its_date_asks_first(ctx: Context) -> None:
    body = make_body(ctx)
    future = dt.date.today() + dt.timedelta(days=5)
    mid = _ready(ctx, body, future)
    with pytest.raises(Conflict, match="før møtedagen"):
        attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid))
    with pytest.raises(InvalidInput, match="ikkje halde enno"):
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(
                meeting_id=mid,
                afterwards=True,
                opened_at=dt.datetime.combine(future, dt.time(10)),
            ),
        )
    assert meetings.get_meeting(ctx, mid).opened_at is None
    opened = attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid, before_date_confirmed=True))
    assert opened.opened_at is not None and not opened.recorded_afterwards


def test_a_live_meeting_is_not_opened_days_after_its_date(ctx: Context) -> None:
    body = make_body(ctx)
    mid = _ready(ctx, body, dt.date(2025, 3, 12))
    with pytest.raises(InvalidInput, match="etterpå frå notat"):
        attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid))
    assert meetings.get_meeting(ctx, mid).opened_at is None


def test_recorded_afterwards_every_time_is_typed_and_checked(ctx: Context) -> None:
    body = make_body(ctx)
    day = dt.date(2025, 3, 12)
    mid = _ready(ctx, body, day)
    with pytest.raises(InvalidInput, match="Skriv klokkeslettet då møtet starta"):
        attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid, afterwards=True))
    with pytest.raises(InvalidInput, match=r"på møtedagen 12\.03\.2025"):
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(meeting_id=mid, afterwards=True, opened_at=dt.datetime(2025, 3, 13, 10)),
        )
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, afterwards=True, opened_at=dt.datetime(2025, 3, 12, 10))
    )
    assert opened.recorded_afterwards and opened.opened_at == dt.datetime(2025, 3, 12, 10)
    budget, strategy = (c for c in opened.cases if c.title in ("Budsjett", "Strategi"))
    leaver = body.member(4)

    def left(at: dt.time | None, case_id: int = budget.id) -> None:
        attendance.mark_left(
            ctx, PresenceIn(meeting_id=mid, person_id=leaver, case_id=case_id, at_time=at)
        )

    with pytest.raises(InvalidInput, match="Skriv klokkeslettet"):
        left(None)
    with pytest.raises(InvalidInput) as early:
        left(dt.time(9, 45))
    assert str(early.value) == "RS Person 4613-0 gjekk kl. 09:45, men møtet starta kl. 10:00."
    left(dt.time(11, 48))
    with pytest.raises(InvalidInput) as order:
        attendance.mark_present(
            ctx,
            PresenceIn(
                meeting_id=mid, person_id=leaver, case_id=strategy.id, at_time=dt.time(11, 30)
            ),
        )
    assert str(order.value) == (
        "RS Person 4613-0 gjekk kl. 11:48; at RS Person 4613-0 kom kl. 11:30, kan ikkje "
        "førast før det. Tidene til ein person må kome i rekkjefølgje."
    )
    attendance.mark_present(
        ctx,
        PresenceIn(meeting_id=mid, person_id=leaver, case_id=strategy.id, at_time=dt.time(12, 5)),
    )
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=mid,
            deputy_person_id=body.deputy(6),
            for_person_id=body.member(6),
            case_id=strategy.id,
            at_time=dt.time(12, 10),
        ),
    )
    with pytest.raises(InvalidInput, match="Skriv klokkeslettet då møtet vart heva"):
        attendance.close_meeting(ctx, CloseMeetingIn(meeting_id=mid))
    with pytest.raises(InvalidInput) as late:
        close(ctx, mid, day, 12, 0)
    assert str(late.value) == (
        "RS Person 4613-0 kom kl. 12:05, etter at møtet vart heva kl. 12:00. Vel ei seinare "
        "sluttid."
    )
    assert meetings.get_meeting(ctx, mid).closed_at is None
    close(ctx, mid, day, 13, 30)
    assert facts(ctx, mid)["Møtetid"] == "10:00–13:30"
    text = minutes_text(ctx, mid)
    assert "Møtet vart heva kl. 13:30." in text
    movements = [t for t in text if t in ("11:48", "12:05")]
    assert movements == ["11:48", "12:05"]


def test_actual_start_and_end_are_corrected_until_approval(ctx: Context) -> None:
    body = make_body(ctx)
    day = dt.date(2025, 3, 12)
    mid = _ready(ctx, body, day)
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, afterwards=True, opened_at=dt.datetime(2025, 3, 12, 10))
    )
    budget = next(c for c in opened.cases if c.title == "Budsjett")
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=mid, person_id=body.member(5), case_id=budget.id, at_time=dt.time(10, 20)
        ),
    )
    with pytest.raises(Conflict, match="ikkje heva enno"):
        meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=mid, actual_end=dt.time(12)))
    moved = meetings.update_meeting(
        ctx, UpdateMeetingIn(meeting_id=mid, actual_start=dt.time(9, 30))
    )
    assert moved.opened_at == dt.datetime(2025, 3, 12, 9, 30)
    close(ctx, mid, day, 11, 0)
    with pytest.raises(InvalidInput) as bad:
        meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=mid, actual_start=dt.time(10, 30)))
    assert str(bad.value) == (
        "RS Person 4614-0 gjekk kl. 10:20, før møtet starta kl. 10:30. Rett tida for "
        "RS Person 4614-0 fyrst, eller vel ei tidlegare starttid."
    )
    with pytest.raises(InvalidInput, match=r"kan ikkje hevast kl\. 09:00"):
        meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=mid, actual_end=dt.time(9)))
    meetings.update_meeting(
        ctx, UpdateMeetingIn(meeting_id=mid, actual_start=dt.time(10), actual_end=dt.time(13, 30))
    )
    assert facts(ctx, mid)["Møtetid"] == "10:00–13:30"
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=day),
    )
    with pytest.raises(FrozenRecord):
        meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=mid, actual_end=dt.time(14)))
    assert facts(ctx, mid)["Møtetid"] == "10:00–13:30"


def test_a_meeting_under_way_has_no_end_in_its_minutes(ctx: Context) -> None:
    """Planned, the draft tells the planned times; under way, when it began (the planned
    end is not an end); closed, when it began and ended."""
    body = make_body(ctx)
    day = dt.date(2025, 3, 13)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=day,
            start_time=dt.time(10),
            end_time=dt.time(14),
            place="Bergen rådhus",
        ),
    )
    add_case(ctx, meeting.id, "Budsjett")
    for p in body.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=p))
    assert facts(ctx, meeting.id)["Møtetid"] == "10:00–14:00"
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(day, dt.time(10, 5))),
    )
    assert facts(ctx, meeting.id)["Møtetid"] == "10:05"
    close(ctx, meeting.id, day, 12, 40)
    assert facts(ctx, meeting.id)["Møtetid"] == "10:05–12:40"


def test_the_constituent_meeting_recorded_afterwards_from_notes(
    ctx: Context, database_url: URL
) -> None:
    """Done when: the constituent meeting run afterwards from notes produces minutes with
    the typed times and every decision."""
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body, afterwards=True)
    mid = run["meeting_id"]
    meeting = meetings.get_meeting(ctx, mid)
    assert meeting.recorded_afterwards and meeting.date == DAY
    assert facts(ctx, mid)["Møtetid"] == "10:00–12:30"
    assert facts(ctx, mid)["Møteleiar"] == "RS Person 4601-0"
    text = minutes_text(ctx, mid)
    assert "Møtet vart heva kl. 12:30." in text
    assert text[text.index("RS Person 4614-0", text.index("Kom / gjekk under møtet:")) :][:3] == [
        "RS Person 4614-0",
        "gjekk",
        "11:00",
    ]
    draft = minutes.minutes_draft(ctx, mid)
    signatories = "Val av to medlemer til å skrive under møteboka saman med møteleiaren"
    assert {c.title: c.decision for c in draft.cases} == {
        "Godkjenning av innkalling og sakliste": "Innkalling og sakliste vert godkjende.",
        signatories: "Person 4602 og 4611 vart valde til å skrive under.",
        "Vedtak om mandat": "Mandat vert vedteke.",
        "Vedtak om strategi": "Strategi vert vedteke.",
        "Vedtak om oppdragsbrev": "Oppdragsbrev vert vedteke.",
        "Møtegodtgjersle": "Ingen godtgjersle.",
        "Tilsetjing av dagleg leiar – Kari Nordmann": "Kari Nordmann vert tilsett.",
        "Eventuelt": "Ingen saker.",
    }
    for c in draft.cases:
        if c.votes:
            assert any(p.startswith("Vedtak") for p in case_paragraphs(ctx, mid, c.label)), c.label


# --- Ad hoc chair (C-1) -----------------------------------------------------------------


def test_no_vote_without_a_chair_then_the_ad_hoc_chair_is_recorded(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (first, second, third) = running(ctx, body, cases=3)
    leiar, nestleiar = body.member(0), body.member(1)
    for p in (leiar, nestleiar):
        attendance.mark_left(
            ctx,
            PresenceIn(meeting_id=meeting.id, person_id=p, case_id=second.id, at_time=dt.time(11)),
        )
    rec1 = recommendation(ctx, first.id)
    voting.record_vote(
        ctx, VoteIn(case_id=first.id, proposal_id=rec1.id, method=VoteMethod.UNANIMOUS)
    )
    rec2 = recommendation(ctx, second.id)
    unanimous = VoteIn(case_id=second.id, proposal_id=rec2.id, method=VoteMethod.UNANIMOUS)
    with pytest.raises(RuleRefused) as refused:
        voting.record_vote(ctx, unanimous)
    assert refused.value.rule_id == "C-1"
    assert str(refused.value).startswith(
        f"Verken leiaren eller nestleiaren er til stades i sak {second.label}. Organet må "
        "velje ein møteleiar for saka før det kan røystast (koml. § 11-2)."
    )
    assert voting.votes(ctx, second.id) == []
    ad_hoc = body.member(2)
    attendance.set_case_chair(ctx, ChairIn(case_id=second.id, person_id=ad_hoc))
    vote = voting.record_vote(ctx, unanimous)
    assert vote.chair_person_id == ad_hoc
    # the elected chair goes on chairing the next case while leiar and nestleiar are away
    assert attendance.voters(ctx, third.id).chair_person_id == ad_hoc
    rec3 = recommendation(ctx, third.id)
    tie = {p: F if i < 2 else M for i, p in enumerate(sorted(body.members[2:]))}
    tie[ad_hoc] = F
    third_vote = voting.record_vote(ctx, roll(third.id, rec3.id, tie | {body.member(6): M}))
    assert third_vote.chair_person_id == ad_hoc
    close(ctx, meeting.id, meeting.date, 12)
    assert facts(ctx, meeting.id)["Møteleiar"] == "RS Person 4601-0"
    assert case_paragraphs(ctx, meeting.id, first.label)[0].startswith("Innstilling")
    for case in (second, third):
        assert case_paragraphs(ctx, meeting.id, case.label)[0] == (
            "Møteleiar i saka: RS Person 4611-0"
        )


def test_the_nestleiar_chairs_when_the_leiar_has_left(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (first, second) = running(ctx, body, cases=2)
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=meeting.id, person_id=body.member(0), case_id=second.id, at_time=dt.time(11)
        ),
    )
    rec = recommendation(ctx, second.id)
    v = voting.record_vote(
        ctx, VoteIn(case_id=second.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert v.chair_person_id == body.member(1)
    close(ctx, meeting.id, meeting.date, 12)
    assert case_paragraphs(ctx, meeting.id, second.label)[0] == (
        "Møteleiar i saka: RS Person 4602-0"
    )
    assert not case_paragraphs(ctx, meeting.id, first.label)[0].startswith("Møteleiar")


def test_an_administrative_body_votes_without_a_chair_and_keeps_the_warning(
    ctx: Context,
) -> None:
    """The kommunedirektørmøte gets C-1 as a warning: the vote is taken, the warning kept."""
    body = make_body(ctx, "KD", BodyKind.ADMINISTRATIVE)
    present = body.members[2:]
    meeting, (case,) = running(ctx, body, present=present)
    rec = recommendation(ctx, case.id)
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert vote.chair_person_id is None
    kept = [w for w in warnings.meeting_warnings(ctx, meeting.id) if w.rule_id == "C-1"]
    assert [w.message for w in kept] == [
        f"Verken leiaren eller nestleiaren er til stades i sak {case.label}. Organet må velje "
        "ein møteleiar for saka før det kan røystast (koml. § 11-2)."
    ]


def test_refused_times_and_votes_leave_the_database_as_it_was(
    ctx: Context, database_url: URL
) -> None:
    body = make_body(ctx)
    day = dt.date(2025, 3, 12)
    mid = _ready(ctx, body, day)
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, afterwards=True, opened_at=dt.datetime(2025, 3, 12, 10))
    )
    budget = next(c for c in opened.cases if c.title == "Budsjett")
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=mid, person_id=body.member(5), case_id=budget.id, at_time=dt.time(11)
        ),
    )
    for leader in body.members[:2]:
        attendance.mark_left(
            ctx,
            PresenceIn(meeting_id=mid, person_id=leader, case_id=budget.id, at_time=dt.time(11)),
        )
    before = snapshot_all(database_url)
    rec = recommendation(ctx, budget.id)
    refused = [
        lambda: attendance.mark_present(
            ctx,
            PresenceIn(
                meeting_id=mid, person_id=body.member(5), case_id=budget.id, at_time=dt.time(10)
            ),
        ),
        lambda: attendance.mark_left(
            ctx, PresenceIn(meeting_id=mid, person_id=body.member(4), case_id=budget.id)
        ),
        lambda: meetings.update_meeting(
            ctx,
            UpdateMeetingIn(meeting_id=mid, title="Ny tittel", actual_start=dt.time(11, 30)),
        ),
        lambda: attendance.close_meeting(
            ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2025, 3, 12, 10, 45))
        ),
        lambda: voting.record_vote(
            ctx, VoteIn(case_id=budget.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
        ),
    ]
    for attempt in refused:
        with pytest.raises((InvalidInput, RuleRefused)):
            attempt()
    assert snapshot_all(database_url) == before


def test_a_live_meeting_checks_the_times_of_its_day(ctx: Context) -> None:
    body = make_body(ctx)
    today = dt.date.today()
    mid = _ready(ctx, body, today)
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime.combine(today, dt.time(0, 0)))
    )
    assert not opened.recorded_afterwards
    budget = next(c for c in opened.cases if c.title == "Budsjett")
    person = body.member(4)
    attendance.mark_left(
        ctx, PresenceIn(meeting_id=mid, person_id=person, case_id=budget.id, at_time=dt.time(0, 30))
    )
    with pytest.raises(InvalidInput, match="må kome i rekkjefølgje"):
        attendance.mark_present(
            ctx,
            PresenceIn(meeting_id=mid, person_id=person, case_id=budget.id, at_time=dt.time(0, 20)),
        )


def test_a_live_meeting_may_run_past_midnight(ctx: Context) -> None:
    body = make_body(ctx)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    mid = _ready(ctx, body, yesterday)
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime.combine(yesterday, dt.time(19)))
    )
    budget = next(c for c in opened.cases if c.title == "Budsjett")
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=mid, person_id=body.member(4), case_id=budget.id, at_time=dt.time(0, 10)
        ),
    )
    held = attendance.close_meeting(ctx, CloseMeetingIn(meeting_id=mid))
    assert held.closed_at is not None and held.closed_at.date() > yesterday
