"""Case papers (issue 19): the constituent meeting with a saksframlegg and two attachments
per document case (one closed), its sakspapir internal and public, and the attachments
frozen with the approved meeting. On SQLite and PostgreSQL (DVMEET_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pikepdf
import pytest
from meeting_setup import make_body
from papers_kit import make_pdf
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from test_constituent_meeting import DAY, run_constituent_meeting

from dvmeet.documents.sakspapir import sakspapir_parts
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.errors import FrozenRecord
from dvmeet.services import meetings, minutes, papers
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn

sys.path.insert(0, str(Path(__file__).resolve().parent / "documents"))

from canary_scan import found


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def outline(data: bytes) -> list[tuple[str, list[str]]]:
    """(title, [child titles]) of the PDF's top-level bookmarks."""
    reader = PdfReader(io.BytesIO(data))
    out: list[tuple[str, list[str]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            out[-1][1].extend(child.title for child in item)
        else:
            out.append((item.title, []))
    return out


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_constituent_meetings_sakspapir(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    mid = run["meeting_id"]
    meeting = meetings.get_meeting(ctx, mid)
    doc_cases = [c for c in meeting.cases if c.document_version_id is not None]
    assert len(doc_cases) == 3
    for n, case in enumerate(doc_cases, start=1):
        saved = papers.update_paper(
            ctx,
            papers.PaperIn(
                case_id=case.id,
                expected_version=0,
                background=f"Saksopplysningar om {case.title}.",
                assessment="Sekretariatet tilrår at dokumentet vert vedteke.",
                economy="Ingen økonomiske konsekvensar.",
            ),
        )
        assert saved.version >= 1 and saved.recommendation == case.recommendation
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case.id,
                title=f"Høyringsinnspel {n}",
                filename=f"innspel-{n}.pdf",
                content=make_pdf(f"Opentinnspel{n}", pages=2),
            ),
        )
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case.id,
                title=f"Lukkavedlegg{n} personalsak",
                filename=f"lukka-{n}.pdf",
                content=make_pdf(f"Lukkatekst{n}", pages=1),
                closed=True,
            ),
        )
    closed_case = run["closed_case"]
    papers.update_paper(
        ctx,
        papers.PaperIn(case_id=closed_case, expected_version=0, background="Lukkabakgrunn"),
    )
    papers.add_attachment(
        ctx,
        papers.AttachmentIn(
            case_id=closed_case,
            title="Lukkasøknad",
            filename="soknad.pdf",
            content=make_pdf("Lukkasoknadtekst"),
        ),
    )
    listed = papers.list_attachments(ctx, doc_cases[0].id)
    assert [a.automatic for a in listed] == [True, False, False]
    assert listed[0].title.startswith("Mandat for styringsgruppa (mandat, versjon 2)")

    for public in (False, True):
        document = papers.sakspapir_document(ctx, mid, public=public)
        parts = sakspapir_parts(document)
        data = papers.sakspapir_pdf(ctx, mid, public=public)
        total = page_count(data)
        # the whole is exactly its parts: notice, each paper, each attachment
        assert total == sum(page_count(p.pdf) for p in parts)
        notice = 1 if total else 0
        assert parts[0].title == "Innkalling og sakliste" and notice
        texts = page_texts(data)
        assert all(f"Side {i} av {total}" in t for i, t in enumerate(texts, start=1))
        marks = outline(data)
        titles = [t for t, _ in marks]
        for case in doc_cases:
            entry = next(m for m in marks if m[0].startswith(f"Sak {case.heading[4:]}"))
            assert case.title in entry[0]
            children = entry[1]
            assert children[0].startswith("Vedlegg 1: Mandat") or "versjon 2" in children[0]
            assert any("Høyringsinnspel" in c for c in children)
            assert any("Lukkavedlegg" in c for c in children) is not public
            # each case's paper, adopted document and open attachment pages are there
        joined = "\n".join(texts)
        if public:
            assert not any("Tilsetjing" in t for t in titles)
            assert (
                found(
                    [
                        "Lukkatekst1",
                        "Lukkavedlegg1",
                        "Lukkabakgrunn",
                        "Lukkasoknadtekst",
                        "Nordmann",
                    ],
                    "sakspapir.pdf",
                    data,
                )
                == set()
            )
            assert "Opentinnspel1" in joined and "Saksopplysningar om" in joined
            # three doc cases: paper + document + one open attachment (2 pages) each
            assert sum(1 for p in parts if p.level == 1) == 6
        else:
            assert {"Lukkatekst1", "Lukkabakgrunn", "Nordmann"} <= found(
                ["Lukkatekst1", "Lukkabakgrunn", "Nordmann"], "sakspapir.pdf", data
            )
            assert any("Tilsetjing av dagleg leiar – Kari Nordmann" in t for t in titles)
            assert sum(1 for p in parts if p.level == 1) == 3 * 3 + 1

    # Approved: the papers and attachments are frozen with the meeting.
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY + dt.timedelta(days=2),
            signatory_person_ids=run["signatories"],
        ),
    )
    with pytest.raises(FrozenRecord):
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=doc_cases[0].id, title="Sein", filename="sein.pdf", content=make_pdf("x")
            ),
        )
    attachment = papers.list_attachments(ctx, doc_cases[0].id)[1]
    assert attachment.id is not None
    with pytest.raises(FrozenRecord):
        papers.remove_attachment(ctx, attachment.id, expected_version=attachment.version)
    with pytest.raises(FrozenRecord):
        papers.update_paper(ctx, papers.PaperIn(case_id=doc_cases[0].id, background="Endra"))
    assert not papers.get_paper(ctx, doc_cases[0].id).editable
    raw = create_engine(database_url)
    try:
        for statement in (
            f"UPDATE case_attachment SET title = 'x' WHERE id = {attachment.id}",
            f"DELETE FROM case_attachment WHERE id = {attachment.id}",
            f"UPDATE case_paper SET background = 'x' WHERE case_id = {doc_cases[0].id}",
            "INSERT INTO case_attachment (case_id, title, filename, content, sha256, size, "
            f"closed, position, created_at) VALUES ({doc_cases[0].id}, 'x', 'x.pdf', "
            "'x', 'x', 1, false, 9, '2024-12-20')",
        ):
            with pytest.raises(DBAPIError, match="dvmeet_frozen"), raw.begin() as conn:
                conn.execute(text(statement))
    finally:
        raw.dispose()
    from dvmeet.services.maintenance import check_database

    report = check_database(ctx)
    assert report.clean, report.problems
    # an attachment's bytes changed with the triggers out of the way: the digest sees it
    from test_facts_digest import _facts_problems, without_triggers

    with without_triggers(ctx, "case_attachment") as conn:
        changed = conn.execute(
            text("UPDATE case_attachment SET content = :c WHERE id = :a"),
            {"a": attachment.id, "c": make_pdf("Byta ut")},
        )
        assert changed.rowcount == 1
    assert len(_facts_problems(ctx)) == 1


