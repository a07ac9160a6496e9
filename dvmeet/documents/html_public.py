"""The public notice and the public møtebok as web pages (issue 20, WCAG 2.1 AA).

One self-contained HTML file per document, for the website or an eInnsyn-style
publication: the language of the document on `<html lang>`, a skip link to the content,
one `h1` for the meeting and an `h2` per case, data tables with a caption and `th
scope="col"` header cells (no layout tables), label/value facts as a description list,
colours with a contrast of at least 7:1, no scripts and no outside files.

The pages are rendered from the same document models as the PDFs: the notice from
`NoticeDocument`, the møtebok by walking the blocks of `minutes_layout` (the words and
their order are the PDF's). The renderer prints what it is given; the exports service
passes only public models (O-2, B-4), so closed content never reaches a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html import escape

from dvmeet.documents.minutes_layout import (
    SIGNATURE_LINE,
    Block,
    Facts,
    Heading,
    Keep,
    Masthead,
    Need,
    Paragraph,
    Space,
    Table,
    Text,
    minutes_blocks,
)
from dvmeet.documents.minutes_model import MinutesDocument
from dvmeet.documents.models import DocumentMeta, NoticeCase, NoticeDocument
from dvmeet.documents.saksgang import SAKSGANG_HEADER, SAKSGANG_HEADING, saksgang_cells
from dvmeet.documents.text import clock, long_date, normalise, short_date
from dvmeet.domain.labels import document_phrase

__all__ = ["minutes_page", "notice_page", "page_language"]

# Text #1a1a1a and muted #4d4d4d on white: 17.4:1 and 8.5:1 (WCAG AA asks 4.5:1).
_STYLE = """
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.5;
  max-width: 50rem; margin: 0 auto; padding: 0 1rem 2rem; }
