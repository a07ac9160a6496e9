"""Small PDFs for the case-paper tests (issue 19)."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas


def make_pdf(*lines: str, pages: int = 1) -> bytes:
    """A small PDF with `lines` on each of its pages, and the page's number."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(1, pages + 1):
        y = 780
        for line in (*lines, f"Vedleggsside {page}"):
            canvas.drawString(72, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
