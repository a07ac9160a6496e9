"""The constituent meeting of the representantskap, run end to end through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import Body, make_body, plan
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    ClosureBasis,
    DocumentKind,
    MeetingStatus,
    ProposalKind,
    StandingCase,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import DvmeetError, FrozenRecord
from dvmeet.services import attendance, governing, meetings, minutes, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, SendNoticeIn, UpdateCaseIn
from dvmeet.services.minutes.models import ApproveMinutesIn, CorrectionIn, RemarksIn
from dvmeet.services.voting.models import DecisionIn, ElectionIn, ProposalIn, ProposalOut, VoteIn

DAY = dt.date(2024, 12, 11)
MEETING_TABLES = (
    "meeting",
    "agenda_case",
    "attendance_event",
    "absence_reason",
    "proposal",
    "vote",
    "ballot",
    "decision",
    "disqualification",
    "minutes",
    "minutes_signatory",
)


def snapshot(url: URL) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
                for t in MEETING_TABLES
            }
    finally:
        engine.dispose()


def run_constituent_meeting(
    ctx: Context, body: Body, *, afterwards: bool = False
) -> dict[str, Any]:
    """Every time is given as the notes say it; `afterwards`: the meeting is entered
    afterwards from those notes (each time typed and checked), else held live."""
    versions = {}
    for kind, title in (
        (DocumentKind.MANDAT, "Mandat for styringsgruppa"),
        (DocumentKind.STRATEGI, "Strategi 2025–2028"),
        (DocumentKind.OPPDRAGSBREV, "Oppdragsbrev 2025"),
    ):
        doc = governing.create_document(ctx, governing.DocumentIn(kind=kind, title=title))
        governing.add_version(ctx, governing.VersionIn(document_id=doc.id, content=f"{title} v1"))
        versions[kind] = governing.add_version(
            ctx, governing.VersionIn(document_id=doc.id, content=f"{title} v2")
        )
    meeting = plan(ctx, body, DAY)
    doc_cases = {
        kind: meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting.id,
                title=f"Vedtak om {kind.value}",
                recommendation=f"{kind.value.capitalize()} vert vedteke.",
                document_version_id=versions[kind].id,
            ),
        )
        for kind in (DocumentKind.MANDAT, DocumentKind.STRATEGI, DocumentKind.OPPDRAGSBREV)
    }
    fee = meetings.add_case(
        ctx,
        CaseIn(meeting_id=meeting.id, title="Møtegodtgjersle", recommendation="Ingen godtgjersle."),
    )
    closed = meetings.add_case(
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
    )
    sent = meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=DAY - dt.timedelta(days=20))
    )
    assert sent.status is MeetingStatus.NOTICE_SENT
    assert [c.label for c in sent.cases][:3] == ["PS 001/24", "PS 002/24", "PS 003/24"]
    assert sent.cases[-1].standing is StandingCase.EVENTUELT

    # Attendance: six members present, one with forfall and a deputy in her place.
    mid = meeting.id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason="Sjukmeld")
    )
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(
            meeting_id=mid, opened_at=dt.datetime.combine(DAY, dt.time(10)), afterwards=afterwards
        ),
    )
    attendance.call_deputy(
        ctx, DeputyIn(meeting_id=mid, deputy_person_id=body.deputy(6), for_person_id=body.member(6))
    )
    standing = {c.standing: c for c in sent.cases if c.standing}

    # PS 001: approval of notice and case list.
    rec = _recommendation(ctx, standing[StandingCase.NOTICE_APPROVAL].id)
    v = voting.record_vote(
        ctx, VoteIn(case_id=rec.case_id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    assert v.outcome is VoteOutcome.ADOPTED and v.votes_for == 7 and v.unanimous
    voting.record_decision(ctx, DecisionIn(case_id=rec.case_id, vote_id=v.id))

    # PS 002: election of two signatories (one election per signatory).
    sign_case = standing[StandingCase.SIGNATORIES].id
    signatories = [body.member(2), body.member(3)]
    for candidate in signatories:
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=sign_case,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=candidate,
            ),
        )
    voters = [body.member(i) for i in range(6)] + [body.deputy(6)]
    r = voting.record_election_round(
        ctx,
        ElectionIn(
            case_id=sign_case,
            ballots={p: signatories[0] if i < 4 else signatories[1] for i, p in enumerate(voters)},
        ),
    )
    assert r.outcome is VoteOutcome.ELECTED and r.elected_person_id == signatories[0]
    # the election recorded the decision; its text is edited until the minutes are approved
    (elected,) = (d for d in voting.decisions(ctx, mid) if d.case_id == sign_case)
    voting.update_decision_text(
        ctx, elected.id, "Person 4602 og 4611 vart valde til å skrive under."
    )

    # The three documents: the mandate by a split vote with names, the others unanimous.
    mandate = _recommendation(ctx, doc_cases[DocumentKind.MANDAT].id)
    split = voting.record_vote(
        ctx,
        VoteIn(
            case_id=mandate.case_id,
            proposal_id=mandate.id,
            method=VoteMethod.COUNTS,
            dissenters=[body.member(4), body.member(5)],
        ),
    )
    assert (split.votes_for, split.votes_against) == (5, 2)
    assert split.outcome is VoteOutcome.ADOPTED and not split.unanimous
    decision = voting.record_decision(ctx, DecisionIn(case_id=mandate.case_id, vote_id=split.id))
    assert decision.adopted_version_id == versions[DocumentKind.MANDAT].id
    for kind in (DocumentKind.STRATEGI, DocumentKind.OPPDRAGSBREV):
        p = _recommendation(ctx, doc_cases[kind].id)
        vote = voting.record_vote(
            ctx, VoteIn(case_id=p.case_id, proposal_id=p.id, method=VoteMethod.UNANIMOUS)
        )
        d = voting.record_decision(ctx, DecisionIn(case_id=p.case_id, vote_id=vote.id))
        assert d.adopted_version_id == versions[kind].id

    # The fee: one member leaves, the vote ties 3–3, and the chair's vote decides.
    attendance.mark_left(
        ctx,
        PresenceIn(meeting_id=mid, person_id=body.member(5), case_id=fee.id, at_time=dt.time(11)),
    )
    fee_rec = _recommendation(ctx, fee.id)
    chair = body.member(0)
    ballots = {
        body.member(0): BallotChoice.FOR,
        body.member(1): BallotChoice.FOR,
        body.member(2): BallotChoice.FOR,
        body.member(3): BallotChoice.MOT,
        body.member(4): BallotChoice.MOT,
        body.deputy(6): BallotChoice.MOT,
    }
    tie = voting.record_vote(
        ctx,
        VoteIn(
            case_id=fee.id, proposal_id=fee_rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots
        ),
    )
    assert tie.casting_vote_used and tie.outcome is VoteOutcome.ADOPTED
    assert tie.chair_person_id == chair
    voting.record_decision(ctx, DecisionIn(case_id=fee.id, vote_id=tie.id))

    # The closed case.
    closed_rec = _recommendation(ctx, closed.id)
    cv = voting.record_vote(
        ctx, VoteIn(case_id=closed.id, proposal_id=closed_rec.id, method=VoteMethod.UNANIMOUS)
    )
    voting.record_decision(ctx, DecisionIn(case_id=closed.id, vote_id=cv.id))
    voting.record_decision(
        ctx, DecisionIn(case_id=standing[StandingCase.EVENTUELT].id, text="Ingen saker.")
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime.combine(DAY, dt.time(12, 30)))
    )
    minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="Ingen merknader."))
    return {
        "meeting_id": mid,
        "signatories": signatories,
        "fee_case": fee.id,
        "closed_case": closed.id,
        "mandate_case": mandate.case_id,
    }


def _recommendation(ctx: Context, case_id: int) -> ProposalOut:
    props = voting.proposals(ctx, case_id)
    return next(p for p in props if p.kind is ProposalKind.RECOMMENDATION)


def test_constituent_meeting_end_to_end_then_frozen(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    mid = run["meeting_id"]

    draft = minutes.minutes_draft(ctx, mid)
    assert draft.chair == "RS Person 4601-0"
    assert len(draft.present) == 6
    assert [(d.name, d.for_name) for d in draft.deputies] == [
        ("RS Person 4615-1", "RS Person 4615-0")
    ]
    assert [a.name for a in draft.absent] == ["RS Person 4615-0"]
    mandate = next(c for c in draft.cases if c.title == "Vedtak om mandat")
    assert "5 røyster for" in mandate.votes[0].text and "RS Person 4613-0" in mandate.votes[0].text
    assert mandate.adopted_document is not None and "versjon 2" in mandate.adopted_document
    fee = next(c for c in draft.cases if c.title == "Møtegodtgjersle")
    assert "møteleiaren si røyst var avgjerande" in fee.votes[0].text
    assert any(m.kind == "gjekk" and m.at_time == dt.time(11) for m in draft.movements)
    public = minutes.minutes_draft(ctx, mid, public=True)
    closed_public = next(c for c in public.cases if c.closed)
    assert closed_public.title == "Tilsetjing av dagleg leiar"
    assert closed_public.withheld and closed_public.decision is None
    assert "Kari Nordmann" not in public.model_dump_json()
    assert "Sjukmeld" not in draft.model_dump_json()  # reasons are never printed

    approved = minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY + dt.timedelta(days=2),
            signatory_person_ids=run["signatories"],
        ),
    )
    assert approved.approval is not None and approved.approval.audit_head
    assert approved.approval.chair == "RS Person 4601-0"
    assert meetings.get_meeting(ctx, mid).frozen

    before = snapshot(database_url)
    attempts: list[Callable[[], object]] = [
        lambda: meetings.update_case(ctx, UpdateCaseIn(case_id=run["fee_case"], title="Endra")),
        lambda: meetings.add_case(ctx, CaseIn(meeting_id=mid, title="Ny sak")),
        lambda: meetings.remove_case(ctx, run["fee_case"]),
        lambda: attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(6))),
        lambda: voting.record_vote(
            ctx,
            VoteIn(
                case_id=run["fee_case"],
                proposal_id=_recommendation(ctx, run["fee_case"]).id,
                method=VoteMethod.UNANIMOUS,
            ),
        ),
        lambda: minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="Endra")),
        lambda: minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DvmeetError):
            attempt()
    with pytest.raises(FrozenRecord):
        meetings.update_case(ctx, UpdateCaseIn(case_id=run["fee_case"], title="Endra"))
    assert snapshot(database_url) == before

    # Raw SQL on another connection: the database itself refuses.
    raw = create_engine(database_url)
    statements = [
        f"UPDATE agenda_case SET title = 'x' WHERE meeting_id = {mid}",
        f"DELETE FROM ballot WHERE meeting_id = {mid}",
        f"UPDATE vote SET outcome = 'rejected' WHERE meeting_id = {mid}",
        f"UPDATE decision SET text = 'x' WHERE meeting_id = {mid}",
        f"DELETE FROM attendance_event WHERE meeting_id = {mid}",
        f"UPDATE minutes SET remarks = 'x' WHERE meeting_id = {mid}",
        f"UPDATE meeting SET frozen = false WHERE id = {mid}",
        f"DELETE FROM meeting WHERE id = {mid}",
        "INSERT INTO proposal (meeting_id, case_id, kind, text, position, withdrawn, created_at) "
        f"VALUES ({mid}, {run['fee_case']}, 'alternative', 'x', 9, false, '2024-12-11')",
    ]
    try:
        for statement in statements:
            with pytest.raises(DBAPIError, match="dvmeet_frozen"), raw.begin() as conn:
                conn.execute(text(statement))
    finally:
        raw.dispose()
    assert snapshot(database_url) == before


def test_corrections_to_frozen_minutes_are_new_linked_records(ctx: Context) -> None:
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    mid = run["meeting_id"]
    with pytest.raises(DvmeetError, match="ikkje godkjend"):
        minutes.add_correction(
            ctx,
            CorrectionIn(meeting_id=mid, target_table="decision", target_id=1, text="Skrivefeil"),
        )
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY + dt.timedelta(3)
        ),
    )
    c = minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=mid, target_table="decision", target_id=1, text="Skrivefeil i vedtaket"
        ),
    )
    assert c.meeting_id == mid and c.target_table == "decision"
