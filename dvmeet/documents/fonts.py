"""The embedded Unicode font (DejaVu Sans, shipped in resources/fonts with its licence).

Built-in Helvetica is not embedded and cannot draw Northern Sami letters (č đ ŋ ŧ).
"""

from __future__ import annotations

import functools
import re

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dvmeet.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FAMILY = "DejaVuSans"
_FILES = {
    REGULAR: "fonts/DejaVuSans.ttf",
    BOLD: "fonts/DejaVuSans-Bold.ttf",
    ITALIC: "fonts/DejaVuSans-Oblique.ttf",
}


# Drawn by DejaVu Sans and extracted as itself: what a character the font cannot carry
# becomes, so a reader sees that something was there instead of a blank or garbage.
REPLACEMENT = "\ufffd"

_done = False

# Words measured per font before the cache starts afresh (a long-running app renders many
# documents; each word of a paragraph is measured again every time a line is broken).
WIDTH_CACHE_SIZE = 50_000


class _MeasuredFont(TTFont):  # type: ignore[misc]  # ReportLab is untyped
    """A TrueType font that remembers the width of each string it has measured.

    Line breaking measures every word of a paragraph (and of every word on each try), and
    ReportLab sums the glyph widths in Python each time. A width depends only on the text,
    the size and the font file, so the same widths, and the same PDF, come out."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= WIDTH_CACHE_SIZE:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


def register_fonts() -> None:
    """Register the family with ReportLab once per process (registration is global)."""
    global _done
    registered = set(pdfmetrics.getRegisteredFontNames())
    if _done and registered.issuperset(_FILES):
        return  # a reset of ReportLab's registry (rl_config._reset) registers them again
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(_MeasuredFont(name, str(resource_path(file))))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD)
    _done = True


@functools.cache
def _undrawable() -> re.Pattern[str]:
    """One pattern for every character `drawable` replaces (a character class of the
    ranges the fonts draw, negated), so a text is checked at C speed."""
    points = sorted(_drawable() | {ord("\n"), ord("\t")})
    ranges: list[str] = []
    start = prev = points[0]
    for cp in [*points[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        first, last = re.escape(chr(start)), re.escape(chr(prev))
        ranges.append(first if start == prev else f"{first}-{last}")
        start = prev = cp
    return re.compile(f"[^{''.join(ranges)}]")


@functools.cache
def _drawable() -> frozenset[int]:
    """Code points every face of the family draws, within the Basic Multilingual Plane:
    ReportLab writes the text layer's ToUnicode map with four hex digits a character, so a
    character beyond U+FFFF (emoji) is drawn but extracted as garbage."""
    register_fonts()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in _FILES]
    common = set(maps[0]).intersection(*maps[1:])
    return frozenset(cp for cp in common if cp <= 0xFFFF and all(m[cp] for m in maps))


def drawable(text: str) -> str:
    """`text` with every character the embedded fonts cannot carry into the PDF's text
    layer replaced by REPLACEMENT (line breaks and tabs are kept)."""
    if text.isascii():
        return text
    return _undrawable().sub(REPLACEMENT, text)
