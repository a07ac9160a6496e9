"""The møtebok (B-1..B-4) as PDF: the blocks of `minutes_layout` drawn with ReportLab.

Approved minutes (a document carrying its snapshot hash) are stamped after rendering: the
PDF's keywords name the snapshot hash, the audit chain's head at approval and the variant
(`dvmeet verify` reads them), its dates are the approval date and its /ID is derived from
its content, so the same approved møtebok renders to the same bytes every time: the
SHA-256 kept at approval is then the SHA-256 of every export made by this version."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

from dvmeet.documents import fonts
from dvmeet.documents.lean import CopyableFrame, LeanPen, LeanText
from dvmeet.documents.minutes_layout import (
    Block,
    Facts,
    Heading,
    Keep,
    Masthead,
    Need,
    Paragraph,
    Space,
    Table,
    Text,
    minutes_blocks,
)
from dvmeet.documents.minutes_model import MinutesDocument
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import normalise, para

# From layout 3 the text is drawn by `lean.LeanText` instead of ReportLab's Paragraph (the
# same words, fonts, sizes, leading and spacing; lines broken and drawn by dvmeet's code).
LEAN_LAYOUT = 3
SMALL_SIZE = 7.5  # a small span (the hashes of the approval), as `markup` writes it

# A table longer than this many rows may start on the page its heading is on, with the
# heading and this much room (points: the heading, the header row and about three rows).
LONG_LIST_ROWS = 8
LONG_LIST_START = 80

HEADING_STYLES = {"title": "title", "subtitle": "subtitle", "section": "h1", "subsection": "h2"}


def minutes_pdf(document: MinutesDocument) -> bytes:
    """The møtebok of `document` (built by `dvmeet.services.minutes.minutes_document`)."""
    return MinutesRenderer(document).render()


# The keywords of an approved møtebok: "<key>:<value>" separated by spaces.
SNAPSHOT_KEY = "dvmeet-innhald-sha256"
AUDIT_KEY = "dvmeet-revisjonslogg-sha256"
VARIANT_KEY = "dvmeet-variant"
LAYOUT_KEY = "dvmeet-layout"  # absent: layout 1 (minutes_model.LAYOUT)
VARIANTS = {False: "intern", True: "offentleg"}


def approval_keywords(document: MinutesDocument) -> str:
    """What the PDF's keywords say of approved minutes (nothing of a draft)."""
    if not document.snapshot_hash:
        return ""
    approval = document.minutes.approval
    head = approval.audit_head if approval is not None else None
    words = [f"{SNAPSHOT_KEY}:{document.snapshot_hash}"]
    if head:
        words.append(f"{AUDIT_KEY}:{head}")
    words.append(f"{VARIANT_KEY}:{VARIANTS[document.meta.public]}")
    if document.layout != 1:  # layout 1's keywords stay as they were approved
        words.append(f"{LAYOUT_KEY}:{document.layout}")
    return " ".join(words)


def read_keywords(keywords: str) -> dict[str, str]:
    """The "<key>:<value>" words of a PDF's keywords, as a dict (other words ignored)."""
    found: dict[str, str] = {}
    for word in keywords.split():
        key, sep, value = word.partition(":")
        if sep and key.startswith("dvmeet-") and value:
            found[key] = value
    return found


def stamp_approved(pdf: bytes, document: MinutesDocument) -> bytes:
    """`pdf` with the keywords of approved minutes, the approval date as its dates and an
    /ID made from its content: the same document gives the same bytes."""
    approval = document.minutes.approval
    day = approval.approved_on if approval is not None else document.minutes.date
    stamp = f"D:{day:%Y%m%d}000000+00'00'"
    import pikepdf  # only approved minutes are stamped: a draft's export does not load it

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.docinfo[pikepdf.Name.Keywords] = pikepdf.String(approval_keywords(document))
        doc.docinfo[pikepdf.Name.CreationDate] = pikepdf.String(stamp)
        doc.docinfo[pikepdf.Name.ModDate] = pikepdf.String(stamp)
        if pikepdf.Name.ID in doc.trailer:  # ReportLab's is random: qpdf would keep half of it
            del doc.trailer[pikepdf.Name.ID]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()


def markup(text: Text) -> str:
    """Spans as paragraph markup, the text escaped."""
    out = []
    for span in text:
        piece = para(span.text)
        if span.small:
            piece = f"<font size=7.5>{piece}</font>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


