"""Saksgang across bodies (issue 19): a matter through the kommunedirektørmøte (tilråding)
to the representantskap (vedtak). Each body's handling is a case in that body's series;
the earlier body's decision becomes the later handling's innstilling (audited; a text
written by hand is kept until the secretary asks for the decision); the saksframlegg,
the notice and the minutes of both bodies show the «Saksgang» table. On SQLite and
PostgreSQL (DVMEET_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from lxml import etree
from meeting_setup import Body, make_body, plan, snapshot_all
from pypdf import PdfReader
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL

from dvmeet.db.storage import open_database
from dvmeet.documents.html_public import notice_page as notice_page_html
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.minutes_layout import block_text, minutes_blocks
from dvmeet.documents.models import SaksgangRow
from dvmeet.documents.notice import notice_pdf
from dvmeet.domain.enums import (
    ApprovalMethod,
    BodyKind,
    ClosureBasis,
    ProposalKind,
    VoteMethod,
)
from dvmeet.errors import ChangedElsewhere, Conflict, InvalidInput
from dvmeet.services import (
    archive,
    attendance,
    exports,
    meetings,
    minutes,
    offline,
    papers,
    voting,
)
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import (
    CarryInnstillingIn,
    CaseIn,
    PlanHandlingIn,
    SaksgangIn,
    SaksgangOut,
    SaksgangStepIn,
    UpdateCaseIn,
)
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.offline.models import CheckinIn, CheckoutIn
from dvmeet.services.voting.models import VoteIn

KD_DAY = dt.date(2025, 3, 12)
RS_DAY = dt.date(2025, 4, 9)
TITLE = "Budsjett 2026 for DigiVestland"
FRAMLEGG = "Kommunedirektørmøtet tilrår representantskapet å vedta budsjettet for 2026."
VEDTAK = "Representantskapet vedtek budsjettet for 2026 slik det ligg føre."


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(value: str) -> str:
    return " ".join(value.split())


def _route(ctx: Context, case_id: int) -> SaksgangOut:
    return meetings.saksgang(ctx, case_id)


def _planned(ctx: Context) -> dict[str, int]:
    """Both bodies, a meeting of each, the matter in the kommunedirektørmøte with its
    saksframlegg, and its route KD → RS with the representantskap's handling planned."""
    kd = make_body(ctx, "KD", BodyKind.ADMINISTRATIVE)
    rs = make_body(ctx, "RS")
    kd_meeting = plan(ctx, kd, KD_DAY)
    rs_meeting = plan(ctx, rs, RS_DAY)
    case = meetings.add_case(
        ctx, CaseIn(meeting_id=kd_meeting.id, title=TITLE, recommendation=FRAMLEGG)
    )
    # the representantskap's series has a case of its own first
    meetings.add_case(ctx, CaseIn(meeting_id=rs_meeting.id, title="Årsmelding 2024"))
    papers.update_paper(
        ctx,
        papers.PaperIn(
            case_id=case.id,
            expected_version=0,
            background="Budsjettet byggjer på kostnadsfordelinga.",
            assessment="Sekretariatet tilrår budsjettet.",
        ),
    )
    before = _route(ctx, case.id)
    assert before.version == 0 and before.steps == [] and before.route_id is None
    route = meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=case.id,
            expected_version=0,
            steps=[SaksgangStepIn(body_code="KD", case_id=case.id), SaksgangStepIn(body_code="RS")],
        ),
    )
    assert [(s.body_code, s.case_id, s.this_case) for s in route.steps] == [
        ("KD", case.id, True),
        ("RS", None, False),
    ]
    assert route.next_step_id == route.steps[1].id
    assert [m.id for m in route.next_meetings] == [rs_meeting.id]
    planned = meetings.plan_handling(
        ctx,
        PlanHandlingIn(
            case_id=case.id,
            step_id=route.steps[1].id,
            meeting_id=rs_meeting.id,
            expected_version=route.version,
        ),
    )
    rs_case = planned.steps[1].case_id
    assert rs_case is not None and planned.next_step_id is None
    return {
        "kd_meeting": kd_meeting.id,
        "rs_meeting": rs_meeting.id,
        "kd_case": case.id,
        "rs_case": rs_case,
        "kd_members": kd.members,  # type: ignore[dict-item]
        "rs_members": rs.members,  # type: ignore[dict-item]
    }


