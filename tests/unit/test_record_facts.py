"""Facts from the database (M-5 objectors), kept warnings (R-1, O-1, M-7 for an
administrative body), elections of several (Q-4, M-7), corrections (B-3), public
decisions of closed cases (O-2) and the body's decision to close the meeting (O-1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from meeting_setup import Body, add_case, make_body, plan, recommendation, running, snapshot_all
from pypdf import PdfReader
from sqlalchemy.engine import URL

from dvmeet.documents.minutes_layout import block_text, minutes_blocks
from dvmeet.domain.enums import (
    ApprovalMethod,
    BodyKind,
    ClosureBasis,
    ProposalKind,
    StandingCase,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.errors import Conflict, InvalidInput, RuleRefused
from dvmeet.services import attendance, exports, meetings, minutes, voting, warnings
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import AddCaseInMeetingIn, CaseIn, UpdateCaseIn
from dvmeet.services.minutes.models import ApproveMinutesIn, CorrectionIn
from dvmeet.services.voting.models import (
    ClosureVoteIn,
    DecisionIn,
    ElectionIn,
    LotsIn,
    ProposalIn,
    SeveralElectionIn,
    VoteIn,
)

DAY = dt.date(2025, 3, 12)


# --- M-5: who is present comes from the attendance; objectors are named -----------------


def _new_case(meeting_id: int, title: str = "Ny sak") -> CaseIn:
    return CaseIn(meeting_id=meeting_id, title=title, recommendation="Teke til orientering.")


def test_m5_counts_those_present_from_the_attendance(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    # 6 of 7 present: two objectors are a third of those present, one is not
    meeting, _ = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused, match="2 av 6 møtande medlemer"):
        meetings.add_case_in_meeting(
            ctx,
            AddCaseInMeetingIn(
                case=_new_case(meeting.id), objecting=[body.member(2), body.member(3)]
            ),
        )
    assert snapshot_all(database_url) == before
    added = meetings.add_case_in_meeting(
        ctx, AddCaseInMeetingIn(case=_new_case(meeting.id), objecting=[body.member(2)])
    )
    assert added.added_in_meeting


def test_m5_objectors_must_be_present_and_named_once(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    meeting, _ = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput) as absent:
        meetings.add_case_in_meeting(
            ctx, AddCaseInMeetingIn(case=_new_case(meeting.id), objecting=[body.member(6)])
        )
    assert str(absent.value) == (
        "Berre medlemer som møter, kan setje seg imot at saka vert avgjord. "
        "Møter ikkje no: RS Person 4615-0."
    )
    with pytest.raises(InvalidInput) as twice:
        meetings.add_case_in_meeting(
            ctx,
            AddCaseInMeetingIn(
                case=_new_case(meeting.id), objecting=[body.member(2), body.member(2)]
            ),
        )
    assert str(twice.value) == (
        "Same person er nemnd fleire gonger blant dei som set seg imot: RS Person 4611-0."
    )
    assert snapshot_all(database_url) == before


def test_m5_only_in_a_running_meeting(ctx: Context) -> None:
    body = make_body(ctx)
    planned = plan(ctx, body)
    with pytest.raises(Exception, match="berre leggjast til i møtet når møtet er i gang"):
        meetings.add_case_in_meeting(ctx, AddCaseInMeetingIn(case=_new_case(planned.id)))


# --- Warnings are kept ------------------------------------------------------------------


def test_r1_deputy_from_another_municipality_is_kept(ctx: Context) -> None:
    """The kommunedirektørmøte (administrative) accepts a deputy from another municipality;
    the R-1 warning is stored with the meeting and listed for the secretariat."""
    body = make_body(ctx, "KDM", kind=BodyKind.ADMINISTRATIVE)
    meeting, (case,) = running(ctx, body, present=body.members[1:], day=dt.date(2025, 3, 12))
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=meeting.id, person_id=body.member(0)))
    # the deputy of municipality 2 meets for the member of municipality 1
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=meeting.id,
            deputy_person_id=body.deputy(1),
            for_person_id=body.member(0),
            case_id=case.id,
        ),
    )
    kept = warnings.meeting_warnings(ctx, meeting.id)
    assert [(w.rule_id, w.case_label, w.action) for w in kept] == [
        ("R-1", case.label, "attendance.deputy")
    ]
    assert kept[0].message.startswith("Varamedlemen er vald for ein annan deltakarkommune")
    # the meeting view shows it with the case, from the one read of the meeting
    shown = meetings.get_meeting(ctx, meeting.id).warnings
    assert [w.message for w in shown if w.rule_id == "R-1"] == [f"{case.label}: {kept[0].message}"]
    listed = warnings.all_warnings(ctx)
    assert [w.id for w in listed] == [kept[0].id]
    assert listed[0].body_name == "Organ KDM"
    assert warnings.all_warnings(ctx, "KDM") == listed


def test_o1_closed_case_without_basis_is_kept_once(ctx: Context) -> None:
    """O-1: an administrative body's closed case without a legal basis is a warning, kept
    with the case when added and not again when the same finding recurs."""
    body = make_body(ctx, "KDM", kind=BodyKind.ADMINISTRATIVE)
    meeting = plan(ctx, body)
    case = meetings.add_case(
        ctx, CaseIn(meeting_id=meeting.id, title="Lukka", public_title="Sak", closed=True)
    )
    meetings.update_case(ctx, UpdateCaseIn(case_id=case.id, title="Lukka sak"))
    kept = warnings.meeting_warnings(ctx, meeting.id)
    assert [(w.rule_id, w.case_id) for w in kept] == [("O-1", case.id)]


def test_a_removed_case_leaves_its_warnings_with_the_meeting(ctx: Context) -> None:
    body = make_body(ctx, "KDM", kind=BodyKind.ADMINISTRATIVE)
    meeting = plan(ctx, body)
    case = meetings.add_case(
        ctx, CaseIn(meeting_id=meeting.id, title="Lukka", public_title="Sak", closed=True)
    )
    (kept,) = warnings.meeting_warnings(ctx, meeting.id)
    meetings.remove_case(ctx, case.id)
    (left,) = warnings.meeting_warnings(ctx, meeting.id)
    assert left.id == kept.id and left.case_id is None
    assert left.message == f"{case.label} (fjerna frå saklista): {kept.message}"


def test_an_elected_body_refuses_and_keeps_nothing(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body)
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused):
        meetings.add_case(
            ctx, CaseIn(meeting_id=meeting.id, title="Lukka", public_title="Sak", closed=True)
        )
    assert snapshot_all(database_url) == before
    assert warnings.meeting_warnings(ctx, meeting.id) == []


# --- Q-4, M-7: the two signatories elected in one round ---------------------------------


def _signatories_case(ctx: Context, body: Body, candidates: int = 3) -> tuple[int, int, list[int]]:
    meeting, _ = running(ctx, body, cases=0)
    case = next(c for c in meeting.cases if c.standing is StandingCase.SIGNATORIES)
    assert case.is_election and case.seats_to_fill == 2
    people = [body.member(i) for i in range(2, 2 + candidates)]
    for person in people:
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=person,
            ),
        )
    return meeting.id, case.id, people


def _held(ctx: Context, meeting_id: int) -> None:
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting_id, closed_at=dt.datetime.combine(DAY, dt.time(12, 0))),
    )


def test_two_signatories_by_most_votes(ctx: Context) -> None:
    body = make_body(ctx)
    meeting_id, case_id, (a, b, c) = _signatories_case(ctx, body)
    vote = voting.record_election_of_several(
        ctx, SeveralElectionIn(case_id=case_id, votes={a: 5, b: 4, c: 2})
    )
    assert vote.outcome is VoteOutcome.ELECTED
    assert vote.reason == (
        "RS Person 4611-0 (5 røyster) og RS Person 4612-0 (4 røyster) vart valde."
    )
    (decision,) = voting.decisions(ctx, meeting_id)
    assert decision.text == vote.reason and decision.case_id == case_id
    choices = minutes.approval_choices(ctx, meeting_id)
    assert choices.proposed_signatories == [a, b]


def test_two_signatories_unanimous(ctx: Context) -> None:
    body = make_body(ctx)
    meeting_id, case_id, (a, b) = _signatories_case(ctx, body, candidates=2)
    vote = voting.record_election_of_several(
        ctx, SeveralElectionIn(case_id=case_id, unanimous=True)
    )
    assert vote.unanimous
    (decision,) = voting.decisions(ctx, meeting_id)
    assert decision.text == "RS Person 4611-0 og RS Person 4612-0 vart samrøystes valde."
    assert decision.unanimous
    _held(ctx, meeting_id)
    document = minutes.minutes_document(ctx, meeting_id, public=False)
    text = list(block_text(minutes_blocks(document)))
    assert (
        "Vedtak (samrøystes): «RS Person 4611-0 og RS Person 4612-0 vart samrøystes valde.»" in text
    )
    assert minutes.approval_choices(ctx, meeting_id).proposed_signatories == [a, b]


def test_a_tie_for_the_last_place_is_drawn_by_lot(ctx: Context) -> None:
    body = make_body(ctx)
    meeting_id, case_id, (a, b, c) = _signatories_case(ctx, body)
    vote = voting.record_election_of_several(
        ctx, SeveralElectionIn(case_id=case_id, votes={a: 6, b: 3, c: 3})
    )
    assert vote.outcome is VoteOutcome.LOTS
    assert vote.reason == (
        "RS Person 4611-0 (6 røyster) vart vald. Røystelikskap mellom RS Person 4612-0 og "
        "RS Person 4613-0 med 3 røyster kvar om den siste plassen. Det vert avgjort ved "
        "loddtrekking (koml. § 7-8); loddtrekkinga og vitna skal førast i møteboka."
    )
    assert voting.decisions(ctx, meeting_id) == []
    assert minutes.approval_choices(ctx, meeting_id).proposed_signatories == []
    with pytest.raises(Conflict):
        voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case_id, votes={a: 7}))
    drawn = voting.draw_election_lots(
        ctx, LotsIn(vote_id=vote.id, witnesses="Kari Vitne og Ola Vitne", seed=1)
    )
    winner = drawn.elected_person_id
    assert winner == a
    (decision,) = voting.decisions(ctx, meeting_id)
    proposed = minutes.approval_choices(ctx, meeting_id).proposed_signatories
    assert proposed[0] == a and proposed[1] in (b, c) and len(proposed) == 2
    other = "RS Person 4612-0" if proposed[1] == b else "RS Person 4613-0"
    assert decision.text == (
        f"RS Person 4611-0 (6 røyster) og {other} (3 røyster) vart valde. "
        f"{other} vart vald ved loddtrekking."
    )
    assert drawn.reason.endswith(
        f"Loddtrekking: {other} vart vald. Vitne: Kari Vitne og Ola Vitne."
    )


def test_impossible_counts_are_refused(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    _, case_id, (a, b, c) = _signatories_case(ctx, body)
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match="kan ikkje ha 8 røyster: 7 røystar"):
        voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case_id, votes={a: 8}))
    with pytest.raises(
        InvalidInput, match="Det er gjeve 15 røyster, men 7 røystar kan gje høgst 14"
    ):
        voting.record_election_of_several(
            ctx, SeveralElectionIn(case_id=case_id, votes={a: 5, b: 5, c: 5})
        )
    with pytest.raises(InvalidInput, match="nøyaktig 2 kandidatar; no er det 3"):
        voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case_id, unanimous=True))
    with pytest.raises(InvalidInput, match="ikkje er kandidat"):
        voting.record_election_of_several(
            ctx, SeveralElectionIn(case_id=case_id, votes={body.member(6): 3, a: 4})
        )
    assert snapshot_all(database_url) == before


def test_two_signatories_by_roll_call_ballots(ctx: Context, database_url: URL) -> None:
    """The console's roll call: each voter names one candidate (or blank); the two with
    most votes are elected in the one round."""
    body = make_body(ctx)
    meeting_id, case_id, (a, b, c) = _signatories_case(ctx, body)
    voters = body.members
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused, match="Manglar: RS Person 4615-0"):
        voting.record_election_round(
            ctx, ElectionIn(case_id=case_id, ballots=dict.fromkeys(voters[:6], a))
        )
    assert snapshot_all(database_url) == before
    ballots: dict[int, int | None] = {
        voters[0]: a,
        voters[1]: a,
        voters[2]: a,
        voters[3]: c,
        voters[4]: c,
        voters[5]: b,
        voters[6]: None,
    }
    vote = voting.record_election_round(ctx, ElectionIn(case_id=case_id, ballots=ballots))
    assert vote.outcome is VoteOutcome.ELECTED and vote.votes_blank == 1
    assert len(vote.ballots) == 7
    (decision,) = voting.decisions(ctx, meeting_id)
    assert decision.text == (
        "RS Person 4611-0 (3 røyster) og RS Person 4613-0 (2 røyster) vart valde."
    )
    assert minutes.approval_choices(ctx, meeting_id).proposed_signatories == [a, c]
    with pytest.raises(Conflict, match="Valet er alt gjennomført"):
        voting.record_election_round(ctx, ElectionIn(case_id=case_id, ballots=ballots))


# --- Corrections (B-3), public decisions of closed cases (O-2), closing (O-1) ----------

SECRET = "Kari Nordmann vert tilsett"  # what the closed case must never show publicly


def _decide(ctx: Context, meeting_id: int, case_id: int) -> None:
    """A unanimous vote on the recommendation; the decision follows (recorded by the vote
    where the vote records it, else here)."""
    rec = recommendation(ctx, case_id)
    v = voting.record_vote(
        ctx, VoteIn(case_id=case_id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    if not [d for d in voting.decisions(ctx, meeting_id) if d.case_id == case_id]:
        voting.record_decision(ctx, DecisionIn(case_id=case_id, vote_id=v.id))


def _closed_meeting(ctx: Context, body: Body, *, decision_public: bool) -> dict[str, int]:
    meeting = plan(ctx, body, DAY)
    open_case = add_case(ctx, meeting.id, "Budsjett 2026")
    closed = add_case(
        ctx,
        meeting.id,
        "Tilsetjing av dagleg leiar – Kari Nordmann",
        public_title="Tilsetjing av dagleg leiar",
        closed=True,
        closure_basis=ClosureBasis.KOML_11_5_3A,
        decision_public=decision_public,
        recommendation=f"{SECRET} i stillinga.",
    )
    for person in body.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=person))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    return {"meeting": meeting.id, "open": open_case.id, "closed": closed.id}


def _text(ctx: Context, meeting_id: int, *, public: bool) -> list[str]:
    document = minutes.minutes_document(ctx, meeting_id, public=public)
    return list(block_text(minutes_blocks(document)))


def _approve(ctx: Context, body: Body, meeting_id: int) -> None:
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting_id, closed_at=dt.datetime.combine(DAY, dt.time(12))),
    )
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=meeting_id,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY,
            signatory_person_ids=[body.member(2), body.member(3)],
        ),
    )


def test_the_body_decides_to_close_the_meeting_for_a_case(ctx: Context) -> None:
    body = make_body(ctx)
    run = _closed_meeting(ctx, body, decision_public=False)
    with pytest.raises(InvalidInput, match="Merk saka som lukka"):
        voting.decide_closure(ctx, ClosureVoteIn(case_id=run["open"]))
    vote = voting.decide_closure(
        ctx,
        ClosureVoteIn(
            case_id=run["closed"],
            method=VoteMethod.COUNTS,
            dissenters=[body.member(5), body.member(6)],
        ),
    )
    assert vote.kind is VoteKind.CLOSURE and vote.outcome is VoteOutcome.ADOPTED
    with pytest.raises(Conflict, match="alt røysta over å lukke møtet"):
        voting.decide_closure(ctx, ClosureVoteIn(case_id=run["closed"]))
    for public in (False, True):
        text = _text(ctx, run["meeting"], public=public)
        at = text.index("Vedtak om å lukke møtet")
        assert text[at + 1 : at + 4] == [
            "PS 004/25",
            "koml. § 11-5 (3) a",
            "Vedteke med 5 mot 2 røyster",
        ]
    internal = _text(ctx, run["meeting"], public=False)
    assert any(
        t.startswith("Røysting: Framlegget om å lukke møtet vart vedteke med 5 røyster for")
        for t in internal
    )


def test_a_dissenter_named_twice_is_refused(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    _, (case,) = running(ctx, body)
    rec = recommendation(ctx, case.id)
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput) as twice:
        voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                method=VoteMethod.COUNTS,
                dissenters=[body.member(4), body.member(5), body.member(4)],
            ),
        )
    assert str(twice.value) == (
        "Same person er nemnd fleire gonger blant dei som røysta mot: RS Person 4613-0."
    )
    assert snapshot_all(database_url) == before


def test_a_closed_case_with_a_public_decision(ctx: Context) -> None:
    """O-2: marked "vedtaket er offentleg", the public minutes print the decision under
    the public title, and nothing else of the case."""
    body = make_body(ctx)
    run = _closed_meeting(ctx, body, decision_public=True)
    _decide(ctx, run["meeting"], run["closed"])
    public = _text(ctx, run["meeting"], public=True)
    heading = public.index("PS 004/25  Tilsetjing av dagleg leiar")
    assert public[heading + 1 : heading + 3] == [
        "Saka vart handsama for lukka dører (koml. § 11-5 (3) a). Vedtaket er offentleg; "
        "anna innhald er unnateke offentlegheit og er ikkje med i den offentlege versjonen "
        "av møteboka.",
        f"Vedtak (samrøystes): «{SECRET} i stillinga.»",
    ]
    assert not any("Kari Nordmann –" in t or "Innstilling" in t for t in public[heading:])
    assert not any("Tilsetjing av dagleg leiar – Kari Nordmann" in t for t in public)


def test_a_closed_case_keeps_its_decision_unless_marked(ctx: Context) -> None:
    body = make_body(ctx)
    run = _closed_meeting(ctx, body, decision_public=False)
    _decide(ctx, run["meeting"], run["closed"])
    assert not any(SECRET in t for t in _text(ctx, run["meeting"], public=True))
    assert any(SECRET in t for t in _text(ctx, run["meeting"], public=False))
    with pytest.raises(InvalidInput, match="Berre ei lukka sak"):
        meetings.update_case(ctx, UpdateCaseIn(case_id=run["open"], decision_public=True))
    meetings.update_case(ctx, UpdateCaseIn(case_id=run["closed"], decision_public=True))
    assert any(SECRET in t for t in _text(ctx, run["meeting"], public=True))


def test_corrections_name_a_real_record_and_are_printed(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    run = _closed_meeting(ctx, body, decision_public=False)
    _decide(ctx, run["meeting"], run["open"])
    _decide(ctx, run["meeting"], run["closed"])
    mid = run["meeting"]
    _approve(ctx, body, mid)
    other = plan(ctx, body, DAY + dt.timedelta(days=30))
    before = snapshot_all(database_url)
    for table, target, message in [
        ("tull", 1, "«tull» er ingen av dei"),
        ("decision", 987_654, "Fann ikkje vedtaket med id 987654 i dette møtet."),
        ("agenda_case", other.cases[0].id, "Fann ikkje saka med id"),
        ("meeting", other.id, "Rettinga gjeld møtet"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            minutes.add_correction(
                ctx, CorrectionIn(meeting_id=mid, target_table=table, target_id=target, text="x")
            )
    assert snapshot_all(database_url) == before
    decisions = {d.case_id: d for d in voting.decisions(ctx, mid)}
    targets = {(t.table, t.id): t.label for t in minutes.correction_targets(ctx, mid)}
    assert targets[("meeting", mid)] == "Møtet"
    assert targets[("decision", decisions[run["open"]].id)] == "PS 003/25 Budsjett 2026, vedtaket"
    assert targets[("agenda_case", run["closed"])] == (
        "PS 004/25 Tilsetjing av dagleg leiar – Kari Nordmann"
    )
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=mid,
            target_table="decision",
            target_id=decisions[run["open"]].id,
            text="Beløpet skal vere 1,2 mill. kr, ikkje 2,1 mill. kr.",
        ),
    )
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=mid,
            target_table="decision",
            target_id=decisions[run["closed"]].id,
            text="Kari Nordmann startar 1. mars.",
        ),
    )
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=mid,
            target_table="agenda_case",
            target_id=run["closed"],
            text="Lønna til Kari Nordmann er 900 000 kr.",
            public_text="Tilsetjingsvilkåra er retta.",
        ),
    )
    day = dt.date.today().strftime("%d.%m.%Y")
    internal = _text(ctx, mid, public=False)
    at = internal.index("Rettingar")
    assert internal[at + 1 : at + 4] == [
        f"{day}, PS 003/25 Budsjett 2026, vedtaket: "
        "Beløpet skal vere 1,2 mill. kr, ikkje 2,1 mill. kr.",
        f"{day}, PS 004/25 Tilsetjing av dagleg leiar – Kari Nordmann, vedtaket: "
        "Kari Nordmann startar 1. mars.",
        f"{day}, PS 004/25 Tilsetjing av dagleg leiar – Kari Nordmann: "
        "Lønna til Kari Nordmann er 900 000 kr.",
    ]
    public = _text(ctx, mid, public=True)
    at = public.index("Rettingar")
    assert public[at + 1 : at + 4] == [
        f"{day}, PS 003/25 Budsjett 2026, vedtaket: "
        "Beløpet skal vere 1,2 mill. kr, ikkje 2,1 mill. kr.",
        f"{day}, PS 004/25 Tilsetjing av dagleg leiar, vedtaket: "
        "Rettinga gjeld innhald som er unnateke offentlegheit.",
        f"{day}, PS 004/25 Tilsetjing av dagleg leiar: Tilsetjingsvilkåra er retta.",
    ]
    assert not any("Kari Nordmann" in t for t in public)
    # the preview walks the same blocks
    preview = minutes.minutes_preview(ctx, mid, public=True)
    assert "Rettingar" in preview.html and "Tilsetjingsvilkåra er retta." in preview.html
    # and so does the PDF exported now: the approved snapshot, then the corrections
    pdf = _pdf_text(exports.meeting_pdf(ctx, "minutes", mid, public=True, pdfa=False))
    assert "Rettingar" in pdf and "Tilsetjingsvilkåra er retta." in pdf
    assert pdf.index("Godkjenning") < pdf.index("Rettingar")
    assert "Kari Nordmann" not in pdf


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def test_the_elected_signatories_sign(ctx: Context, database_url: URL) -> None:
    """B-2, M-7: when the meeting elected its two signatories, two others cannot sign."""
    body = make_body(ctx)
    meeting_id, case_id, (a, b) = _signatories_case(ctx, body, candidates=2)
    voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case_id, unanimous=True))
    _held(ctx, meeting_id)
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused) as refused:
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(
                meeting_id=meeting_id,
                method=ApprovalMethod.SIGNATURES,
                approved_on=DAY,
                signatory_person_ids=[a, body.member(5)],
            ),
        )
    assert refused.value.message == (
        "Møtet valde RS Person 4611-0 og RS Person 4612-0 til å skrive under møteboka saman "
        "med møteleiaren."
    )
    assert snapshot_all(database_url) == before
    approved = minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=meeting_id,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY,
            signatory_person_ids=[b, a],
        ),
    )
    assert approved.approval is not None
    assert sorted(approved.approval.signatories) == ["RS Person 4611-0", "RS Person 4612-0"]
