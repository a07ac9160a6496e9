"""The sakspapir (issue 19): the notice, then each case's saksframlegg and its attachments,
as one PDF with a bookmark per case (the attachments nested under it) and "Side n av N"
stamped on every page.

The notice and the saksframlegg are rendered here without their own page numbers (the
stamp numbers the whole); the attachments are PDFs as stored. The model comes from
dvmeet.services.papers and holds only what the variant may show: the public model has no
closed case's paper, no closed attachment and no closed title."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from dvmeet import __version__
from dvmeet.documents import fonts
from dvmeet.documents.models import DocModel, DocumentMeta, NoticeDocument
from dvmeet.documents.notice import NoticeRenderer
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.saksframlegg import (
    AdoptedDocument,
    AdoptedDocumentRenderer,
    PaperDocument,
    PaperRenderer,
)
from dvmeet.documents.text import normalise


class SakspapirAttachment(DocModel):
    title: str
    pdf: bytes | None = None  # a stored attachment
    adopted: AdoptedDocument | None = None  # a governing document, rendered here


class SakspapirCase(DocModel):
    outline: str  # "Sak 003/24 Vedtak om mandat"
    paper: PaperDocument
    attachments: list[SakspapirAttachment] = []


class SakspapirDocument(DocModel):
    meta: DocumentMeta
    notice: NoticeDocument
    cases: list[SakspapirCase]


class Part(DocModel):
    """One rendered part and where its bookmark hangs (level 0: a case or the notice)."""

    title: str
    level: int
    pdf: bytes


def sakspapir_parts(document: SakspapirDocument) -> list[Part]:
    """The parts in order, each rendered: the notice, then per case its paper and
    attachments (the page count of the whole is the sum of theirs)."""
    parts = [
        Part(title="Innkalling og sakliste", level=0, pdf=_bound(NoticeRenderer, document.notice))
    ]
    for case in document.cases:
        parts.append(Part(title=case.outline, level=0, pdf=_bound(PaperRenderer, case.paper)))
        for n, attachment in enumerate(case.attachments, start=1):
            if attachment.adopted is not None:
                pdf = _bound(AdoptedDocumentRenderer, attachment.adopted)
            else:
                assert attachment.pdf is not None
                pdf = attachment.pdf
            parts.append(Part(title=f"Vedlegg {n}: {attachment.title}", level=1, pdf=pdf))
    return parts


def sakspapir_pdf(document: SakspapirDocument) -> bytes:
    return merge(sakspapir_parts(document), document.meta)


def merge(parts: list[Part], meta: DocumentMeta) -> bytes:
    """The parts as one PDF: bookmarks, page numbers on every page, the whole's metadata
    (nothing of a part's own metadata is kept)."""
    out = pikepdf.new()
    marks: list[tuple[Part, int]] = []
    sources: list[pikepdf.Pdf] = []
    for part in parts:
        source = pikepdf.open(io.BytesIO(part.pdf))
        sources.append(source)  # kept open until the whole is saved
        marks.append((part, len(out.pages)))
        out.pages.extend(source.pages)
    _stamp_numbers(out)
    with out.open_outline() as outline:
        parent: pikepdf.OutlineItem | None = None
        for part, first in marks:
            item = pikepdf.OutlineItem(normalise(part.title), first)
            if part.level == 0 or parent is None:
                outline.root.append(item)
                parent = item
            else:
                parent.children.append(item)
    out.Root.PageMode = pikepdf.Name.UseOutlines
    out.Root.Lang = pikepdf.String(meta.language)
    with out.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = normalise(meta.title)
        xmp["dc:description"] = normalise(meta.subject)
        xmp["dc:creator"] = [normalise(meta.author)]
        xmp["xmp:CreatorTool"] = f"dvmeet {__version__}"
        xmp["pdf:Producer"] = f"dvmeet {__version__} (pikepdf)"
    out.docinfo.Title = normalise(meta.title)
    out.docinfo.Subject = normalise(meta.subject)
    out.docinfo.Author = normalise(meta.author)
    out.docinfo.Creator = f"dvmeet {__version__}"
    out.docinfo.Producer = f"dvmeet {__version__} (pikepdf)"
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    for source in sources:
        source.close()
    return buffer.getvalue()


def _stamp_numbers(pdf: pikepdf.Pdf) -> None:
    """ "Side n av N" at the foot of every page, on a white ground so it reads on any
    attachment; one overlay page per page, the page's own size."""
    fonts.register_fonts()
    total = len(pdf.pages)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    boxes: list[Any] = []
    for page in pdf.pages:
        box = page.mediabox
        x0, y0, x1, y1 = (float(v) for v in box)
        boxes.append(pikepdf.Rectangle(x0, y0, x1, y1))
        width, height = x1 - x0, y1 - y0
        rotate = int(page.obj.get("/Rotate", 0)) % 360
        canvas.setPageSize((width, height))
        canvas.saveState()
        # a page shown turned: draw in the turned frame, so the number reads upright
        if rotate == 90:
            canvas.translate(0, height)
            canvas.rotate(-90)
            width, height = height, width
        elif rotate == 180:
            canvas.translate(width, height)
            canvas.rotate(180)
        elif rotate == 270:
            canvas.translate(width, 0)
            canvas.rotate(90)
            width, height = height, width
        _draw_number(canvas, len(boxes), total, width)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    overlay = pikepdf.open(io.BytesIO(buffer.getvalue()))
    for page, stamp, rect in zip(pdf.pages, overlay.pages, boxes, strict=True):
        page.add_overlay(stamp, rect)
    overlay.close()


def _draw_number(canvas: Canvas, page: int, total: int, width: float) -> None:
    text = f"Side {page} av {total}"
    size = 8
    right = width - PdfRenderer.margin_right
    y = 12 * mm  # where the footer of every document says its page
    text_width = canvas.stringWidth(text, fonts.REGULAR, size)
    canvas.setFillColor(colors.white)
    canvas.rect(right - text_width - 3, y - 3, text_width + 6, size + 5, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#333333"))
    canvas.setFont(fonts.REGULAR, size)
    canvas.drawRightString(right, y, text)


class _WithoutPageNumber:
    """A canvas that draws everything but a footer's own "Side X av Y"."""

    def __init__(self, canvas: Canvas) -> None:
        self._canvas = canvas

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
        if not text.startswith("Side "):
            self._canvas.drawRightString(x, y, text, *args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._canvas, name)


def _bound(renderer: type[PdfRenderer], document: Any) -> bytes:
    """A part rendered for the sakspapir: its own footer (the line, its title, the
    letterhead) without its own page number, which the stamp gives for the whole."""

    class Bound(renderer):  # type: ignore[valid-type,misc]
        def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
            super().draw_footer(_WithoutPageNumber(canvas), page, pages)

    return bytes(Bound(document).render())
