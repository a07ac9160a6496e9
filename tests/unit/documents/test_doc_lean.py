"""Layout 3 of the møtebok (issue 21): the text drawn by `documents/lean.py` instead of
ReportLab's Paragraph. The same words on the same pages as layout 2, the lines broken as
Paragraph breaks them, split over pages by its rules, and no Paragraph laid out at all."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from typing import Any

import pikepdf
import pytest
from doc_helpers import outline_titles, pdf_reader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from dvmeet.db.models import Meeting
from dvmeet.documents import fonts
from dvmeet.documents.lean import LeanText
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.minutes_model import LAYOUT, MinutesDocument
from dvmeet.documents.text import normalise
from dvmeet.services import minutes
from dvmeet.services.context import Context
from dvmeet.services.maintenance import fill_demo


def page_words(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in pdf_reader(pdf).pages]


@pytest.fixture
def demo(ctx: Context) -> Iterator[list[MinutesDocument]]:
    """The minutes of the demo's meetings, internal and public."""
    fill_demo(ctx, years=1)
    with ctx.reading() as s:
        ids = [m.id for m in s.query(Meeting).order_by(Meeting.id)]
    yield [
        minutes.minutes_document(ctx, mid, public=public) for mid in ids for public in (False, True)
    ]


def test_layout_3_is_the_layout_of_new_minutes() -> None:
    assert LAYOUT == 3


def test_layout_3_carries_the_words_of_layout_2_page_by_page(
    demo: list[MinutesDocument],
) -> None:
    """Every demo møtebok (drafts and approved, internal and public): each page of layout
    3 has the words of the same page of layout 2, in the same order, and the same outline."""
    assert len(demo) >= 6
    for document in demo:
        old = minutes_pdf(document.model_copy(update={"layout": 2}))
        new = minutes_pdf(document.model_copy(update={"layout": 3}))
        assert page_words(new) == page_words(old)
        assert outline_titles(new) == outline_titles(old)


def test_a_long_møtebok_splits_paragraphs_over_pages_as_before(
    demo: list[MinutesDocument],
) -> None:
    """The cases of a demo meeting ten times over, with a remark long enough to run over
    more than a page: paragraphs split between pages where layout 2 split them."""
    document = next(d for d in demo if len(d.minutes.cases) >= 4 and not d.snapshot_hash)
    remark = " ".join(f"Merknad {n} om sak {n % 7} med «hermeteikn» og æøå." for n in range(400))
    draft = document.minutes.model_copy(
        update={"cases": document.minutes.cases * 10, "remarks": remark}
    )
    big = document.model_copy(update={"minutes": draft})
    old = page_words(minutes_pdf(big.model_copy(update={"layout": 2})))
    new = page_words(minutes_pdf(big.model_copy(update={"layout": 3})))
    assert len(new) > 10
    assert new == old
    assert any("Merknad 0 om" in page for page in new)
    assert any("Merknad 399 om" in page for page in new)


