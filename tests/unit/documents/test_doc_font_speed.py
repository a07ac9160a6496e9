"""The rendering shortcuts (issue 21) change nothing on paper: remembered widths are the
font's widths, and the one-pattern check of undrawable characters replaces what the
character-by-character rule replaced."""

from __future__ import annotations

import random

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dvmeet.documents import fonts


def test_remembered_widths_are_the_fonts_widths() -> None:
    fonts.register_fonts()
    font = pdfmetrics.getFont(fonts.REGULAR)
    assert isinstance(font, fonts._MeasuredFont)
    words = ["Åse", "Ørnes-Čuđe", "«vedtak»", "ŋŧ", "samrøystes", " ", ""]
    for size in (7.5, 8.5, 9.5, 12.5):
        for word in words:
            expected = TTFont.stringWidth(font, word, size)
            assert font.stringWidth(word, size) == expected
            assert font.stringWidth(word, size) == expected  # the second time, remembered
    assert pdfmetrics.stringWidth("Åse", fonts.REGULAR, 9.5) > pdfmetrics.stringWidth(
        "Åse", fonts.REGULAR, 8.5
    )


def test_width_cache_starts_afresh_when_full(monkeypatch) -> None:
    fonts.register_fonts()
    font = pdfmetrics.getFont(fonts.BOLD)
    monkeypatch.setattr(fonts, "WIDTH_CACHE_SIZE", 3)
    font._widths.clear()
    for word in ("a", "b", "c", "d"):
        font.stringWidth(word, 10)
    assert len(font._widths) <= 3
    assert font.stringWidth("a", 10) == TTFont.stringWidth(font, "a", 10)


def _one_by_one(text: str) -> str:
    if text.isascii():
        return text
    points = fonts._drawable()
    return "".join(ch if ch in "\n\t" or ord(ch) in points else fonts.REPLACEMENT for ch in text)


def test_undrawable_pattern_replaces_what_the_rule_replaces() -> None:
    rng = random.Random(21)
    samples = ["Åse Ørnes-Čuđe ŋŧ 😀 中文\n\tx\x00\x7f", "ásdf\u0301 \ufffd \U0001f600"]
    for _ in range(3000):
        picks = [
            rng.randrange(0, 0x250),
            rng.randrange(0, 0x3000),
            rng.randrange(0xE000, 0x110000),
        ]
        samples.append("".join(chr(rng.choice(picks)) for _ in range(12)))
    for text in samples:
        assert fonts.drawable(text) == _one_by_one(text), repr(text)
    assert fonts.drawable("Čuđe 😀") == f"Čuđe {fonts.REPLACEMENT}"
