"""The embedded Unicode font (DejaVu Sans, shipped in resources/fonts with its licence).

Built-in Helvetica is not embedded and cannot draw Northern Sami letters (č đ ŋ ŧ).
"""

from __future__ import annotations

import functools

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


def register_fonts() -> None:
    """Register the family with ReportLab once per process (registration is global)."""
    global _done
    registered = set(pdfmetrics.getRegisteredFontNames())
    if _done and registered.issuperset(_FILES):
        return  # a reset of ReportLab's registry (rl_config._reset) registers them again
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path(file))))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD)
    _done = True


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
    points = _drawable()
    return "".join(ch if ch in "\n\t" or ord(ch) in points else REPLACEMENT for ch in text)