class MinutesRenderer(PdfRenderer):
    def __init__(self, document: MinutesDocument) -> None:
        super().__init__(document.meta)
        self.document = document
        if document.layout >= LEAN_LAYOUT:
            self.flate_only = True
            self.pen = LeanPen()
            self.frame_class = CopyableFrame

    def render(self) -> bytes:
        pdf = super().render()
        return stamp_approved(pdf, self.document) if self.document.snapshot_hash else pdf

    def story(self) -> list[Flowable]:
        blocks = minutes_blocks(self.document)
        out: list[Flowable] = []
        for block, after in zip(blocks, [*blocks[1:], None], strict=True):
            if isinstance(block, Heading) and self.long_list(block, after):
                # The heading stays with the first rows (the table repeats its header row
                # on the next page), but the list no longer jumps whole to a new page as a
                # heading kept with its next flowable would make it.
                out.append(self.need(LONG_LIST_START))
                if self.document.layout >= LEAN_LAYOUT:
                    out.append(self.lean(plain_runs(block.text), self.unkept_h2))
                else:
                    out.append(_Paragraph(para(block.text), self.unkept_h2))
                continue
            out.extend(self.flowables(block))
        return out

    def long_list(self, block: Heading, after: Block | None) -> bool:
        """A subsection heading over a table of more than a few rows, in layout 2 (layout 1
        is drawn as it was approved)."""
        return (
            self.document.layout >= 2
            and block.style == "subsection"
            and isinstance(after, Table)
            and len(after.rows) > LONG_LIST_ROWS
        )

    @property
    def unkept_h2(self) -> ParagraphStyle:
        return ParagraphStyle("h2_unkept", parent=self.style["h2"], keepWithNext=False)

    def flowables(self, block: Block) -> list[Flowable]:
        if self.document.layout >= LEAN_LAYOUT:
            return self.lean_flowables(block)
        match block:
            case Masthead():
                return []  # drawn on every page by `draw_header`, from the same meta
            case Heading(style="section", outline=outline):
                return [self.heading(para(block.text), outline)]
            case Heading():
                return [self.p(para(block.text), HEADING_STYLES[block.style])]
            case Paragraph():
                return [self.p(markup(block.text), block.style)]
            case Facts():
                rows = [(para(label), markup(value)) for label, value in block.rows]
                return [self.key_values(rows, block.label_mm * mm)]
            case Table():
                cells = [[para(cell) for cell in row] for row in block.rows]
                return [self.table([para(h) for h in block.header], cells, block.widths)]
            case Space():
                return [self.space(block.points)]
            case Need():
                return [self.need(block.points)]
            case Keep():
                return [self.keep([f for b in block.blocks for f in self.flowables(b)])]

    # --- layout 3: the lean text flowable -----------------------------------------------

    def lean(self, runs: list[tuple[str, bool, bool]], style: ParagraphStyle) -> LeanText:
        """(text, bold, small) runs of plain text as a LeanText in `style`."""
        return LeanText(
            [
                (
                    normalise(text),
                    fonts.BOLD if bold else style.fontName,
                    SMALL_SIZE if small else style.fontSize,
                )
                for text, bold, small in runs
            ],
            style,
        )

    def lean_flowables(self, block: Block) -> list[Flowable]:
        """The flowables of `block` in layout 3: what `flowables` makes, with LeanText for
        every paragraph and table cell that needs one."""
        match block:
            case Masthead():
                return []
            case Heading(style="section", outline=outline):
                flowable = self.lean(plain_runs(block.text), self.style["h1"])
                if outline is not None:
                    self.outlined(flowable, outline, 0)
                return [flowable]
            case Heading():
                return [self.lean(plain_runs(block.text), self.style[HEADING_STYLES[block.style]])]
            case Paragraph():
                return [self.lean(span_runs(block.text), self.style[block.style])]
            case Facts():
                data: list[list[Any]] = [
                    [
                        self.lean(plain_runs(label), self.style["label"]),
                        self.lean(span_runs(value), self.style["body"]),
                    ]
                    for label, value in block.rows
                ]
                return [self.key_values_table(data, block.label_mm * mm)]
            case Table():
                return [self.lean_table(block)]
            case Space():
                return [self.space(block.points)]
            case Need():
                return [self.need(block.points)]
            case Keep():
                return [self.keep([f for b in block.blocks for f in self.lean_flowables(b)])]
        raise TypeError(block)  # pragma: no cover - every block kind is matched above

    def lean_table(self, block: Table) -> Flowable:
        """A data table: the header row bold; a cell that fits its column is one line of
        LeanText (not broken: it was measured), any other a LeanText broken into lines."""
        frame = self._frame_width()
        cell = self.style["cell"]
        room = [w * frame - 7 for w in block.widths]
        data: list[list[Any]] = [
            [self.lean(plain_runs(h), self.style["cell_bold"]) for h in block.header]
        ]
        for row in block.rows:
            cells: list[Any] = []
            for i, value in enumerate(row):
                text = normalise(value)
                if "\n" not in text and stringWidth(text, cell.fontName, cell.fontSize) <= room[i]:
                    cells.append(LeanText.line(text, cell.fontName, cell.fontSize, cell))
                else:
                    cells.append(LeanText([(text, cell.fontName, cell.fontSize)], cell))
            data.append(cells)
        return self.data_table(data, block.widths)


def plain_runs(text: str) -> list[tuple[str, bool, bool]]:
    return [(text, False, False)]


def span_runs(text: Text) -> list[tuple[str, bool, bool]]:
    return [(span.text, span.bold, span.small) for span in text]
