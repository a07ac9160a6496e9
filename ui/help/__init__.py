"""The user guide (F1): short HTML pages in nynorsk and bokmål shipped in resources/help/,
one per task, shown in a QTextBrowser in the interface language. And Qt's own dialogs in
that language (`qt_words`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dvmeet import i18n
from dvmeet.i18n import _
from dvmeet.resources import resources_dir

PAGES = ("index", "oppsett", "register", "innkalling", "mote", "motebok", "eksport", "reservekopi")


def help_folder(language: str | None = None) -> Path:
    """The pages of the interface language (nynorsk when there are none for it)."""
    root = resources_dir() / "help"
    folder = root / (language or i18n.language())
    return folder if (folder / "index.html").is_file() else root / "nn"


class HelpWindow(QDialog):
    """The guide: one page at a time, links between them, back and forward."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(_("Brukarrettleiing"))
        self.setAccessibleName(_("Brukarrettleiing"))
        self.resize(720, 620)
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_browser")
        self.browser.setAccessibleName(_("Brukarrettleiing"))
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(help_folder())])
        self.browser.document().setDefaultStyleSheet(
            "body { font-size: 11pt; } h1 { font-size: 16pt; } li { margin-bottom: 4px; }"
        )
        back = QPushButton(_("&Tilbake"))
        back.setObjectName("help_back")
        back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        home = QPushButton(_("&Innhald"))
        home.setObjectName("help_home")
        home.clicked.connect(lambda: self.show_page("index"))
        close = QPushButton(_("&Lukk"))
        close.setObjectName("help_close")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(home)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence.StandardKey.Back, self, self.browser.backward)

    def show_page(self, page: str) -> None:
        name = page if page in PAGES else "index"
        self.browser.setSource(QUrl.fromLocalFile(str(help_folder() / f"{name}.html")))


def show_help(parent: QWidget, page: str = "index") -> HelpWindow:
    """Open (or bring forward) the guide at `page`; non-modal, so the work stays in reach."""
    window = parent.findChild(HelpWindow, "help_window")
    if window is not None and window.isVisible():
        window.show_page(page)
        window.raise_()
        window.activateWindow()
        return window
    if window is None:
        window = HelpWindow(parent)
    window.show_page(page)
    window.show()
    return window
