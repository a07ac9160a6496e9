"""The PDF renderer: a ReportLab platypus document with hook methods subclasses override.

Hooks, in the order `render()` uses them: `register_fonts`, `styles`, `frames`,
`page_templates`, `story`, and per page `on_page` (header, draft mark) and `draw_footer`
("Side X av Y", drawn when the page count is known). Output is bytes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any, Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dvmeet import __version__
from dvmeet.documents import fonts
from dvmeet.documents.models import DocumentMeta
from dvmeet.documents.text import normalise, para

ACCENT = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#8A99AD")
SHADE = colors.HexColor("#E8EDF3")
MARK = colors.HexColor("#E4E4E4")  # the draft mark: light grey, no transparency (PDF/A)


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # ReportLab is untyped
    """Adds an outline entry for every flowable that carries one (set by `heading`)."""

    def afterFlowable(self, flowable: Flowable) -> None:
        outline: tuple[str, str, int] | None = getattr(flowable, "dv_outline", None)
        if outline is not None:
            title, key, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


class _Paragraph(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that breaks its lines once per width.

    Platypus wraps many flowables more than once (a heading kept with the next flowable,
    a table split over pages, KeepTogether), and line breaking is the costliest part of a
    render. For the same width the result is the same, so it is kept. `split` drops
    `blPara` when it cannot split, and the pieces it makes are new paragraphs: both wrap
    afresh.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        state = self.__dict__
        if state.get("_dv_wrapped") == availWidth and "blPara" in state:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        state["_dv_wrapped"] = availWidth
        return size


class Pen(Protocol):
    """How the header and footer write their strings (font, then strings in it)."""

    def font(self, canvas: Canvas, name: str, size: float) -> None: ...
    def left(self, canvas: Canvas, x: float, y: float, text: str) -> None: ...
    def right(self, canvas: Canvas, x: float, y: float, text: str) -> None: ...
    def centre(self, canvas: Canvas, x: float, y: float, text: str) -> None: ...


class CanvasPen:
    """ReportLab's canvas calls (every document but the møtebok from layout 3)."""

    def font(self, canvas: Canvas, name: str, size: float) -> None:
        canvas.setFont(name, size)

    def left(self, canvas: Canvas, x: float, y: float, text: str) -> None:
        canvas.drawString(x, y, text)

    def right(self, canvas: Canvas, x: float, y: float, text: str) -> None:
        canvas.drawRightString(x, y, text)

    def centre(self, canvas: Canvas, x: float, y: float, text: str) -> None:
        canvas.drawCentredString(x, y, text)