def test_attachments_are_checked_and_refusals_change_nothing(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dvmeet.errors import InvalidInput
    from dvmeet.services.papers import _convert

    body = make_body(ctx)
    case = _planned_case(ctx, body.code)
    bad = [
        ("ikkje.pdf", b"Dette er tekst, ikkje PDF." * 10, "ikkje ein PDF-fil"),
        ("skadd.pdf", make_pdf("heil")[:300], "skadd"),
        ("tom.pdf", b"", "tom"),
        ("notat.txt", b"notat", "berre PDF"),
    ]
    for name, content, reason in bad:
        with pytest.raises(InvalidInput, match=reason):
            papers.add_attachment(
                ctx, papers.AttachmentIn(case_id=case, title=name, filename=name, content=content)
            )
    monkeypatch.setattr(_convert, "MAX_ATTACHMENT_BYTES", 100)
    with pytest.raises(InvalidInput, match="høgst"):
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case, title="Stor", filename="stor.pdf", content=make_pdf("a")
            ),
        )
    monkeypatch.setattr(_convert.shutil, "which", lambda name: None)
    with pytest.raises(InvalidInput, match="LibreOffice er ikkje installert"):
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(case_id=case, title="Notat", filename="notat.docx", content=b"PK"),
        )
    assert papers.list_attachments(ctx, case) == []


