"""Canary: random markers planted in every field of closed cases and in forfall reasons.

They must appear in the internal PDFs (the closed-case ones) and in no public output:
PDF text, metadata, outline, raw bytes; ICS; XLSX; CSV; the archive's public files.
Forfall reasons are never printed at all (R-5)."""

from __future__ import annotations

import datetime as dt
import io
import secrets
import zipfile
from pathlib import Path

import pytest
from doc_helpers import outline_titles, pdf_reader, pdf_text
from meeting_setup import make_body, plan

from dvmeet.documents.ics import calendar_ics
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.vote_results import vote_results_csv, vote_results_xlsx
from dvmeet.domain.enums import (
    BallotChoice,
    ClosureBasis,
    DisqualificationGround,
    ProposalKind,
    VoteMethod,
)
from dvmeet.services import attendance, meetings, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.exports import (
    archive_package,
    calendar_document,
    meeting_pdf,
    vote_results_document,
)
from dvmeet.services.meetings.models import CaseIn, UpdateMeetingIn
from dvmeet.services.minutes import minutes_document
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ProposalIn,
    VoteIn,
)


def marker(field: str) -> str:
    return f"KANARI{field.upper()}{secrets.token_hex(6).upper()}"


FIELDS = ("title", "recommendation", "description", "proposal", "decision")


@pytest.fixture
def canary(ctx: Context) -> tuple[int, dict[str, str], dict[str, str]]:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=meeting.id, end_time=dt.time(14)))
    closed = {f: marker(f) for f in FIELDS}
    secret = {"forfall": marker("forfall"), "explanation": marker("explanation")}
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Personalsak {closed['title']}",
            public_title="Personalsak",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 13",
            recommendation=f"Tilråding {closed['recommendation']}",
            description=f"Saksutgreiing {closed['description']}",
        ),
    )
    mid = meeting.id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason=secret["forfall"])
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=case.id,
            person_id=body.member(5),
            ground=DisqualificationGround.FVL_6_1_B,
            explanation=f"Slekt {secret['explanation']}",
        ),
    )
    voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=d.id, method=VoteMethod.UNANIMOUS)
    )
    alternative = voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case.id,
            kind=ProposalKind.ALTERNATIVE,
            text=f"Framlegg {closed['proposal']}",
            proposer_person_id=body.member(2),
        ),
    )
    vote = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=alternative.id,
            method=VoteMethod.ROLL_CALL,
            ballots={
                body.member(0): BallotChoice.FOR,
                body.member(1): BallotChoice.FOR,
                body.member(2): BallotChoice.FOR,
                body.member(3): BallotChoice.MOT,
                body.member(4): BallotChoice.FOR,
            },
        ),
    )
    voting.record_decision(
        ctx, DecisionIn(case_id=case.id, vote_id=vote.id, text=f"Vedtak {closed['decision']}")
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 12))
    )
    return mid, closed, secret


def _metadata_text(data: bytes) -> str:
    reader = pdf_reader(data)
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.trailer["/Root"].get("/Metadata")
    raw = xmp.get_object().get_data().decode("utf-8", "replace") if xmp is not None else ""
    return info + raw + " ".join(outline_titles(data))


def _assert_absent(markers: list[str], data: bytes, what: str) -> None:
    text = pdf_text(data) if data.startswith(b"%PDF") else ""
    meta = _metadata_text(data) if data.startswith(b"%PDF") else ""
    for m in markers:
        assert m not in text, f"{m} in the text of {what}"
        assert m not in meta, f"{m} in the metadata/outline of {what}"
        assert m.encode() not in data, f"{m} in the raw bytes of {what}"


