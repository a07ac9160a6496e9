"""Every refused call leaves the database as it was; unknown ids give NotFound in nynorsk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from meeting_setup import add_case, make_body, plan, recommendation, running, snapshot_all
from sqlalchemy.engine import URL

from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    ClosureBasis,
    DisqualificationGround,
    DocumentKind,
    ProposalKind,
    VoteMethod,
)
from dvmeet.errors import Conflict, DvmeetError, InvalidInput, NotFound, RuleRefused
from dvmeet.services import attendance, governing, meetings, minutes, voting
from dvmeet.services.attendance.models import (
    ChairIn,
    CloseMeetingIn,
    DeputyIn,
    OpenMeetingIn,
    PresenceIn,
    RollCallIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import (
    AddCaseInMeetingIn,
    CaseIn,
    PlanMeetingIn,
    ReorderCasesIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
    UrgentDecisionIn,
)
from dvmeet.services.minutes.models import ApproveMinutesIn, CorrectionIn, RemarksIn
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
MISSING = 987_654
Attempt = tuple[str, type[DvmeetError], Callable[[], object]]


def test_refused_calls_leave_the_database_as_it_was(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    other_body = make_body(ctx, "KDM")
    m, (a, b) = running(ctx, body, cases=2, present=body.members[:6], forfall=[body.member(6)])
    mid = m.id
    rec_a = recommendation(ctx, a.id)
    rec_b = recommendation(ctx, b.id)
    vote = voting.record_vote(
        ctx, VoteIn(case_id=a.id, proposal_id=rec_a.id, method=VoteMethod.UNANIMOUS)
    )
    decision = voting.record_decision(ctx, DecisionIn(case_id=a.id, vote_id=vote.id))
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=b.id, person_id=body.member(3), ground=DisqualificationGround.FVL_6_1_A
        ),
    )
    planned = plan(ctx, body, DAY + dt.timedelta(days=60))
    other_meeting = plan(ctx, other_body, DAY)
    other_case = add_case(ctx, other_meeting.id, "Anna organ")
    doc = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.MANDAT, title="Mandat")
    )
    governing.add_version(ctx, governing.VersionIn(document_id=doc.id, content="Tekst"))
    all_ids = [c.id for c in meetings.get_meeting(ctx, mid).cases]

    attempts: list[Attempt] = [
        # Planning
        (
            "plan unknown body",
            NotFound,
            lambda: meetings.plan_meeting(
                ctx,
                PlanMeetingIn(body_code="XX", date=DAY, start_time=dt.time(9), place="Voss"),
            ),
        ),
        (
            "end before start",
            InvalidInput,
            lambda: meetings.update_meeting(
                ctx, UpdateMeetingIn(meeting_id=planned.id, end_time=dt.time(8))
            ),
        ),
        (
            "closed without basis",
            RuleRefused,
            lambda: meetings.add_case(
                ctx, CaseIn(meeting_id=planned.id, title="X", closed=True, public_title="Y")
            ),
        ),
        (
            "unknown preparer",
            NotFound,
            lambda: meetings.add_case(
                ctx, CaseIn(meeting_id=planned.id, title="X", preparer_person_id=MISSING)
            ),
        ),
        (
            "unknown version",
            NotFound,
            lambda: meetings.add_case(
                ctx, CaseIn(meeting_id=planned.id, title="X", document_version_id=MISSING)
            ),
        ),
        (
            "case to running meeting",
            Conflict,
            lambda: meetings.add_case(ctx, CaseIn(meeting_id=mid, title="Ny")),
        ),
        (
            "chair objects (M-5)",
            RuleRefused,
            lambda: meetings.add_case_in_meeting(
                ctx,
                AddCaseInMeetingIn(case=CaseIn(meeting_id=mid, title="Ny"), chair_objects=True),
            ),
        ),
        (
            "a third of those present object (M-5)",
            RuleRefused,
            lambda: meetings.add_case_in_meeting(
                ctx,
                AddCaseInMeetingIn(
                    case=CaseIn(meeting_id=mid, title="Ny"),
                    objecting=[body.member(2), body.member(3)],
                ),
            ),
        ),
        (
            "an objector who is not present (M-5)",
            InvalidInput,
            lambda: meetings.add_case_in_meeting(
                ctx,
                AddCaseInMeetingIn(
                    case=CaseIn(meeting_id=mid, title="Ny"), objecting=[body.member(6)]
                ),
            ),
        ),
        (
            "an objector named twice (M-5)",
            InvalidInput,
            lambda: meetings.add_case_in_meeting(
                ctx,
                AddCaseInMeetingIn(
                    case=CaseIn(meeting_id=mid, title="Ny"),
                    objecting=[body.member(2), body.member(2)],
                ),
            ),
        ),
        (
            "clear a required field",
            InvalidInput,
            lambda: meetings.update_case(
                ctx, UpdateCaseIn(case_id=planned.cases[0].id, clear=frozenset({"title"}))
            ),
        ),
        (
            "closed case loses its public title",
            InvalidInput,
            lambda: meetings.update_case(
                ctx,
                UpdateCaseIn(
                    case_id=planned.cases[0].id,
                    closed=True,
                    closure_basis=ClosureBasis.KOML_11_5_3A,
                ),
            ),
        ),
        ("remove from running meeting", Conflict, lambda: meetings.remove_case(ctx, b.id)),
        (
            "reorder without every case",
            InvalidInput,
            lambda: meetings.reorder_cases(
                ctx, ReorderCasesIn(meeting_id=mid, case_ids=all_ids[:-1])
            ),
        ),
        (
            "reorder with a case twice",
            InvalidInput,
            lambda: meetings.reorder_cases(
                ctx, ReorderCasesIn(meeting_id=mid, case_ids=[*all_ids, all_ids[0]])
            ),
        ),
        (
            "notice after the meeting day",
            InvalidInput,
            lambda: meetings.send_notice(
                ctx, SendNoticeIn(meeting_id=planned.id, sent_on=planned.date + dt.timedelta(1))
            ),
        ),
        (
            "notice for a running meeting",
            Conflict,
            lambda: meetings.send_notice(ctx, SendNoticeIn(meeting_id=mid, sent_on=DAY)),
        ),
        (
            "urgent decision, unknown body",
            NotFound,
            lambda: meetings.record_urgent_decision(
                ctx,
                UrgentDecisionIn(
                    body_code="XX", decided_on=DAY, decided_by="L", title="T", text="T"
                ),
            ),
        ),
        # Attendance
        (
            "no seat",
            InvalidInput,
            lambda: attendance.mark_present(
                ctx, PresenceIn(meeting_id=mid, person_id=other_body.member(0))
            ),
        ),
        (
            "unknown person",
            NotFound,
            lambda: attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=MISSING)),
        ),
        (
            "case of another meeting",
            InvalidInput,
            lambda: attendance.mark_left(
                ctx, PresenceIn(meeting_id=mid, person_id=body.member(1), case_id=other_case.id)
            ),
        ),
        (
            "left without a case",
            InvalidInput,
            lambda: attendance.mark_left(ctx, PresenceIn(meeting_id=mid, person_id=body.member(1))),
        ),
        (
            "deputy out of rank",
            RuleRefused,
            lambda: attendance.call_deputy(
                ctx,
                DeputyIn(
                    meeting_id=mid, deputy_person_id=body.deputy(6, 2), for_person_id=body.member(6)
                ),
            ),
        ),
        (
            "roll call failing half-way",
            RuleRefused,
            lambda: attendance.record_roll_call(
                ctx,
                RollCallIn(
                    meeting_id=mid,
                    forfall={body.member(5): "Sjuk"},
                    deputies={body.deputy(6, 2): body.member(6)},
                ),
            ),
        ),
        (
            "chair not present",
            InvalidInput,
            lambda: attendance.set_case_chair(ctx, ChairIn(case_id=b.id, person_id=body.member(6))),
        ),
        (
            "open twice",
            Conflict,
            lambda: attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=mid)),
        ),
        (
            "close a planned meeting",
            Conflict,
            lambda: attendance.close_meeting(ctx, CloseMeetingIn(meeting_id=planned.id)),
        ),
        (
            "close before opening",
            InvalidInput,
            lambda: attendance.close_meeting(
                ctx,
                CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime.combine(DAY, dt.time(9))),
            ),
        ),
        (
            "current case of another meeting",
            InvalidInput,
            lambda: attendance.set_current_case(ctx, mid, other_case.id),
        ),
        # Voting
        (
            "proposal, unknown case",
            NotFound,
            lambda: voting.add_proposal(
                ctx, ProposalIn(case_id=MISSING, kind=ProposalKind.ALTERNATIVE, text="X")
            ),
        ),
        (
            "proposal, meeting not running",
            Conflict,
            lambda: voting.add_proposal(
                ctx,
                ProposalIn(case_id=planned.cases[0].id, kind=ProposalKind.ALTERNATIVE, text="X"),
            ),
        ),
        (
            "candidate outside an election",
            InvalidInput,
            lambda: voting.add_proposal(
                ctx,
                ProposalIn(
                    case_id=b.id,
                    kind=ProposalKind.CANDIDATE,
                    text="X",
                    candidate_person_id=body.member(1),
                ),
            ),
        ),
        (
            "missing ballots",
            RuleRefused,
            lambda: voting.record_vote(
                ctx,
                VoteIn(
                    case_id=b.id,
                    proposal_id=rec_b.id,
                    method=VoteMethod.ROLL_CALL,
                    ballots={body.member(0): BallotChoice.FOR},
                ),
            ),
        ),
        (
            "blank ballot",
            RuleRefused,
            lambda: voting.record_vote(
                ctx,
                VoteIn(
                    case_id=b.id,
                    proposal_id=rec_b.id,
                    method=VoteMethod.ROLL_CALL,
                    ballots=dict.fromkeys(body.members[:6], BallotChoice.BLANK),
                ),
            ),
        ),
        (
            "proposal of another case",
            InvalidInput,
            lambda: voting.record_vote(
                ctx, VoteIn(case_id=b.id, proposal_id=rec_a.id, method=VoteMethod.UNANIMOUS)
            ),
        ),
        (
            "vote twice",
            Conflict,
            lambda: voting.record_vote(
                ctx, VoteIn(case_id=a.id, proposal_id=rec_a.id, method=VoteMethod.UNANIMOUS)
            ),
        ),
        (
            "election in an ordinary case",
            InvalidInput,
            lambda: voting.record_election_round(ctx, ElectionIn(case_id=b.id, ballots={})),
        ),
        (
            "lots without a tie",
            Conflict,
            lambda: voting.draw_election_lots(ctx, LotsIn(vote_id=vote.id, witnesses="Kari")),
        ),
        (
            "disqualification of someone absent",
            InvalidInput,
            lambda: voting.propose_disqualification(
                ctx,
                DisqualificationIn(
                    case_id=b.id, person_id=body.member(6), ground=DisqualificationGround.FVL_6_2
                ),
            ),
        ),
        (
            "disqualification twice",
            Conflict,
            lambda: voting.propose_disqualification(
                ctx,
                DisqualificationIn(
                    case_id=b.id, person_id=body.member(3), ground=DisqualificationGround.FVL_6_2
                ),
            ),
        ),
        (
            "disqualification vote, deputy of another municipality",
            RuleRefused,
            lambda: voting.decide_disqualification(
                ctx,
                DecideDisqualificationIn(disqualification_id=d.id, deputy_person_id=body.deputy(4)),
            ),
        ),
        (
            "decision without text or vote",
            InvalidInput,
            lambda: voting.record_decision(ctx, DecisionIn(case_id=b.id)),
        ),
        (
            "vote of another case",
            InvalidInput,
            lambda: voting.record_decision(ctx, DecisionIn(case_id=b.id, vote_id=vote.id)),
        ),
        (
            "second decision",
            Conflict,
            lambda: voting.record_decision(ctx, DecisionIn(case_id=a.id, text="Ny")),
        ),
        (
            "empty decision text",
            InvalidInput,
            lambda: voting.update_decision_text(ctx, decision.id, "  "),
        ),
        # Minutes
        (
            "remarks before the meeting is held",
            Conflict,
            lambda: minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="x")),
        ),
        (
            "approve a running meeting",
            Conflict,
            lambda: minutes.approve_minutes(
                ctx,
                ApproveMinutesIn(
                    meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY
                ),
            ),
        ),
        (
            "correction before approval",
            Conflict,
            lambda: minutes.add_correction(
                ctx, CorrectionIn(meeting_id=mid, target_table="decision", target_id=1, text="x")
            ),
        ),
        # Governing documents
        (
            "identical version",
            Conflict,
            lambda: governing.add_version(
                ctx, governing.VersionIn(document_id=doc.id, content="Tekst")
            ),
        ),
        (
            "document for unknown body",
            NotFound,
            lambda: governing.create_document(
                ctx, governing.DocumentIn(kind=DocumentKind.ANNA, title="X", body_code="XX")
            ),
        ),
    ]
    before = snapshot_all(database_url)
    for name, error, attempt in attempts:
        with pytest.raises(error):
            attempt()
        assert snapshot_all(database_url) == before, name


def test_unknown_ids_give_not_found_in_nynorsk(ctx: Context) -> None:
    make_body(ctx)
    calls: list[tuple[str, Callable[[], object]]] = [
        (r"Fann ikkje møtet med id 987654\.", lambda: meetings.get_meeting(ctx, MISSING)),
        (r"Fann ikkje møtet", lambda: meetings.notice_changes(ctx, MISSING)),
        (
            r"Fann ikkje møtet",
            lambda: meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=MISSING, place="X")),
        ),
        (r"Fann ikkje saka med id 987654\.", lambda: meetings.remove_case(ctx, MISSING)),
        (
            r"Fann ikkje saka",
            lambda: meetings.update_case(ctx, UpdateCaseIn(case_id=MISSING, title="X")),
        ),
        (r"Fann ikkje organet «XX»", lambda: meetings.list_meetings(ctx, "XX")),
        (r"Fann ikkje organet", lambda: meetings.pending_urgent_decisions(ctx, "XX")),
        (r"Fann ikkje møtet", lambda: attendance.roll_call(ctx, MISSING)),
        (r"Fann ikkje møtet", lambda: attendance.attendance_entries(ctx, MISSING)),
        (r"Fann ikkje saka", lambda: attendance.voters(ctx, MISSING)),
        (
            r"Fann ikkje møtet",
            lambda: attendance.mark_present(ctx, PresenceIn(meeting_id=MISSING, person_id=1)),
        ),
        (r"Fann ikkje saka", lambda: voting.proposals(ctx, MISSING)),
        (r"Fann ikkje saka", lambda: voting.voting_plan(ctx, MISSING)),
        (r"Fann ikkje saka", lambda: voting.votes(ctx, MISSING)),
        (r"Fann ikkje framlegget med id", lambda: voting.withdraw_proposal(ctx, MISSING)),
        (
            r"Fann ikkje røystinga",
            lambda: voting.draw_election_lots(ctx, LotsIn(vote_id=MISSING, witnesses="Kari")),
        ),
        (
            r"Fann ikkje ugildskapen",
            lambda: voting.decide_disqualification(
                ctx, DecideDisqualificationIn(disqualification_id=MISSING)
            ),
        ),
        (r"Fann ikkje vedtaket", lambda: voting.update_decision_text(ctx, MISSING, "Tekst")),
        (r"Fann ikkje møtet", lambda: voting.decisions(ctx, MISSING)),
        (r"Fann ikkje møtet", lambda: voting.disqualifications(ctx, MISSING)),
        (r"Fann ikkje møtet", lambda: minutes.minutes_draft(ctx, MISSING)),
        (r"Fann ikkje dokumentversjonen", lambda: governing.version_text(ctx, MISSING)),
    ]
    for pattern, call in calls:
        with pytest.raises(NotFound, match=pattern):
            call()
