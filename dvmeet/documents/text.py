"""Text for documents: user text made safe for ReportLab paragraphs, Norwegian dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dvmeet.documents.fonts import drawable

# CLDR's nynorsk (nn_NO) names, as babel's format_date writes them (tests/unit/test_text_dates.py
# compares every day of 1990-2100); written out so a document does not load babel.
_WEEKDAYS = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag")
_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFC (so 'å' is one code point, as the font's cmap wants) without control characters;
    a character the fonts cannot carry shows as the replacement mark (fonts.drawable)."""
    return drawable(_CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n"))


def escape(text: str) -> str:
    """&, < and > as XML entities (what xml.sax.saxutils.escape does without its entities
    argument; that module imports urllib.request, http.client and email)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str | None) -> str:
    """User text as Paragraph markup: normalised, XML-escaped, line breaks kept."""
    if not text:
        return ""
    return escape(normalise(text)).replace("\n", "<br/>")


def quoted(text: str | None) -> str:
    """User text in Norwegian quotation marks, as paragraph markup."""
    return f"«{para(text)}»" if text else ""


def long_date(day: dt.date) -> str:
    """'onsdag 11. desember 2024' (babel's format_date(day, "EEEE d. MMMM y", "nn_NO"))."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day}. {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def clock(t: dt.time | dt.datetime | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""
