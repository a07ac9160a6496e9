"""The public notice and møtebok as web pages (issue 20): their structure, their words,
their export through the door and the command line. Both engines.

The browser check (axe-core, WCAG 2.1 AA) is tests/a11y; no closed content:
test_public_html_canary.py."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from meeting_setup import make_body
from sqlalchemy.engine import URL
from test_constituent_meeting import run_constituent_meeting

from dvmeet.cli import EXIT_ERROR, EXIT_OK, main
from dvmeet.documents.html_public import minutes_page, notice_page
from dvmeet.documents.minutes_layout import SIGNATURE_LINE, block_text, minutes_blocks
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.errors import InvalidInput
from dvmeet.services import exports, minutes
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn


@pytest.fixture
def held(ctx: Context) -> dict[str, Any]:
    run = run_constituent_meeting(ctx, make_body(ctx))
    run["ctx"] = ctx
    return run


def _approve(run: dict[str, Any]) -> None:
    minutes.approve_minutes(
        run["ctx"],
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=run["signatories"],
        ),
    )


def words(text: str) -> str:
    return " ".join(text.split())


def check_structure(page: bytes, case_labels: list[str]) -> Any:
    """What every public page must be; returns the parsed page."""
    text = page.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    root = lxml.html.fromstring(page)
    assert root.get("lang") == "nn"
    assert root.findtext(".//head/title").strip()
    assert root.xpath("//meta/@charset") == ["utf-8"]
    # nothing from outside, nothing run
    assert not root.xpath("//script | //iframe | //link | //img | //*[@src]")
    assert not re.search(r"https?://", text)
    # the skip link leads to the content
    skip = root.xpath("//body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#innhald"
    assert len(root.xpath("//main[@id='innhald']")) == 1
    # one h1, and no heading level skipped
    levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    # an h2 per case, with the id the sakliste links to
    ids = set(root.xpath("//h2/@id"))
    for label in case_labels:
        assert any(words(h.text_content()).startswith(label) for h in root.iter("h2")), label
    assert len(ids) == len(case_labels)
    for href in root.xpath("//main//a/@href"):
        assert href.startswith("#") and href[1:] in ids, href
    # data tables only: a caption, header cells with scope, as many cells as headers
    tables = root.xpath("//table")
    assert tables
    for table in tables:
        assert not table.xpath(".//table"), "a table in a table"
        assert words(table.findtext("caption") or ""), lxml.html.tostring(table)[:200]
        header = table.xpath("./thead/tr/th")
        assert header and all(th.get("scope") == "col" for th in header)
        assert all(words(th.text_content()) for th in header)
        for row in table.xpath("./tbody/tr"):
            assert len(row.xpath("./td | ./th")) == len(header)
    # the colours of the text (the browser test measures contrast: tests/a11y)
    assert "#1a1a1a" in text and "#4d4d4d" in text
    return root


def test_the_public_notice_page(held: dict[str, Any]) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    document = exports.notice_document(ctx, mid, public=True)
    title, page = exports.public_page(ctx, "notice", mid)
    assert title == document.meta.title
    root = check_structure(page, [c.label for c in document.cases])
    text = words(root.text_content())
    assert words(root.findtext(".//h1")) == f"Innkalling til møte i {document.meta.body_name}"
    assert "Offentleg versjon" in text and "Intern versjon" not in text
    for c in document.cases:
        assert f"{c.label} {c.title}" in text
        if c.recommendation and not c.withheld:
            assert f"«{words(c.recommendation)}»" in text
    # the sakliste links each case to its heading
    links = root.xpath("//table[caption='Sakliste']//a")
    assert [a.text for a in links] == [c.label for c in document.cases]
    assert document.place in text and "Møtestad" in text


def test_the_public_minutes_page_says_what_the_pdf_says(held: dict[str, Any]) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    for approved in (False, True):
        if approved:
            _approve(held)
        document = minutes.minutes_document(ctx, mid, public=True)
        _, page = exports.public_page(ctx, "minutes", mid)
        root = check_structure(page, [c.label for c in document.minutes.cases])
        text = words(root.text_content())
        # every word of the PDF's blocks, in the PDF's order (the masthead is the header)
        at = 0
        for piece in block_text(minutes_blocks(document)):
            piece = words(piece.replace(SIGNATURE_LINE, ""))
            if not piece:
                continue
            found = text.find(piece, at)
            assert found >= 0, f"{piece!r} not after position {at}"
            at = found + len(piece)
        present = root.xpath("//table[starts-with(caption, 'Desse medlemene møtte')]/tbody/tr")
        assert [words(r[0].text_content()) for r in present] == [
            p.name + (f" ({p.role})" if p.role else "") for p in document.minutes.present
        ]
        assert ("Innhald (SHA-256)" in text) is approved
        assert bool(root.xpath("//ul[@class='signatures']")) is not approved


def test_user_text_is_escaped_and_bokmål_is_said(held: dict[str, Any]) -> None:
    document = exports.notice_document(held["ctx"], held["meeting_id"], public=True)
    hostile = '<script>alert("x")</script> & «Sak» \u0007'
    case = document.cases[0].model_copy(update={"title": hostile, "description": hostile})
    page = notice_page(document.model_copy(update={"cases": [case, *document.cases[1:]]}))
    assert b"<script>" not in page and b"\x07" not in page
    root = lxml.html.fromstring(page)
    assert '<script>alert("x")</script> & «Sak»' in root.text_content()
    meta = document.meta.model_copy(update={"language": "nb-NO"})
    assert b'<html lang="nb">' in notice_page(document.model_copy(update={"meta": meta}))
    draft = minutes.minutes_document(held["ctx"], held["meeting_id"], public=True)
    meta = draft.meta.model_copy(update={"language": "nb-NO"})
    assert b'<html lang="nb">' in minutes_page(draft.model_copy(update={"meta": meta}))


def test_export_writes_the_page_and_refuses_another_suffix(
    held: dict[str, Any], tmp_path: Path
) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    wrong = tmp_path / "møtebok.pdf"
    with pytest.raises(InvalidInput) as refused:
        exports.export_public_page(ctx, "minutes", mid, wrong)
    assert str(refused.value) == "Fila «møtebok.pdf» må slutte på .html eller .htm."
    assert not wrong.exists()
    saved = exports.export_public_page(ctx, "minutes", mid, tmp_path / "møtebok.html")
    assert saved.public and saved.path.read_bytes() == exports.public_page(ctx, "minutes", mid)[1]
    (tmp_path / "mappe").mkdir()
    written = exports.export_public_pages(ctx, mid, tmp_path / "mappe")
    assert sorted(p.name for p in written.files) == [
        "Innkalling RS 2024-12-11 offentleg.html",
        "Møtebok RS 2024-12-11 offentleg.html",
    ]


def _target(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=False)


def test_the_command_line_exports_the_pages(
    held: dict[str, Any], database_url: URL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = held["meeting_id"]
    held["ctx"].close()
    database = _target(database_url)
    for kind in ("notice", "minutes"):
        out = tmp_path / f"{kind}.html"
        code = main(
            ["--database", database, "export", kind, str(mid), "--format", "html", "-o", str(out)]
        )
        assert code == EXIT_OK
        said = capsys.readouterr().out.strip()
        assert said.endswith(f"(offentleg versjon, nettside) til {out}.")
        assert out.read_bytes().startswith(b'<!DOCTYPE html>\n<html lang="nn">')
    out = tmp_path / "arkiv.html"
    code = main(
        [
            "--database",
            database,
            "export",
            "minutes",
            str(mid),
            "--format",
            "html",
            "--pdfa",
            "-o",
            str(out),
        ]
    )
    assert code == EXIT_ERROR
    assert "--pdfa gjeld berre PDF, ikkje --format html." in capsys.readouterr().err
    assert not out.exists()
