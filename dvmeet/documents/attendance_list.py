"""The attendance list per case (A-1, Q-1): who sat, for whom, who was ugild, and the quorum."""

from __future__ import annotations

from reportlab.platypus import Flowable

from dvmeet.documents.models import (
    AttendanceCase,
    AttendanceDocument,
    AttendanceRow,
    DocumentMeta,
)
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import para, short_date
from dvmeet.services import attendance, meetings, registry, voting
from dvmeet.services.context import Context


def attendance_document(ctx: Context, meeting_id: int, *, public: bool) -> AttendanceDocument:
    """Per case: the voters and the disqualified. Names are public; closed cases show their
    public title in the public variant (O-2)."""
    meeting = meetings.get_meeting(ctx, meeting_id)
    coop = registry.get_cooperation(ctx)
    cooperation = coop.name if coop else ""
    disqualified = [d for d in voting.disqualifications(ctx, meeting_id) if d.decided]
    seat_names = {
        m.person_id: m.person_name
        for seat in registry.seats(ctx, meeting.body_code, meeting.date)
        for m in seat.members + seat.deputies
    }
    cases = []
    for c in meeting.cases:
        v = attendance.voters(ctx, c.id)
        rows = []
        for voter in v.voters:
            if voter.is_deputy:
                seat = seat_names.get(voter.seat_person_id, "")
                note = f"Varamedlem for {seat}" if seat else "Varamedlem"
            else:
                note = "Medlem"
            if voter.person_id == v.chair_person_id:
                note += ", møteleiar"
            rows.append(
                AttendanceRow(
                    name=voter.name, municipality=voter.municipality_name, note=note, votes=True
                )
            )
        for d in disqualified:
            if d.case_id == c.id:
                rows.append(
                    AttendanceRow(
                        name=d.name,
                        municipality="",
                        note=f"Ugild ({d.legal_basis})",
                        votes=False,
                    )
                )
        cases.append(
            AttendanceCase(
                label=c.label,
                title=c.shown_title if public else c.title,
                closed=c.closed,
                closure_reference=c.closure_reference,
                seats=v.seats,
                voters=len(v.voters),
                quorate=v.quorate,
                chair=v.chair_name,
                rows=rows,
            )
        )
    title = f"Frammøteliste – {meeting.body_name} {short_date(meeting.date)}"
    meta = DocumentMeta(
        kind="FRAMMØTELISTE",
        title=title,
        subject=f"Frammøte per sak i møtet i {meeting.body_name} {short_date(meeting.date)}",
        author=cooperation,
        cooperation=cooperation,
        body_name=meeting.body_name,
        public=public,
        date=meeting.date,
    )
    return AttendanceDocument(meta=meta, date=meeting.date, place=meeting.place, cases=cases)


def attendance_pdf(ctx: Context, meeting_id: int, *, public: bool) -> bytes:
    return AttendanceRenderer(attendance_document(ctx, meeting_id, public=public)).render()


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
            quorum = "vedtaksført" if c.quorate else "ikkje vedtaksført"
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