def _planned_case(ctx: Context, body_code: str) -> int:
    from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn

    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body_code,
            date=dt.date(2030, 3, 1),
            start_time=dt.time(10, 0),
            place="Bergen",
            standing_cases=False,
        ),
    )
    return meetings.add_case(
        ctx, CaseIn(meeting_id=meeting.id, title="Sak med vedlegg", recommendation="Vedteke.")
    ).id


def test_export_sakspapir_from_the_command_line(
    ctx: Context, database_url: URL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dvmeet import cli

    body = make_body(ctx)
    case = _planned_case(ctx, body.code)
    papers.add_attachment(
        ctx,
        papers.AttachmentIn(
            case_id=case, title="Open", filename="o.pdf", content=make_pdf("Openvedlegg", pages=3)
        ),
    )
    papers.add_attachment(
        ctx,
        papers.AttachmentIn(
            case_id=case,
            title="Lukka",
            filename="l.pdf",
            content=make_pdf("Lukkavedlegg"),
            closed=True,
        ),
    )
    meeting_id = _meeting_of(ctx, case)
    db = database_url.render_as_string(hide_password=False)
    target = tmp_path / "sakspapir.pdf"
    code = cli.main(
        ["--database", db, "export", "sakspapir", str(meeting_id), str(target), "--public"]
    )
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    data = target.read_bytes()
    pages = page_count(data)
    assert f"offentleg versjon, {pages} sider" in out and str(target) in out
    assert found(["Lukkavedlegg", "Openvedlegg"], "s.pdf", data) == {"Openvedlegg"}
    internal = tmp_path / "intern.pdf"
    assert (
        cli.main(["--database", db, "export", "sakspapir", str(meeting_id), "-o", str(internal)])
        == 0
    )
    assert page_count(internal.read_bytes()) == pages + 1
    # both a FIL and -o: refused, nothing written
    assert (
        cli.main(
            [
                "--database",
                db,
                "export",
                "sakspapir",
                str(meeting_id),
                str(tmp_path / "a.pdf"),
                "-o",
                str(tmp_path / "b.pdf"),
            ]
        )
        != 0
    )
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def _meeting_of(ctx: Context, case_id: int) -> int:
    return papers.get_paper(ctx, case_id).meeting_id


def test_a_paper_starts_from_the_template_and_the_public_one_withholds(ctx: Context) -> None:
    from dvmeet.services.meetings.models import CaseIn, UpdateCaseIn

    body = make_body(ctx)
    case = _planned_case(ctx, body.code)
    assert papers.get_paper(ctx, case).version == 0
    papers.update_template(
        ctx, papers.TemplateIn(body_code=body.code, expected_version=0, economy="Ingen kostnad.")
    )
    fresh = papers.get_paper(ctx, case)
    assert fresh.from_template and fresh.economy == "Ingen kostnad." and fresh.version == 0
    saved = papers.update_paper(
        ctx, papers.PaperIn(case_id=case, expected_version=0, background="Bakgrunnen.")
    )
    assert not saved.from_template and saved.economy is None and saved.background == "Bakgrunnen."
    # the template changes later: a saved paper keeps its own texts
    template = papers.get_template(ctx, body.code)
    papers.update_template(
        ctx,
        papers.TemplateIn(
            body_code=body.code, expected_version=template.version, economy="Anna tekst."
        ),
    )
    assert papers.get_paper(ctx, case).economy is None
    # the innstilling is the case's own: changed with the case, read by the paper
    version = meetings.get_meeting(ctx, saved.meeting_id).cases[-1].version
    meetings.update_case(
        ctx, UpdateCaseIn(case_id=case, recommendation="Nytt framlegg.", expected_version=version)
    )
    assert papers.get_paper(ctx, case).recommendation == "Nytt framlegg."

    closed = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=saved.meeting_id,
            title="Kjøp av tomt frå Hemmeleg Eigar",
            public_title="Kjøp av tomt",
            closed=True,
            closure_basis=_basis(),
            closure_note="offl. § 23",
            recommendation="Tomta vert kjøpt av Hemmeleg Eigar.",
        ),
    )
    papers.update_paper(ctx, papers.PaperIn(case_id=closed.id, background="Prisen er Hemmeleg."))
    public = papers.paper_document(ctx, closed.id, public=True)
    assert public.withheld and public.title == "Kjøp av tomt"
    assert "Hemmeleg" not in public.model_dump_json()
    data = papers.saksframlegg_pdf(ctx, closed.id, public=True)
    assert found(["Hemmeleg"], "s.pdf", data) == set()
    assert "Unnateke offentlegheit, jf. koml." in "\n".join(page_texts(data))
    internal = papers.saksframlegg_pdf(ctx, closed.id, public=False)
    assert found(["Hemmeleg"], "s.pdf", internal) == {"Hemmeleg"}
    # an attachment of a closed case is closed, and stays so while the case is closed
    attached = papers.add_attachment(
        ctx,
        papers.AttachmentIn(
            case_id=closed.id, title="Takst", filename="takst.pdf", content=make_pdf("Takst")
        ),
    )
    assert attached.closed
    from dvmeet.errors import Conflict

    assert attached.id is not None
    with pytest.raises(Conflict, match="Saka er lukka"):
        papers.update_attachment(
            ctx,
            papers.AttachmentUpdate(
                attachment_id=attached.id,
                expected_version=attached.version,
                title="T",
                closed=False,
            ),
        )


