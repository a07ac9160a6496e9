"""A bar above the views for what the user must know about the open database.

A database open for reading only says so for as long as it is open (the bar cannot be
closed), and so does a meeting file (a notice marked `stays`: the user always sees they
work in a meeting file, issue 18); what opening found and did (an interrupted restore
dealt with) is said once and can be closed. The sentences come from the core
(`Context.read_only_notice`, `Context.notices`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dvmeet.i18n import _
from ui.colours import accent


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.setAccessibleName(_("Merknad om databasen"))
        self.setStyleSheet(
            "#notice_bar { background: rgba(240, 180, 40, 0.18);"
            f" border-bottom: 1px solid {accent('warning')}; }}"
            "#notice_bar QLabel { color: palette(text); }"
        )
        self.read_only = QLabel()
        self.read_only.setObjectName("read_only_notice")
        self.read_only.setWordWrap(True)
        font = self.read_only.font()
        font.setBold(True)
        self.read_only.setFont(font)
        self.standing = QLabel()
        self.standing.setObjectName("standing_notice")
        self.standing.setWordWrap(True)
        self.standing.setFont(font)
        self.other = QLabel()
        self.other.setObjectName("open_notices")
        self.other.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setObjectName("close_notices")
        self.close_button.setText("✕")
        self.close_button.setToolTip(_("Lukk merknaden"))
        self.close_button.setAccessibleName(_("Lukk merknaden"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addWidget(self.read_only)
        texts.addWidget(self.standing)
        texts.addWidget(self.other)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.addLayout(texts, 1)
        row.addWidget(self.close_button)
        self.show_notices(None, [])

    def show_notices(self, read_only: str | None, notices: list[str]) -> None:
        """The read-only sentence (or None) and the sentences of the open (may be none;
        those marked `stays` stay until another database is shown)."""
        self.kept = [n for n in notices if getattr(n, "stays", False)]
        closable = [n for n in notices if not getattr(n, "stays", False)]
        self.read_only.setText(read_only or "")
        self.read_only.setVisible(bool(read_only))
        self.standing.setText("\n".join(self.kept))
        self.standing.setVisible(bool(self.kept))
        self.other.setText("\n".join(closable))
        self.other.setVisible(bool(closable))
        self.close_button.setVisible(bool(closable) and not read_only)
        self.setVisible(bool(read_only) or bool(notices))

    def dismiss(self) -> None:
        """Close what may be closed; the read-only sentence and a meeting file's notice stay
        while the database is open."""
        self.show_notices(self.read_only.text() or None, list(self.kept))
