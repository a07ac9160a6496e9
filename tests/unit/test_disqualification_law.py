"""Disqualification decided as the law says (H-1; fvl. §§ 6 and 8, koml. § 11-10; issue 15).

Through the services only, with the exact møtebok text each handling produces:
- 22 of 43 present, one member on an automatic ground (fvl. § 6 (1)): without the deputy
  the body cannot decide the question, which stays open, and the case is not quorate;
  with the deputy called in the question is decided and the case is quorate; the
  member's ballot is refused in both;
- an undecided question stays open, blocks the member's ballot and is decided later;
- several members concerned (fvl. § 8 (2)): without them when that is quorate, all of
  them when it is not;
- a decision without a vote is printed as the body's finding, never as a vote.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest
from meeting_setup import make_body, recommendation, running, snapshot_all
from pydantic import ValidationError
from sqlalchemy.engine import URL

from dvmeet.domain.disqualification import QuestionState
from dvmeet.domain.enums import (
    BallotChoice,
    BodyKind,
    DisqualificationGround,
    LegalForm,
    MeetingForm,
    Role,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import RuleRefused
from dvmeet.services import attendance, meetings, minutes, registry, voting
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DisqualificationDeputyIn,
    DisqualificationIn,
    VoteIn,
)

FOR, MOT = BallotChoice.FOR, BallotChoice.MOT
DAY = dt.date(2025, 3, 12)
G = DisqualificationGround


# --- a representantskap of 43 -----------------------------------------------------------


@dataclass
class Council:
    members: list[int]  # one per municipality, in municipality number order
    deputies: list[list[int]]  # ranked deputies per municipality
    names: dict[int, str]


def make_council(ctx: Context) -> Council:
    """The representantskap: 43 municipalities, a member and two ranked deputies each."""
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
        BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43),
    )
    numbers = [m.number for m in registry.list_municipalities(ctx)]
    assert len(numbers) == 43
    council = Council([], [], {})
    for i, number in enumerate(numbers):
        ids = []
        for rank in range(3):
            name = f"Person {number}-{rank}"
            person = registry.create_person(ctx, PersonIn(name=name, municipality_number=number))
            council.names[person.id] = name
            role = Role.VARAMEDLEM if rank else (Role.LEIAR if i == 0 else Role.MEDLEM)
            registry.add_membership(
                ctx,
                MembershipIn(
                    person_id=person.id,
                    body_code="RS",
                    municipality_number=number,
                    role=role,
                    deputy_rank=rank or None,
                    valid_from=dt.date(2024, 1, 1),
                ),
            )
            ids.append(person.id)
        council.members.append(ids[0])
        council.deputies.append(ids[1:])
    return council


def council_meeting(ctx: Context, council: Council, present: int) -> tuple[int, int]:
    """A meeting in progress with one case and the first ``present`` members present."""
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=DAY,
            start_time=dt.time(10, 0),
            place="Bergen rådhus",
            form=MeetingForm.FYSISK,
        ),
    )
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Avtale med leverandøren",
            recommendation="Avtalen vert godkjend.",
        ),
    )
    for person in council.members[:present]:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=person))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    return meeting.id, case.id


def close(ctx: Context, meeting_id: int) -> None:
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting_id, closed_at=dt.datetime.combine(DAY, dt.time(12))),
    )


def case_minutes(ctx: Context, meeting_id: int, case_id: int):  # type: ignore[no-untyped-def]
    label = next(c.label for c in meetings.get_meeting(ctx, meeting_id).cases if c.id == case_id)
    draft = minutes.minutes_draft(ctx, meeting_id)
    return next(c for c in draft.cases if c.label == label)


def preview_text(ctx: Context, meeting_id: int) -> str:
    page = minutes.minutes_preview(ctx, meeting_id, public=False).html
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ")


def case_section(ctx: Context, meeting_id: int, case_id: int) -> str:
    """The case's part of the møtebok as shown: from its heading to the next case's."""
    cases = meetings.get_meeting(ctx, meeting_id).cases
    i = next(n for n, c in enumerate(cases) if c.id == case_id)
    text = preview_text(ctx, meeting_id)
    start = text.rindex(f"{cases[i].label}  {cases[i].title}")  # the heading, after the list
    end = text.find(cases[i + 1].label, start + 1) if i + 1 < len(cases) else -1
    return text[start:end] if end > 0 else text[start:]


# --- done when: 22 of 43, an automatic ground, with and without the deputy -------------


def test_22_of_43_automatic_ground_without_the_deputy(ctx: Context, database_url: URL) -> None:
    council = make_council(ctx)
    meeting_id, case_id = council_meeting(ctx, council, present=22)
    member = council.members[5]
    name = council.names[member]
    d = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case_id, person_id=member, ground=G.FVL_6_1_A)
    )
    assert d.state is QuestionState.OPEN and d.decided is None and d.automatic
    assert (d.quorate_now, d.quorum_text) == (False, "21 av 43")
    assert d.suggested_deputy_id == council.deputies[5][0]  # the call-in is offered

    # The body cannot decide the question without the member: it stays open, unchanged.
    before = snapshot_all(database_url)
    for decide in (
        DecideDisqualificationIn(disqualification_id=d.id),
        DecideDisqualificationIn(disqualification_id=d.id, disqualified=False),
        DecideDisqualificationIn(disqualification_id=d.id, method=VoteMethod.UNANIMOUS),
    ):
        with pytest.raises(RuleRefused) as refused:
            voting.decide_disqualification(ctx, decide)
        assert refused.value.rule_id == "H-1"
        assert "ikkje vedtaksfør" in refused.value.message and "21 av 43" in refused.value.message
    assert snapshot_all(database_url) == before
    (still,) = voting.disqualifications(ctx, meeting_id)
    assert still.decided is None and still.state is QuestionState.OPEN

    # The member's ballot is refused while the question is open; the case is not quorate.
    voters = attendance.voters(ctx, case_id)
    assert member not in {v.person_id for v in voters.voters}
    assert (voters.quorate, voters.quorum_text) == (False, "21 av 43")
    rec = recommendation(ctx, case_id)
    ballots = dict.fromkeys(council.members[:22], FOR)
    with pytest.raises(RuleRefused) as refused:
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case_id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots
            ),
        )
    assert refused.value.rule_id == "H-1"
    assert refused.value.message.startswith(
        f"{name} kan ikkje røyste i saka før organet har avgjort om {name} er ugild "
        "(fvl. § 6 (1) a)."
    )
    del ballots[member]
    vote = voting.record_vote(
        ctx,
        VoteIn(case_id=case_id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    assert vote.outcome is VoteOutcome.NOT_QUORATE and vote.eligible == 21
    assert member not in {b.person_id for b in vote.ballots}

    close(ctx, meeting_id)
    (kept,) = voting.disqualifications(ctx, meeting_id)
    assert kept.decided is None  # never stored as "not disqualified"
    cm = case_minutes(ctx, meeting_id, case_id)
    assert cm.disqualification == [
        f"Spørsmålet om {name} er ugild etter forvaltningslova § 6 første ledd bokstav a, "
        f"vart ikkje avgjort, og {name} røysta difor ikkje i saka."
    ]
    assert [v.text for v in cm.votes] == [
        "Innstillinga: organet var ikkje vedtaksfør, og det vart ikkje gjort vedtak."
    ]
    assert minutes.minutes_draft(ctx, meeting_id).disqualifications == []


def test_22_of_43_automatic_ground_with_the_deputy(ctx: Context, database_url: URL) -> None:
    council = make_council(ctx)
    meeting_id, case_id = council_meeting(ctx, council, present=22)
    member = council.members[5]
    name = council.names[member]
    first, second = council.deputies[5]
    d = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case_id, person_id=member, ground=G.FVL_6_1_A)
    )
    with pytest.raises(RuleRefused):  # not quorate on the question yet
        voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=d.id))

    # the deputies come in rank order, from the member's municipality.
    for wrong in (second, council.deputies[6][0]):
        before = snapshot_all(database_url)
        with pytest.raises(RuleRefused) as refused:
            voting.call_disqualification_deputy(
                ctx, DisqualificationDeputyIn(disqualification_id=d.id, deputy_person_id=wrong)
            )
        assert refused.value.rule_id == "R-1"
        assert snapshot_all(database_url) == before

    # The deputy is called in and takes part in deciding the question (fvl. § 8 (2)).
    called = voting.call_disqualification_deputy(
        ctx, DisqualificationDeputyIn(disqualification_id=d.id, deputy_person_id=first)
    )
    assert called.state is QuestionState.OPEN and called.deputy_person_id == first
    assert (called.quorate_now, called.quorum_text) == (True, "22 av 43")
    # Called in for an open question, the deputy does not vote in the case yet.
    assert first not in {v.person_id for v in attendance.voters(ctx, case_id).voters}

    decided = voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=d.id)
    )
    assert decided.state is QuestionState.DISQUALIFIED and decided.vote_id is None
    assert decided.participants == 22 and not decided.all_took_part
    assert not [v for v in voting.votes(ctx, case_id) if v.kind is VoteKind.DISQUALIFICATION]

    voters = attendance.voters(ctx, case_id)
    by_person = {v.person_id: v for v in voters.voters}
    assert member not in by_person and by_person[first].seat_person_id == member
    assert (voters.quorate, voters.quorum_text) == (True, "22 av 43")

    rec = recommendation(ctx, case_id)
    ballots = dict.fromkeys([*council.members[:22], first], FOR)
    with pytest.raises(RuleRefused) as refused:
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case_id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots
            ),
        )
    assert refused.value.rule_id == "H-1"
    assert refused.value.message.startswith(
        f"{name} er ugild i saka (fvl. § 6 (1) a) og kan ikkje røyste i henne."
    )
    del ballots[member]
    vote = voting.record_vote(
        ctx,
        VoteIn(case_id=case_id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    assert vote.outcome is VoteOutcome.ADOPTED and vote.quorate and vote.eligible == 22
    assert first in {b.person_id for b in vote.ballots}
    assert member not in {b.person_id for b in vote.ballots}

    close(ctx, meeting_id)
    cm = case_minutes(ctx, meeting_id, case_id)
    deputy = council.names[first]
    assert cm.disqualification == [
        f"Organet fann at {name} er ugild etter forvaltningslova § 6 første ledd bokstav a. "
        f"{name} var ikkje med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 22 av 43 medlemer var med på avgjerda. "
        f"{deputy} møtte for {name} i saka."
    ]
    assert [v.text for v in cm.votes] == ["Innstillinga vart vedteken samrøystes."]
    assert cm.votes[0].quorum_sentence == "Vedtaksfør: 22 av 43 medlemer røysta."
    (line,) = minutes.minutes_draft(ctx, meeting_id).disqualifications
    assert (line.name, line.legal_basis, line.deputy_name) == (name, "fvl. § 6 (1) a", deputy)
    section = case_section(ctx, meeting_id, case_id)
    assert section.index("Ugildskap:") < section.index(f"Organet fann at {name} er ugild")
    assert section.index("Organet fann") < section.index("Innstilling:")
    assert "samrøystes" not in section[: section.index("Innstilling:")]


# --- an open question blocks, and is decided later ------------------------------------


def test_open_question_blocks_the_ballot_until_more_members_arrive(
    ctx: Context, database_url: URL
) -> None:
    body = make_body(ctx)  # 7 seats; 4 present: without the member 3 of 7, not quorate
    meeting, (case,) = running(ctx, body, present=body.members[:4])
    member = body.member(3)
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=case.id, person_id=member, ground=G.FVL_6_2, explanation="Nabo til søkjaren"
        ),
    )
    assert not d.automatic and d.quorum_text == "3 av 7"
    others = body.members[:3]
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused) as refused:
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=d.id,
                method=VoteMethod.ROLL_CALL,
                ballots=dict.fromkeys(others, FOR),
            ),
        )
    assert refused.value.rule_id == "H-1" and "3 av 7" in refused.value.message
    assert snapshot_all(database_url) == before  # no vote, no "not disqualified"
    rec = recommendation(ctx, case.id)
    with pytest.raises(RuleRefused):
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                method=VoteMethod.COUNTS,
                dissenters=[member],
            ),
        )
    assert voting.votes(ctx, case.id) == []

    # A fifth member arrives at the case: 4 of 7 without the member, quorate; a vote.
    late = body.member(4)
    attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=late, case_id=case.id))
    (now,) = voting.disqualifications(ctx, meeting.id)
    assert (now.state, now.quorate_now, now.quorum_text) == (QuestionState.OPEN, True, "4 av 7")
    with pytest.raises(RuleRefused) as own:  # never in their own question when alone
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=d.id,
                method=VoteMethod.ROLL_CALL,
                ballots=dict.fromkeys([*others, late, member], FOR),
            ),
        )
    assert own.value.rule_id == "H-1"
    out = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=d.id,
            method=VoteMethod.ROLL_CALL,
            ballots={others[0]: FOR, others[1]: FOR, others[2]: MOT, late: FOR},
        ),
    )
    assert out.state is QuestionState.DISQUALIFIED and out.vote_id is not None
    assert out.participants == 4
    close(ctx, meeting.id)
    names = _names(ctx, meeting.id)
    who = names[member]
    for_names = ", ".join(sorted(names[p] for p in (others[0], others[1], late)))
    assert case_minutes(ctx, meeting.id, case.id).disqualification == [
        f"Framlegget om at {who} er ugild etter forvaltningslova § 6 andre ledd, vart vedteke "
        f"med 3 røyster for ({for_names}) mot 1 ({names[others[2]]}). "
        f"{who} var ikkje med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 4 av 7 medlemer røysta."
    ]
    cm = case_minutes(ctx, meeting.id, case.id)
    assert all("ugild" not in v.text for v in cm.votes)  # printed once, before the handling


def _names(ctx: Context, meeting_id: int) -> dict[int, str]:
    roll = attendance.roll_call(ctx, meeting_id)
    return {h.person_id: h.name for seat in roll.seats_list for h in seat.members + seat.deputies}


# --- fvl. § 8 (2): several members concerned in the same case ---------------------------


def test_several_concerned_decide_none_of_theirs_when_quorate_without_them(
    ctx: Context,
) -> None:
    body = make_body(ctx)  # all 7 present; without X and Y: 5 of 7, quorate
    meeting, (case,) = running(ctx, body)
    x, y = body.member(3), body.member(4)
    dx, dy = (
        voting.propose_disqualification(
            ctx, DisqualificationIn(case_id=case.id, person_id=p, ground=G.FVL_6_2)
        )
        for p in (x, y)
    )
    assert dx.quorum_text == "6 av 7"  # alone, before Y's question arose
    assert [q.quorum_text for q in voting.disqualifications(ctx, meeting.id)] == ["5 av 7"] * 2
    others = [p for p in body.members if p not in (x, y)]
    with pytest.raises(RuleRefused) as refused:  # Y may not decide X's question
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=dx.id,
                method=VoteMethod.ROLL_CALL,
                ballots=dict.fromkeys([*others, y], FOR),
            ),
        )
    assert refused.value.rule_id == "H-1" and "fvl. § 8 (2)" in refused.value.message
    out_x = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=dx.id,
            method=VoteMethod.ROLL_CALL,
            ballots=dict.fromkeys(others, FOR),
        ),
    )
    assert out_x.decided is True and not out_x.all_took_part and out_x.participants == 5
    # X, now ugild, is out of the case; Y's question is decided by the five, not by X.
    out_y = voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=dy.id, disqualified=False)
    )
    assert out_y.state is QuestionState.NOT_DISQUALIFIED and out_y.participants == 5
    voters = {v.person_id for v in attendance.voters(ctx, case.id).voters}
    assert x not in voters and y in voters
    close(ctx, meeting.id)
    names = _names(ctx, meeting.id)
    assert case_minutes(ctx, meeting.id, case.id).disqualification == [
        f"Framlegget om at {names[x]} er ugild etter forvaltningslova § 6 andre ledd, vart "
        f"vedteke samrøystes. {names[x]} var ikkje med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 5 av 7 medlemer røysta.",
        f"Organet fann at {names[y]} ikkje er ugild etter forvaltningslova § 6 andre ledd. "
        f"{names[y]} var ikkje med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 5 av 7 medlemer var med på avgjerda.",
    ]


def test_several_concerned_all_take_part_when_the_body_would_not_be_quorate(
    ctx: Context,
) -> None:
    body = make_body(ctx)  # 5 of 7 present; without X and Y: 3 of 7, not quorate
    meeting, (case,) = running(ctx, body, present=body.members[:5])
    x, y = body.member(3), body.member(4)
    dx = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case.id, person_id=x, ground=G.FVL_6_1_E)
    )
    assert (dx.quorate_now, dx.quorum_text, dx.all_took_part) == (True, "4 av 7", False)
    dy = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case.id, person_id=y, ground=G.FVL_6_1_E)
    )
    (dx,) = [q for q in voting.disqualifications(ctx, meeting.id) if q.id == dx.id]
    # Third sentence: every member present takes part, their own questions included.
    assert (dx.quorate_now, dx.quorum_text, dx.all_took_part) == (True, "5 av 7", True)
    assert (dy.quorate_now, dy.all_took_part) == (True, True)
    everyone = body.members[:5]
    out = voting.decide_disqualification(
        ctx,
        DecideDisqualificationIn(
            disqualification_id=dx.id,
            method=VoteMethod.ROLL_CALL,
            ballots={p: MOT if p == x else FOR for p in everyone},
        ),
    )
    assert out.decided is True and out.all_took_part and out.participants == 5
    vote = next(v for v in voting.votes(ctx, case.id) if v.kind is VoteKind.DISQUALIFICATION)
    assert {b.person_id for b in vote.ballots} == set(everyone)
    # X is out of the case now; Y's question alone: 3 of 7 without Y, not quorate, and the
    # exception for several no longer applies (X's question is decided).
    with pytest.raises(RuleRefused) as refused:
        voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=dy.id))
    assert "3 av 7" in refused.value.message
    close(ctx, meeting.id)
    names = _names(ctx, meeting.id)
    for_names = ", ".join(sorted(names[p] for p in everyone if p != x))
    first, second = case_minutes(ctx, meeting.id, case.id).disqualification
    assert first == (
        f"Framlegget om at {names[x]} er ugild etter forvaltningslova § 6 første ledd bokstav e, "
        f"vart vedteke med 4 røyster for ({for_names}) mot 1 ({names[x]}). "
        "Spørsmålet gjaldt fleire medlemer, og organet ville elles ikkje ha vore vedtaksfør; "
        "alle medlemene var difor med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 5 av 7 medlemer røysta."
    )
    assert second == (
        f"Spørsmålet om {names[y]} er ugild etter forvaltningslova § 6 første ledd bokstav e, "
        f"vart ikkje avgjort, og {names[y]} røysta difor ikkje i saka."
    )


# --- a decision without a vote is printed as such ---------------------------------------


def test_organet_ugild_without_a_vote_invents_no_vote(ctx: Context) -> None:
    body = make_body(ctx)
    meeting, (case,) = running(ctx, body)
    member = body.member(3)
    d = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case.id, person_id=member, ground=G.FVL_6_2)
    )
    out = voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=d.id))
    assert out.decided is True and out.vote_id is None and out.participants == 6
    assert voting.votes(ctx, case.id) == []
    rec = recommendation(ctx, case.id)
    voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    close(ctx, meeting.id)
    who = _names(ctx, meeting.id)[member]
    cm = case_minutes(ctx, meeting.id, case.id)
    assert cm.disqualification == [
        f"Organet fann at {who} er ugild etter forvaltningslova § 6 andre ledd. "
        f"{who} var ikkje med på avgjerda (fvl. § 8 (2)). "
        "Vedtaksfør: 6 av 7 medlemer var med på avgjerda."
    ]
    assert [v.text for v in cm.votes] == ["Innstillinga vart vedteken samrøystes."]
    section = case_section(ctx, meeting.id, case.id)
    assert section.index("Ugildskap:") < section.index("Organet fann")
    assert section.index("Organet fann") < section.index("Innstilling:")
    assert "samrøystes" not in section[: section.index("Innstilling:")]
    assert "Framlegget om ugildskap" not in preview_text(ctx, meeting.id)


def test_a_vote_and_a_finding_together_are_bad_input() -> None:
    with pytest.raises(ValidationError, match="avgjer røystene utfallet"):
        DecideDisqualificationIn(
            disqualification_id=1, method=VoteMethod.UNANIMOUS, disqualified=False
        )
    with pytest.raises(ValidationError, match="korleis organet røysta"):
        DecideDisqualificationIn(disqualification_id=1, ballots={1: FOR})


def test_an_administrative_body_is_warned_and_the_warning_kept(ctx: Context) -> None:
    body = make_body(ctx, "KDM", BodyKind.ADMINISTRATIVE)
    meeting, (case,) = running(ctx, body, present=body.members[:4])
    d = voting.propose_disqualification(
        ctx, DisqualificationIn(case_id=case.id, person_id=body.member(3), ground=G.FVL_6_2)
    )
    out = voting.decide_disqualification(ctx, DecideDisqualificationIn(disqualification_id=d.id))
    assert out.decided is True and out.participants == 3
    from dvmeet.services import warnings

    kept = warnings.meeting_warnings(ctx, meeting.id)
    assert any(w.rule_id == "H-1" and "3 av 7" in w.message for w in kept)
