"""Notice, attendance list, registry contents; iCalendar; vote results; archive; CLI."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from doc_helpers import NORWEGIAN, SAMI, pdf_text
from icalendar import Calendar
from sqlalchemy.engine import URL

from dvmeet import cli
from dvmeet.documents.ics import calendar_ics
from dvmeet.documents.registry_pdf import registry_pdf
from dvmeet.documents.vote_results import vote_results_csv, vote_results_xlsx
from dvmeet.resources import resource_path
from dvmeet.services.context import Context
from dvmeet.services.exports import (
    archive_package,
    calendar_document,
    export_document,
    export_vote_results,
    meeting_pdf,
    registry_document,
    vote_results_document,
)


def test_resource_locator_finds_fonts_and_licence() -> None:
    assert resource_path("fonts/DejaVuSans.ttf").stat().st_size > 100_000
    assert "Bitstream" in resource_path("fonts/LICENSE-DejaVu.txt").read_text()


def test_notice_internal_and_public(ctx: Context, held: dict[str, Any]) -> None:
    mid = held["meeting_id"]
    internal = pdf_text(meeting_pdf(ctx, "notice", mid, public=False))
    public = pdf_text(meeting_pdf(ctx, "notice", mid, public=True))
    for text in (internal, public):
        assert "Innkalling til møte i Organ RS" in text
        assert "Møtestad Bergen rådhus" in text and "Møtetid 10:00" in text
        assert "Møteform Fysisk møte" in text
        assert "PS 001/24 Godkjenning av innkalling og sakliste" in text
        assert "OS 001/24 Eventuelt" in text
        assert "Innkalling send 21.11.2024" in text
    assert "Kari Nordmann" in internal
    assert "Kari Nordmann" not in public
    assert "PS 007/24 Tilsetjing av dagleg leiar koml. § 11-5 (3) a, jf. offl. § 25" in public
    assert "Saka er unnateke offentlegheit (koml. § 11-5 (3) a, jf. offl. § 25)" in public
    assert "Intern versjon" in internal and "Offentleg versjon" in public


def test_attendance_list_per_case(ctx: Context, held: dict[str, Any]) -> None:
    text = pdf_text(meeting_pdf(ctx, "attendance", held["meeting_id"], public=False))
    assert "Frammøteliste – Organ RS" in text
    assert "Varamedlem for RS Person 4615-0" in text
    assert "7 av 7 sete var til stades" in text
    assert "6 av 7 sete var til stades" in text  # after a member left at PS 006/24
    assert SAMI in text and NORWEGIAN in text


def test_registry_pdf_lists_members_and_ranked_deputies(ctx: Context, held: dict[str, Any]) -> None:
    text = pdf_text(registry_pdf(registry_document(ctx, "RS", dt.date(2024, 12, 11))))
    assert "Medlemer og varamedlemer – Organ RS" in text
    assert "RS Person 4601-0 Leiar" in text
    assert "RS Person 4601-1 1. varamedlem" in text
    assert "RS Person 4601-2 2. varamedlem" in text
    assert SAMI in text
    assert "@" not in text  # contact details are not printed


def test_calendar(ctx: Context, held: dict[str, Any]) -> None:
    for public in (True, False):
        cal = Calendar.from_ical(calendar_ics(calendar_document(ctx, public=public)))
        events = list(cal.walk("VEVENT"))
        assert len(events) == 1
        event = events[0]
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Oslo" and start.hour == 10
        assert str(event["location"]) == "Bergen rådhus"
        description = str(event["description"])
        assert "PS 003/24 Vedtak om mandat" in description
        assert ("Kari Nordmann" in description) is (not public)
        assert any(c.name == "VTIMEZONE" for c in cal.subcomponents)


def test_vote_results_are_formula_safe(ctx: Context, held: dict[str, Any]) -> None:
    rows = vote_results_document(ctx, held["meeting_id"], public=False).rows
    rows.append(['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"] + [None] * 10)
    text = vote_results_csv(rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[-1][:4] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"]
    mandate = next(r for r in parsed if r[1] == "Vedtak om mandat")
    assert mandate[5:7] == ["5", "2"] and SAMI in mandate[13]
    wb = openpyxl.load_workbook(io.BytesIO(vote_results_xlsx(rows)))
    ws = wb.active
    assert ws is not None
    last = [c.value for c in ws[ws.max_row]][:4]
    assert last == ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_archive_package(ctx: Context, held: dict[str, Any], tmp_path: Path) -> None:
    result = archive_package(ctx, held["meeting_id"], tmp_path / "arkiv")
    metadata = json.loads(result.metadata.read_text("utf-8"))
    assert metadata["body"] == "Organ RS" and metadata["meeting_date"] == "2024-12-11"
    assert "PS 007/24" in metadata["case_numbers"]
    assert metadata["closed_cases"] == [
        {
            "case": "PS 007/24",
            "public_title": "Tilsetjing av dagleg leiar",
            "legal_basis": "koml. § 11-5 (3) a, jf. offl. § 25",
        }
    ]
    kinds = {(d["document_type"], d["variant"]) for d in metadata["documents"]}
    assert kinds == {
        (t, v) for t in ("Innkalling", "Møtebok", "Frammøteliste") for v in ("intern", "offentleg")
    }
    for d in metadata["documents"]:
        data = (tmp_path / "arkiv" / d["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == d["sha256"]
        assert d["format"] == "PDF/A-2b" and b"pdfaid" in data
        if d["variant"] == "offentleg":
            assert d["withheld_cases"][0]["case"] == "PS 007/24"
        else:
            assert d["access_restriction"] == "U.off."
    sums = (tmp_path / "arkiv" / "SHA256SUMS").read_text()
    assert len(sums.splitlines()) == 6


def _db_arg(database_url: URL) -> str:
    return database_url.render_as_string(hide_password=False)


def test_cli_exports(
    ctx: Context,
    held: dict[str, Any],
    database_url: URL,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _db_arg(database_url)
    mid = held["meeting_id"]
    assert cli.main(["--database", db, "meetings", "list"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.split("\t")[0] == str(mid)
    out = tmp_path / "m.pdf"
    assert (
        cli.main(["--database", db, "export", "minutes", str(mid), "--public", "-o", str(out)]) == 0
    )
    assert "Kari Nordmann" not in pdf_text(out.read_bytes())
    assert cli.main(["--database", db, "export", "notice", str(mid), "-o", str(out)]) == 0
    assert "Kari Nordmann" in pdf_text(out.read_bytes())
    assert cli.main(["--database", db, "export", "registry", "RS", "-o", str(out)]) == 0
    ics = tmp_path / "m.ics"
    assert cli.main(["--database", db, "export", "calendar", "-o", str(ics)]) == 0
    assert b"BEGIN:VCALENDAR" in ics.read_bytes()
    arkiv = tmp_path / "arkiv"
    assert cli.main(["--database", db, "export", "archive", str(mid), "-o", str(arkiv)]) == 0
    assert (arkiv / "metadata.json").exists()
    assert cli.main(["--database", db, "export", "minutes", "9999", "-o", str(out)]) == 2
    assert "Feil:" in capsys.readouterr().err


def test_user_text_is_escaped_and_normalised() -> None:
    import unicodedata

    from dvmeet.documents.models import DocumentMeta, NoticeCase, NoticeDocument
    from dvmeet.documents.notice import NoticeRenderer
    from dvmeet.domain.enums import MeetingForm

    decomposed = unicodedata.normalize("NFD", "Årdal <b>&amp; Čuđe</b> </para>")
    meta = DocumentMeta(
        kind="INNKALLING",
        title=decomposed,
        subject="s",
        author="DigiVestland",
        cooperation="DigiVestland",
        body_name=decomposed,
        public=False,
    )
    case = NoticeCase(
        label="PS 001/25",
        title=decomposed,
        closed=False,
        withheld=False,
        closure_reference=None,
        recommendation=decomposed + "\x07",
        description="linje 1\nlinje 2",
        preparer_name=None,
    )
    document = NoticeDocument(
        meta=meta,
        date=dt.date(2025, 3, 12),
        start_time=dt.time(10),
        end_time=None,
        place=decomposed,
        form=MeetingForm.FYSISK,
        meeting_title=None,
        notice_days=14,
        sent_on=None,
        secretariat=None,
        chair=None,
        issued_at=None,
        cases=[case],
        changes=[],
    )
    text = pdf_text(NoticeRenderer(document).render())
    assert "Årdal <b>&amp; Čuđe</b> </para>" in text
    assert "linje 1 linje 2" in text


def test_cli_and_export_service_write_the_same_files(
    ctx: Context,
    held: dict[str, Any],
    database_url: URL,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The CLI only picks the file: what it writes is what the export service writes."""
    db = _db_arg(database_url)
    mid = held["meeting_id"]
    by_cli, by_service = tmp_path / "cli.csv", tmp_path / "service.csv"
    assert cli.main(["--database", db, "export", "votes", str(mid), "-o", str(by_cli)]) == 0
    assert f"til {by_cli}" in capsys.readouterr().out
    result = export_vote_results(ctx, mid, by_service, public=False)
    assert result.rows >= 1
    assert by_cli.read_bytes() == by_service.read_bytes()

    pdf_cli, pdf_service = tmp_path / "cli.pdf", tmp_path / "service.pdf"
    command = ["--database", db, "export", "attendance", str(mid), "--public", "-o", str(pdf_cli)]
    assert cli.main(command) == 0
    saved = export_document(ctx, "attendance", mid, pdf_service, public=True)
    assert f"Skreiv {saved.title} (offentleg versjon) til {pdf_cli}." in capsys.readouterr().out
    assert pdf_text(pdf_cli.read_bytes()) == pdf_text(pdf_service.read_bytes())