def test_layout_3_lays_out_no_reportlab_paragraph(
    demo: list[MinutesDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapped: list[int] = []
    real = Paragraph.wrap

    def counted(self: Paragraph, *args: Any) -> Any:
        wrapped.append(1)
        return real(self, *args)

    monkeypatch.setattr(Paragraph, "wrap", counted)
    document = demo[0]
    minutes_pdf(document.model_copy(update={"layout": 2}))
    assert wrapped  # the count sees layout 2's paragraphs: the check below is real
    wrapped.clear()
    minutes_pdf(document.model_copy(update={"layout": 3}))
    assert wrapped == []


def test_layout_3_writes_page_streams_without_ascii85(demo: list[MinutesDocument]) -> None:
    """A draft as ReportLab writes it (approved minutes are saved again when stamped)."""
    document = next(d for d in demo if not d.snapshot_hash)
    for layout, filters in ((2, ["/ASCII85Decode", "/FlateDecode"]), (3, ["/FlateDecode"])):
        pdf = minutes_pdf(document.model_copy(update={"layout": layout}))
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                found: Any = page.obj.Contents.get("/Filter")
                many = isinstance(found, pikepdf.Array)
                names = [str(f) for f in found] if many else [str(found)]
                assert names == filters


# --- LeanText against Paragraph -------------------------------------------------------

WORDS = (
    "Representantskapet",
    "sluttar",
    "seg",
    "til",
    "tilrådinga",
    "frå",
    "sekretariatet",
    "og",
    "ber",
    "dagleg",
    "leiar",
    "følgje",
    "opp",
    "arbeidet",
    "i",
    "samarbeid",
    "med",
    "deltakarkommunane",
    "Åse",
    "Ørnes-Čuđe",
    "(PS",
    "003/25),",
    "«innstillinga»",
    "vart",
    "vedteken",
    "med",
    "16",
    "røyster",
    "for",
    "og",
    "4",
    "mot;",
    "økonomiske",
    "rammer",
    "1",
    "250",
    "000",
    "kr",
)


@pytest.fixture(scope="module")
def styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle("b", fontName=fonts.REGULAR, fontSize=9.5, leading=13)
    return {
        "body": base,
        "field": ParagraphStyle("f", base, leftIndent=28, firstLineIndent=-28),
        "cell": ParagraphStyle("c", base, fontSize=8.5, leading=11),
    }


def _sample(rng: random.Random) -> list[tuple[str, bool, bool]]:
    """A few spans of random words: a bold label, text, now and then small text and a
    line break, as the møtebok's paragraphs have them."""
    spans = [(f"{rng.choice(WORDS)}:", True, False)]
    for _ in range(rng.randint(1, 4)):
        text = " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60)))
        if rng.random() < 0.2:
            text += "\n" + rng.choice(WORDS)
        spans.append((text, False, rng.random() < 0.15))
    return spans


def _markup(spans: list[tuple[str, bool, bool]]) -> str:
    out = []
    for text, bold, small in spans:
        piece = normalise(text).replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br/>")
        if small:
            piece = f"<font size=7.5>{piece}</font>"
        out.append(f"<b>{piece}</b>" if bold else piece)
    return "".join(out)


def _lean(spans: list[tuple[str, bool, bool]], style: ParagraphStyle) -> LeanText:
    return LeanText(
        [
            (normalise(t), fonts.BOLD if b else style.fontName, 7.5 if s else style.fontSize)
            for t, b, s in spans
        ],
        style,
    )


def _rl_lines(p: Paragraph) -> list[str]:
    lines = []
    for line in p.blPara.lines:
        words = getattr(line, "words", None)
        if words is None:  # one fragment: (extra space, words)
            lines.append(" ".join(line[1]))
        else:
            lines.append(" ".join("".join(getattr(f, "text", "") for f in words).split()))
    return lines


def _lean_lines(p: LeanText) -> list[str]:
    return [" ".join("".join(piece[2] for piece in line.pieces).split()) for line in p._lines or []]


@pytest.mark.parametrize("style_name", ["body", "field", "cell"])
def test_lines_break_where_paragraph_breaks_them(
    styles: dict[str, ParagraphStyle], style_name: str
) -> None:
    style = styles[style_name]
    rng = random.Random(21)
    for _ in range(200):
        spans = _sample(rng)
        width = rng.choice([45.0, 60.0, 120.0, 233.5, 347.2, 476.2])  # 45: words split
        old = Paragraph(_markup(spans), style)
        new = _lean(spans, style)
        assert new.wrap(width, 10_000) == old.wrap(width, 10_000)
        assert _lean_lines(new) == _rl_lines(old)


def test_split_over_pages_as_paragraph_splits(styles: dict[str, ParagraphStyle]) -> None:
    style = styles["body"]
    text = " ".join(WORDS * 6)
    for height in (5.0, 13.0, 26.5, 40.0, 100.0):
        old = Paragraph(normalise(text), style)
        new = LeanText([(normalise(text), style.fontName, style.fontSize)], style)
        old.wrap(300, 10_000)
        new.wrap(300, 10_000)
        old_parts = old.split(300, height)
        new_parts = new.split(300, height)
        assert len(new_parts) == len(old_parts)
        for a, b in zip(old_parts, new_parts, strict=True):
            assert b.wrap(300, 10_000)[1] == a.wrap(300, 10_000)[1]
    # one line would be left alone at the foot of the page: nothing goes there
    assert new.split(300, 13.0) == []


def test_a_word_longer_than_the_line_is_split_by_characters(
    styles: dict[str, ParagraphStyle],
) -> None:
    style = styles["cell"]
    word = "a3f9" * 30  # a SHA-256 in hex is 64 characters; this is 120
    lean = LeanText([(f"Hash: {word} slutt", style.fontName, style.fontSize)], style)
    lean.wrap(100, 1_000)
    lines = _lean_lines(lean)
    assert len(lines) > 3
    assert "".join(lines).replace(" ", "") == f"Hash:{word}slutt"
    for line in lean._lines or []:
        width = sum(pdfmetrics.getFont(f).stringWidth(t, s) for f, s, t in line.pieces)
        assert width <= 100 + 1e-6


def test_lean_text_is_drawn_with_its_characters(styles: dict[str, ParagraphStyle]) -> None:
    """æøå, Sami letters, a no-break space and the characters PDF strings escape come out
    of the text layer as written, bold and small spans too."""
    text = "Čuđe ŋŧ (parentes) \\ bakstrek Ærø 10\xa0000 kr – «sitat»"
    flowable = _lean(
        [("Merk:", True, False), (f" {text}", False, False), (" ŧiny", False, True)], styles["body"]
    )
    out = io.BytesIO()
    SimpleDocTemplate(out).build([flowable])
    extracted = " ".join((pdf_reader(out.getvalue()).pages[0].extract_text() or "").split())
    assert extracted == " ".join(f"Merk: {text} ŧiny".replace("\xa0", " ").split())


def test_the_frame_copies_as_deepcopy_does() -> None:
    """CopyableFrame's quick copy: the same attributes, its lists its own."""
    import copy

    from reportlab.platypus import Frame

    from dvmeet.documents.lean import CopyableFrame

    frames = [cls(10, 20, 300, 400, id="body", leftPadding=0) for cls in (Frame, CopyableFrame)]
    for frame in frames:
        frame._frameBGs = [("farge", [1, 2])]  # as platypus keeps a frame's backgrounds
    plain, quick = (copy.deepcopy(frame) for frame in frames)
    assert type(quick) is CopyableFrame
    assert quick.__dict__ == plain.__dict__
    assert quick._frameBGs is not frames[1]._frameBGs
    assert quick._frameBGs[0][1] is not frames[1]._frameBGs[0][1]
