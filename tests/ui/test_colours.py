"""Accent colours stay readable (WCAG AA, 4.5:1) on light and dark palettes alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.colours import ACCENTS, accent, palette_is_dark


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def palette(qapp: QApplication) -> Iterator[QPalette]:
    before = QGuiApplication.palette()
    yield before
    QApplication.setPalette(before)


@pytest.mark.parametrize("base", ["#ffffff", "#f6f6f6", "#1e1e1e", "#2d2d2d"])
@pytest.mark.parametrize("role", sorted(ACCENTS))
def test_each_accent_is_readable_on_the_base(palette: QPalette, base: str, role: str) -> None:
    changed = QPalette(palette)
    changed.setColor(QPalette.ColorRole.Base, QColor(base))
    QApplication.setPalette(changed)
    assert palette_is_dark() == (QColor(base).lightness() < 128)
    assert contrast(QColor(accent(role)), QColor(base)) >= 4.5, (role, base, accent(role))