def _hold(ctx: Context, meeting_id: int, members: list[int], day: dt.date, case_id: int) -> int:
    """Open the meeting with every member present and adopt the case's innstilling; the
    decision's id."""
    for person in members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting_id, person_id=person))
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=meeting_id, opened_at=dt.datetime.combine(day, dt.time(10))),
    )
    rec = next(p for p in voting.proposals(ctx, case_id) if p.kind is ProposalKind.RECOMMENDATION)
    voting.record_vote(
        ctx, VoteIn(case_id=case_id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    return next(d.id for d in voting.decisions(ctx, meeting_id) if d.case_id == case_id)


def _close(ctx: Context, meeting_id: int, day: dt.date) -> None:
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=meeting_id, closed_at=dt.datetime.combine(day, dt.time(12)))
    )


def _events(url: URL, action: str) -> list[dict[str, object]]:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            rows = c.execute(
                text("SELECT payload FROM audit_event WHERE action = :a ORDER BY id"), {"a": action}
            ).all()
    finally:
        engine.dispose()
    return [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in rows]


def test_a_matter_through_the_kommunedirektormote_to_the_representantskap(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    ids = _planned(ctx)
    kd_label = meetings.get_meeting(ctx, ids["kd_meeting"]).cases
    kd_case = next(c for c in kd_label if c.id == ids["kd_case"])
    rs_case = next(
        c for c in meetings.get_meeting(ctx, ids["rs_meeting"]).cases if c.id == ids["rs_case"]
    )
    # each handling has its own number in its body's series; the matter's title and papers
    assert kd_case.label == "PS 003/25" and rs_case.label == "PS 004/25"
    assert rs_case.title == TITLE and rs_case.recommendation is None
    assert (
        papers.get_paper(ctx, rs_case.id).background == "Budsjettet byggjer på kostnadsfordelinga."
    )
    expected = [
        SaksgangRow(body_name="Organ KD", meeting_date=KD_DAY, label=kd_case.label),
        SaksgangRow(body_name="Organ RS", meeting_date=RS_DAY, label=rs_case.label),
    ]
    for case_id in (kd_case.id, rs_case.id):
        assert papers.paper_document(ctx, case_id, public=False).saksgang == expected

    # the kommunedirektørmøte gives its tilråding: the decision is the RS innstilling
    decision = _hold(ctx, ids["kd_meeting"], ids["kd_members"], KD_DAY, kd_case.id)  # type: ignore[arg-type]
    carried = meetings.get_meeting(ctx, ids["rs_meeting"])
    assert next(c for c in carried.cases if c.id == rs_case.id).recommendation == FRAMLEGG
    voting.update_decision_text(ctx, decision, f"{FRAMLEGG} Med tillegg om rapportering.")
    tilraading = f"{FRAMLEGG} Med tillegg om rapportering."
    route = _route(ctx, rs_case.id)
    assert route.steps[1].recommendation == tilraading and route.steps[1].carried
    assert route.steps[0].decision == tilraading and not route.steps[1].decision_differs
    carried_events = _events(database_url, "saksgang.innstilling_carried")
    assert [e["text"] for e in carried_events] == [FRAMLEGG, tilraading]
    assert {e["label"] for e in carried_events} == {rs_case.label}
    _close(ctx, ids["kd_meeting"], KD_DAY)

    # the saksframlegg of both handlings: the table, and the carried innstilling
    for case_id in (kd_case.id, rs_case.id):
        paper = flat(pdf_text(papers.saksframlegg_pdf(ctx, case_id, public=False)))
        assert "Saksgang Utval Møtedato Saksnummer" in paper, paper
        assert f"Organ KD 12.03.2025 {kd_case.label}" in paper
        assert f"Organ RS 09.04.2025 {rs_case.label}" in paper
    rs_paper = flat(pdf_text(papers.saksframlegg_pdf(ctx, rs_case.id, public=False)))
    assert f"Innstilling frå Organ KD {tilraading}" in rs_paper, rs_paper
    kd_paper = flat(pdf_text(papers.saksframlegg_pdf(ctx, kd_case.id, public=False)))
    assert f"Framlegg til vedtak {FRAMLEGG}" in kd_paper

    # the representantskap's notice
    notice = exports.notice_document(ctx, ids["rs_meeting"], public=False)
    listed = next(c for c in notice.cases if c.label == rs_case.label)
    assert listed.saksgang == expected and listed.recommendation == tilraading
    assert listed.recommendation_heading == "Innstilling frå Organ KD"
    notice_text = flat(pdf_text(notice_pdf(notice)))
    assert f"Saksgang Utval Møtedato Saksnummer Organ KD 12.03.2025 {kd_case.label}" in notice_text
    assert "Innstilling frå Organ KD:" in notice_text

    # the representantskap decides on that innstilling
    _hold(ctx, ids["rs_meeting"], ids["rs_members"], RS_DAY, rs_case.id)  # type: ignore[arg-type]
    _close(ctx, ids["rs_meeting"], RS_DAY)

    # both bodies' minutes: the table in the document data and the PDF, the innstilling
    for meeting_id, _case_id, innstilling in (
        (ids["kd_meeting"], kd_case.id, FRAMLEGG),
        (ids["rs_meeting"], rs_case.id, tilraading),
    ):
        for public in (False, True):
            document = minutes.minutes_document(ctx, meeting_id, public=public)
            case_minutes = next(
                c
                for c in document.minutes.cases
                if c.label in (kd_case.label, rs_case.label) and c.title == TITLE
            )
            assert case_minutes.saksgang == expected
            assert case_minutes.recommendation == innstilling
            words = flat(" ".join(block_text(minutes_blocks(document))))
            assert (
                f"Saksgang Utval Møtedato Saksnummer Organ KD 12.03.2025 {kd_case.label}" in words
            )
            printed = flat(pdf_text(minutes_pdf(document)))
            assert f"Organ RS 09.04.2025 {rs_case.label}" in printed, printed
            assert f"Innstilling: «{innstilling}»" in printed
    rs_minutes = minutes.minutes_document(ctx, ids["rs_meeting"], public=False)
    assert next(c for c in rs_minutes.minutes.cases if c.title == TITLE).decision == tilraading

    # approved: the table is part of the kept snapshot and printed from it
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=ids["kd_meeting"],
            method=ApprovalMethod.EMAIL_ROUND,
            approved_on=KD_DAY + dt.timedelta(days=30),
        ),
    )
    approved = minutes.minutes_document(ctx, ids["kd_meeting"], public=False)
    assert next(c for c in approved.minutes.cases if c.title == TITLE).saksgang == expected
    # the Fiks Arkiv hand-off of the representantskap: its moetesak carries the innstilling
    # it decided on, the kommunedirektørmøte's tilråding
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=ids["rs_meeting"],
            method=ApprovalMethod.EMAIL_ROUND,
            approved_on=RS_DAY + dt.timedelta(days=20),
        ),
    )
    archive.export_arkivmelding(ctx, ids["rs_meeting"], tmp_path)
    (moetesak,) = [
        p for p in tmp_path.rglob("*_moetesak_*.xml") if TITLE in p.read_text(encoding="utf-8")
    ]
    xml = etree.parse(str(moetesak))
    texts = {
        etree.QName(e.getparent()).localname: e.text
        for e in xml.iter()
        if etree.QName(e).localname == "tekstInnhold"
    }
    assert texts["innstilling"] == tilraading and texts["vedtakstekst"] == tilraading
    # after both approvals the matter can still go on, planned from either handling
    longer = meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=kd_case.id,
            expected_version=_route(ctx, kd_case.id).version,
            steps=[
                SaksgangStepIn(body_code="KD", case_id=kd_case.id),
                SaksgangStepIn(body_code="RS", case_id=rs_case.id),
                SaksgangStepIn(body_code="KD"),
            ],
        ),
    )
    assert [s.locked for s in longer.steps] == [True, True, False]
    # the handling in the approved meeting keeps its place on the route
    with pytest.raises(Conflict, match="har starta"):
        meetings.set_saksgang(
            ctx,
            SaksgangIn(
                case_id=rs_case.id,
                steps=[SaksgangStepIn(body_code="RS", case_id=rs_case.id)],
            ),
        )


