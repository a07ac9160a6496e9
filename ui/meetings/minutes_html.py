"""The møtebok (MinutesDraft) as rich text for the preview, in the shape of domain.md §4.

It follows the PDF renderer in dvmeet.documents.minutes section by section, so what the
secretary reads before approval is what the PDF will say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from dvmeet.domain.enums import MinutesStatus
from dvmeet.domain.labels import document_phrase
from dvmeet.i18n import _
from dvmeet.services.minutes.models import ApprovalLine, CaseMinutes, MinutesDraft
from ui.colours import accent
from ui.meetings.words import date_text, time_text, weekday


def e(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br>")


def quoted(text: str | None) -> str:
    return f"«{e(text)}»" if text else ""


def clock(value: dt.time | dt.datetime | None) -> str:
    return f"{value:%H:%M}" if value is not None else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(
        f'<th align="left" style="padding:3px 10px 3px 0; color:{accent("muted")}">{e(h)}</th>'
        for h in headers
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="padding:2px 10px 2px 0">{c}</td>' for c in row) + "</tr>"
        for row in rows
    )
    return f'<table cellspacing="0" width="100%"><tr>{head}</tr>{body}</table>'


def facts(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><td style="padding:2px 16px 2px 0; color:{accent("muted")}" width="170">{e(k)}</td>'
        f"<td>{v}</td></tr>"
        for k, v in rows
    )
    return f'<table cellspacing="0">{body}</table>'


def h2(text: str) -> str:
    return f'<h3 style="margin-top:12px; margin-bottom:4px">{e(text)}</h3>'


def none_line(text: str = "Ingen.") -> str:
    return f"<p>{e(text)}</p>"


def minutes_html(m: MinutesDraft, signatories_case: str | None = None) -> str:
    parts: list[str] = []
    if m.status is not MinutesStatus.APPROVED:
        parts.append(
            f'<p style="color:{accent("error")}"><b>{e(_("UTKAST"))}</b> – '
            f"{e(_('møteboka er ikkje godkjend'))}</p>"
        )
    sub = e(m.meeting_title) if m.meeting_title else "Møte"
    parts.append(f"<h1>Møtebok – {e(m.body_name)}</h1>")
    parts.append(
        f'<p style="color:{accent("muted")}">{sub}, {e(weekday(m.date))} {e(date_text(m.date))}'
        f" · {e(m.cooperation)}</p>"
    )
    start = clock(m.opened_at) or clock(m.start_time)
    end = clock(m.closed_at) or clock(m.end_time)
    rows = [
        ("Møtedato", date_text(m.date)),
        ("Møtetid", f"{start}–{end}" if end else start),
        ("Møtestad", e(m.place)),
        ("Møteform", document_phrase(m.form)),
        ("Møteleiar", f"{e(m.chair)} (møteleiar)" if m.chair else "–"),
    ]
    if m.secretariat:
        rows.append(("Frå sekretariatet møtte", e(m.secretariat)))
    parts.append(facts(rows))
    parts.append(_attendance(m))
    parts.append("<h2>Sakliste</h2>")
    parts.append(
        table(
            ["Saknr.", "Tittel", "U.off. (heimel)"],
            [[e(c.label), e(c.title), e(c.closure_reference) if c.closed else ""] for c in m.cases],
        )
    )
    for c in m.cases:
        parts.append(_case(m, c))
    parts.append(_closing(m, signatories_case))
    return "\n".join(parts)


def _attendance(m: MinutesDraft) -> str:
    out = ["<h2>Frammøte</h2>", h2(f"Desse medlemene møtte ({len(m.present)}):")]
    out.append(
        table(
            ["Namn", "Deltakarkommune"],
            [
                [e(p.name) + (f" ({e(p.role)})" if p.role else ""), e(p.municipality)]
                for p in m.present
            ],
        )
        if m.present
        else none_line()
    )
    out.append(h2(f"Forfall ({len(m.absent)}):"))
    out.append(
        table(["Namn", "Deltakarkommune"], [[e(p.name), e(p.municipality)] for p in m.absent])
        if m.absent
        else none_line()
    )
    out.append(h2("Følgjande varamedlemer møtte:"))
    out.append(
        table(
            ["Namn", "Møtte for", "Deltakarkommune"],
            [[e(d.name), e(d.for_name), e(d.municipality)] for d in m.deputies],
        )
        if m.deputies
        else none_line()
    )
    out.append(h2("Ugilde:"))
    out.append(
        table(
            ["Namn", "Sak", "Heimel", "Vara i saka"],
            [
                [e(d.name), e(d.case_label), e(d.legal_basis), e(d.deputy_name)]
                for d in m.disqualifications
            ],
        )
        if m.disqualifications
        else none_line()
    )
    out.append(h2("Kom / gjekk under møtet:"))
    out.append(
        table(
            ["Namn", "Kom / gjekk", "Kl.", "Frå / til sak"],
            [[e(v.name), e(v.kind), time_text(v.at_time), e(v.case_label)] for v in m.movements],
        )
        if m.movements
        else none_line()
    )
    out.append(h2("Lukka møte:"))
    out.append(
        table(
            ["Sak", "Heimel for lukking"],
            [[e(c.case_label), e(c.legal_basis)] for c in m.closed_parts],
        )
        if m.closed_parts
        else none_line("Heile møtet var ope.")
    )
    out.append(h2("Merknader til innkalling og sakliste:"))
    if m.notice_remarks:
        out.extend(f"<p>{e(r)}</p>" for r in m.notice_remarks)
    else:
        out.append(none_line("Ingen merknader."))
    return "\n".join(out)


def _quote(text: str) -> str:
    return f'<p style="margin-left:18px">{text}</p>'


def _case(m: MinutesDraft, c: CaseMinutes) -> str:
    out = [f"<h2>{e(c.label)}&nbsp;&nbsp;{e(c.title)}</h2>"]
    if c.withheld:
        out.append(
            f'<p style="color:{accent("muted")}"><i>Saka vart handsama for lukka dører '
            f"({e(c.closure_reference)}). Innhaldet er unnateke offentlegheit og er ikkje med "
            "i den offentlege versjonen av møteboka.</i></p>"
        )
        return "\n".join(out)
    if c.closed:
        out.append(
            f'<p style="color:{accent("muted")}"><i>Lukka møte – heimel: {e(c.closure_reference)}. '
            "Unnateke offentlegheit.</i></p>"
        )
    if c.chair_name and c.chair_name != m.chair:
        out.append(f"<p><b>Møteleiar i saka:</b> {e(c.chair_name)}</p>")
    for d in m.disqualifications:
        if d.case_label == c.label:
            deputy = f"; {e(d.deputy_name)} møtte i staden" if d.deputy_name else ""
            out.append(
                f"<p><b>Ugild:</b> {e(d.name)} ({e(d.legal_basis)}) gjekk frå under "
                f"handsaminga{deputy}.</p>"
            )
    if c.recommendation:
        out.append("<p><b>Innstilling:</b></p>" + _quote(quoted(c.recommendation)))
    if c.handling or c.proposals:
        out.append("<p><b>Handsaming:</b></p>")
        if c.handling:
            out.append(_quote(e(c.handling)))
        for p in c.proposals:
            who = f" frå {e(p.proposer)}" if p.proposer else ""
            out.append(_quote(f"{e(p.kind)}{who}: {quoted(p.text)}"))
    if c.votes:
        out.append("<p><b>Røysting:</b></p>")
        out.extend(_quote(f"{e(v.text)} {e(v.quorum_sentence)}") for v in c.votes)
    if c.decision:
        unanimous = " Vedtaket var samrøystes." if c.decision_unanimous else ""
        out.append(f"<p><b>Vedtak:</b>{unanimous}</p>" + _quote(quoted(c.decision)))
    if c.adopted_document:
        muted = accent("muted")
        out.append(f'<p style="color:{muted}"><b>Vedteke dokument:</b> {e(c.adopted_document)}</p>')
    return "\n".join(out)


def _approval(a: ApprovalLine) -> str:
    rows = [("Godkjend", f"{date_text(a.approved_on)}, {document_phrase(a.method)}")]
    if a.approved_in:
        rows.append(("Godkjend i møte", e(a.approved_in)))
    if a.chair:
        rows.append(("Møteleiar", e(a.chair)))
    if a.signatories:
        rows.append(("Underskrivarar", ", ".join(e(s) for s in a.signatories)))
    if a.audit_head:
        rows.append(("Revisjonslogg (SHA-256)", f"<small>{e(a.audit_head)}</small>"))
    return "<h2>Godkjenning</h2>" + facts(rows)


def _closing(m: MinutesDraft, signatories_case: str | None) -> str:
    out = []
    if m.closed_at is not None:
        out.append(f"<p>Møtet vart heva kl. {clock(m.closed_at)}.</p>")
    if m.remarks:
        out.append("<p><b>Merknader til møteboka:</b></p>" + _quote(e(m.remarks)))
    if m.approval is not None:
        out.append(_approval(m.approval))
    else:
        elected = (
            f"medlem vald i sak {e(signatories_case)}"
            if signatories_case
            else "medlem vald i møtet"
        )
        line = "_" * 26
        out.append("<h2>Underskrifter</h2>")
        out.append(
            table(
                ["", "", ""],
                [
                    [line, line, line],
                    [f"{e(m.chair) or 'Møteleiar'}<br>møteleiar", elected, elected],
                ],
            )
        )
    version = "Offentleg (lukka innhald er halde att)" if m.public else "Intern"
    out.append(f'<p style="color:{accent("muted")}"><small>Versjon: {version}</small></p>')
    return "\n".join(out)
