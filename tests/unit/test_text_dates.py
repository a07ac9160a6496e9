"""documents.text writes dates and escapes markup without babel or xml.sax.saxutils, and
writes them as those did."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape as sax_escape

from babel.dates import format_date

from dvmeet.documents.text import escape, long_date, para


def test_long_date_equals_babel_nynorsk_for_every_day_1990_2100() -> None:
    day = dt.date(1990, 1, 1)
    last = dt.date(2100, 12, 31)
    differ = []
    while day <= last:
        if long_date(day) != format_date(day, "EEEE d. MMMM y", locale="nn_NO"):
            differ.append(day)
        day += dt.timedelta(days=1)
    assert differ == []


def test_long_date_reads_as_the_minutes_write_it() -> None:
    assert long_date(dt.date(2024, 12, 11)) == "onsdag 11. desember 2024"
    assert long_date(dt.date(2026, 3, 1)) == "søndag 1. mars 2026"


def test_escape_equals_saxutils() -> None:
    for text in ["", "a & b", "<b>", "x > y & z < w", "&amp;", "«Aust & vest» <i>", "\"'"]:
        assert escape(text) == sax_escape(text)
    assert para("Tom & Jerry <i>\nandre linje") == "Tom &amp; Jerry &lt;i&gt;<br/>andre linje"