def test_an_innstilling_written_by_hand_is_kept_until_asked(
    ctx: Context, database_url: URL
) -> None:
    ids = _planned(ctx)
    rs_case = meetings.get_meeting(ctx, ids["rs_meeting"]).cases
    case = next(c for c in rs_case if c.id == ids["rs_case"])
    own = "Sekretariatet si eiga innstilling."
    edited = meetings.update_case(
        ctx, UpdateCaseIn(case_id=case.id, recommendation=own, expected_version=case.version)
    )
    _hold(ctx, ids["kd_meeting"], ids["kd_members"], KD_DAY, ids["kd_case"])  # type: ignore[arg-type]
    route = _route(ctx, case.id)
    assert route.steps[1].recommendation == own
    assert route.steps[1].decision_differs and not route.steps[1].carried
    kept = _events(database_url, "saksgang.innstilling_kept")
    assert [e["decision"] for e in kept] == [FRAMLEGG]
    assert _events(database_url, "saksgang.innstilling_carried") == []
    assert papers.paper_document(ctx, case.id, public=False).recommendation_heading == (
        "Framlegg til vedtak"
    )
    # a stale version is refused and changes nothing
    before = snapshot_all(database_url)
    with pytest.raises(ChangedElsewhere):
        meetings.carry_innstilling(
            ctx, CarryInnstillingIn(case_id=case.id, expected_version=case.version)
        )
    assert snapshot_all(database_url) == before
    used = meetings.carry_innstilling(
        ctx, CarryInnstillingIn(case_id=case.id, expected_version=edited.version)
    )
    assert used.steps[1].recommendation == FRAMLEGG and used.steps[1].carried
    assert [
        e["replaced_by_hand"] for e in _events(database_url, "saksgang.innstilling_carried")
    ] == [True]


