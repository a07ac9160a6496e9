"""The layout of the møtebok (domain.md §4) as an ordered sequence of blocks.

Every word, label and their order is decided here, once; the PDF renderer
(`dvmeet.documents.minutes`) and the HTML renderer of the app's preview
(`dvmeet.documents.minutes_html`) only walk the blocks. Text in blocks is plain text
(user text not yet escaped): each renderer escapes it for its own markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dvmeet.documents.minutes_model import ApprovalLine, CaseMinutes, MinutesDocument
from dvmeet.documents.saksgang import (
    SAKSGANG_HEADER,
    SAKSGANG_HEADING,
    SAKSGANG_WIDTHS,
    saksgang_cells,
)
from dvmeet.documents.text import clock, long_date, short_date
from dvmeet.domain.elections import join_names
from dvmeet.domain.labels import document_phrase

SIGNATURE_LINE = "_" * 34
MM = 72 / 25.4  # points


@dataclass(frozen=True)
class Span:
    """A run of plain text; a line break is "\\n"."""

    text: str
    bold: bool = False
    small: bool = False  # the audit chain head: smaller than the text around it


Text = tuple[Span, ...]


def plain(text: str) -> Text:
    return (Span(text),)


def labelled(label: str, text: str) -> Text:
    """'<b>Label:</b> text'."""
    return (Span(f"{label}:", bold=True), Span(f" {text}"))


@dataclass(frozen=True)
class Masthead:
    """What the PDF prints at the top of every page (from the document's meta)."""

    cooperation: str
    body_name: str
    kind: str  # "MØTEBOK"
    draft: bool  # then "– UTKAST" follows the kind
    version: str  # "Intern versjon" / "Offentleg versjon"


HeadingStyle = Literal["title", "subtitle", "section", "subsection"]


@dataclass(frozen=True)
class Heading:
    """`title`/`subtitle`: the document's first lines; `section` (with an `outline` entry in
    the PDF when given) and `subsection`."""

    text: str
    style: HeadingStyle
    outline: str | None = None


ParagraphStyle = Literal["body", "field", "quote", "note", "small"]


@dataclass(frozen=True)
class Paragraph:
    """`field`: a labelled paragraph ('Vedtak: …'); `quote`: indented; `note`: the
    closed-case notice; `small`: the fine print."""

    text: Text
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class Facts:
    """Label/value rows, as in the head of the møtebok."""

    rows: tuple[tuple[str, Text], ...]
    label_mm: float = 42


@dataclass(frozen=True)
class Table:
    """A table with a header row; `widths` are fractions of the line."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Space:
    """Vertical space on paper, in points."""

    points: float


@dataclass(frozen=True)
class Need:
    """On paper: start a new page unless this much room (points) is left."""

    points: float


@dataclass(frozen=True)
class Keep:
    """Blocks kept on one page."""

    blocks: tuple[Block, ...]


Block = Masthead | Heading | Paragraph | Facts | Table | Space | Need | Keep


def minutes_blocks(document: MinutesDocument) -> list[Block]:
    """The møtebok, block by block, in reading order."""
    return list(_Layout(document).blocks())


def block_text(blocks: list[Block]) -> Iterator[str]:
    """Every piece of text the blocks carry, in order (for checks and tests)."""
    for block in blocks:
        match block:
            case Masthead():
                yield from (block.cooperation, block.body_name, block.kind)
                if block.draft:
                    yield "– UTKAST"
                yield block.version
            case Heading():
                yield block.text
            case Paragraph():
                yield "".join(s.text for s in block.text)
            case Facts():
                for label, value in block.rows:
                    yield label
                    yield "".join(s.text for s in value)
            case Table():
                yield from block.header
                for row in block.rows:
                    yield from row
            case Keep():
                yield from block_text(list(block.blocks))
            case Space() | Need():
                pass


class _Layout:
    def __init__(self, document: MinutesDocument) -> None:
        self.document = document
        self.m = document.minutes

    def blocks(self) -> Iterator[Block]:
        meta = self.document.meta
        yield Masthead(meta.cooperation, meta.body_name, meta.kind, meta.draft, meta.version_word)
        yield from self.title_block()
        yield from self.meeting_facts()
        yield from self.attendance()
        yield from self.case_list()
        for case in self.m.cases:
            yield from self.case(case)
        yield from self.closing()

    # --- head -------------------------------------------------------------------------

    def title_block(self) -> Iterator[Block]:
        m = self.m
        sub = m.meeting_title if m.meeting_title else "Møte"
        yield Heading(f"Møtebok – {m.body_name}", "title")
        yield Heading(f"{sub}, {long_date(m.date)}", "subtitle")

    def meeting_facts(self) -> Iterator[Block]:
        m = self.m
        start = clock(m.opened_at) or clock(m.start_time)
        # A meeting opened and not yet closed has no end to tell: its planned end is not one.
        end = clock(m.closed_at) if m.opened_at else clock(m.end_time)
        chair = m.chair or "–"
        rows = [
            ("Møtedato", short_date(m.date)),
            ("Møtetid", f"{start}–{end}" if end else start),
            ("Møtestad", m.place),
            ("Møteform", document_phrase(m.form)),
            ("Møteleiar", chair),
        ]
        if m.secretariat:
            rows.append(("Frå sekretariatet møtte", m.secretariat))
        yield Facts(tuple((label, plain(value)) for label, value in rows))
        yield Space(4 * MM)

    def attendance(self) -> Iterator[Block]:
        m = self.m
        yield Heading("Frammøte", "section", outline="Frammøte")
        yield Heading(f"Desse medlemene møtte ({len(m.present)}):", "subsection")
        people = [(p.name + (f" ({p.role})" if p.role else ""), p.municipality) for p in m.present]
        if self.document.layout >= 2:
            if people:  # one column: read in order, on paper and by a screen reader
                yield Table(("Namn", "Deltakarkommune"), tuple(people), (0.5, 0.5))
        else:
            yield from self.present_in_two_columns(people)
        yield from self.absent_and_others()

    def present_in_two_columns(self, people: list[tuple[str, str]]) -> Iterator[Block]:
        """Layout 1 (minutes approved before issue 20): the first half of the members in
        the left column, the rest in the right."""
        half = (len(people) + 1) // 2
        rows = []
        for i in range(half):
            left = people[i]
            right = people[half + i] if half + i < len(people) else ("", "")
            rows.append((left[0], left[1], right[0], right[1]))
        if rows:
            yield Table(
                ("Namn", "Deltakarkommune", "Namn", "Deltakarkommune"),
                tuple(rows),
                (0.28, 0.22, 0.28, 0.22),
            )

    def absent_and_others(self) -> Iterator[Block]:
        m = self.m
        yield Heading(f"Forfall ({len(m.absent)}):", "subsection")
        if m.absent:
            yield Table(
                ("Namn", "Deltakarkommune"),
                tuple((p.name, p.municipality) for p in m.absent),
                (0.5, 0.5),
            )
        else:
            yield Paragraph(plain("Ingen."))
        yield Heading("Følgjande varamedlemer møtte:", "subsection")
        if m.deputies:
            yield Table(
                ("Namn", "Møtte for", "Deltakarkommune"),
                tuple((d.name, d.for_name, d.municipality) for d in m.deputies),
                (0.34, 0.34, 0.32),
            )
        else:
            yield Paragraph(plain("Ingen."))
        yield Heading("Ugilde:", "subsection")
        if m.disqualifications:
            yield Table(
                ("Namn", "Sak", "Heimel", "Vara i saka"),
                tuple(
                    (d.name, d.case_label, d.legal_basis, d.deputy_name or "")
                    for d in m.disqualifications
                ),
                (0.3, 0.16, 0.24, 0.3),
            )
        else:
            yield Paragraph(plain("Ingen."))
        yield Heading("Kom / gjekk under møtet:", "subsection")
        if m.movements:
            yield Table(
                ("Namn", "Kom / gjekk", "Kl.", "Frå / til sak"),
                tuple((v.name, v.kind, clock(v.at_time), v.case_label or "") for v in m.movements),
                (0.4, 0.18, 0.12, 0.3),
            )
        else:
            yield Paragraph(plain("Ingen."))
        yield Heading("Lukka møte:", "subsection")
        if m.closed_parts and any(c.decision for c in m.closed_parts):
            # O-1: the body's decision to close the meeting for the case
            yield Table(
                ("Sak", "Heimel for lukking", "Vedtak om å lukke møtet"),
                tuple((c.case_label, c.legal_basis, c.decision or "") for c in m.closed_parts),
                (0.2, 0.4, 0.4),
            )
        elif m.closed_parts:
            yield Table(
                ("Sak", "Heimel for lukking"),
                tuple((c.case_label, c.legal_basis) for c in m.closed_parts),
                (0.25, 0.75),
            )
        else:
            yield Paragraph(plain("Heile møtet var ope."))
        yield Heading("Merknader til innkalling og sakliste:", "subsection")
        if m.notice_remarks:
            for remark in m.notice_remarks:
                yield Paragraph(plain(remark))
        else:
            yield Paragraph(plain("Ingen merknader."))

    def case_list(self) -> Iterator[Block]:
        yield Heading("Sakliste", "section", outline="Sakliste")
        yield Table(
            ("Saknr.", "Tittel", "U.off. (heimel)"),
            tuple(
                (c.label, c.title, (c.closure_reference or "") if c.closed else "")
                for c in self.m.cases
            ),
            (0.16, 0.6, 0.24),
        )

    # --- cases ------------------------------------------------------------------------

    def case(self, c: CaseMinutes) -> Iterator[Block]:
        yield Need(40)
        yield Heading(f"{c.label}  {c.title}", "section", outline=f"{c.label} {c.title}")
        if c.saksgang:  # the matter's handlings across bodies (issue 19)
            yield Keep(
                (
                    Heading(SAKSGANG_HEADING, "subsection"),
                    Table(SAKSGANG_HEADER, saksgang_cells(c.saksgang), SAKSGANG_WIDTHS),
                )
            )
            yield Space(4)
        if c.withheld and c.decision:
            # O-2: the case is closed, but its decision is public
            yield Paragraph(
                plain(
                    f"Saka vart handsama for lukka dører ({c.closure_reference or ''}). "
                    "Vedtaket er offentleg; anna innhald er unnateke offentlegheit og er ikkje "
                    "med i den offentlege versjonen av møteboka."
                ),
                "note",
            )
            label = "Vedtak (samrøystes)" if c.decision_unanimous else "Vedtak"
            yield Paragraph(labelled(label, f"«{c.decision}»"), "field")
            return
        if c.withheld:
            yield Paragraph(
                plain(
                    f"Saka vart handsama for lukka dører ({c.closure_reference or ''}). "
                    "Innhaldet er unnateke offentlegheit og er ikkje med i den offentlege "
                    "versjonen av møteboka."
                ),
                "note",
            )
            return
        if c.closed:
            yield Paragraph(
                plain(f"Lukka møte – heimel: {c.closure_reference or ''}. Unnateke offentlegheit."),
                "note",
            )
        if c.chair_name and c.chair_name != self.m.chair:
            yield Paragraph(labelled("Møteleiar i saka", c.chair_name))
        for text in c.disqualification:  # H-1: decided before the case is handled
            yield Paragraph(labelled("Ugildskap", text), "field")
        for d in self.m.disqualifications if not c.disqualification else ():
            if d.case_label == c.label:  # minutes approved before the handling was kept
                deputy = f"; {d.deputy_name} møtte i staden" if d.deputy_name else ""
                yield Paragraph(
                    labelled(
                        "Ugild", f"{d.name} ({d.legal_basis}) gjekk frå under handsaminga{deputy}."
                    )
                )
        if c.recommendation:
            yield Paragraph(labelled("Innstilling", f"«{c.recommendation}»"), "field")
        if c.handling:
            yield Paragraph(labelled("Handsaming", c.handling), "field")
        for n, pr in enumerate(c.proposals):
            who = f" frå {pr.proposer}" if pr.proposer else ""
            text = f"{pr.kind}{who}: «{pr.text}»" if pr.text else f"{pr.kind}{who}: "
            if not c.handling and n == 0:
                yield Paragraph(labelled("Handsaming", text), "field")
            else:
                yield Paragraph(plain(text), "quote")
        if c.speakers:  # the speakers' list, when the body keeps it in the minutes
            yield Paragraph(labelled("Talarar", f"{join_names(c.speakers)}."), "field")
        for v in c.votes:
            yield Paragraph(labelled("Røysting", f"{v.text} {v.quorum_sentence}"), "field")
        if c.decision:
            label = "Vedtak (samrøystes)" if c.decision_unanimous else "Vedtak"
            yield Paragraph(labelled(label, f"«{c.decision}»"), "field")
        elif c.no_decision:  # votes that decided nothing are never left without a word
            yield Paragraph(labelled("Vedtak", c.no_decision), "field")
        if c.adopted_document:
            yield Paragraph(labelled("Vedteke dokument", c.adopted_document), "small")

    # --- end --------------------------------------------------------------------------

    def closing(self) -> Iterator[Block]:
        m = self.m
        yield Space(6)
        if m.closed_at is not None:
            yield Paragraph(plain(f"Møtet vart heva kl. {clock(m.closed_at)}."))
        if m.remarks:
            yield Paragraph((Span("Merknader til møteboka:", bold=True),))
            yield Paragraph(plain(m.remarks), "quote")
        if m.approval is not None:
            yield self.approval(m.approval)
        else:
            yield self.signature_block()
        yield from self.corrections()
        yield Space(4)
        version = "Offentleg (lukka innhald er halde att)" if m.public else "Intern"
        yield Paragraph(plain(f"Versjon: {version}"), "small")

    def corrections(self) -> Iterator[Block]:
        """B-3: corrections made after approval, each linked to what it corrects."""
        if not self.document.corrections:
            return
        yield Heading("Rettingar", "section", outline="Rettingar")
        for c in self.document.corrections:
            decided = f" (vedteke i sak {c.decided_in})" if c.decided_in else ""
            yield Paragraph(labelled(f"{short_date(c.made_on)}, {c.target}{decided}", c.text))

    def approval(self, a: ApprovalLine) -> Block:
        rows: list[tuple[str, Text]] = [
            ("Godkjend", plain(f"{short_date(a.approved_on)}, {document_phrase(a.method)}"))
        ]
        if a.approved_in:
            rows.append(("Godkjend i møte", plain(a.approved_in)))
        if a.chair:
            rows.append(("Møteleiar", plain(a.chair)))
        if a.signatories:
            rows.append(("Underskrivarar", plain(", ".join(a.signatories))))
        if a.audit_head:
            rows.append(("Revisjonslogg (SHA-256)", (Span(a.audit_head, small=True),)))
        if self.document.snapshot_hash:
            rows.append(("Innhald (SHA-256)", (Span(self.document.snapshot_hash, small=True),)))
        return Keep(
            (Heading("Godkjenning", "section", outline="Godkjenning"), Facts(tuple(rows), 46))
        )

    def signature_block(self) -> Block:
        case = self.document.signatories_case
        elected = f"medlem vald i sak {case}" if case else "medlem vald i møtet"
        return Keep(
            (
                Heading("Underskrifter", "section"),
                Space(8),
                Table(
                    ("", "", ""),
                    (
                        (SIGNATURE_LINE, SIGNATURE_LINE, SIGNATURE_LINE),
                        (f"{self.m.chair or 'Møteleiar'}\nmøteleiar", elected, elected),
                    ),
                    (0.333, 0.333, 0.334),
                ),
            )
        )
