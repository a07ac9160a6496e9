"""Start the desktop app: show the window first, open the database and import the rest after."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dvmeet import __version__
from dvmeet.i18n import set_language
from dvmeet.logs import setup_logging

STARTED = time.perf_counter()


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("dvmeet")
    app.setApplicationDisplayName("dvmeet")
    app.setOrganizationName("DigiVestland")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("no.digivestland.dvmeet")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    from dvmeet.resources import resource_path

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(resource_path(f"icons/dvmeet-{size}.png")), QSize(size, size))
    return icon


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own dialogs in the interface language (ui.help.qt_words)."""
    QLocale.setDefault(
        QLocale(
            QLocale.Language.NorwegianNynorsk
            if language == "nn"
            else QLocale.Language.NorwegianBokmal
        )
    )
    from ui.help.qt_words import qt_translators

    for translator in qt_translators(language, app):  # the last installed is asked first
        app.installTranslator(translator)


class FirstPaint(QObject):
    """Notes the window's first paint; with DVMEET_STARTUP_PROBE set, quits right after it
    (after the first view's data is painted when the probe says "data", after the first
    view is current, painted with its data and answering input when it says "ready": the
    Møte view filled from the file before the database is open, see
    MainWindow.view_ready), for the startup benchmarks."""

    def __init__(self, app: QApplication, probe: str | None) -> None:
        super().__init__(app)
        self.app = app
        self.probe = probe

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(
                f"first_paint {time.perf_counter() - STARTED:.4f} cpu {time.process_time():.4f}",
                flush=True,
            )
            if self.probe == "paint":
                QTimer.singleShot(0, self.app.quit)
        return False

    def data_shown(self) -> None:
        print(
            f"data_shown {time.perf_counter() - STARTED:.4f} cpu {time.process_time():.4f}",
            flush=True,
        )
        if self.probe == "data":
            QTimer.singleShot(0, self.app.quit)

    def view_ready(self) -> None:
        print(
            f"view_ready {time.perf_counter() - STARTED:.4f} cpu {time.process_time():.4f}",
            flush=True,
        )
        if self.probe == "ready":
            QTimer.singleShot(0, self.app.quit)


class StartAfterPaint(QObject):
    """Call `start` once the window has painted: opening the database imports the core
    (SQLAlchemy, pydantic), which must not delay the first picture on the screen."""

    def __init__(self, start: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._start = start

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start)
        return False


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
    probe = os.environ.get("DVMEET_STARTUP_PROBE")
    if probe:
        watcher = FirstPaint(app, probe)
        window.installEventFilter(watcher)
        window.data_shown.connect(watcher.data_shown)
        window.view_ready.connect(watcher.view_ready)
    # The database is opened (and the core imported, on the worker) after the first paint.
    starter = StartAfterPaint(window.start, app)
    window.installEventFilter(starter)
    window.show()
    return app.exec()