def test_bad_routes_are_refused_and_change_nothing(ctx: Context, database_url: URL) -> None:
    ids = _planned(ctx)
    kd, rs = ids["kd_case"], ids["rs_case"]
    version = _route(ctx, kd).version
    later_kd = plan(ctx, Body("KD", []), dt.date(2025, 5, 7))
    cases = {
        "the case itself left out": SaksgangIn(
            case_id=kd,
            expected_version=version,
            steps=[SaksgangStepIn(body_code="RS", case_id=rs)],
        ),
        "a handling under the wrong body": SaksgangIn(
            case_id=kd,
            expected_version=version,
            steps=[
                SaksgangStepIn(body_code="RS", case_id=kd),
                SaksgangStepIn(body_code="RS", case_id=rs),
            ],
        ),
        "handlings against the meetings' order": SaksgangIn(
            case_id=kd,
            expected_version=version,
            steps=[
                SaksgangStepIn(body_code="RS", case_id=rs),
                SaksgangStepIn(body_code="KD", case_id=kd),
            ],
        ),
        "an unknown body": SaksgangIn(
            case_id=kd,
            expected_version=version,
            steps=[SaksgangStepIn(body_code="KD", case_id=kd), SaksgangStepIn(body_code="XX")],
        ),
    }
    for name, data in cases.items():
        before = snapshot_all(database_url)
        with pytest.raises(InvalidInput):
            meetings.set_saksgang(ctx, data)
        assert snapshot_all(database_url) == before, name
    # a third step back to the kommunedirektørmøte: its meeting must come after the RS one
    route = meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=kd,
            expected_version=version,
            steps=[
                SaksgangStepIn(body_code="KD", case_id=kd),
                SaksgangStepIn(body_code="RS", case_id=rs),
                SaksgangStepIn(body_code="KD"),
            ],
        ),
    )
    third = route.steps[2]
    assert route.next_step_id == third.id
    assert [m.id for m in route.next_meetings] == [later_kd.id]  # not the March meeting
    before = snapshot_all(database_url)
    for meeting_id, error in ((ids["kd_meeting"], InvalidInput), (ids["rs_meeting"], InvalidInput)):
        with pytest.raises(error):
            meetings.plan_handling(
                ctx,
                PlanHandlingIn(
                    case_id=kd,
                    step_id=third.id,
                    meeting_id=meeting_id,
                    expected_version=route.version,
                ),
            )
    with pytest.raises(ChangedElsewhere):
        meetings.plan_handling(
            ctx,
            PlanHandlingIn(
                case_id=kd, step_id=third.id, meeting_id=later_kd.id, expected_version=version
            ),
        )
    assert snapshot_all(database_url) == before
    done = meetings.plan_handling(
        ctx,
        PlanHandlingIn(
            case_id=kd, step_id=third.id, meeting_id=later_kd.id, expected_version=route.version
        ),
    )
    assert [s.label for s in done.steps] == ["PS 003/25", "PS 004/25", "PS 007/25"]
    # a planned handling not yet started may leave the route; the case stays in its meeting
    shorter = meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=kd,
            expected_version=done.version,
            steps=[
                SaksgangStepIn(body_code="KD", case_id=kd),
                SaksgangStepIn(body_code="RS", case_id=rs),
            ],
        ),
    )
    assert len(shorter.steps) == 2
    assert len(meetings.get_meeting(ctx, later_kd.id).cases) == 5


