"""The live quorum indicator (Q-1): green or red, with the numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from dvmeet.i18n import _

GREEN = "background:#1e7b34; color:white;"
RED = "background:#b3261e; color:white;"
GREY = "background:#5f6368; color:white;"


class QuorumIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quorum_indicator")
        self.setAccessibleName(_("Vedtaksførleik"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(230)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.setFont(font)
        self.quorate: bool | None = None
        self.show_unknown()

    def _style(self, colour: str) -> None:
        self.setStyleSheet(f"QLabel {{ {colour} border-radius:6px; padding:6px 14px; }}")
        # room for the whole text and the padding, so the header never clips the verdict
        self.setMinimumWidth(max(230, self.fontMetrics().horizontalAdvance(self.text()) + 40))

    def show_unknown(self) -> None:
        self.quorate = None
        self.setText(_("Frammøte ikkje registrert"))
        self._style(GREY)

    def show_quorum(self, quorate: bool, text: str, where: str = "") -> None:
        self.quorate = quorate
        verdict = _("Vedtaksfør") if quorate else _("Ikkje vedtaksfør")
        suffix = f" ({where})" if where else ""
        self.setText(f"{verdict}: {text}{suffix}")
        self.setToolTip(_("Minst halvparten av medlemene må vere til stades og røyste."))
        self._style(GREEN if quorate else RED)
