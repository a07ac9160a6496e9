"""The «Saksgang» table of a matter that goes through several bodies (issue 19), as
Norwegian case papers print it above the case: Utval, Møtedato, Saksnummer, one row per
handling in order. A handling not yet planned into a meeting shows its body only.

One source for the words and cells: the saksframlegg and the notice draw it with
`saksgang_flowables`, the møtebok's layout (PDF and preview) and the public notice's web
page take `saksgang_cells`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dvmeet.documents.models import SaksgangRow
from dvmeet.documents.text import para, short_date

if TYPE_CHECKING:  # the web pages use the cells without loading ReportLab
    from reportlab.platypus import Flowable

    from dvmeet.documents.renderer import PdfRenderer

SAKSGANG_HEADING = "Saksgang"
SAKSGANG_HEADER = ("Utval", "Møtedato", "Saksnummer")
SAKSGANG_WIDTHS = (0.5, 0.25, 0.25)


def saksgang_cells(rows: Sequence[SaksgangRow]) -> tuple[tuple[str, str, str], ...]:
    """The table's rows as plain text (not yet escaped)."""
    return tuple(
        (
            r.body_name,
            short_date(r.meeting_date) if r.meeting_date else "",
            r.label or "",
        )
        for r in rows
    )


def saksgang_flowables(renderer: PdfRenderer, rows: Sequence[SaksgangRow]) -> list[Flowable]:
    """The heading and the table on a ReportLab page; nothing for a case without a route."""
    if not rows:
        return []
    cells = [[para(cell) for cell in row] for row in saksgang_cells(rows)]
    return [
        renderer.keep(
            [
                renderer.p(f"<b>{SAKSGANG_HEADING}</b>"),
                renderer.table(SAKSGANG_HEADER, cells, SAKSGANG_WIDTHS),
            ]
        ),
        renderer.space(3),
    ]