def test_closed_content_only_in_internal_documents(
    ctx: Context, canary: tuple[int, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    mid, closed, secret = canary
    internal_minutes = pdf_text(minutes_pdf(minutes_document(ctx, mid, public=False)))
    internal_notice = pdf_text(meeting_pdf(ctx, "notice", mid, public=False))
    for field in ("title", "recommendation", "proposal", "decision"):  # no case papers
        assert closed[field] in internal_minutes, field
    for field in ("title", "recommendation", "description"):
        assert closed[field] in internal_notice, field
    assert closed["title"] in pdf_text(meeting_pdf(ctx, "attendance", mid, public=False))
    internal_rows = vote_results_document(ctx, mid, public=False).rows
    assert any(closed["title"] in str(cell) for row in internal_rows for cell in row)

    hidden = list(closed.values()) + list(secret.values())
    public_outputs = {
        "public minutes": minutes_pdf(minutes_document(ctx, mid, public=True)),
        "public notice": meeting_pdf(ctx, "notice", mid, public=True),
        "public attendance": meeting_pdf(ctx, "attendance", mid, public=True),
        "public calendar": calendar_ics(calendar_document(ctx, public=True)),
        "public CSV": vote_results_csv(vote_results_document(ctx, mid, public=True).rows),
    }
    for what, data in public_outputs.items():
        _assert_absent(hidden, data, what)
    xlsx = vote_results_xlsx(vote_results_document(ctx, mid, public=True).rows)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            content = z.read(name)
            for m in hidden:
                assert m.encode() not in content, f"{m} in public XLSX part {name}"
    # The public title and the legal basis stand in for the content (O-2, B-4).
    public_text = pdf_text(public_outputs["public minutes"])
    assert "Personalsak" in public_text and "koml. § 11-5 (3) a jf. offl. § 13" in public_text

    result = archive_package(ctx, mid, tmp_path / "arkiv")
    for f in result.files:
        data = (tmp_path / "arkiv" / f.file).read_bytes()
        if f.variant == "offentleg":
            _assert_absent(hidden, data, f.file)
    _assert_absent(hidden, result.metadata.read_bytes(), "metadata.json")


def test_forfall_reasons_never_printed(
    ctx: Context, canary: tuple[int, dict[str, str], dict[str, str]]
) -> None:
    mid, _, secret = canary
    for public in (False, True):
        for data in (
            minutes_pdf(minutes_document(ctx, mid, public=public)),
            meeting_pdf(ctx, "notice", mid, public=public),
            meeting_pdf(ctx, "attendance", mid, public=public),
            calendar_ics(calendar_document(ctx, public=public)),
        ):
            _assert_absent([secret["forfall"], secret["explanation"]], data, "any output")


def _streams(data: bytes) -> bytes:
    """Every stream of a PDF, decompressed (text could hide in a compressed stream)."""
    import pikepdf

    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    out.append(obj.read_bytes())
                except pikepdf.PdfError:
                    out.append(obj.read_raw_bytes())
    return b"\n".join(out)


def test_cases_closed_after_the_notice_keep_their_titles_out_of_public_documents(
    ctx: Context, tmp_path: Path
) -> None:
    """The change log ("Endring etter utsending: Ny sak …", "Ny referatsak: …") once printed
    the real title of a case closed later. Paths: a case added after the notice and closed
    afterwards; an urgent decision reported to the meeting and its case closed afterwards;
    a log entry written by an older version (a finished sentence with the title in it)."""
    from dvmeet.services._records import NOTICE_CHANGED
    from dvmeet.services.meetings.models import SendNoticeIn, UpdateCaseIn, UrgentDecisionIn

    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    mid = meeting.id
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=mid, sent_on=dt.date(2024, 11, 20)))
    added_title, urgent_title, legacy_title = (
        marker("added"),
        marker("urgent"),
        marker("legacy"),
    )
    added = meetings.add_case(
        ctx, CaseIn(meeting_id=mid, title=f"Tilsetjing {added_title}", recommendation="Ja.")
    )
    meetings.record_urgent_decision(
        ctx,
        UrgentDecisionIn(
            body_code=body.code,
            decided_on=dt.date(2024, 11, 25),
            decided_by="Leiaren",
            title=f"Hastevedtak {urgent_title}",
            text="Vedteke.",
        ),
    )
    legacy = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Eldre {legacy_title}"))
    with ctx.unit_of_work() as uow:  # as an earlier version wrote the log: a sentence
        uow.audit(
            NOTICE_CHANGED,
            "meeting",
            mid,
            {"description": f"Ny sak {legacy.label}: Eldre {legacy_title}"},
        )
    reported = next(c for c in meetings.get_meeting(ctx, mid).cases if urgent_title in c.title)
    for case_id, public_title in (
        (added.id, "Personalsak"),
        (reported.id, "Melding om hastevedtak"),
        (legacy.id, "Eldre sak"),
    ):
        meetings.update_case(
            ctx,
            UpdateCaseIn(
                case_id=case_id,
                closed=True,
                public_title=public_title,
                closure_basis=ClosureBasis.KOML_11_5_3A,
                closure_note="offl. § 13",
            ),
        )
    hidden = [added_title, urgent_title, legacy_title]
    internal = " ".join(c.description for c in meetings.notice_changes(ctx, mid))
    assert all(m in internal for m in hidden)  # the internal log still names them
    public_log = [c.description for c in meetings.notice_changes(ctx, mid, public=True)]
    assert f"Ny sak {added.label}: Personalsak" in public_log
    assert "Ny referatsak: Melding om hastevedtak" in public_log
    assert f"Ny sak {legacy.label}: Eldre sak" in public_log

    attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(0)))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 12))
    )
    outputs = {
        "public notice": meeting_pdf(ctx, "notice", mid, public=True),
        "public minutes": minutes_pdf(minutes_document(ctx, mid, public=True)),
        "public calendar": calendar_ics(calendar_document(ctx, public=True)),
    }
    result = archive_package(ctx, mid, tmp_path / "arkiv")
    for f in result.files:
        if f.variant == "offentleg":
            outputs[f.file] = (tmp_path / "arkiv" / f.file).read_bytes()
    outputs["metadata.json"] = result.metadata.read_bytes()
    assert "Endring etter utsending: Ny sak" in pdf_text(outputs["public minutes"])
    for what, data in outputs.items():
        _assert_absent(hidden, data, what)
        if data.startswith(b"%PDF"):
            streams = _streams(data)
            for m in hidden:
                assert m.encode() not in streams, f"{m} in a stream of {what}"
    internal_minutes = pdf_text(minutes_pdf(minutes_document(ctx, mid, public=False)))
    assert added_title in internal_minutes
