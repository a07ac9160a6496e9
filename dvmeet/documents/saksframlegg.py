"""The saksframlegg (a case's paper, issue 19) and an adopted governing document as a PDF
attachment, on the notice's masthead (documents/renderer.py).

The models come from dvmeet.services.papers. A public model of a closed case holds only
its public title and legal basis (`withheld`): the renderer prints what it is given."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from dvmeet.documents.models import DocModel, DocumentMeta, SaksgangRow
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.saksgang import saksgang_flowables
from dvmeet.documents.text import para, short_date


class PaperDocument(DocModel):
    """One case's saksframlegg."""

    meta: DocumentMeta
    label: str  # "PS 003/24"
    title: str  # the public title when withheld
    body_name: str
    meeting_date: dt.date
    closed: bool
    withheld: bool  # public variant of a closed case: title and legal basis only
    closure_reference: str | None
    preparer_name: str | None = None
    saksgang: list[SaksgangRow] = []  # the matter's handlings across bodies (issue 19)
    background: str | None = None  # bakgrunn / saksopplysningar
    assessment: str | None = None  # vurdering
    economy: str | None = None  # økonomi
    recommendation: str | None = None  # the case's innstilling (Case.recommendation)
    recommendation_heading: str = "Framlegg til vedtak"
    adopted_document: str | None = None  # "Mandat for styringsgruppa, versjon 2"
    attachments: list[str] = []  # the titles of the attachments, in order


class AdoptedDocument(DocModel):
    """A governing document version a case adopts, printed as the case's attachment."""

    meta: DocumentMeta
    title: str
    kind_word: str  # "Mandat"
    version_no: int
    content: str
    content_hash: str


def paper_pdf(document: PaperDocument) -> bytes:
    return PaperRenderer(document).render()


def adopted_document_pdf(document: AdoptedDocument) -> bytes:
    return AdoptedDocumentRenderer(document).render()


class PaperRenderer(PdfRenderer):
    def __init__(self, document: PaperDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def story(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = [
            self.p("Saksframlegg", "title"),
            self.p(f"{para(d.label)}  {para(d.title)}", "subtitle"),
            self.key_values(
                [
                    ("Saksnummer", para(d.label)),
                    ("Utval", para(d.body_name)),
                    ("Møtedato", short_date(d.meeting_date)),
                    *([("Sakshandsamar", para(d.preparer_name))] if d.preparer_name else []),
                ]
            ),
            self.space(),
            *saksgang_flowables(self, d.saksgang),
        ]
        if d.withheld:
            out.append(
                self.p(
                    f"Unnateke offentlegheit, jf. {para(d.closure_reference)}. "
                    "Saksframlegget er sendt berre til medlemene.",
                    "note",
                )
            )
            return out
        if d.closed:
            out.append(
                self.p(f"Lukka sak – {para(d.closure_reference)}. Unnateke offentlegheit.", "note")
            )
        if d.adopted_document:
            out.append(self.p(f"<b>Dokument til vedtak:</b> {para(d.adopted_document)}"))
        for heading, text in (
            ("Saksopplysningar", d.background),
            ("Vurdering", d.assessment),
            ("Økonomi", d.economy),
        ):
            if text:
                out.append(self.heading(heading, level=1))
                out.extend(self.text(part) for part in _paragraphs(text))
        out.append(self.heading(para(d.recommendation_heading), level=1))
        if d.recommendation:
            out.extend(self.text(part, "quote") for part in _paragraphs(d.recommendation))
        else:
            out.append(self.p("Inga innstilling er skriven.", "note"))
        if d.attachments:
            out.append(self.heading("Vedlegg", level=1))
            out.extend(
                self.p(f"{n}. {para(title)}") for n, title in enumerate(d.attachments, start=1)
            )
        return out


class AdoptedDocumentRenderer(PdfRenderer):
    def __init__(self, document: AdoptedDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def story(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = [
            self.p(para(d.title), "title"),
            self.p(f"{para(d.kind_word)}, versjon {d.version_no}", "subtitle"),
        ]
        out.extend(self.text(part) for part in _paragraphs(d.content))
        out.append(self.space())
        out.append(self.p(f"SHA-256 av teksten: {d.content_hash}", "small"))
        return out


def _paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines); a paragraph keeps its line breaks."""
    parts = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p.strip()]
