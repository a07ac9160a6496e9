"""The Møtebok preview in the app and the PDF come from one minutes model and one layout:
the same text in the same order, internal and public (closed content absent from both)."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from pypdf import PdfReader

from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.minutes_html import minutes_html
from dvmeet.documents.minutes_layout import Masthead, block_text, minutes_blocks
from dvmeet.documents.minutes_model import HtmlColours, MinutesDocument
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import minutes
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn, RemarksIn

CLOSED_CONTENT = "Kari Nordmann"  # in the closed case's recommendation and decision


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.extend(data.split())


def html_words(html: str) -> list[str]:
    """The words of the preview as a reader sees them (tags break words)."""
    parser = _Words()
    parser.feed(html.replace("<", " <").replace(">", "> "))
    return parser.words


def pdf_words(data: bytes, document: MinutesDocument) -> list[str]:
    """The words of the PDF in reading order, page by page, without what repeats on every
    page: the draft mark, the page header after the first page, and the footer."""
    meta = document.meta
    masthead = next(b for b in minutes_blocks(document) if isinstance(b, Masthead))
    header = " ".join(block_text([masthead])).split()
    pages = PdfReader(io.BytesIO(data)).pages
    words: list[str] = []
    for n, page in enumerate(pages, start=1):
        page_words = (page.extract_text() or "").split()
        if meta.draft:
            assert page_words[0] == "UTKAST"  # the mark under the text
            page_words = page_words[1:]
        assert page_words[: len(header)] == header
        if n > 1:
            page_words = page_words[len(header) :]
        footer = f"{meta.title} · {meta.version_word} Side {n} av {len(pages)}".split()
        assert page_words[-len(footer) :] == footer
        words.extend(page_words[: -len(footer)])
    return words


def first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            near = slice(max(0, i - 8), i + 8)
            return f"word {i}: {' '.join(a[near])!r} vs {' '.join(b[near])!r}"
    return f"lengths {len(a)} and {len(b)}"


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_preview_and_pdf_carry_the_same_text_in_the_same_order(
    ctx: Context, held: dict[str, Any], public: bool
) -> None:
    mid = held["meeting_id"]
    document = minutes.minutes_document(ctx, mid, public=public)
    preview = minutes.minutes_preview(ctx, mid, public=public)
    in_preview = html_words(preview.html)
    in_pdf = pdf_words(minutes_pdf(document), document)
    assert len(in_pdf) > 300 and in_preview == in_pdf, first_difference(in_preview, in_pdf)
    # Every word of the layout is in both, the preview included the masthead and the end.
    assert in_preview[:6] == ["DigiVestland", "Organ", "RS", "MØTEBOK", "–", "UTKAST"]
    assert " ".join(in_preview).endswith(
        "Versjon: Offentleg (lukka innhald er halde att)" if public else "Versjon: Intern"
    )
    closed = [c for c in preview.draft.cases if c.closed]
    assert closed
    text = " ".join(in_pdf)
    if public:
        assert CLOSED_CONTENT not in text and CLOSED_CONTENT not in preview.html
        assert all(c.withheld for c in closed)
        assert "Saka vart handsama for lukka dører" in text
    else:
        assert CLOSED_CONTENT in text and CLOSED_CONTENT in preview.html
    assert preview.draft == minutes.minutes_draft(ctx, mid, public=public)


def test_approved_preview_and_pdf_agree_and_print_the_approval(
    ctx: Context, held: dict[str, Any]
) -> None:
    mid = held["meeting_id"]
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=held["signatories"],
        ),
    )
    document = minutes.minutes_document(ctx, mid, public=False)
    in_preview = html_words(minutes.minutes_preview(ctx, mid, public=False).html)
    in_pdf = pdf_words(minutes_pdf(document), document)
    assert in_preview == in_pdf, first_difference(in_preview, in_pdf)
    assert "UTKAST" not in in_preview and "Godkjenning" in in_preview


def test_the_preview_uses_the_colours_it_is_given(ctx: Context, held: dict[str, Any]) -> None:
    document = minutes.minutes_document(ctx, held["meeting_id"], public=False)
    html = minutes_html(document, HtmlColours(muted="#a8adb3", error="#ff8a80"))
    assert "color:#a8adb3" in html and "color:#ff8a80" in html  # muted labels, draft word
    assert "#5f6368" not in html
    with pytest.raises(ValueError):
        HtmlColours(muted="red;font-size:99px")


def test_user_text_is_escaped_in_the_preview(ctx: Context, held: dict[str, Any]) -> None:
    mid = held["meeting_id"]
    minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks="<b>a & b</b>\nline two"))
    html = minutes.minutes_preview(ctx, mid, public=False).html
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;<br>line two" in html
    document = minutes.minutes_document(ctx, mid, public=False)
    assert "<b>a & b</b>" in " ".join(pdf_words(minutes_pdf(document), document))