a { color: #0b4f9c; }
a:focus, a:hover { outline: 2px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; background: #ffffff; padding: .5rem; }
.skip:focus { left: 1rem; }
header.masthead { border-bottom: 2px solid #1a1a1a; padding: 1rem 0 .5rem;
  display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
header.masthead p { margin: 0; }
.muted, .note, .small, caption { color: #4d4d4d; }
.subtitle { font-size: 1.15rem; margin-top: -.5rem; }
.note { font-style: italic; }
.small { font-size: .9rem; overflow-wrap: anywhere; }
small { font-size: .9em; overflow-wrap: anywhere; }
blockquote { margin: .5rem 0 .5rem 1.5rem; }
dl.facts > div { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr;
  gap: 1rem; margin-bottom: .2rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
/* the caption repeats the heading just above the table: for screen readers only */
caption.repeat { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
td a { white-space: nowrap; }
th, td { text-align: left; vertical-align: top; padding: .25rem .75rem .25rem 0;
  border-bottom: 1px solid #767676; }
ul.signatures { list-style: none; padding: 0; }
ul.signatures li { margin-bottom: .75rem; }
footer { margin-top: 2rem; border-top: 1px solid #767676; }
"""


def page_language(meta: DocumentMeta) -> str:
    """The page's `lang`: "nn" for a nynorsk document ("nn-NO"), "nb" for bokmål."""
    return meta.language.split("-")[0].lower() or "nn"


def e(text: str | None) -> str:
    """Plain text as HTML: normalised, escaped, line breaks kept."""
    return escape(normalise(text or "")).replace("\n", "<br>\n")


def _anchor(label: str) -> str:
    """The id of a case's heading ("PS 004/25" -> "sak-ps-004-25")."""
    return "sak-" + re.sub(r"[^a-z0-9]+", "-", normalise(label).lower()).strip("-")


def _spans(text: Text) -> str:
    out = []
    for span in text:
        piece = e(span.text)
        if span.small:
            piece = f"<small>{piece}</small>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return "".join(out)


def _page(meta: DocumentMeta, title: str, body: Iterable[str], footer: list[str]) -> bytes:
    kind = e(meta.kind) + (" – UTKAST" if meta.draft else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{page_language(meta)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f'<meta name="author" content="{e(meta.author)}">',
        f'<meta name="description" content="{e(meta.subject)}">',
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#innhald">Gå til innhaldet</a>',
        '<header class="masthead">',
        f"<p><strong>{e(meta.cooperation)}</strong><br>{e(meta.body_name)}</p>",
        f'<p><strong>{kind}</strong><br><span class="muted">{e(meta.version_word)}</span></p>',
        "</header>",
        '<main id="innhald">',
        *body,
        "</main>",
        *(["<footer>", *footer, "</footer>"] if footer else []),
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _table(
    caption: str,
    header: Iterable[str],
    rows: Iterable[Iterable[str]],
) -> str:
    """A data table; `rows` hold HTML (already escaped), the header and caption plain text.
    Every table follows a heading that names it: the caption repeats it for a screen
    reader's table navigation and is not shown twice."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table><caption class="repeat">{e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    """Label/value pairs (values are HTML) as a description list."""
    body = "".join(f"<div><dt>{e(label)}</dt><dd>{value}</dd></div>" for label, value in rows)
    return f'<dl class="facts">{body}</dl>'


# --- the notice -----------------------------------------------------------------------------


def notice_page(document: NoticeDocument) -> bytes:
    """The notice (innkalling with sakliste, M-3/M-4) as a web page."""
    n = document
    title = f"Innkalling til møte i {n.meta.body_name}"
    time = clock(n.start_time) + (f"–{clock(n.end_time)}" if n.end_time else "")
    facts = [
        ("Møtedato", e(short_date(n.date))),
        ("Møtetid", e(time)),
        ("Møtestad", e(n.place)),
        ("Møteform", e(document_phrase(n.form))),
    ]
    if n.sent_on:
        facts.append(("Innkalling send", e(short_date(n.sent_on))))
    if n.secretariat:
        facts.append(("Sekretariat", e(n.secretariat)))
    body = [
        f"<h1>{e(title)}</h1>",
        f'<p class="subtitle">{e((n.meeting_title + ", ") if n.meeting_title else "")}'
        f"{e(long_date(n.date))}</p>",
        _facts(facts),
        "<p>Medlemene vert med dette kalla inn til møte. Den som ikkje kan møte, må melde "
        "forfall til sekretariatet så snart som råd, slik at varamedlem kan kallast inn. "
        "Varamedlemer møter berre når dei får særskild innkalling. Medlemer som meiner dei "
        "kan vere ugilde i ei sak, bør seie frå før møtet.</p>",
    ]
    if n.form.is_remote:
        body.append(
            "<p>Møtet vert halde som fjernmøte. Lenkje og rettleiing vert sende medlemene "
            "særskilt.</p>"
        )
    body.append("<h2>Sakliste</h2>")
    if n.cases:
        body.append(
            _table(
                "Sakliste",
                ["Saknr.", "Tittel", "U.off. (heimel)"],
                [
                    [
                        f'<a href="#{_anchor(c.label)}">{e(c.label)}</a>',
                        e(c.title),
                        e(c.closure_reference) if c.closed else "",
                    ]
                    for c in n.cases
                ],
            )
        )
    else:
        body.append("<p>Ingen saker.</p>")
    if n.changes:
        body.append("<h2>Endringar etter at innkallinga vart send</h2>")
        body.extend(f"<p>{e(c)}</p>" for c in n.changes)
    for c in n.cases:
        body.extend(_notice_case(c))
    footer = []
    sent = short_date(n.sent_on) if n.sent_on else ""
    place_day = ", ".join(x for x in (n.issued_at or "", sent) if x)
    if place_day:
        footer.append(f"<p>{e(place_day)}</p>")
    if n.chair:
        footer.append(f"<p>{e(n.chair)}<br>leiar</p>")
    who = n.meta.cooperation.strip()
    footer.append(f'<p class="small">Sekretariatet{f" for {e(who)}" if who else ""}</p>')
    return _page(n.meta, f"{title}, {short_date(n.date)}", body, footer)


def _notice_case(c: NoticeCase) -> Iterator[str]:
    yield f'<section aria-labelledby="{_anchor(c.label)}">'
    yield f'<h2 id="{_anchor(c.label)}">{e(c.label)} {e(c.title)}</h2>'
    if c.saksgang:  # the matter's handlings across bodies (issue 19)
        yield f"<h3>{e(SAKSGANG_HEADING)}</h3>"
        cells = [[e(cell) for cell in row] for row in saksgang_cells(c.saksgang)]
        yield _table(SAKSGANG_HEADING, SAKSGANG_HEADER, cells)
    if c.withheld:
        yield (
            f'<p class="note">Saka er unnateke offentlegheit ({e(c.closure_reference)}). '
            "Saksframlegget er sendt berre til medlemene.</p>"
        )
        yield "</section>"
        return
    if c.closed:
        yield (f'<p class="note">Lukka sak – {e(c.closure_reference)}. Unnateke offentlegheit.</p>')
    if c.preparer_name:
        yield f"<p><strong>Sakshandsamar:</strong> {e(c.preparer_name)}</p>"
    if c.description:
        yield f"<p>{e(c.description)}</p>"
    if c.recommendation:
        yield f"<p><strong>{e(c.recommendation_heading)}:</strong></p>"
        yield f"<blockquote><p>«{e(c.recommendation)}»</p></blockquote>"
    yield "</section>"


# --- the møtebok ----------------------------------------------------------------------------


def minutes_page(document: MinutesDocument) -> bytes:
    """The møtebok (B-1..B-4) as a web page: the blocks of the PDF, in the PDF's order."""
    walker = _MinutesHtml({_anchor(c.label) for c in document.minutes.cases})
    blocks = minutes_blocks(document)
    body = [html for block in blocks if (html := walker.block(block))]
    m = document.minutes
    return _page(document.meta, f"Møtebok – {m.body_name}, {short_date(m.date)}", body, [])


class _MinutesHtml:
    def __init__(self, case_anchors: set[str]) -> None:
        self.case_anchors = case_anchors
        self.caption = ""  # the heading the next table belongs to

    def block(self, block: Block) -> str:
        match block:
            case Masthead() | Space() | Need():
                return ""  # the masthead is the page's header; space is for paper
            case Heading():
                return self.heading(block)
            case Paragraph():
                return self.paragraph(block)
            case Facts():
                return _facts((label, _spans(value)) for label, value in block.rows)
            case Table():
                return self.table(block)
            case Keep():
                return "\n".join(h for b in block.blocks if (h := self.block(b)))

    def heading(self, h: Heading) -> str:
        text = " ".join(h.text.split("  "))
        self.caption = text.rstrip(":")
        if h.style == "title":
            return f"<h1>{e(text)}</h1>"
        if h.style == "subtitle":
            return f'<p class="subtitle">{e(text)}</p>'
        if h.style == "section":
            anchor = _anchor(h.text.split("  ")[0])
            if "  " in h.text and anchor in self.case_anchors:
                return f'<h2 id="{anchor}">{e(text)}</h2>'
            return f"<h2>{e(text)}</h2>"
        return f"<h3>{e(text)}</h3>"

    def paragraph(self, p: Paragraph) -> str:
        text = _spans(p.text)
        if p.style == "quote":
            return f"<blockquote><p>{text}</p></blockquote>"
        if p.style in ("note", "small"):
            return f'<p class="{p.style}">{text}</p>'
        return f"<p>{text}</p>"

    def table(self, t: Table) -> str:
        if not any(t.header):
            # the signature lines of an unapproved møtebok: on paper lines to sign on, on
            # the web the list of who signs
            names = [cell for row in t.rows for cell in row if cell and cell != SIGNATURE_LINE]
            items = "".join(f"<li>{e(name)}</li>" for name in names)
            return f'<ul class="signatures">{items}</ul>'
        rows = [[self.cell(i, t, cell) for i, cell in enumerate(row)] for row in t.rows]
        return _table(self.caption, t.header, rows)

    def cell(self, column: int, t: Table, text: str) -> str:
        anchor = _anchor(text)
        if column == 0 and t.header[0] in ("Saknr.", "Sak") and anchor in self.case_anchors:
            return f'<a href="#{anchor}">{e(text)}</a>'
        return e(text)
