"""The rule findings of a meeting (M-3 notice, M-6 closed in remote, H-2 preparer, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Union

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dvmeet.i18n import _
from ui.colours import accent

if TYPE_CHECKING:  # built with the Møte view, before the core is imported
    from dvmeet.services.meetings.models import Finding
    from dvmeet.services.peek import FindingRow

    Shown = Union[Finding, FindingRow]  # noqa: UP007 (the service's, or the first look's)

# severity: (accent of the heading, or None for the palette's text; background; border)
STYLE = {
    "refusal": ("error", "rgba(164, 38, 44, 0.08)", "rgba(164, 38, 44, 0.40)"),
    "warning": ("warning", "rgba(230, 160, 0, 0.10)", "rgba(200, 140, 0, 0.45)"),
    "info": (None, "rgba(0, 90, 158, 0.07)", "rgba(0, 90, 158, 0.30)"),
}


class WarningsPanel(QFrame):
    """Hidden when the rules have nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warnings_panel")
        self.setAccessibleName(_("Merknader frå reglane"))
        self.label = QLabel()
        self.label.setObjectName("warnings_text")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.findings: list[Shown] = []
        self.setVisible(False)

    def set_findings(self, findings: Sequence[Shown]) -> None:
        self.findings = list(findings)
        if not self.findings:
            self.setVisible(False)
            return
        worst = "refusal" if any(f.severity == "refusal" for f in findings) else "warning"
        if all(f.severity == "info" for f in findings):
            worst = "info"
        role, background, border = STYLE[worst]
        colour = accent(role) if role else "palette(text)"
        self.setStyleSheet(
            f"QFrame#warnings_panel {{ background: {background}; border: 1px solid {border};"
            f" border-left: 4px solid {border}; border-radius: 4px; }}"
        )
        title = _("Reglane seier:")
        # the rule IDs are for logs and tests; the user reads the message
        lines = "".join(f"<li style='margin-bottom:2px'>{escape(f.message)}</li>" for f in findings)
        self.label.setText(
            f"<b style='color:{colour}'>{escape(title)}</b>"
            f"<ul style='margin:2px 0 0 -20px'>{lines}</ul>"
        )
        self.label.setAccessibleDescription(" ".join(f.message for f in findings))
        self.setVisible(True)