def _basis():  # type: ignore[no-untyped-def]
    from dvmeet.domain.enums import ClosureBasis

    return ClosureBasis.KOML_11_5_3A


def test_order_and_removal_of_attachments_and_of_the_case(ctx: Context) -> None:
    from dvmeet.errors import Conflict

    body = make_body(ctx)
    case = _planned_case(ctx, body.code)
    files = {t: make_pdf(t) for t in ("A", "B", "C")}
    added = [
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case, title=t, filename=f"{t}.pdf", content=files[t], closed=t == "B"
            ),
        )
        for t in ("A", "B", "C")
    ]
    assert [a.position for a in added] == [1, 2, 3]
    first = added[0]
    assert first.id is not None
    with pytest.raises(Conflict, match="står alt først"):
        papers.move_attachment(
            ctx, papers.MoveAttachmentIn(attachment_id=first.id, expected_version=1, step=-1)
        )
    moved = papers.move_attachment(
        ctx, papers.MoveAttachmentIn(attachment_id=first.id, expected_version=1, step=1)
    )
    assert [a.title for a in moved] == ["B", "A", "C"]
    b = moved[0]
    assert b.id is not None
    left = papers.remove_attachment(ctx, b.id, expected_version=b.version)
    assert [(a.title, a.position) for a in left] == [("A", 1), ("C", 2)]
    assert papers.attachment_content(ctx, left[1].id or 0) == files["C"]
    import hashlib

    assert left[1].sha256 == hashlib.sha256(files["C"]).hexdigest()
    assert left[1].size == len(files["C"])
    # a case with a paper and attachments can still be taken off the list before the meeting
    papers.update_paper(ctx, papers.PaperIn(case_id=case, background="Tekst"))
    meeting_id = papers.get_paper(ctx, case).meeting_id
    meetings.remove_case(ctx, case)
    assert all(c.id != case for c in meetings.get_meeting(ctx, meeting_id).cases)
    from dvmeet.errors import NotFound

    with pytest.raises(NotFound):
        papers.list_attachments(ctx, case)


@pytest.mark.skipif(
    __import__("shutil").which("soffice") is None, reason="LibreOffice is not installed"
)
def test_a_word_processor_file_is_converted_to_pdf(ctx: Context) -> None:
    body = make_body(ctx)
    case = _planned_case(ctx, body.code)
    rtf = rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Notat om Konverteringstest.\par}"
    out = papers.add_attachment(
        ctx, papers.AttachmentIn(case_id=case, title="Notat", filename="notat.rtf", content=rtf)
    )
    assert out.filename == "notat.pdf"
    assert out.id is not None
    data = papers.attachment_content(ctx, out.id)
    assert data.startswith(b"%PDF") and "Konverteringstest" in "\n".join(page_texts(data))
