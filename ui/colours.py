"""The few colours the interface adds to the palette, for light and dark palettes alike.

Text in a colour must stay readable on the palette's own base and window colours, so each
accent has a dark shade (for a light palette) and a light shade (for a dark one). Tinted
backgrounds are translucent and work on both.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# role: (on a light palette, on a dark palette)
ACCENTS: dict[str, tuple[str, str]] = {
    "error": ("#a4262c", "#ff8a80"),
    "warning": ("#8a5a00", "#f0c060"),
    "ok": ("#1e7b34", "#7ee787"),
    "info": ("#1a5fb4", "#8ab4f8"),
    "muted": ("#5f6368", "#a8adb3"),
    "closed": ("#9a3412", "#ffab70"),
    "adopted": ("#1b6e2e", "#8fd19e"),
}


def palette_is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def accent(role: str) -> str:
    """The colour of `role` as #rrggbb, for the palette in use."""
    light, dark = ACCENTS[role]
    return dark if palette_is_dark() else light


def accent_colour(role: str) -> QColor:
    return QColor(accent(role))


def message_style(selector: str, ok: bool) -> str:
    """A calm box for a message: green-tinted when something worked, red when it did not."""
    if ok:
        return (
            f"{selector} {{ color: palette(text); background: rgba(16, 124, 16, 0.10);"
            " border: 1px solid rgba(16, 124, 16, 0.35); border-radius: 4px; padding: 6px; }"
        )
    return (
        f"{selector} {{ color: {accent('error')}; background: rgba(164, 38, 44, 0.08);"
        " border: 1px solid rgba(164, 38, 44, 0.35); border-radius: 4px; padding: 6px; }"
    )
