"""The attendance list per case (A-1, Q-1): who sat, for whom, who was ugild, and the quorum."""

from __future__ import annotations

from reportlab.platypus import Flowable

from dvmeet.documents.models import AttendanceDocument
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import para, short_date


def attendance_pdf(document: AttendanceDocument) -> bytes:
    return AttendanceRenderer(document).render()


class AttendanceRenderer(PdfRenderer):
    def __init__(self, document: AttendanceDocument) -> None:
        super().__init__(document.meta)
        self.a = document

    def story(self) -> list[Flowable]:
        a = self.a
        out: list[Flowable] = [
            self.p(f"Frammøteliste – {para(a.meta.body_name)}", "title"),
            self.p(f"Møte {short_date(a.date)}, {para(a.place)}", "subtitle"),
            self.p(
                "Lista viser kven som var til stades og røysteføre i kvar sak, kven som "
                "møtte for kven, og kven som var ugilde."
            ),
        ]
        for c in a.cases:
            out.append(self.need(60))
            out.append(
                self.heading(f"{para(c.label)}  {para(c.title)}", f"{c.label} {c.title}", 1, 0)
            )
            quorum = "vedtaksfør" if c.quorate else "ikkje vedtaksfør"
            facts = f"{c.voters} av {c.seats} sete var til stades; organet var {quorum}."
            if c.closed:
                facts += f" Lukka sak ({para(c.closure_reference)})."
            out.append(self.p(facts, "small"))
            out.append(
                self.table(
                    ["Nr.", "Namn", "Deltakarkommune", "Merknad"],
                    [
                        [str(i), para(r.name), para(r.municipality), para(r.note)]
                        for i, r in enumerate(c.rows, start=1)
                    ],
                    [0.07, 0.33, 0.25, 0.35],
                    right_align=(0,),
                )
            )
        return out
