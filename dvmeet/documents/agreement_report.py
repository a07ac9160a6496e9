"""Status report of the agreement process for the steering group (issue 8).

Built from dvmeet.services.agreement.overview; internal (it names municipalities behind
their deadlines and summarises their feedback).
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
from dvmeet.services import agreement, registry
from dvmeet.services.agreement.models import (
    AgreementOverview,
    OverviewIn,
    OverviewRow,
    ReminderIn,
)
from dvmeet.services.context import Context

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


class AgreementReportDocument(DocModel):
    meta: DocumentMeta
    today: dt.date
    overview: AgreementOverview
    reminders: list[str]


def agreement_report_document(
    ctx: Context, today: dt.date, days_before: int = 14
) -> AgreementReportDocument:
    view = agreement.overview(ctx, OverviewIn(today=today))
    coop = registry.get_cooperation(ctx)
    cooperation = coop.name if coop else "DigiVestland"
    meta = DocumentMeta(
        kind="STATUSRAPPORT",
        title=f"{view.process.title}: status per {short_date(today)}",
        subject="Status for avtaleprosessen per kommune",
        author=cooperation,
        cooperation=cooperation,
        body_name="Styringsgruppa",
        public=False,
        date=today,
    )
    reminders = agreement.reminders(ctx, ReminderIn(today=today, days_before=days_before))
    return AgreementReportDocument(
        meta=meta, today=today, overview=view, reminders=[i.line for i in reminders.items]
    )


def agreement_report_pdf(ctx: Context, today: dt.date, days_before: int = 14) -> bytes:
    return AgreementReportRenderer(agreement_report_document(ctx, today, days_before)).render()


def _decision(row: OverviewRow) -> str:
    st = row.status
    if st.council_outcome is None:
        return ""
    text = para(st.outcome_word)
    if st.council_decision_on:
        text += f" {short_date(st.council_decision_on)}"
    return text


class AgreementReportRenderer(PdfRenderer):
    def __init__(self, document: AgreementReportDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def footer_text(self) -> str:
        return f"Status for avtaleprosessen per {short_date(self.d.today)} · Intern"

    def story(self) -> list[Flowable]:
        d = self.d
        v = d.overview
        c = v.counts
        out: list[Flowable] = [
            self.p(para(v.process.title), "title"),
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
            *[self.p(para(s)) for s in v.seat_effect.sentences],
            self.heading("Milepælar", outline="Milepælar"),
            self.table(
                ["Milepæl", "Frist", "Status"],
                [
                    [
                        para(m.name),
                        short_date(m.due_on),
                        nynorsk(m.state) if m.state else "",
                    ]
                    for m in v.process.milestones
                ],
                [0.6, 0.15, 0.25],
            ),
        ]
        if d.reminders:
            out.append(self.heading("Ligg etter fristen", outline="Ligg etter fristen"))
            out.extend(self.p("– " + para(line), "small") for line in d.reminders)
        tracked = [m for m in v.process.milestones if m.track]
        header = ["Kommune", *[TRACK_HEADERS[m.track] for m in tracked if m.track], "Utfall", "Sak"]
        rows = [
            [
                f"{para(r.status.municipality_name)} ({r.status.municipality_number})",
                *[STATE_MARKS[cell.state] for cell in r.cells],
                _decision(r),
                para(r.status.council_case_reference),
            ]
            for r in v.rows
        ]
        widths_tracked = [0.12] * len(tracked)
        rest = 1.0 - sum(widths_tracked)
        out += [
            self.heading("Kommunane", outline="Kommunane"),
            self.table(header, rows, [rest * 0.4, *widths_tracked, rest * 0.35, rest * 0.25]),
        ]
        principle = [r for r in v.rows if r.status.change_of_principle]
        if principle:
            out.append(
                self.heading("Innspel om prinsipielle endringar", outline="Prinsipielle innspel")
            )
            for r in principle:
                out.append(
                    self.p(
                        f"<b>{para(r.status.municipality_name)}:</b> "
                        f"{para(r.status.feedback_summary)}"
                    )
                )
        return out