class PdfRenderer:
    """Base class: one document, A4, header with cooperation and body, page X of Y."""

    pen: Pen = CanvasPen()
    frame_class: type[Frame] = Frame

    page_size = A4
    margin_left = 22 * mm
    margin_right = 20 * mm
    margin_top = 30 * mm
    margin_bottom = 22 * mm

    # The pages' content streams compressed only (no ASCII85 text encoding on top, which
    # ReportLab does in Python for every byte): smaller and quicker to write. Off by default:
    # documents whose bytes are kept (approved minutes of layouts 1 and 2) stay as they were.
    flate_only = False

    def __init__(self, meta: DocumentMeta) -> None:
        self.meta = meta
        self._outline_keys = 0

    # --- hooks ----------------------------------------------------------------------

    def register_fonts(self) -> None:
        fonts.register_fonts()

    def styles(self) -> dict[str, ParagraphStyle]:
        base = ParagraphStyle(
            "body", fontName=fonts.REGULAR, fontSize=9.5, leading=13, spaceAfter=3
        )
        return {
            "body": base,
            "small": ParagraphStyle("small", base, fontSize=8, leading=10.5),
            "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0),
            "cell_bold": ParagraphStyle(
                "cell_bold", base, fontName=fonts.BOLD, fontSize=8.5, leading=11, spaceAfter=0
            ),
            "label": ParagraphStyle("label", base, fontName=fonts.BOLD, spaceAfter=0),
            "title": ParagraphStyle(
                "title",
                base,
                fontName=fonts.BOLD,
                fontSize=17,
                leading=21,
                textColor=ACCENT,
                spaceAfter=2,
            ),
            "subtitle": ParagraphStyle(
                "subtitle", base, fontSize=11, leading=14, textColor=ACCENT, spaceAfter=10
            ),
            "h1": ParagraphStyle(
                "h1",
                base,
                fontName=fonts.BOLD,
                fontSize=12.5,
                leading=16,
                textColor=ACCENT,
                spaceBefore=12,
                spaceAfter=5,
                keepWithNext=True,
            ),
            "h2": ParagraphStyle(
                "h2",
                base,
                fontName=fonts.BOLD,
                fontSize=10.5,
                leading=14,
                spaceBefore=8,
                spaceAfter=3,
                keepWithNext=True,
            ),
            "quote": ParagraphStyle("quote", base, leftIndent=10 * mm),
            "field": ParagraphStyle("field", base, leftIndent=10 * mm, firstLineIndent=-10 * mm),
            "note": ParagraphStyle(
                "note", base, fontName=fonts.ITALIC, textColor=colors.HexColor("#333333")
            ),
        }

    def frames(self) -> list[Frame]:
        width, height = self.page_size
        return [
            self.frame_class(
                self.margin_left,
                self.margin_bottom,
                width - self.margin_left - self.margin_right,
                height - self.margin_top - self.margin_bottom,
                id="body",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
        ]

    def page_templates(self) -> list[PageTemplate]:
        return [PageTemplate(id="page", frames=self.frames(), onPage=self.on_page)]

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Drawn before the page's content: the draft mark (under the text) and the header."""
        if self.meta.draft:
            self.draw_draft_mark(canvas)
        self.draw_header(canvas)

    def draw_header(self, canvas: Canvas) -> None:
        width, height = self.page_size
        left, right = self.margin_left, width - self.margin_right
        top = height - 14 * mm
        canvas.saveState()
        logo = self._logo()
        if logo is not None:
            # the cooperation's logo left of its name, within the header's two lines
            image, (w, h) = logo
            box_h = 10 * mm
            box_w = min(30 * mm, box_h * w / h)
            shown_h = box_w * h / w
            canvas.drawImage(image, left, top - 16 + (box_h - shown_h) / 2, box_w, shown_h)
            left += box_w + 3 * mm
        canvas.setFillColor(ACCENT)
        self.pen.font(canvas, fonts.BOLD, 10)
        self.pen.left(canvas, left, top, normalise(self.meta.cooperation))
        self.pen.font(canvas, fonts.REGULAR, 10)
        self.pen.left(canvas, left, top - 13, normalise(self.meta.body_name))
        self.pen.font(canvas, fonts.BOLD, 12)
        kind = self.meta.kind + (" – UTKAST" if self.meta.draft else "")
        self.pen.right(canvas, right, top, kind)
        self.pen.font(canvas, fonts.REGULAR, 8.5)
        canvas.setFillColor(colors.black)
        self.pen.right(canvas, right, top - 13, self.meta.version_word)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - 19, right, top - 19)
        canvas.restoreState()

    def draw_draft_mark(self, canvas: Canvas) -> None:
        width, height = self.page_size
        canvas.saveState()
        canvas.setFillColor(MARK)
        canvas.setFont(fonts.BOLD, 96)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -34, "UTKAST")
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width, _ = self.page_size
        left, right = self.margin_left, width - self.margin_right
        y = 12 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, y + 10, right, y + 10)
        self.pen.font(canvas, fonts.REGULAR, 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        self.pen.left(canvas, left, y, normalise(self.footer_text()))
        self.pen.right(canvas, right, y, f"Side {page} av {pages}")
        head = self.meta.letterhead
        line = head.line() if head is not None else ""
        if line:
            self.pen.font(canvas, fonts.REGULAR, 7)
            canvas.setFillColor(colors.HexColor("#555555"))
            text = normalise(line)
            while len(text) > 1 and stringWidth(text, fonts.REGULAR, 7) > right - left:
                text = text[:-2] + "…"
            self.pen.centre(canvas, (left + right) / 2, y - 10, text)
        canvas.restoreState()

    def _logo(self) -> tuple[ImageReader, tuple[int, int]] | None:
        """The letterhead's logo flattened onto white (PDF/A allows no transparency),
        decoded once per document; None when there is none or it cannot be read."""
        head = self.meta.letterhead
        if head is None or not head.logo_base64:
            return None
        cached: tuple[ImageReader, tuple[int, int]] | None = getattr(self, "_logo_cache", None)
        if cached is None:
            from PIL import Image

            try:
                with Image.open(io.BytesIO(base64.b64decode(head.logo_base64))) as source:
                    source.load()
                    rgba = source.convert("RGBA")
            except (OSError, ValueError):
                return None
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            cached = (ImageReader(flat), flat.size)
            self._logo_cache = cached
        return cached

    def footer_text(self) -> str:
        return f"{self.meta.title} · {self.meta.version_word}"

    # --- building blocks ---------------------------------------------------------------

    def p(self, markup: str, style: str = "body") -> Paragraph:
        """A paragraph of markup the renderer made; user text must go through `para`."""
        return _Paragraph(markup, self.style[style])

    def text(self, text: str | None, style: str = "body") -> Paragraph:
        """A paragraph of user text: normalised and escaped."""
        return _Paragraph(para(text), self.style[style])

    def heading(
        self,
        markup: str,
        outline: str | None = None,
        level: int = 0,
        outline_level: int | None = None,
    ) -> Paragraph:
        """A heading (level 0 or 1); `outline` (plain text) adds a bookmark to the PDF
        outline at `outline_level` (default: the heading's level)."""
        style = "h1" if level == 0 else "h2"
        flowable = _Paragraph(markup, self.style[style])
        if outline is not None:
            self.outlined(flowable, outline, level if outline_level is None else outline_level)
        return flowable

    def outlined(self, flowable: Flowable, outline: str, level: int) -> None:
        """Give `flowable` an entry (plain text) in the PDF outline at `level`."""
        self._outline_keys += 1
        flowable.dv_outline = (normalise(outline), f"o{self._outline_keys}", level)

    def key_values(self, rows: Sequence[tuple[str, str]], label_width: float = 42 * mm) -> Table:
        """Label/value pairs (value is markup), as in the head of a møtebok."""
        data = [[self.p(label, "label"), self.p(value)] for label, value in rows]
        return self.key_values_table(data, label_width)

    def key_values_table(self, data: list[list[Any]], label_width: float) -> Table:
        """The table of `key_values` around cells already made."""
        width = self._frame_width()
        table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        right_align: Sequence[int] = (),
    ) -> Table:
        """A data table (cells are markup) that splits across pages with its header row
        repeated. `widths` are fractions of the frame width."""
        frame = self._frame_width()
        cell = self.style["cell"]
        cell_right = self._cell_right()
        room = [w * frame - 7 for w in widths]
        data: list[list[Any]] = [[self.p(h, "cell_bold") for h in header]]
        for row in rows:
            cells: list[Any] = []
            for i, v in enumerate(row):
                if (
                    "<" not in v
                    and "&" not in v
                    and (stringWidth(v, cell.fontName, cell.fontSize) <= room[i])
                ):
                    cells.append(v)  # short plain text: drawn directly, no paragraph to lay out
                else:
                    cells.append(_Paragraph(v, cell_right if i in right_align else cell))
            data.append(cells)
        return self.data_table(data, widths, right_align)

    def data_table(
        self, data: list[list[Any]], widths: Sequence[float], right_align: Sequence[int] = ()
    ) -> Table:
        """The table of `table` around cells already made (the first row the header)."""
        frame = self._frame_width()
        table = Table(data, colWidths=[w * frame for w in widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("FONTSIZE", (0, 0), (-1, -1), self.style["cell"].fontSize),
                    ("LEADING", (0, 0), (-1, -1), self.style["cell"].leading),
                    *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right_align],
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def _cell_right(self) -> ParagraphStyle:
        """The right-aligned cell style, made once per render (not per table)."""
        style: ParagraphStyle | None = self.__dict__.get("_cell_right_style")
        if style is None or style.parent is not self.style["cell"]:
            style = ParagraphStyle("cell_r", self.style["cell"], alignment=TA_RIGHT)
            self._cell_right_style = style
        return style

    def keep(self, flowables: list[Flowable]) -> KeepTogether:
        return KeepTogether(flowables)

    def space(self, height: float = 4 * mm) -> Spacer:
        return Spacer(1, height)

    def need(self, height: float) -> CondPageBreak:
        return CondPageBreak(height)

    def _frame_width(self) -> float:
        width, _ = self.page_size
        return float(width - self.margin_left - self.margin_right)

    # --- output ----------------------------------------------------------------------

    def render(self) -> bytes:
        self.register_fonts()
        self.style = self.styles()
        buffer = io.BytesIO()
        doc = _DocTemplate(
            buffer,
            pagesize=self.page_size,
            title=normalise(self.meta.title),
            author=normalise(self.meta.author),
            subject=normalise(self.meta.subject),
            creator=f"dvmeet {__version__}",
            producer=f"dvmeet {__version__} (ReportLab)",
            keywords=[],
            lang=self.meta.language,
            leftMargin=self.margin_left,
            rightMargin=self.margin_right,
            topMargin=self.margin_top,
            bottomMargin=self.margin_bottom,
            initialFontName=fonts.REGULAR,
        )
        doc.addPageTemplates(self.page_templates())
        doc.build(self.story(), canvasmaker=self._canvas_maker())
        return buffer.getvalue()

    def _canvas_maker(self) -> type[Canvas]:
        renderer = self

        class NumberedCanvas(Canvas):  # type: ignore[misc]
            """Holds each page until the end so the footer can say "Side X av Y"."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    renderer.draw_footer(self, number, total)
                    super().showPage()
                if renderer.flate_only:
                    _flate_only(self._doc.Pages.pages)
                super().save()

        return NumberedCanvas


def _flate_only(pages: Sequence[Any]) -> None:
    """Give each page its content stream as ReportLab would at save, compressed with
    Flate alone (ReportLab's `PDFPage.check_format` adds ASCII85 when rl_config says so)."""
    for page in pages:
        if page.Contents or not page.stream:
            continue
        stream = PDFStream()
        if page.compression:
            stream.filters = [PDFZCompress]
        stream.content = page.stream
        stream.__Comment__ = "page stream"
        page.Contents = stream
