"""The main window: navigation between the views, menus, and where each view is shown.

The database itself (first run, the first look, opening, backup, restore, closing) is
kept by `ui.database.DatabaseLifecycle`; the window arranges its views from its signals."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet import __version__
from dvmeet.i18n import LANGUAGES, _
from ui.database import DatabaseLifecycle
from ui.errors import show_error
from ui.state import AppState

# Qt.ItemDataRole.UserRole. Nothing before the first paint touches the Qt namespace: its
# first use builds all of its enumerations, a tenth of a bare window's start-up.
USER_ROLE = 256

# key, label, module, class
VIEWS: list[tuple[str, str, str, str]] = [
    ("meetings", "Møte", "ui.meetings.view", "MeetingsView"),
    ("registry", "Register", "ui.registry.view", "RegistryView"),
    ("documents", "Dokument", "ui.documents.view", "DocumentsView"),
    ("agreement", "Avtale", "ui.agreement.view", "AgreementView"),
    ("search", "Søk", "ui.search.view", "SearchView"),
]


class MainWindow(QMainWindow):
    view_shown = Signal(str)
    data_shown = Signal()  # the first view has shown its data (startup benchmark)
    # The first view is current, shows its data and answers input (startup benchmark): the
    # Møte view from the first look, before the database is open; another view, or the Møte
    # view without a first look, once it has loaded through the services.
    view_ready = Signal()

    def __init__(self, state: AppState, database: str | None = None) -> None:
        super().__init__()
        self.state = state
        self._views: dict[str, QWidget] = {}
        self._data_announced = False
        self._ready_announced = False
        # the Møte view built from the first look (services.peek), before the database is open
        self._first_look: QWidget | None = None
        self.setWindowTitle("dvmeet")
        self.setMinimumSize(900, 560)
        # Set after the first paint: the first QAction.setShortcut builds every enumeration
        # of the Qt namespace, a tenth of a bare window's start-up (see USER_ROLE).
        self._shortcuts: list[tuple[QAction, Sequence[str | QKeySequence.StandardKey]]] = []
        self.database = DatabaseLifecycle(
            state,
            self,
            database,
            first_look=lambda: self._starting_view() == "meetings",
            first_module=self._starting_module,
        )
        self._build_navigation()
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        self.database.busy.connect(self._show_busy)
        self.database.peeked.connect(self._show_first_look)
        self.database.opened.connect(self._on_database_opened)
        self.database.closed.connect(self._on_database_closed)
        self.database.failed.connect(self._show_nothing_open)
        self.database.quit_chosen.connect(self.close)
        self.database.created.connect(self.open_guide)
        state.runner.busy_changed.connect(self._busy.setVisible)
        state.runner.error.connect(lambda exc: show_error(self, exc))
        state.message.connect(lambda text: self.statusBar().showMessage(text, 6000))

    # --- layout -----------------------------------------------------------------------

    def _build_navigation(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Navigasjon"))
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        for key, label, _module, _cls in VIEWS:
            item = QListWidgetItem(_(label))
            item.setData(USER_ROLE, key)
            item.setSizeHint(QSize(140, 38))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.placeholder = QLabel(_("Opnar databasen …"))
        self.placeholder_page = centred(self.placeholder)
        self.stack.addWidget(self.placeholder_page)
        from ui.notice_bar import NoticeBar

        self.notice_bar = NoticeBar()  # read-only, and what opening found (ui.notice_bar)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Fil"))
        database = self.database
        self._add(
            file_menu, _("&Ny database …"), QKeySequence.StandardKey.New, database.new_database
        )
        self._add(
            file_menu, _("&Opne database …"), QKeySequence.StandardKey.Open, database.open_file
        )
        self._add(file_menu, _("Opne &demodata"), None, database.open_demo)
        file_menu.addSeparator()
        self.backup_action = self._add(file_menu, _("Ta &reservekopi no"), None, database.backup)
        self.restore_action = self._add(
            file_menu, _("&Gjenopprett frå reservekopi …"), None, database.restore_backup
        )
        file_menu.addSeparator()
        self._add(file_menu, _("&Avslutt"), QKeySequence.StandardKey.Quit, self.close)

        edit_menu = bar.addMenu(_("&Rediger"))
        from ui.undo import REDO_KEYS, UNDO_KEYS, undo_actions

        self.undo_action, self.redo_action = undo_actions(self.state, self, shortcuts=False)
        self._shortcuts += [(self.undo_action, UNDO_KEYS), (self.redo_action, REDO_KEYS)]
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = bar.addMenu(_("&Vis"))
        for i, (key, label, _m, _c) in enumerate(VIEWS, start=1):
            self._add(view_menu, _(label), f"Ctrl+{i}", partial(self.show_view, key))
        view_menu.addSeparator()
        self.kept_warnings_action = self._add(
            view_menu, _("Merknader frå &reglane …"), None, self.show_kept_warnings
        )
        from ui.offline.menu import add_meeting_menu  # the meeting file (issue 18)

        self.offline = add_meeting_menu(
            self, bar, self.state, lambda: getattr(self._views.get("meetings"), "meeting", None)
        )

        settings_menu = bar.addMenu(_("&Innstillingar"))
        self._add(settings_menu, _("&Kom i gang …"), None, self.open_guide)
        settings_menu.addSeparator()
        for text, opener in (
            (_("&Samarbeidet …"), "open_cooperation"),
            (_("&Deltakande kommunar …"), "open_participation"),
            (_("&Organ …"), "open_bodies"),
        ):
            self._add(settings_menu, text, None, partial(self.open_setup, opener))
        settings_menu.addSeparator()
        self._add(settings_menu, _("&E-post …"), None, self.open_mail_settings)
        self.distribution_action = self._add(
            settings_menu, _("&Mottakarlister …"), None, self.open_distribution_lists
        )
        self._add(settings_menu, _("&Tillitsrøter for signaturar …"), None, self.open_trust_roots)
        settings_menu.addSeparator()
        language_menu = settings_menu.addMenu(_("Språk"))
        group = QActionGroup(self)
        current = str(self.state.settings.value("language", "nn"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _c=False, code=code: self._set_language(code))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = bar.addMenu(_("&Hjelp"))
        self._add(
            help_menu, _("&Brukarrettleiing"), QKeySequence.StandardKey.HelpContents, self.show_help
        )
        self._add(help_menu, _("&Kom i gang …"), None, self.open_guide)
        help_menu.addSeparator()
        self._add(help_menu, _("&Om dvmeet"), None, self.about)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._shortcuts:
            QTimer.singleShot(0, self.install_shortcuts)

    def install_shortcuts(self) -> None:
        """The menus' keyboard shortcuts (once; done by the first paint)."""
        pending, self._shortcuts = self._shortcuts, []
        for action, keys in pending:
            action.setShortcuts([QKeySequence(k) for k in keys])

    def _add(
        self,
        menu: object,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            self._shortcuts.append((action, [shortcut]))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_status_bar(self) -> None:
        self.database_label = QLabel()
        self.database_label.setAccessibleName(_("Database"))
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)
        self._busy.setMaximumWidth(120)
        self._busy.setMaximumHeight(14)
        self._busy.setAccessibleName(_("Arbeider"))
        self._busy.setVisible(False)
        self.statusBar().addPermanentWidget(self._busy)
        self.statusBar().addPermanentWidget(self.database_label)

    # --- views ------------------------------------------------------------------------

    def view(self, key: str) -> QWidget:
        if key not in self._views:
            for k, _label, module, cls in VIEWS:
                if k == key:
                    widget = getattr(importlib.import_module(module), cls)(self.state)
                    widget.setObjectName(f"view_{key}")
                    loaded = getattr(widget, "shown", None) or getattr(widget, "loaded", None)
                    if loaded is not None and not self._views:
                        loaded.connect(self._first_view_loaded)
                    self._views[key] = widget
                    self.stack.addWidget(widget)
                    self._connect_view(key, widget)
                    break
            else:
                raise KeyError(key)
        return self._views[key]

    def _first_data_shown(self) -> None:
        if not self._data_announced:
            self._data_announced = True
            self.data_shown.emit()

    def _first_view_loaded(self) -> None:
        self._first_data_shown()
        if not self._ready_announced:
            self._ready_announced = True
            self.view_ready.emit()

    def show_view(self, key: str) -> None:
        if not self.state.is_open:
            return
        row = [k for k, *_rest in VIEWS].index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
            return
        widget = self.view(key)
        self.state.settings.setValue("last_view", key)
        self.stack.setCurrentWidget(widget)
        self.view_shown.emit(key)

    def _connect_view(self, key: str, widget: QWidget) -> None:
        """Hits in Søk open their case in Møte, or their version in Dokument."""
        if key == "search":
            widget.open_case_requested.connect(self.open_case)  # type: ignore[attr-defined]
            widget.open_document_requested.connect(self.open_document)  # type: ignore[attr-defined]

    def open_case(self, meeting_id: int, case_id: int) -> None:
        meetings = self.view("meetings")
        show_case = getattr(meetings, "show_case", None)
        if show_case is None:
            self.statusBar().showMessage(_("Møte-visinga kan ikkje opne saka."), 6000)
            return
        self.show_view("meetings")
        show_case(meeting_id, case_id)

    def open_document(self, document_id: int, version_id: int) -> None:
        self.show_view("documents")
        self.view("documents").show_version(document_id, version_id)  # type: ignore[attr-defined]

    def _on_nav(self, row: int) -> None:
        if row >= 0:
            self.show_view(VIEWS[row][0])

    # --- the database ----------------------------------------------------------------

    def start(self) -> None:
        """Open the database (after the window has painted; first run asks first)."""
        self.database.start()

    def _starting_view(self) -> str:
        last = str(self.state.settings.value("last_view", "meetings"))
        return last if last in [k for k, *_rest in VIEWS] else VIEWS[0][0]

    def _starting_module(self) -> str:
        return next(m for k, _l, m, _c in VIEWS if k == self._starting_view())

    def _show_first_look(self, peek: object) -> None:
        """The Møte view itself, filled from the file (services.peek) while the core loads;
        it stays when the database opens and reloads through the services."""
        from ui.meetings.view import MeetingsView  # imported on the worker with the peek

        self._drop_first_look()
        for widget in list(self._views.values()):  # none at start; another file opening
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._views.clear()
        view = MeetingsView(self.state, first_look=peek)  # type: ignore[arg-type]
        view.setObjectName("view_meetings")
        self._first_look = view
        self._views["meetings"] = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.nav.setToolTip(_("Opnar databasen …"))  # the other views come with it
        view.shown.connect(self._first_view_loaded)
        view.shown.connect(self.database.first_look_painted)

    def _drop_first_look(self) -> None:
        """The database did not open: the Møte view built from the file goes."""
        self.nav.setToolTip("")
        view, self._first_look = self._first_look, None
        if view is None:
            return
        if self._views.get("meetings") is view:
            del self._views["meetings"]
        self.stack.removeWidget(view)
        view.deleteLater()

    def _show_busy(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder_page)
        self.statusBar().showMessage(text)

    def _show_nothing_open(self, _message: str = "") -> None:
        self.placeholder.setText(_("Ingen database er open."))
        self._drop_first_look()
        self.stack.setCurrentWidget(self.placeholder_page)

    def _on_database_opened(self, name: str) -> None:
        ctx = self.state.ctx
        read_only = ctx.read_only_notice if ctx is not None else None
        self.notice_bar.show_notices(read_only, ctx.notices if ctx is not None else [])
        self.database_label.setText(name + (_(" (berre lesing)") if read_only else ""))
        self.database_label.setToolTip(read_only or name)
        # Restoring replaces the file itself: not possible where nothing may be written.
        self.restore_action.setEnabled(read_only is None)
        self.restore_action.setStatusTip(read_only or "")
        self.restore_action.setToolTip(read_only or self.restore_action.text())
        self.setWindowTitle(f"dvmeet – {Path(name).name}")
        self.statusBar().showMessage(
            _("Databasen er open berre for lesing.") if read_only else _("Databasen er open."),
            4000,
        )
        self.nav.setEnabled(True)
        self.nav.setToolTip("")
        kept, self._first_look = self._first_look, None  # reloads itself through the services
        for key, widget in list(self._views.items()):
            if widget is not kept:
                self.stack.removeWidget(widget)
                widget.deleteLater()
                del self._views[key]
        last = str(self.state.settings.value("last_view", "meetings"))
        keys = [k for k, *_rest in VIEWS]
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)
        if read_only is None:
            self._resume_meeting_in_progress()

    def _resume_meeting_in_progress(self) -> None:
        """A meeting under way (after a crash or a restart) opens at once, with its
        console where it stopped, rather than the meeting last looked at."""
        from dvmeet.services.console import meeting_in_progress

        self.state.call(meeting_in_progress, on_done=self._resume_meeting)

    def _resume_meeting(self, meeting_id: int | None) -> None:
        if meeting_id is None:
            return
        self.show_view("meetings")
        view = self.view("meetings")
        view.show_case(meeting_id)  # type: ignore[attr-defined]
        view.open_console_for(meeting_id)  # type: ignore[attr-defined]

    def _on_database_closed(self) -> None:
        self.nav.setEnabled(False)
        self.notice_bar.show_notices(None, [])

    def show_kept_warnings(self) -> None:
        """The warnings the rules gave and the core kept, for the secretariat."""
        if not self.state.is_open:
            return
        from ui.meetings.kept_warnings import KeptWarningsDialog

        dialog = KeptWarningsDialog(self.state, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_setup(self, opener: str) -> None:
        """A setup dialog of ui.setup (the cooperation, participation, bodies)."""
        if self.state.is_open:
            getattr(importlib.import_module("ui.setup"), opener)(self.state, self)

    def open_guide(self) -> None:
        """«Kom i gang»: the first-run guide (ui.setup.guide)."""
        from ui.setup import open_guide

        open_guide(self.state, self)

    def show_help(self, page: str = "index") -> None:
        """The user guide (F1), in the interface language (ui.help)."""
        from ui.help import show_help

        show_help(self, page)

    def open_mail_settings(self) -> None:
        """The installation's SMTP settings (issue 20); no database needed."""
        from ui.mail import open_mail_settings

        open_mail_settings(self.state, self)

    def open_trust_roots(self) -> None:
        """The CA certificates trusted for the minutes' signatures (issue 19)."""
        from ui.archive.trust_dialog import open_trust_roots

        open_trust_roots(self.state, self)

    def open_distribution_lists(self) -> None:
        from ui.mail import open_distribution_lists

        open_distribution_lists(self.state, self)

    def about(self) -> None:
        from dvmeet.paths import backup_dir, user_data_dir

        QMessageBox.about(
            self,
            _("Om dvmeet"),
            _(
                "<h3>dvmeet {version}</h3>"
                "<p>Møte, møtebok og medlemsregister for DigiVestland.</p>"
                "<p>Lisens: EUPL-1.2</p>"
                "<p>Data: {data}<br>Reservekopiar: {backups}</p>"
            ).format(version=__version__, data=user_data_dir(), backups=backup_dir()),
        )

    def _set_language(self, code: str) -> None:
        self.state.settings.setValue("language", code)
        QMessageBox.information(
            self, _("Språk"), _("Det nye språket blir teke i bruk neste gong dvmeet startar.")
        )

    # --- window state -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.state.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry().size() if screen is not None else None
            self.resize(default_size(available))

    def closeEvent(self, event: QCloseEvent) -> None:
        # the console and its projector close with the main window: the process ends
        for window in QApplication.topLevelWidgets():
            if window is not self and window.objectName() == "console":
                window.close()
        self.state.settings.setValue("geometry", self.saveGeometry())
        self.state.settings.sync()
        self.database.close()
        super().closeEvent(event)


DEFAULT_SIZE = QSize(1200, 780)
FRAME_ALLOWANCE = QSize(16, 40)  # the window manager's border and title bar


def default_size(available: QSize | None) -> QSize:
    """1200×780, or less where the screen's available geometry (without the taskbar)
    is smaller: a 1366×768 laptop gets a window that fits, title bar included."""
    if available is None or available.isEmpty():
        return DEFAULT_SIZE
    room = available - FRAME_ALLOWANCE
    return QSize(min(DEFAULT_SIZE.width(), room.width()), min(DEFAULT_SIZE.height(), room.height()))


def centred(widget: QWidget) -> QWidget:
    """`widget` in the middle of a page (stretches, not an alignment flag: see USER_ROLE)."""
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return page
