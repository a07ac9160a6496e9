"""The minutes: approval (B-2), freezing (B-3) and every write refused afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from meeting_setup import Body, make_body, plan, recommendation, running, snapshot_all
from sqlalchemy.engine import URL

from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    CaseKind,
    DisqualificationGround,
    MeetingStatus,
    MinutesStatus,
    ProposalKind,
    VoteMethod,
)
from dvmeet.errors import Conflict, FrozenRecord, InvalidInput, RuleRefused
from dvmeet.services import attendance, meetings, minutes, voting
from dvmeet.services.attendance.models import (
    ChairIn,
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
    RollCallIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings import models as meeting_models
from dvmeet.services.meetings.models import (
    AddCaseInMeetingIn,
    CaseIn,
    ReorderCasesIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
)
from dvmeet.services.minutes.models import ApproveMinutesIn, RemarksIn
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ElectionIn,
    LotsIn,
    ProposalIn,
    VoteIn,
)

DAY = dt.date(2025, 3, 12)


def _held(ctx: Context, body: Body) -> dict[str, int]:
    """A held meeting: member 6 has forfall, one split vote, one open disqualification."""
    m, (case, other) = running(
        ctx, body, cases=2, present=body.members[:6], forfall=[body.member(6)]
    )
    rec = recommendation(ctx, case.id)
    vote = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            method=VoteMethod.COUNTS,
            dissenters=[body.member(4)],
        ),
    )
    decision = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    alt = voting.add_proposal(
        ctx, ProposalIn(case_id=other.id, kind=ProposalKind.ALTERNATIVE, text="Utsett")
    )
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=other.id, person_id=body.member(2), ground=DisqualificationGround.FVL_6_2
        ),
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    return {
        "meeting": m.id,
        "case": case.id,
        "other": other.id,
        "signatories": m.cases[1].id,
        "proposal": alt.id,
        "vote": vote.id,
        "decision": decision.id,
        "disq": d.id,
    }


def _signatures(meeting_id: int, ids: list[int]) -> ApproveMinutesIn:
    return ApproveMinutesIn(
        meeting_id=meeting_id,
        method=ApprovalMethod.SIGNATURES,
        approved_on=DAY + dt.timedelta(days=3),
        signatory_person_ids=ids,
    )


def test_draft_shows_attendance_and_votes(ctx: Context) -> None:
    body = make_body(ctx)
    run = _held(ctx, body)
    draft = minutes.minutes_draft(ctx, run["meeting"])
    assert draft.status is MinutesStatus.DRAFT and draft.approval is None
    assert draft.chair == "RS Person 4601-0"
    assert len(draft.present) == 6 and [a.name for a in draft.absent] == ["RS Person 4615-0"]
    case = next(c for c in draft.cases if c.title == "Sak 1")
    assert case.votes[0].against_names == ["RS Person 4613-0"]
    assert "5 røyster for" in case.votes[0].text and case.decision is not None
    assert draft.disqualifications == []  # proposed but not decided


def test_signatures_need_exactly_two_who_attended_and_not_the_chair(
    ctx: Context, database_url: URL
) -> None:
    body = make_body(ctx)
    run = _held(ctx, body)
    mid = run["meeting"]
    before = snapshot_all(database_url)
    for ids in (
        [body.member(2)],
        [body.member(2), body.member(3), body.member(4)],
        [body.member(2), body.member(2)],
        [body.member(0), body.member(2)],  # the chair signs as chair, not as one of the two
        [body.member(2), body.member(6)],  # forfall: did not attend
        [body.member(2), body.deputy(5)],  # never attended
    ):
        with pytest.raises(RuleRefused) as err:
            minutes.approve_minutes(ctx, _signatures(mid, ids))
        assert err.value.rule_id == "B-2"
    assert snapshot_all(database_url) == before

    approved = minutes.approve_minutes(ctx, _signatures(mid, [body.member(2), body.member(3)]))
    assert approved.status is MinutesStatus.APPROVED
    assert approved.approval is not None
    assert approved.approval.method is ApprovalMethod.SIGNATURES
    assert approved.approval.chair == "RS Person 4601-0"
    assert sorted(approved.approval.signatories) == ["RS Person 4611-0", "RS Person 4612-0"]
    assert approved.approval.approved_on == DAY + dt.timedelta(days=3)
    assert approved.approval.audit_head and len(approved.approval.audit_head) == 64
    out = meetings.get_meeting(ctx, mid)
    assert out.frozen and out.status is MeetingStatus.APPROVED


def test_approval_needs_a_held_meeting_and_a_date_after_it(ctx: Context) -> None:
    body = make_body(ctx)
    m, _ = running(ctx, body)
    with pytest.raises(Conflict):
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(meeting_id=m.id, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY),
        )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    with pytest.raises(InvalidInput):
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(
                meeting_id=m.id,
                method=ApprovalMethod.EMAIL_ROUND,
                approved_on=DAY - dt.timedelta(days=1),
            ),
        )
    out = minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(meeting_id=m.id, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY),
    )
    assert out.approval is not None and out.approval.signatories == []


def test_next_meeting_method_needs_a_later_meeting_of_the_same_body(ctx: Context) -> None:
    body = make_body(ctx)
    earlier = plan(ctx, body, DAY - dt.timedelta(days=30))
    run = _held(ctx, body)
    other_body = make_body(ctx, "KDM")
    foreign = plan(ctx, other_body, DAY + dt.timedelta(days=60))
    later = plan(ctx, body, DAY + dt.timedelta(days=90))
    mid = run["meeting"]

    def by_meeting(meeting_id: int | None) -> ApproveMinutesIn:
        return ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.NEXT_MEETING,
            approved_on=DAY + dt.timedelta(days=90),
            approved_in_meeting_id=meeting_id,
        )

    for target in (None, earlier.id, foreign.id, mid):
        with pytest.raises(InvalidInput):
            minutes.approve_minutes(ctx, by_meeting(target))
    assert not meetings.get_meeting(ctx, mid).frozen
    out = minutes.approve_minutes(ctx, by_meeting(later.id))
    assert out.approval is not None and out.approval.approved_in is not None
    assert out.approval.approved_in.endswith((DAY + dt.timedelta(days=90)).strftime("%d.%m.%Y"))
    assert meetings.get_meeting(ctx, mid).frozen


def test_every_write_on_a_frozen_meeting_is_refused(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    run = _held(ctx, body)
    mid = run["meeting"]
    minutes.approve_minutes(ctx, _signatures(mid, [body.member(2), body.member(3)]))
    before = snapshot_all(database_url)

    attempts: dict[str, Callable[[], object]] = {
        "update_meeting": lambda: meetings.update_meeting(
            ctx, UpdateMeetingIn(meeting_id=mid, place="Førde")
        ),
        "add_case": lambda: meetings.add_case(ctx, CaseIn(meeting_id=mid, title="Ny")),
        "add_case_in_meeting": lambda: meetings.add_case_in_meeting(
            ctx, AddCaseInMeetingIn(case=CaseIn(meeting_id=mid, title="Ny"))
        ),
        "update_case": lambda: meetings.update_case(
            ctx, UpdateCaseIn(case_id=run["case"], title="Endra")
        ),
        "remove_case": lambda: meetings.remove_case(ctx, run["other"]),
        "reorder_cases": lambda: meetings.reorder_cases(
            ctx,
            ReorderCasesIn(
                meeting_id=mid, case_ids=[c.id for c in meetings.get_meeting(ctx, mid).cases]
            ),
        ),
        "send_notice": lambda: meetings.send_notice(ctx, SendNoticeIn(meeting_id=mid)),
        "mark_present": lambda: attendance.mark_present(
            ctx, PresenceIn(meeting_id=mid, person_id=body.member(6))
        ),
        "mark_left": lambda: attendance.mark_left(
            ctx, PresenceIn(meeting_id=mid, person_id=body.member(1), case_id=run["other"])
        ),
        "mark_forfall": lambda: attendance.mark_forfall(
            ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason="x")
        ),
        "call_deputy": lambda: attendance.call_deputy(
            ctx,
            DeputyIn(meeting_id=mid, deputy_person_id=body.deputy(6), for_person_id=body.member(6)),
        ),
        "record_roll_call": lambda: attendance.record_roll_call(
            ctx, RollCallIn(meeting_id=mid, present=[body.member(6)])
        ),
        "set_case_chair": lambda: attendance.set_case_chair(
            ctx, ChairIn(case_id=run["case"], person_id=body.member(1))
        ),
        "open_meeting": lambda: attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid)),
        "set_current_case": lambda: attendance.set_current_case(ctx, mid, run["other"]),
        "close_meeting": lambda: attendance.close_meeting(ctx, CloseMeetingIn(meeting_id=mid)),
        "add_proposal": lambda: voting.add_proposal(
            ctx, ProposalIn(case_id=run["other"], kind=ProposalKind.ADDITION, text="Tillegg")
        ),
        "withdraw_proposal": lambda: voting.withdraw_proposal(ctx, run["proposal"]),
        "record_vote": lambda: voting.record_vote(
            ctx,
            VoteIn(case_id=run["other"], proposal_id=run["proposal"], method=VoteMethod.UNANIMOUS),
        ),
        "record_election_round": lambda: voting.record_election_round(
            ctx, ElectionIn(case_id=run["signatories"], ballots={body.member(0): None})
        ),
        "draw_election_lots": lambda: voting.draw_election_lots(
            ctx, LotsIn(vote_id=run["vote"], witnesses="Kari og Ola")
        ),
        "propose_disqualification": lambda: voting.propose_disqualification(
            ctx,
            DisqualificationIn(
                case_id=run["other"],
                person_id=body.member(3),
                ground=DisqualificationGround.FVL_6_2,
            ),
        ),
        "decide_disqualification": lambda: voting.decide_disqualification(
            ctx, DecideDisqualificationIn(disqualification_id=run["disq"])
        ),
        "record_decision": lambda: voting.record_decision(
            ctx, DecisionIn(case_id=run["other"], text="Vedtak")
        ),
        "update_decision_text": lambda: voting.update_decision_text(
            ctx, run["decision"], "Endra vedtak"
        ),
        "set_remarks": lambda: minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="x")),
        "approve_minutes": lambda: minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY),
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(FrozenRecord):
            attempt()
        assert snapshot_all(database_url) == before, name

    # Reading still works, and the approval is shown.
    draft = minutes.minutes_draft(ctx, mid)
    assert draft.approval is not None and draft.status is MinutesStatus.APPROVED


def test_urgent_decision_is_never_reported_in_a_frozen_meeting(ctx: Context) -> None:
    body = make_body(ctx)
    run = _held(ctx, body)
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting"], method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY
        ),
    )
    u = meetings.record_urgent_decision(
        ctx,
        meeting_models.UrgentDecisionIn(
            body_code=body.code, decided_on=DAY, decided_by="Leiaren", title="Hast", text="Tekst"
        ),
    )
    assert u.reported_case_id is None
    assert all(c.kind is not CaseKind.RS for c in meetings.get_meeting(ctx, run["meeting"]).cases)


_ = BallotChoice
