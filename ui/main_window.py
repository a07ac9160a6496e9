"""The main window: navigation between Møte, Register, Dokument and Søk."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
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
from ui.errors import confirm, describe, show_error
from ui.first_run import Choice, cannot_open_dialog, first_run_dialog
from ui.state import AppState

if TYPE_CHECKING:
    from dvmeet.services.context import Context

PAINT_GRACE_MS = 250  # the first look opens the database after its paint, or after this
PREVIEW_KEPT_MS = 5000  # longest the first look stays while the Møte view loads its list

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
    view_ready = Signal()  # the first view works with the open database (startup benchmark)

    def __init__(self, state: AppState, database: str | None = None) -> None:
        super().__init__()
        self.state = state
        self._database_arg = database
        self._views: dict[str, QWidget] = {}
        self._data_announced = False
        self._ready_announced = False
        self._preview: QWidget | None = None  # the meeting list's first look (start-up)
        self._pending_open: str | None = None
        self.setWindowTitle("dvmeet")
        self.setMinimumSize(900, 560)
        # Set after the first paint: the first QAction.setShortcut builds every enumeration
        # of the Qt namespace, a tenth of a bare window's start-up (see USER_ROLE).
        self._shortcuts: list[tuple[QAction, Sequence[str | QKeySequence.StandardKey]]] = []
        self._build_navigation()
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        state.database_opened.connect(self._on_database_opened)
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
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Fil"))
        self._add(file_menu, _("&Ny database …"), QKeySequence.StandardKey.New, self.new_database)
        self._add(file_menu, _("&Opne database …"), QKeySequence.StandardKey.Open, self.open_file)
        self._add(file_menu, _("Opne &demodata"), None, self.open_demo)
        file_menu.addSeparator()
        self.backup_action = self._add(file_menu, _("Ta &reservekopi no"), None, self.backup)
        self.restore_action = self._add(
            file_menu, _("&Gjenopprett frå reservekopi …"), None, self.restore_backup
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

        settings_menu = bar.addMenu(_("&Innstillingar"))
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
                    loaded = getattr(widget, "loaded", None)
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
        if self._preview is not None and key == "meetings":
            # The first look stays until the view has loaded its own list: nothing flickers.
            widget.loaded.connect(self._drop_preview)  # type: ignore[attr-defined]
            QTimer.singleShot(PREVIEW_KEPT_MS, self._drop_preview)
        else:
            self._drop_preview()
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

    # --- database ---------------------------------------------------------------------

    def start(self) -> None:
        """Open the database after the window has painted (first run asks first)."""
        from dvmeet.services.peek import plain_sqlite_path

        target = self._database_arg or self.state.settings.value("database") or None
        target = str(target) if target else None
        path = plain_sqlite_path(target)
        if path is None:  # a database URL: the core reads it, on the worker
            self.state.run(
                lambda: _locate(target), partial(self._located, target), self._open_failed
            )
        elif path.exists():
            self._open(str(path), first_look=True)
        else:
            self._first_run(str(path))

    def _located(self, target: str | None, found: tuple[bool, str]) -> None:
        exists, location = found
        if exists:
            self._open(target)
        else:
            self._first_run(str(location))

    def _first_run(self, path: str) -> None:
        dialog = first_run_dialog(self, path)
        dialog.exec()
        self._act_on(dialog.choice, path)

    def _act_on(self, choice: Choice, path: str | None = None) -> None:
        if choice is Choice.CREATE:
            if path:
                self._create(path)
            else:
                self.new_database()
        elif choice is Choice.DEMO:
            self.open_demo()
        elif choice is Choice.OPEN:
            self.open_file()
            if not self.state.is_open:
                self._ask_again()
        else:
            self.close()

    def _ask_again(self) -> None:
        from dvmeet.paths import default_database_path

        self._first_run(str(default_database_path()))

    def _starting_view(self) -> str:
        last = str(self.state.settings.value("last_view", "meetings"))
        return last if last in [k for k, *_rest in VIEWS] else VIEWS[0][0]

    def _open(self, target: str | None, first_look: bool = False) -> None:
        """Open on the worker. With `first_look`, the meeting list is read and shown first,
        straight from the file, while the core loads (see services.peek)."""
        self._busy_text(_("Opnar {name} …").format(name=target or _("databasen")))
        if not (first_look and target and self._starting_view() == "meetings"):
            self._open_now(target)
            return
        from dvmeet.services.peek import peek_meeting_list
        from ui.meetings.list_panel import saved_year

        path = Path(target)
        body = self.state.settings.value("meetings/body")
        year = saved_year(self.state.settings)
        self.state.run(
            lambda: peek_meeting_list(path, str(body) if body else None, year),
            partial(self._show_first_look, target),
            lambda _exc: self._open_now(target),
        )

    def _show_first_look(self, target: str, peek: object) -> None:
        from ui.meetings.preview import MeetingListPreview

        if peek is None or self.state.is_open:
            self._open_now(target)
            return
        self._drop_preview()
        preview = MeetingListPreview(peek)  # type: ignore[arg-type]
        self._preview = preview
        self.stack.addWidget(preview)
        self.stack.setCurrentWidget(preview)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        # The core loads once the list is on the screen: importing it on the worker while
        # the window paints would slow the paint (both need the interpreter).
        self._pending_open = target
        preview.painted.connect(self._first_data_shown)
        preview.painted.connect(self._open_pending)
        QTimer.singleShot(PAINT_GRACE_MS, self._open_pending)  # hidden windows never paint

    def _open_pending(self) -> None:
        target, self._pending_open = self._pending_open, None
        if target is not None:
            self._open_now(target)

    def _open_now(self, target: str | None) -> None:
        module = next(m for k, _l, m, _c in VIEWS if k == self._starting_view())
        self.state.run(
            lambda: _open_context(target, module), self._opened(target), self._open_failed
        )

    def _drop_preview(self) -> None:
        """Put the Møte view where its first look was, once the view shows its own list."""
        preview, self._preview = self._preview, None
        if preview is None:
            return
        meetings = self._views.get("meetings")
        if self.stack.currentWidget() is preview and meetings is not None:
            self.stack.setCurrentWidget(meetings)
        self.stack.removeWidget(preview)
        preview.deleteLater()

    def _create(self, target: str) -> None:
        from dvmeet.services.maintenance import create_database

        self._busy_text(_("Opprettar databasen …"))
        self.state.run(lambda: create_database(target), self._opened(target), self._open_failed)

    def open_demo(self) -> None:
        from dvmeet.services.maintenance import demo_database_path, open_demo

        self._busy_text(_("Lagar demodata … (det tek nokre sekund)"))
        path = str(demo_database_path())
        self.state.run(lambda: open_demo(), self._opened(path), self._open_failed)

    def _opened(self, target: str | None) -> Callable[[object], None]:
        def done(ctx: object) -> None:
            from dvmeet.services.context import Context

            assert isinstance(ctx, Context)
            if target is not None:
                self.state.settings.setValue("database", target)
            self.state.set_context(ctx)

        return done

    def _open_failed(self, exc: BaseException) -> None:
        self.placeholder.setText(_("Ingen database er open."))
        self._drop_preview()
        self.stack.setCurrentWidget(self.placeholder_page)
        dialog = cannot_open_dialog(self, describe(exc))
        dialog.exec()
        self._act_on(dialog.choice)

    def _busy_text(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder_page)
        self.statusBar().showMessage(text)

    def _on_database_opened(self, name: str) -> None:
        self.database_label.setText(name)
        self.database_label.setToolTip(name)
        self.setWindowTitle(f"dvmeet – {Path(name).name}")
        self.statusBar().showMessage(_("Databasen er open."), 4000)
        self.nav.setEnabled(True)
        for widget in list(self._views.values()):
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._views.clear()
        last = str(self.state.settings.value("last_view", "meetings"))
        keys = [k for k, *_rest in VIEWS]
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Ny database"), "dvmeet.sqlite", _("dvmeet-database (*.sqlite)")
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self, _("Fila finst"), _("Vel eit namn på ei fil som ikkje finst frå før.")
                )
                return
            self._create(path)

    def open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Opne database"), "", _("dvmeet-database (*.sqlite *.db);;Alle filer (*)")
        )
        if path:
            self._open(path)

    def backup(self) -> None:
        from dvmeet.services.maintenance import backup_now
        from ui.progress import run_with_progress

        if not self.state.is_open:
            return
        run_with_progress(
            self.state,
            self,
            _("Tek reservekopi …"),
            backup_now,
            on_done=lambda result: self.state.message.emit(
                _("Reservekopi teken: {path}").format(path=result.path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def restore_backup(self) -> None:
        """Pick a backup, confirm, and put it in place of the open database."""
        from dvmeet.services.maintenance import backups

        ctx = self.state.ctx
        if ctx is None:
            return
        if ctx.database_path is None:
            QMessageBox.information(
                self,
                _("Gjenopprett frå reservekopi"),
                _(
                    "Gjenoppretting frå dvmeet gjeld SQLite-filer. Ein PostgreSQL-tenar "
                    "blir gjenoppretta med pg_restore av driftsansvarleg."
                ),
            )
            return
        self.state.run(
            backups, on_done=self._choose_backup, on_error=lambda exc: show_error(self, exc)
        )

    def _choose_backup(self, found: object) -> None:
        from dvmeet.services.maintenance import BackupInfo

        assert isinstance(found, list)
        infos = [b for b in found if isinstance(b, BackupInfo)]
        title = _("Gjenopprett frå reservekopi")
        if not infos:
            QMessageBox.information(self, title, _("Det finst ingen reservekopiar enno."))
            return
        labels = [
            _("{name} ({reason}, {size} kB)").format(
                name=b.path.name, reason=b.reason, size=max(1, b.size // 1024)
            )
            for b in infos
        ]
        item, ok = QInputDialog.getItem(
            self, title, _("Vel reservekopien som skal brukast (nyaste først):"), labels, 0, False
        )
        if not ok or item not in labels:
            return
        chosen = infos[labels.index(item)]
        if confirm(
            self,
            title,
            _(
                "Databasen blir bytt ut med reservekopien {name}. Endringar gjort etter at "
                "kopien vart teken, blir borte frå databasen; den noverande fila blir "
                "teken vare på ved sida av. Halde fram?"
            ).format(name=chosen.path.name),
            _("Gjenopprett"),
        ):
            self.restore_from(chosen.path)

    def restore_from(self, backup: Path) -> None:
        """Close the Context, restore on the worker, open the database again."""
        from dvmeet.services.context import open_context
        from dvmeet.services.maintenance import RestoreOut, restore_database

        ctx = self.state.ctx
        if ctx is None or ctx.database_path is None:
            return
        target = ctx.database_path
        self.state.ctx = None  # nothing new is sent to the closing Context
        self.nav.setEnabled(False)
        self._busy_text(_("Gjenopprettar frå {name} …").format(name=backup.name))

        def job() -> tuple[RestoreOut | BaseException, Context]:
            ctx.close()
            outcome: RestoreOut | BaseException
            try:
                outcome = restore_database(backup, target)
            except Exception as exc:  # shown after the database is open again
                outcome = exc
            return outcome, open_context(target)

        def done(result: object) -> None:
            assert isinstance(result, tuple)
            outcome, new_ctx = result
            self.state.set_context(new_ctx)
            if isinstance(outcome, BaseException):
                show_error(self, outcome)
                return
            kept = (
                _("Den gamle databasen er teken vare på som {path}.").format(path=outcome.replaced)
                if outcome.replaced is not None
                else ""
            )
            self.state.message.emit(_("Databasen er gjenoppretta."))
            box = QMessageBox(self)
            box.setObjectName("restore_done")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(_("Gjenoppretta"))
            box.setText(
                _("Databasen er gjenoppretta frå {backup}.").format(backup=outcome.restored_from)
                + ("\n\n" + kept if kept else "")
            )
            box.open()

        self.state.run(job, done, self._open_failed)

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
            self.resize(1200, 780)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.state.settings.setValue("geometry", self.saveGeometry())
        self.state.settings.sync()
        self.state.close()
        super().closeEvent(event)


def _locate(target: str | None) -> tuple[bool, str]:
    """Runs on the worker: whether the database exists, and where it is (for the user)."""
    from dvmeet.services.maintenance import database_file_exists, database_location

    return database_file_exists(target), database_location(target)


def _open_context(target: str | None, view_module: str) -> Context:
    """Runs on the worker: open the database, and import the first view's module here too,
    so that the window does not stop while Python reads it."""
    from dvmeet.services.context import open_context

    ctx = open_context(target)
    importlib.import_module(view_module)
    return ctx


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
