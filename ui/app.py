"""Start the desktop app: show the window first, open the database and import the rest after."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from dvmeet import __version__
from dvmeet.i18n import set_language
from dvmeet.logs import setup_logging


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("dvmeet")
    app.setApplicationDisplayName("dvmeet")
    app.setOrganizationName("DigiVestland")
    app.setApplicationVersion(__version__)
    return app


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own dialogs in nynorsk where Qt ships a catalogue (it has none for bokmål)."""
    QLocale.setDefault(
        QLocale(
            QLocale.Language.NorwegianNynorsk
            if language == "nn"
            else QLocale.Language.NorwegianBokmal
        )
    )
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language == "nn" and translator.load("qtbase_nn", path):
        app.installTranslator(translator)


def run_app(database: str | None = None) -> int:
    setup_logging()
    app = make_application()
    from ui.settings import open_settings
    from ui.state import AppState

    settings = open_settings()
    language = str(settings.value("language", "nn"))
    set_language(language)
    install_qt_translations(app, language)
    from ui.main_window import MainWindow

    state = AppState(settings)
    window = MainWindow(state, database)
    window.show()
    QTimer.singleShot(0, window.start)
    return app.exec()
