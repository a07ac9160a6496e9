"""The console under fast hands: buttons whose Alt-key acts at once, on what is selected
when the key is pressed, and a selection that shows as a full highlight."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QWidget


class InstantButton(QPushButton):
    """A push button whose mnemonic (Alt+letter) clicks it synchronously.

    Qt answers a button's shortcut with `animateClick()`: the click comes about 100 ms
    later and a second press while that timer runs is dropped. In the console the action
    reads the selected row, so a Down pressed in between moved the act to the next row
    and a burst of Alt+T, Down, Alt+T … recorded one mark in three. Here the click (and
    with it the read of the selection) happens while the key event is handled."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            if self.isEnabled() and self.isVisible():
                self.click()
            return True
        return super().event(event)


def strong_selection(view: QAbstractItemView) -> None:
    """The selected row keeps the full highlight when the view does not have the focus
    (after a button or a shortcut), taken from the palette so high contrast follows."""
    palette = view.palette()
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        colour = palette.color(QPalette.ColorGroup.Active, role)
        palette.setColor(QPalette.ColorGroup.Inactive, role, colour)
    view.setPalette(palette)


def readable_font(widget: QWidget, minimum_pt: float = 11.0) -> None:
    """At least the normal font of the application, and at least `minimum_pt`."""
    font = widget.font()
    normal = QApplication.font().pointSizeF()
    size = max(normal, minimum_pt, font.pointSizeF())
    if size > 0:
        font.setPointSizeF(size)
        widget.setFont(font)
