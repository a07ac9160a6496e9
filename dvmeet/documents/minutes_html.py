"""The møtebok as rich text (HTML for Qt's text browser): the app's preview.

It walks the same blocks as the PDF (`minutes_layout`), so what the secretary reads
before approval is what the PDF will say, word for word and in the same order. Colours
come from the caller (the interface knows its palette; documents do not)."""

from __future__ import annotations

from html import escape

__all__ = ["HtmlColours", "minutes_html"]

from dvmeet.documents.minutes_layout import (
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
from dvmeet.documents.minutes_model import HtmlColours, MinutesDocument
from dvmeet.documents.text import normalise


def minutes_html(document: MinutesDocument, colours: HtmlColours | None = None) -> str:
    """The møtebok of `document` as HTML, in `colours`."""
    renderer = _Html(colours or HtmlColours())
    return "\n".join(renderer.block(b) for b in minutes_blocks(document))


def e(text: str) -> str:
    """Plain text as HTML: normalised, escaped, line breaks kept."""
    return escape(normalise(text)).replace("\n", "<br>")


def spans(text: Text) -> str:
    out = []
    for span in text:
        piece = e(span.text)
        if span.small:
            piece = f"<small>{piece}</small>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


class _Html:
    def __init__(self, colours: HtmlColours) -> None:
        self.muted = colours.muted
        self.error = colours.error

    def block(self, block: Block) -> str:
        match block:
            case Masthead():
                return self.masthead(block)
            case Heading():
                return self.heading(block)
            case Paragraph():
                return self.paragraph(block)
            case Facts():
                return self.facts(block)
            case Table():
                return self.table(block)
            case Keep():
                return "\n".join(self.block(b) for b in block.blocks)
            case Space() | Need():
                return ""  # paper only

    def masthead(self, m: Masthead) -> str:
        draft = f' <span style="color:{self.error}">– UTKAST</span>' if m.draft else ""
        return (
            '<table cellspacing="0" width="99%"><tr>'
            f"<td><b>{e(m.cooperation)}</b><br>{e(m.body_name)}</td>"
            f'<td align="right"><b>{e(m.kind)}{draft}</b><br>'
            f'<span style="color:{self.muted}">{e(m.version)}</span></td>'
            "</tr></table>"
        )

    def heading(self, h: Heading) -> str:
        text = e(h.text).replace("  ", "&nbsp;&nbsp;")
        if h.style == "title":
            return f"<h1>{text}</h1>"
        if h.style == "subtitle":
            return f'<p style="color:{self.muted}">{text}</p>'
        if h.style == "section":
            return f"<h2>{text}</h2>"
        return f'<h3 style="margin-top:12px; margin-bottom:4px">{text}</h3>'

    def paragraph(self, p: Paragraph) -> str:
        text = spans(p.text)
        if p.style == "field":
            return f'<p style="margin-left:18px; text-indent:-18px">{text}</p>'
        if p.style == "quote":
            return f'<p style="margin-left:18px">{text}</p>'
        if p.style == "note":
            return f'<p style="color:{self.muted}"><i>{text}</i></p>'
        if p.style == "small":
            return f'<p style="color:{self.muted}"><small>{text}</small></p>'
        return f"<p>{text}</p>"

    def facts(self, f: Facts) -> str:
        body = "".join(
            f'<tr><td style="padding:2px 16px 2px 0; color:{self.muted}" width="170">'
            f"{e(label)}</td><td>{spans(value)}</td></tr>"
            for label, value in f.rows
        )
        return f'<table cellspacing="0">{body}</table>'

    def table(self, t: Table) -> str:
        # 99%: at 100% Qt lays a four-column table out one pixel wider than the view
        head = "".join(
            f'<th align="left" style="padding:3px 10px 3px 0; color:{self.muted}">{e(h)}</th>'
            for h in t.header
        )
        body = "".join(
            "<tr>"
            + "".join(f'<td style="padding:2px 10px 2px 0">{e(c)}</td>' for c in row)
            + "</tr>"
            for row in t.rows
        )
        return f'<table cellspacing="0" width="99%"><tr>{head}</tr>{body}</table>'
