"""A unified diff of two versions as HTML a secretary can read.

Added lines are green and marked "+", removed lines red and marked "−" (so the difference
does not rest on colour alone); the "@@ -1,3 +1,4 @@" hunk headers become "Frå linje 1"."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from dvmeet.i18n import _

ADDED = ("#e6f4ea", "#0b4f1e")  # background, text: readable in light and dark palettes
REMOVED = ("#fce8e6", "#7a1410")
HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def _line(mark: str, text: str, colours: tuple[str, str] | None) -> str:
    body = html.escape(text) or "&nbsp;"
    if colours is None:
        return f'<tr><td class="m"></td><td>{body}</td></tr>'
    background, foreground = colours
    style = f"background-color:{background}; color:{foreground};"
    return f'<tr><td class="m" style="{style}">{mark}</td><td style="{style}">{body}</td></tr>'


def diff_html(lines: Sequence[str]) -> str:
    """HTML for QTextBrowser; an empty diff says the texts are the same."""
    counts = diff_counts(lines)
    if not lines:
        return "<p>" + html.escape(_("Dei to versjonane har same tekst.")) + "</p>"
    rows = []
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        hunk = HUNK.match(line)
        if hunk:
            where = _("Frå linje {line} i den nye versjonen").format(line=hunk.group(2))
            rows.append(f'<tr><td class="m"></td><td class="h">{html.escape(where)}</td></tr>')
        elif line.startswith("+"):
            rows.append(_line("+", line[1:], ADDED))
        elif line.startswith("-"):
            rows.append(_line("−", line[1:], REMOVED))
        else:
            rows.append(_line("", line[1:], None))
    summary = _("{added} linjer lagde til, {removed} linjer fjerna.").format(
        added=counts[0], removed=counts[1]
    )
    return (
        "<style>td { padding: 2px 6px; } td.m { width: 14px; font-weight: bold; }"
        " td.h { color: gray; padding-top: 10px; font-style: italic; }</style>"
        f"<p>{html.escape(summary)}</p>"
        '<table width="100%" cellspacing="0">' + "".join(rows) + "</table>"
    )


def diff_counts(lines: Sequence[str]) -> tuple[int, int]:
    added = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
    removed = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
    return added, removed
