"""The constituent meeting split where the meeting file splits it: prepared at home
(documents, cases, notice), held on the laptop (roll call with a deputy, votes, a tie, a
closed case, decisions, remarks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meeting_setup import Body, plan

from dvmeet.domain.enums import (
    BallotChoice,
    ClosureBasis,
    DocumentKind,
    ProposalKind,
    StandingCase,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.services import attendance, governing, meetings, minutes, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, SendNoticeIn
from dvmeet.services.minutes.models import RemarksIn
from dvmeet.services.voting.models import DecisionIn, ElectionIn, ProposalIn, ProposalOut, VoteIn

DAY = dt.date(2024, 12, 11)


@dataclass
class Prepared:
    meeting_id: int
    doc_cases: dict[DocumentKind, int]
    fee_case: int
    closed_case: int
    standing: dict[StandingCase, int]


def prepare(ctx: Context, body: Body) -> Prepared:
    """At home: the documents, the meeting with its cases, the notice."""
    versions = {}
    for kind, title in (
        (DocumentKind.MANDAT, "Mandat for styringsgruppa"),
        (DocumentKind.STRATEGI, "Strategi 2025–2028"),
        (DocumentKind.OPPDRAGSBREV, "Oppdragsbrev 2025"),
    ):
        doc = governing.create_document(ctx, governing.DocumentIn(kind=kind, title=title))
        versions[kind] = governing.add_version(
            ctx, governing.VersionIn(document_id=doc.id, content=f"{title} v1")
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
        ).id
        for kind in versions
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
    standing = {c.standing: c.id for c in sent.cases if c.standing}
    return Prepared(meeting.id, doc_cases, fee.id, closed.id, standing)


def recommendation(ctx: Context, case_id: int) -> ProposalOut:
    return next(p for p in voting.proposals(ctx, case_id) if p.kind is ProposalKind.RECOMMENDATION)


def hold(ctx: Context, body: Body, p: Prepared) -> list[int]:
    """On the laptop: the meeting itself. Returns the signatories."""
    mid = p.meeting_id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason="Sjukmeld")
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    attendance.call_deputy(
        ctx, DeputyIn(meeting_id=mid, deputy_person_id=body.deputy(6), for_person_id=body.member(6))
    )
    rec = recommendation(ctx, p.standing[StandingCase.NOTICE_APPROVAL])
    v = voting.record_vote(
        ctx, VoteIn(case_id=rec.case_id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    voting.record_decision(ctx, DecisionIn(case_id=rec.case_id, vote_id=v.id))

    sign_case = p.standing[StandingCase.SIGNATORIES]
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
            ballots={q: signatories[0] if i < 4 else signatories[1] for i, q in enumerate(voters)},
        ),
    )
    assert r.outcome is VoteOutcome.ELECTED
    (elected,) = (d for d in voting.decisions(ctx, mid) if d.case_id == sign_case)
    voting.update_decision_text(
        ctx, elected.id, "Person 4602 og 4611 vart valde til å skrive under."
    )

    mandate = recommendation(ctx, p.doc_cases[DocumentKind.MANDAT])
    split = voting.record_vote(
        ctx,
        VoteIn(
            case_id=mandate.case_id,
            proposal_id=mandate.id,
            method=VoteMethod.COUNTS,
            dissenters=[body.member(4), body.member(5)],
        ),
    )
    voting.record_decision(ctx, DecisionIn(case_id=mandate.case_id, vote_id=split.id))
    for kind in (DocumentKind.STRATEGI, DocumentKind.OPPDRAGSBREV):
        rp = recommendation(ctx, p.doc_cases[kind])
        vote = voting.record_vote(
            ctx, VoteIn(case_id=rp.case_id, proposal_id=rp.id, method=VoteMethod.UNANIMOUS)
        )
        voting.record_decision(ctx, DecisionIn(case_id=rp.case_id, vote_id=vote.id))

    # The fee: one member leaves, the vote ties 3–3, and the chair's vote decides.
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=mid, person_id=body.member(5), case_id=p.fee_case, at_time=dt.time(11)
        ),
    )
    fee_rec = recommendation(ctx, p.fee_case)
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
            case_id=p.fee_case, proposal_id=fee_rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots
        ),
    )
    assert tie.casting_vote_used and tie.outcome is VoteOutcome.ADOPTED
    voting.record_decision(ctx, DecisionIn(case_id=p.fee_case, vote_id=tie.id))

    closed_rec = recommendation(ctx, p.closed_case)
    cv = voting.record_vote(
        ctx, VoteIn(case_id=p.closed_case, proposal_id=closed_rec.id, method=VoteMethod.UNANIMOUS)
    )
    voting.record_decision(ctx, DecisionIn(case_id=p.closed_case, vote_id=cv.id))
    voting.record_decision(
        ctx, DecisionIn(case_id=p.standing[StandingCase.EVENTUELT], text="Ingen saker.")
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime.combine(DAY, dt.time(12, 30)))
    )
    minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="Ingen merknader."))
    return signatories
