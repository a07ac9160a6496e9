"""The møtebok (B-1..B-4) as PDF: the blocks of `minutes_layout` drawn with ReportLab."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

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
from dvmeet.documents.text import para

HEADING_STYLES = {"title": "title", "subtitle": "subtitle", "section": "h1", "subsection": "h2"}


def minutes_pdf(document: MinutesDocument) -> bytes:
    """The møtebok of `document` (built by `dvmeet.services.minutes.minutes_document`)."""
    return MinutesRenderer(document).render()


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

    def story(self) -> list[Flowable]:
        return [f for block in minutes_blocks(self.document) for f in self.flowables(block)]

    def flowables(self, block: Block) -> list[Flowable]:
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
