"""Text for documents: user text made safe for ReportLab paragraphs, Norwegian dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.sax.saxutils import escape

from babel.dates import format_date

from dvmeet.documents.fonts import drawable

LOCALE = "nn_NO"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFC (so 'å' is one code point, as the font's cmap wants) without control characters;
    a character the fonts cannot carry shows as the replacement mark (fonts.drawable)."""
    return drawable(_CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n"))


def para(text: str | None) -> str:
    """User text as Paragraph markup: normalised, XML-escaped, line breaks kept."""
    if not text:
        return ""
    return escape(normalise(text)).replace("\n", "<br/>")


def quoted(text: str | None) -> str:
    """User text in Norwegian quotation marks, as paragraph markup."""
    return f"«{para(text)}»" if text else ""


def long_date(day: dt.date) -> str:
    """'onsdag 11. desember 2024'."""
    return format_date(day, "EEEE d. MMMM y", locale=LOCALE)


def short_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def clock(t: dt.time | dt.datetime | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""