def test_a_closed_handling_in_public_papers(ctx: Context) -> None:
    ids = _planned(ctx)
    rs = next(
        c for c in meetings.get_meeting(ctx, ids["rs_meeting"]).cases if c.id == ids["rs_case"]
    )
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=rs.id,
            closed=True,
            public_title="Budsjettsak",
            closure_basis=ClosureBasis.KOML_11_5_3B,
            closure_note="offl. § 23",
            expected_version=rs.version,
        ),
    )
    public = flat(pdf_text(papers.saksframlegg_pdf(ctx, rs.id, public=True)))
    assert "Budsjettsak" in public and TITLE not in public
    assert f"Organ KD 12.03.2025 PS 003/25 Organ RS 09.04.2025 {rs.label}" in public
    notice = flat(
        pdf_text(notice_pdf(exports.notice_document(ctx, ids["rs_meeting"], public=True)))
    )
    assert TITLE not in notice and "Saksgang" in notice
    # and the public notice's web page: the table under the case's heading
    page = notice_page_html(exports.notice_document(ctx, ids["rs_meeting"], public=True))
    text_of_page = page.decode("utf-8")
    assert "<h3>Saksgang</h3>" in text_of_page and TITLE not in text_of_page
    assert "<td>Organ KD</td><td>12.03.2025</td><td>PS 003/25</td>" in text_of_page


def test_a_decision_made_on_a_meeting_file_is_carried_at_checkin(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    """The kommunedirektørmøte held on a laptop (issue 18): when its meeting file comes
    back, the tilråding becomes the representantskap's innstilling."""
    ids = _planned(ctx)
    file = tmp_path / "kd.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=ids["kd_meeting"], file=file))
    laptop = Context(open_database(file), actor="møteleiar")
    try:
        _hold(laptop, ids["kd_meeting"], ids["kd_members"], KD_DAY, ids["kd_case"])  # type: ignore[arg-type]
    finally:
        laptop.close()
    assert _route(ctx, ids["rs_case"]).steps[1].recommendation is None
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    route = _route(ctx, ids["rs_case"])
    assert route.steps[1].recommendation == FRAMLEGG and route.steps[1].carried
    assert [e["text"] for e in _events(database_url, "saksgang.innstilling_carried")] == [FRAMLEGG]


def test_a_planned_handling_taken_off_the_case_list_is_unplanned_again(ctx: Context) -> None:
    ids = _planned(ctx)
    rs = next(
        c for c in meetings.get_meeting(ctx, ids["rs_meeting"]).cases if c.id == ids["rs_case"]
    )
    meetings.remove_case(ctx, rs.id, expected_version=rs.version)
    route = _route(ctx, ids["kd_case"])
    assert [s.case_id for s in route.steps] == [ids["kd_case"], None]
    assert route.next_step_id == route.steps[1].id
    assert [m.id for m in route.next_meetings] == [ids["rs_meeting"]]
    # the innstilling carried later finds no handling to go to, and nothing fails
    _hold(ctx, ids["kd_meeting"], ids["kd_members"], KD_DAY, ids["kd_case"])  # type: ignore[arg-type]
    again = meetings.plan_handling(
        ctx,
        PlanHandlingIn(
            case_id=ids["kd_case"],
            step_id=route.steps[1].id,
            meeting_id=ids["rs_meeting"],
            expected_version=route.version,
        ),
    )
    # planned after the decision: it comes with the tilråding as its innstilling
    assert again.steps[1].recommendation == FRAMLEGG and again.steps[1].carried


def test_documents_ask_once_per_meeting_for_cases_on_no_route(ctx: Context) -> None:
    """Issue 21: a møtebok of many cases on no route costs one saksgang query, not one a
    case."""
    ids = _planned(ctx)
    for n in range(5):
        meetings.add_case(ctx, CaseIn(meeting_id=ids["kd_meeting"], title=f"Sak {n}"))
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", note)
    try:
        document = minutes.minutes_document(ctx, ids["kd_meeting"], public=False)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", note)
    routed = [c for c in document.minutes.cases if c.saksgang]
    assert [c.title for c in routed] == [TITLE] and len(document.minutes.cases) >= 9
    asked = [q for q in seen if "case_route_step" in q]
    assert len(asked) <= 3, asked  # the meeting's routed cases, then the one route's steps


def test_a_decision_at_home_while_the_next_meeting_is_out_on_a_file(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    """The representantskap's meeting is out on a laptop while the kommunedirektørmøte
    decides at home: the vote is recorded (the carry does not touch the refused rows),
    and the tilråding comes into the innstilling when the file is brought back."""
    ids = _planned(ctx)
    file = tmp_path / "rs.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=ids["rs_meeting"], file=file))
    _hold(ctx, ids["kd_meeting"], ids["kd_members"], KD_DAY, ids["kd_case"])  # type: ignore[arg-type]
    assert _route(ctx, ids["rs_case"]).steps[1].recommendation is None
    assert [e["reason"] for e in _events(database_url, "saksgang.not_carried")] == ["offline"]
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    route = _route(ctx, ids["rs_case"])
    assert route.steps[1].recommendation == FRAMLEGG and route.steps[1].carried
