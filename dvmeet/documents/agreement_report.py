"""Status report of the agreement process for the steering group (issue 8).

The model is built by dvmeet.services.exports.agreement_report_document from the
agreement overview; internal (it names municipalities behind their deadlines and
summarises their feedback).
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from dvmeet.documents.models import DocModel, DocumentMeta
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import long_date, para, short_date
from dvmeet.domain.agreement import MilestoneState, MilestoneTrack
from dvmeet.domain.labels import nynorsk

STATE_MARKS = {
    MilestoneState.DONE: "✓",
    MilestoneState.DONE_LATE: "✓ (seint)",
    MilestoneState.LATE: "Forseinka",
    MilestoneState.PENDING: "Ventar",
    MilestoneState.NOT_DUE: "–",
    MilestoneState.NOT_APPLICABLE: "",
}


TRACK_HEADERS = {
    MilestoneTrack.FEEDBACK: "Tilbake­melding",
    MilestoneTrack.DECISION: "Vedtak",
    MilestoneTrack.SIGNING: "Signert",
}


class ReportCounts(DocModel):
    municipalities: int
    feedback_received: int
    feedback_after_deadline: int
    feedback_missing: int
    change_of_principle: int
    joined: int
    declined: int
    postponed: int
    missing_decision: int
    signed: int
    late: int


class ReportMilestone(DocModel):
    name: str
    due_on: dt.date
    state: MilestoneState | None
    track: MilestoneTrack | None


class ReportRow(DocModel):
    """One municipality: its state per tracked milestone and its council decision."""

    municipality_name: str
    municipality_number: str
    states: list[MilestoneState]  # one per tracked milestone, in milestone order
    decided: bool  # the council has an outcome
    outcome_word: str | None
    council_decision_on: dt.date | None
    council_case_reference: str | None
    change_of_principle: bool
    feedback_summary: str | None


class AgreementReportDocument(DocModel):
    meta: DocumentMeta
    today: dt.date
    title: str  # the process's title
    counts: ReportCounts
    seat_sentences: list[str]
    milestones: list[ReportMilestone]
    rows: list[ReportRow]
    reminders: list[str]


def agreement_report_pdf(document: AgreementReportDocument) -> bytes:
    return AgreementReportRenderer(document).render()


def _decision(row: ReportRow) -> str:
    if not row.decided:
        return ""
    text = para(row.outcome_word)
    if row.council_decision_on:
        text += f" {short_date(row.council_decision_on)}"
    return text


class AgreementReportRenderer(PdfRenderer):
    def __init__(self, document: AgreementReportDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def footer_text(self) -> str:
        return f"Status for avtaleprosessen per {short_date(self.d.today)} · Intern"

    def story(self) -> list[Flowable]:
        d = self.d
        c = d.counts
        out: list[Flowable] = [
            self.p(para(d.title), "title"),
            self.p(f"Status per {long_date(d.today)}", "subtitle"),
            self.heading("Oppsummering", outline="Oppsummering"),
            self.key_values(
                [
                    ("Kommunar", str(c.municipalities)),
                    (
                        "Tilbakemelding",
                        f"{c.feedback_received} mottekne ({c.feedback_after_deadline} etter "
                        f"fristen), {c.feedback_missing} manglar; {c.change_of_principle} ber "
                        "om prinsipielle endringar",
                    ),
                    (
                        "Vedtak",
                        f"{c.joined} slutta seg til, {c.declined} takka nei, {c.postponed} "
                        f"utsett; {c.missing_decision} manglar endeleg vedtak",
                    ),
                    ("Signert", str(c.signed)),
                    ("Forseinka", f"{c.late} kommunar ligg etter ein frist som er passert"),
                ],
                label_width=38 * mm,
            ),
            self.heading("Representantskapet", outline="Representantskapet"),
            *[self.p(para(s)) for s in d.seat_sentences],
            self.heading("Milepælar", outline="Milepælar"),
            self.table(
                ["Milepæl", "Frist", "Status"],
                [
                    [
                        para(m.name),
                        short_date(m.due_on),
                        nynorsk(m.state) if m.state else "",
                    ]
                    for m in d.milestones
                ],
                [0.6, 0.15, 0.25],
            ),
        ]
        if d.reminders:
            out.append(self.heading("Ligg etter fristen", outline="Ligg etter fristen"))
            out.extend(self.p("– " + para(line), "small") for line in d.reminders)
        tracked = [m for m in d.milestones if m.track]
        header = ["Kommune", *[TRACK_HEADERS[m.track] for m in tracked if m.track], "Utfall", "Sak"]
        rows = [
            [
                f"{para(r.municipality_name)} ({r.municipality_number})",
                *[STATE_MARKS[state] for state in r.states],
                _decision(r),
                para(r.council_case_reference),
            ]
            for r in d.rows
        ]
        widths_tracked = [0.12] * len(tracked)
        rest = 1.0 - sum(widths_tracked)
        out += [
            self.heading("Kommunane", outline="Kommunane"),
            self.table(header, rows, [rest * 0.4, *widths_tracked, rest * 0.35, rest * 0.25]),
        ]
        principle = [r for r in d.rows if r.change_of_principle]
        if principle:
            out.append(
                self.heading("Innspel om prinsipielle endringar", outline="Prinsipielle innspel")
            )
            for r in principle:
                out.append(
                    self.p(f"<b>{para(r.municipality_name)}:</b> {para(r.feedback_summary)}")
                )
        return out
