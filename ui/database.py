"""The database behind the window: first run, the first look, opening on the worker, what
to do when it cannot be opened, backups, restoring and closing.

The window owns one `DatabaseLifecycle` and arranges its views from the signals: `busy`
(what to show while the database opens), `peeked` (what the Møte view shows at open, read
straight from the file: the window builds the view from it while the core loads),
`opened`, `closed`, `failed`, `quit_chosen`.
Like the window, this module is imported before the first paint: it imports neither the
core (SQLAlchemy, pydantic: they are imported on the worker) nor the Qt namespace.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from dvmeet.i18n import _
from ui.errors import confirm, describe, show_error
from ui.first_run import Choice, cannot_open_dialog, first_run_dialog
from ui.state import AppState

if TYPE_CHECKING:
    from dvmeet.services.context import Context
    from dvmeet.services.maintenance import RestoreOut
    from ui.integrity import BackgroundCheck

PAINT_GRACE_MS = 250  # the first look opens the database after its paint, or after this


class DatabaseLifecycle(QObject):
    """Opens, creates, backs up, restores and closes the database of `state`.

    Dialogs (first run, cannot open, file choosers, the backup list) are parented to
    `window`. `first_look` says whether the Møte view is shown first, so that its meeting
    list is worth reading from the file before the core has loaded; `first_module` names
    the module of the view shown first, imported on the worker while the database opens.
    """

    busy = Signal(str)  # opening, creating or restoring: the text to show meanwhile
    peeked = Signal(object)  # services.peek.MeetingListPeek: the Møte view is built from it
    opened = Signal(str)  # a database is open: its name for the user
    closed = Signal()  # the open database was closed (to restore it, or at the end)
    failed = Signal(str)  # it could not be opened: why (the cannot-open dialog follows)
    created = Signal()  # a new, empty database was created and opened: the guide follows
    quit_chosen = Signal()  # the user chose Avslutt in the first-run or cannot-open dialog

    def __init__(
        self,
        state: AppState,
        window: QWidget,
        database: str | None = None,
        *,
        first_look: Callable[[], bool] = lambda: False,
        first_module: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.state = state
        self.window = window
        self._database_arg = database
        self._first_look = first_look
        self._first_module = first_module
        self._pending_open: str | None = None
        self.integrity: BackgroundCheck | None = None  # made when the first database opens
        state.database_opened.connect(self.opened)
        state.database_opened.connect(self._check_in_background)

    # --- start and first run ----------------------------------------------------------

    def start(self) -> None:
        """Open the database after the window has painted (first run asks first)."""
        from dvmeet.services.peek import plain_sqlite_path

        target = self._database_arg or self.state.settings.value("database") or None
        target = str(target) if target else None
        path = plain_sqlite_path(target)
        if path is None:  # a database URL: the core reads it, on the worker
            self.state.run(lambda: _locate(target), partial(self._located, target), self._failed)
        elif path.exists():
            self.open(str(path), first_look=True)
        else:
            self._first_run(str(path))

    def _located(self, target: str | None, found: tuple[bool, str]) -> None:
        exists, location = found
        if exists:
            self.open(target)
        else:
            self._first_run(str(location))

    def _first_run(self, path: str) -> None:
        dialog = first_run_dialog(self.window, path)
        dialog.exec()
        self._act_on(dialog.choice, path)

    def _act_on(self, choice: Choice, path: str | None = None) -> None:
        if choice is Choice.CREATE:
            if path:
                self.create(path)
            else:
                self.new_database()
        elif choice is Choice.DEMO:
            self.open_demo()
        elif choice is Choice.OPEN:
            if not self.open_file():  # no file chosen: the first-run choices again
                self._ask_again()
        else:
            self.quit_chosen.emit()

    def _ask_again(self) -> None:
        from dvmeet.paths import default_database_path

        self._first_run(str(default_database_path()))

    # --- opening ----------------------------------------------------------------------

    def open(self, target: str | None, first_look: bool = False) -> None:
        """Open on the worker. With `first_look`, what the Møte view shows at open is read
        first, straight from the file, and offered by `peeked` while the core loads (see
        services.peek); the view's module is imported on the worker with it."""
        self.busy.emit(_("Opnar {name} …").format(name=target or _("databasen")))
        if not (first_look and target and self._first_look()):
            self._open_now(target)
            return
        from ui.meetings.list_panel import saved_year

        path = Path(target)
        body = self.state.settings.value("meetings/body")
        year = saved_year(self.state.settings)
        self.state.run(
            lambda: _peek(path, str(body) if body else None, year),
            partial(self._peeked, target),
            lambda _exc: self._open_now(target),
        )

    def _peeked(self, target: str, peek: object) -> None:
        if peek is None or self.state.is_open:
            self._open_now(target)
            return
        # The core loads once the view is on the screen (`first_look_painted`): importing
        # it on the worker while the window builds and paints the view would slow that
        # (both need the interpreter).
        self._pending_open = target
        self.peeked.emit(peek)
        QTimer.singleShot(PAINT_GRACE_MS, self.first_look_painted)  # hidden windows never paint

    def first_look_painted(self) -> None:
        """The first look is on the screen: open the database now (once)."""
        target, self._pending_open = self._pending_open, None
        if target is not None:
            self._open_now(target)

    def _open_now(self, target: str | None) -> None:
        module = self._first_module()
        self.state.run(lambda: _open_context(target, module), self._opened(target), self._failed)

    def create(self, target: str) -> None:
        from dvmeet.services.maintenance import create_database

        self.busy.emit(_("Opprettar databasen …"))
        opened = self._opened(target)

        def done(ctx: object) -> None:
            opened(ctx)
            self.created.emit()

        self.state.run(lambda: create_database(target), done, self._failed)

    def open_demo(self) -> None:
        from dvmeet.services.maintenance import demo_database_path, open_demo

        self.busy.emit(_("Lagar demodata … (det tek nokre sekund)"))
        path = str(demo_database_path())
        self.state.run(lambda: open_demo(), self._opened(path), self._failed)

    def _opened(self, target: str | None) -> Callable[[object], None]:
        def done(ctx: object) -> None:
            from dvmeet.services.context import Context

            assert isinstance(ctx, Context)
            if target is not None:
                self.state.settings.setValue("database", target)
            self.state.set_context(ctx)  # AppState.database_opened, so `opened`

        return done

    def _failed(self, exc: BaseException) -> None:
        message = describe(exc)
        self.failed.emit(message)
        dialog = cannot_open_dialog(self.window, message)
        dialog.exec()
        self._act_on(dialog.choice)

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Ny database"), "dvmeet.sqlite", _("dvmeet-database (*.sqlite)")
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self.window,
                    _("Fila finst"),
                    _("Vel eit namn på ei fil som ikkje finst frå før."),
                )
                return
            self.create(path)

    def open_file(self) -> bool:
        """Ask for a database file and open it; False if none was chosen."""
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Opne database"),
            "",
            _("dvmeet-database (*.sqlite *.db);;Alle filer (*)"),
        )
        if not path:
            return False
        self.open(path)
        return True

    # --- backup and restore -----------------------------------------------------------

    def backup(self) -> None:
        from dvmeet.services.maintenance import backup_now
        from ui.progress import run_with_progress

        if not self.state.is_open:
            return
        run_with_progress(
            self.state,
            self.window,
            _("Tek reservekopi …"),
            backup_now,
            on_done=lambda result: self.state.message.emit(
                _("Reservekopi teken: {path}").format(path=result.path)
            ),
            on_error=lambda exc: show_error(self.window, exc),
        )

    def restore_backup(self) -> None:
        """Pick a backup, confirm, and put it in place of the open database."""
        from dvmeet.services.maintenance import backups

        ctx = self.state.ctx
        if ctx is None:
            return
        if ctx.database_path is None:
            QMessageBox.information(
                self.window,
                _("Gjenopprett frå reservekopi"),
                _(
                    "Gjenoppretting frå dvmeet gjeld SQLite-filer. Ein PostgreSQL-tenar "
                    "blir gjenoppretta med pg_restore av driftsansvarleg."
                ),
            )
            return
        self.state.run(
            backups,
            on_done=self._choose_backup,
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _choose_backup(self, found: object) -> None:
        from dvmeet.services.maintenance import BackupInfo

        assert isinstance(found, list)
        infos = [b for b in found if isinstance(b, BackupInfo)]
        title = _("Gjenopprett frå reservekopi")
        if not infos:
            QMessageBox.information(self.window, title, _("Det finst ingen reservekopiar enno."))
            return
        labels = [
            _("{name} ({reason}, {size} kB)").format(
                name=b.path.name, reason=b.reason, size=max(1, b.size // 1024)
            )
            for b in infos
        ]
        item, ok = QInputDialog.getItem(
            self.window,
            title,
            _("Vel reservekopien som skal brukast (nyaste først):"),
            labels,
            0,
            False,
        )
        if not ok or item not in labels:
            return
        chosen = infos[labels.index(item)]
        if confirm(
            self.window,
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
        from dvmeet.services.maintenance import restore_database

        ctx = self.state.ctx
        if ctx is None or ctx.database_path is None:
            return
        target = ctx.database_path
        self._cancel_check()  # its connection must not hold the file being replaced
        self.state.ctx = None  # nothing new is sent to the closing Context
        self.closed.emit()
        self.busy.emit(_("Gjenopprettar frå {name} …").format(name=backup.name))

        def job() -> tuple[RestoreOut | BaseException, Context]:
            ctx.close()
            outcome: RestoreOut | BaseException
            try:
                outcome = restore_database(backup, target)
            except Exception as exc:  # shown after the database is open again
                outcome = exc
            return outcome, open_context(target)

        self.state.run(job, self._restored, self._failed)

    def _restored(self, result: object) -> None:
        assert isinstance(result, tuple)
        outcome, new_ctx = result
        self.state.set_context(new_ctx)
        if isinstance(outcome, BaseException):
            show_error(self.window, outcome)
            return
        kept = (
            _("Den gamle databasen er teken vare på som {path}.").format(path=outcome.replaced)
            if outcome.replaced is not None
            else ""
        )
        self.state.message.emit(_("Databasen er gjenoppretta."))
        box = QMessageBox(self.window)
        box.setObjectName("restore_done")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Gjenoppretta"))
        box.setText(
            _("Databasen er gjenoppretta frå {backup}.").format(backup=outcome.restored_from)
            + ("\n\n" + kept if kept else "")
        )
        box.open()

    # --- the full check after open ----------------------------------------------------

    def _check_in_background(self, _name: str = "") -> None:
        """Run the full integrity check of the file just opened (see ui.integrity), once the
        window has arranged its views."""
        QTimer.singleShot(0, self._start_check)

    def _start_check(self) -> None:
        from ui.integrity import BackgroundCheck

        ctx = self.state.ctx
        if ctx is None:
            return
        if self.integrity is None:
            self.integrity = BackgroundCheck(self)
            self.integrity.damage_found.connect(self._damage_found)
        self.integrity.start(ctx)

    def _cancel_check(self) -> None:
        if self.integrity is not None:
            self.integrity.cancel()

    def _damage_found(self, found: object) -> None:
        from ui.integrity import DamageDialog

        dialog = DamageDialog(found, self.window)  # type: ignore[arg-type]
        notice = self.state.ctx.read_only_notice if self.state.ctx is not None else None
        if notice is not None:  # a file that cannot be written cannot be replaced either
            dialog.restore_button.setEnabled(False)
            dialog.restore_button.setToolTip(notice)
        dialog.restore_chosen.connect(self.restore_from)
        dialog.open()

    # --- closing ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the database and stop the worker (the window is closing)."""
        self._cancel_check()
        was_open = self.state.is_open
        self.state.close()
        if was_open:
            self.closed.emit()


def _locate(target: str | None) -> tuple[bool, str]:
    """Runs on the worker: whether the database exists, and where it is (for the user)."""
    from dvmeet.services.maintenance import database_file_exists, database_location

    return database_file_exists(target), database_location(target)


def _peek(path: Path, body: str | None, year: int) -> object:
    """Runs on the worker: what the Møte view shows at open, straight from the file (or
    None), and the view's module (Qt and the standard library only: the core comes later),
    so that the window does not stop while Python reads it."""
    from dvmeet.services.peek import peek_meeting_list

    peek = peek_meeting_list(path, body, year)
    if peek is not None:
        importlib.import_module("ui.meetings.view")
    return peek


def _open_context(target: str | None, view_module: str | None) -> Context:
    """Runs on the worker: open the database, and import the first view's module here too,
    so that the window does not stop while Python reads it."""
    from dvmeet.services.context import open_context

    ctx = open_context(target)
    if view_module is not None:
        importlib.import_module(view_module)
    return ctx
