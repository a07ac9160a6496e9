"""The embedded Unicode font (DejaVu Sans, shipped in resources/fonts with its licence).

Built-in Helvetica is not embedded and cannot draw Northern Sami letters (č đ ŋ ŧ).
"""

from __future__ import annotations

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
