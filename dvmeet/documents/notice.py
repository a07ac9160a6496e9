"""The innkalling with sakliste (M-3), internal and public (M-4: closed cases by public title).

The model comes from dvmeet.services.exports.notice_document."""

from __future__ import annotations

from reportlab.platypus import Flowable

from dvmeet.documents.models import NoticeCase, NoticeDocument
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.saksgang import saksgang_flowables
from dvmeet.documents.text import clock, long_date, para, quoted, short_date
from dvmeet.domain.labels import document_phrase


def notice_pdf(document: NoticeDocument) -> bytes:
    return NoticeRenderer(document).render()


class NoticeRenderer(PdfRenderer):
    def __init__(self, document: NoticeDocument) -> None:
        super().__init__(document.meta)
        self.n = document

    def story(self) -> list[Flowable]:
        n = self.n
        out: list[Flowable] = [
            self.p(f"Innkalling til møte i {para(n.meta.body_name)}", "title"),
            self.p(
                (para(n.meeting_title) + ", " if n.meeting_title else "") + long_date(n.date),
                "subtitle",
            ),
        ]
        time = clock(n.start_time) + (f"–{clock(n.end_time)}" if n.end_time else "")
        rows = [
            ("Møtedato", short_date(n.date)),
            ("Møtetid", time),
            ("Møtestad", para(n.place)),
            ("Møteform", document_phrase(n.form)),
        ]
        if n.sent_on:
            rows.append(("Innkalling send", short_date(n.sent_on)))
        if n.secretariat:
            rows.append(("Sekretariat", para(n.secretariat)))
        out += [self.key_values(rows), self.space()]
        out.append(
            self.p(
                "Medlemene vert med dette kalla inn til møte. Den som ikkje kan møte, må "
                "melde forfall til sekretariatet så snart som råd, slik at varamedlem kan "
                "kallast inn. Varamedlemer møter berre når dei får særskild innkalling. "
                "Medlemer som meiner dei kan vere ugilde i ei sak, bør seie frå før møtet."
            )
        )
        if n.form.is_remote:
            out.append(
                self.p(
                    "Møtet vert halde som fjernmøte. Lenkje og rettleiing vert sende "
                    "medlemene særskilt."
                )
            )
        out.append(self.heading("Sakliste", "Sakliste"))
        out.append(
            self.table(
                ["Saknr.", "Tittel", "U.off. (heimel)"],
                [
                    [para(c.label), para(c.title), para(c.closure_reference) if c.closed else ""]
                    for c in n.cases
                ],
                [0.16, 0.6, 0.24],
            )
        )
        if n.changes:
            out.append(self.heading("Endringar etter at innkallinga vart send"))
            out.extend(self.text(c) for c in n.changes)
        out.append(self.heading("Saksframlegg", "Saksframlegg"))
        for c in n.cases:
            out.extend(self.case(c))
        out.append(self.space(8))
        sent = short_date(n.sent_on) if n.sent_on else ""
        place = para(n.issued_at) if n.issued_at else ""
        out.append(self.p(", ".join(x for x in (place, sent) if x)))
        out.append(self.space(4))
        if n.chair:
            out.append(self.p(f"{para(n.chair)}<br/>leiar"))
        who = self.meta.cooperation.strip()
        out.append(self.p(f"Sekretariatet for {para(who)}" if who else "Sekretariatet", "small"))
        return out

    def case(self, c: NoticeCase) -> list[Flowable]:
        out: list[Flowable] = [
            self.need(36),
            self.heading(f"{para(c.label)}  {para(c.title)}", f"{c.label} {c.title}", level=1),
            *saksgang_flowables(self, c.saksgang),
        ]
        if c.withheld:
            out.append(
                self.p(
                    f"Saka er unnateke offentlegheit ({para(c.closure_reference)}). "
                    "Saksframlegget er sendt berre til medlemene.",
                    "note",
                )
            )
            return out
        if c.closed:
            out.append(
                self.p(f"Lukka sak – {para(c.closure_reference)}. Unnateke offentlegheit.", "note")
            )
        if c.preparer_name:
            out.append(self.p(f"<b>Sakshandsamar:</b> {para(c.preparer_name)}"))
        if c.description:
            out.append(self.text(c.description))
        if c.recommendation:
            out.append(self.p(f"<b>{para(c.recommendation_heading)}:</b>"))
            out.append(self.p(quoted(c.recommendation), "quote"))
        return out
