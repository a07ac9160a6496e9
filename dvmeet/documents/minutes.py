"""The møtebok (B-1..B-4): model from `minutes_draft`, rendered in the shape of domain.md §4."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from dvmeet.documents.models import FORM_WORDS, DocumentMeta, MinutesDocument
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import clock, long_date, para, quoted, short_date
from dvmeet.domain.enums import ApprovalMethod, MinutesStatus, StandingCase
from dvmeet.services.context import Context
from dvmeet.services.meetings._planning import STANDING_TITLES
from dvmeet.services.minutes import minutes_draft
from dvmeet.services.minutes.models import ApprovalLine, CaseMinutes, MinutesDraft

APPROVAL_WORDS = {
    ApprovalMethod.SIGNATURES: "med underskrift av møteleiaren og to medlemer valde i møtet",
    ApprovalMethod.NEXT_MEETING: "i neste møte",
    ApprovalMethod.EMAIL_ROUND: "ved e-postrunde",
}


def minutes_document(ctx: Context, meeting_id: int, *, public: bool) -> MinutesDocument:
    """The minutes as a document; the public one comes from the public draft only (B-4)."""
    draft = minutes_draft(ctx, meeting_id, public=public)
    return minutes_document_from(draft)


def minutes_document_from(draft: MinutesDraft) -> MinutesDocument:
    title = f"Møtebok – {draft.body_name} {short_date(draft.date)}"
    meta = DocumentMeta(
        kind="MØTEBOK",
        title=title,
        subject=f"Møtebok frå møtet i {draft.body_name} {short_date(draft.date)}, {draft.place}",
        author=draft.cooperation,
        cooperation=draft.cooperation,
        body_name=draft.body_name,
        public=draft.public,
        draft=draft.status is not MinutesStatus.APPROVED,
        date=draft.date,
    )
    signatories = STANDING_TITLES[StandingCase.SIGNATORIES]
    sign_case = next((c.label for c in draft.cases if c.title == signatories), None)
    return MinutesDocument(meta=meta, minutes=draft, signatories_case=sign_case)


def minutes_pdf(ctx: Context, meeting_id: int, *, public: bool) -> bytes:
    return MinutesRenderer(minutes_document(ctx, meeting_id, public=public)).render()


class MinutesRenderer(PdfRenderer):
    def __init__(self, document: MinutesDocument) -> None:
        super().__init__(document.meta)
        self.document = document
        self.m = document.minutes

    def story(self) -> list[Flowable]:
        return [
            *self.title_block(),
            *self.meeting_facts(),
            *self.attendance(),
            *self.case_list(),
            *[f for case in self.m.cases for f in self.case(case)],
            *self.closing(),
        ]

    # --- head -------------------------------------------------------------------------

    def title_block(self) -> list[Flowable]:
        m = self.m
        sub = para(m.meeting_title) if m.meeting_title else "Møte"
        return [
            self.p(f"Møtebok – {para(m.body_name)}", "title"),
            self.p(f"{sub}, {long_date(m.date)}", "subtitle"),
        ]

    def meeting_facts(self) -> list[Flowable]:
        m = self.m
        start = clock(m.opened_at) or clock(m.start_time)
        end = clock(m.closed_at) or clock(m.end_time)
        chair = para(m.chair) + " (møteleiar)" if m.chair else "–"
        rows = [
            ("Møtedato", short_date(m.date)),
            ("Møtetid", f"{start}–{end}" if end else start),
            ("Møtestad", para(m.place)),
            ("Møteform", FORM_WORDS[m.form]),
            ("Møteleiar", chair),
        ]
        if m.secretariat:
            rows.append(("Frå sekretariatet møtte", para(m.secretariat)))
        return [self.key_values(rows), self.space()]

    def attendance(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [self.heading("Frammøte", "Frammøte")]
        out.append(self.p(f"Desse medlemene møtte ({len(m.present)}):", "h2"))
        people = [
            (para(p.name) + (f" ({p.role})" if p.role else ""), para(p.municipality))
            for p in m.present
        ]
        half = (len(people) + 1) // 2
        rows = []
        for i in range(half):
            left = people[i]
            right = people[half + i] if half + i < len(people) else ("", "")
            rows.append([left[0], left[1], right[0], right[1]])
        if rows:
            out.append(
                self.table(
                    ["Namn", "Deltakarkommune", "Namn", "Deltakarkommune"],
                    rows,
                    [0.28, 0.22, 0.28, 0.22],
                )
            )
        out.append(self.p(f"Forfall ({len(m.absent)}):", "h2"))
        if m.absent:
            out.append(
                self.table(
                    ["Namn", "Deltakarkommune"],
                    [[para(p.name), para(p.municipality)] for p in m.absent],
                    [0.5, 0.5],
                )
            )
        else:
            out.append(self.p("Ingen."))
        out.append(self.p("Følgjande varamedlemer møtte:", "h2"))
        if m.deputies:
            out.append(
                self.table(
                    ["Namn", "Møtte for", "Deltakarkommune"],
                    [[para(d.name), para(d.for_name), para(d.municipality)] for d in m.deputies],
                    [0.34, 0.34, 0.32],
                )
            )
        else:
            out.append(self.p("Ingen."))
        out.append(self.p("Ugilde:", "h2"))
        if m.disqualifications:
            out.append(
                self.table(
                    ["Namn", "Sak", "Heimel", "Vara i saka"],
                    [
                        [para(d.name), para(d.case_label), para(d.legal_basis), para(d.deputy_name)]
                        for d in m.disqualifications
                    ],
                    [0.3, 0.16, 0.24, 0.3],
                )
            )
        else:
            out.append(self.p("Ingen."))
        out.append(self.p("Kom / gjekk under møtet:", "h2"))
        if m.movements:
            out.append(
                self.table(
                    ["Namn", "Kom / gjekk", "Kl.", "Frå / til sak"],
                    [
                        [para(v.name), para(v.kind), clock(v.at_time), para(v.case_label)]
                        for v in m.movements
                    ],
                    [0.4, 0.18, 0.12, 0.3],
                )
            )
        else:
            out.append(self.p("Ingen."))
        out.append(self.p("Lukka møte:", "h2"))
        if m.closed_parts:
            out.append(
                self.table(
                    ["Sak", "Heimel for lukking"],
                    [[para(c.case_label), para(c.legal_basis)] for c in m.closed_parts],
                    [0.25, 0.75],
                )
            )
        else:
            out.append(self.p("Heile møtet var ope."))
        out.append(self.p("Merknader til innkalling og sakliste:", "h2"))
        if m.notice_remarks:
            out.extend(self.text(r) for r in m.notice_remarks)
        else:
            out.append(self.p("Ingen merknader."))
        return out

    def case_list(self) -> list[Flowable]:
        rows = [
            [
                para(c.label),
                para(c.title),
                para(c.closure_reference) if c.closed else "",
            ]
            for c in self.m.cases
        ]
        return [
            self.heading("Sakliste", "Sakliste"),
            self.table(["Saknr.", "Tittel", "U.off. (heimel)"], rows, [0.16, 0.6, 0.24]),
        ]

    # --- cases ------------------------------------------------------------------------

    def case(self, c: CaseMinutes) -> list[Flowable]:
        out: list[Flowable] = [
            self.need(40),
            self.heading(f"{para(c.label)}  {para(c.title)}", f"{c.label} {c.title}"),
        ]
        if c.withheld:
            out.append(
                self.p(
                    f"Saka vart handsama for lukka dører ({para(c.closure_reference)}). "
                    "Innhaldet er unnateke offentlegheit og er ikkje med i den offentlege "
                    "versjonen av møteboka.",
                    "note",
                )
            )
            return out
        if c.closed:
            out.append(
                self.p(
                    f"Lukka møte – heimel: {para(c.closure_reference)}. Unnateke offentlegheit.",
                    "note",
                )
            )
        if c.chair_name and c.chair_name != self.m.chair:
            out.append(self.p(f"<b>Møteleiar i saka:</b> {para(c.chair_name)}"))
        for d in self.m.disqualifications:
            if d.case_label == c.label:
                deputy = f"; {para(d.deputy_name)} møtte i staden" if d.deputy_name else ""
                out.append(
                    self.p(
                        f"<b>Ugild:</b> {para(d.name)} ({para(d.legal_basis)}) "
                        f"gjekk frå under handsaminga{deputy}."
                    )
                )
        if c.recommendation:
            out.append(self.p(f"<b>Innstilling:</b> {quoted(c.recommendation)}", "field"))
        if c.handling:
            out.append(self.p(f"<b>Handsaming:</b> {para(c.handling)}", "field"))
        for pr in c.proposals:
            who = f" frå {para(pr.proposer)}" if pr.proposer else ""
            label = "Handsaming" if not c.handling and pr is c.proposals[0] else ""
            text = f"{para(pr.kind)}{who}: {quoted(pr.text)}"
            if label:
                out.append(self.p(f"<b>{label}:</b> {text}", "field"))
            else:
                out.append(self.p(text, "quote"))
        for v in c.votes:
            out.append(
                self.p(f"<b>Røysting:</b> {para(v.text)} {para(v.quorum_sentence)}", "field")
            )
        if c.decision:
            unanimous = " (samrøystes)" if c.decision_unanimous else ""
            out.append(self.p(f"<b>Vedtak{unanimous}:</b> {quoted(c.decision)}", "field"))
        if c.adopted_document:
            out.append(self.p(f"<b>Vedteke dokument:</b> {para(c.adopted_document)}", "small"))
        return out

    # --- end --------------------------------------------------------------------------

    def closing(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [self.space(6)]
        if m.closed_at is not None:
            out.append(self.p(f"Møtet vart heva kl. {clock(m.closed_at)}."))
        if m.remarks:
            out.append(self.p("<b>Merknader til møteboka:</b>"))
            out.append(self.text(m.remarks, "quote"))
        if m.approval is not None:
            out.extend(self.approval(m.approval))
        else:
            out.extend(self.signature_block())
        out.append(self.space(4))
        version = "Offentleg (lukka innhald er halde att)" if m.public else "Intern"
        out.append(self.p(f"Versjon: {version}", "small"))
        return out

    def approval(self, a: ApprovalLine) -> list[Flowable]:
        rows = [("Godkjend", f"{short_date(a.approved_on)}, {APPROVAL_WORDS[a.method]}")]
        if a.approved_in:
            rows.append(("Godkjend i møte", para(a.approved_in)))
        if a.chair:
            rows.append(("Møteleiar", para(a.chair)))
        if a.signatories:
            rows.append(("Underskrivarar", ", ".join(para(s) for s in a.signatories)))
        if a.audit_head:
            rows.append(("Revisjonslogg (SHA-256)", f"<font size=7.5>{para(a.audit_head)}</font>"))
        return [
            self.keep([self.heading("Godkjenning", "Godkjenning"), self.key_values(rows, 46 * mm)])
        ]

    def signature_block(self) -> list[Flowable]:
        elected = (
            f"medlem vald i sak {para(self.document.signatories_case)}"
            if self.document.signatories_case
            else "medlem vald i møtet"
        )
        line = "_" * 34
        rows = [
            [line, line, line],
            [
                f"{para(self.m.chair) or 'Møteleiar'}<br/>møteleiar",
                elected,
                elected,
            ],
        ]
        return [
            self.keep(
                [
                    self.heading("Underskrifter"),
                    self.space(8),
                    self.table(["", "", ""], rows, [0.333, 0.333, 0.334]),
                ]
            )
        ]
