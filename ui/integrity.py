"""The full integrity check after the window is up, and the warning when it finds damage.

Opening runs SQLite's quick check; the full check (every page, every index entry against
its row) runs afterwards on a thread of its own with its own read-only connection, so the
window and the service worker carry on meanwhile. Closing the database (or the window, or a
restore) cancels it: SQLite looks at the cancel every thousand steps, and the thread is
waited for. PostgreSQL is not checked (the server keeps
its own pages).

Damage is shown in `DamageDialog`: one sentence naming what was found, and three choices:
restore from the newest good backup (the Fil menu's restore, with that backup), open the
backup folder, or continue.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _

if TYPE_CHECKING:
    from dvmeet.services.context import Context
    from dvmeet.services.maintenance import IntegrityOut
    from dvmeet.services.progress import Progress


class _Relay(QObject):
    """Carries one check's result from its thread. Parentless and held by the thread
    itself, so it lives as long as the thread may emit: the BackgroundCheck may be deleted
    with its window meanwhile (then Qt drops the connection and the emit reaches nobody),
    where an emit on the deleted BackgroundCheck itself could crash the process."""

    finished = Signal(int, object)  # generation, result or exception


class BackgroundCheck(QObject):
    """Runs `maintenance.integrity_check` for one open database at a time, on a Python
    thread of its own. Not a QThread (ui.worker's kind): a QThread still running when the
    window that owns it goes away aborts the process, and a check must outlive any order in
    which windows, tests and the application end. The result comes back by a queued signal;
    a result from a check cancelled since is dropped.

    The check runs only while a database is open, so while the window's AppState has its
    worker, which keeps Python's cyclic collector on the GUI thread (ui.collector): the
    check's thread never collects a cycle holding a widget. DatabaseLifecycle cancels the
    check before it closes the AppState."""

    damage_found = Signal(object)  # maintenance.IntegrityOut with problems
    checked = Signal(object)  # every finished check, clean or not (IntegrityOut)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._progress: Progress | None = None
        self._generation = 0

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, ctx: Context) -> None:
        """Check the file of `ctx` (a SQLite file only); a check still running is cancelled."""
        self.cancel()
        if ctx.database_path is None:
            return
        from dvmeet.services.maintenance import integrity_check
        from dvmeet.services.progress import Progress

        progress = Progress()
        self._progress = progress
        self._generation += 1
        generation = self._generation

        relay = _Relay()
        relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

        def run() -> None:
            result: object
            try:
                result = integrity_check(ctx, progress)
            except BaseException as exc:  # cancelled, or the file went away: not shown
                result = exc
            with contextlib.suppress(RuntimeError):  # the window has gone; nobody waits
                relay.finished.emit(generation, result)

        self._thread = threading.Thread(target=run, name="dvmeet-integrity", daemon=True)
        self._thread.start()

    def _on_finished(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # cancelled meanwhile (the thread was joined then)
        self._join()
        if isinstance(result, BaseException) or result is None:
            return
        self.checked.emit(result)
        if getattr(result, "problems", None):
            self.damage_found.emit(result)

    def cancel(self) -> None:
        """Stop a running check and wait for its thread: SQLite looks at the cancel every
        thousand steps, so this takes milliseconds. Nothing is reported from it."""
        self._generation += 1
        if self._progress is not None:
            self._progress.cancel()
        self._join()

    def _join(self) -> None:
        thread, self._thread = self._thread, None
        self._progress = None
        if thread is None:
            return
        thread.join()


class DamageDialog(QDialog):
    """The warning for a damaged file: what was found, and restore / open folder / continue."""

    restore_chosen = Signal(Path)  # the newest good backup

    def __init__(self, found: IntegrityOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found
        self.setObjectName("integrity_damage")
        self.setWindowTitle(_("Databasefila er skadd"))
        self.setAccessibleName(_("Databasefila er skadd"))
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.summary = QLabel(found.summary)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.advice = QLabel(self._advice())
        self.advice.setObjectName("advice")
        self.advice.setWordWrap(True)
        self.restore_button = QPushButton(_("Gjenopprett frå nyaste reservekopi"))
        self.restore_button.setObjectName("restore")
        self.restore_button.setEnabled(found.newest_good_backup is not None)
        self.folder_button = QPushButton(_("Opne mappa med reservekopiar"))
        self.folder_button.setObjectName("open_folder")
        self.continue_button = QPushButton(_("Hald fram"))
        self.continue_button.setObjectName("continue")
        self.continue_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        self.folder_button.clicked.connect(self.open_folder)
        self.continue_button.clicked.connect(self.reject)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self.summary)
        text.addWidget(self.advice)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)

    def _advice(self) -> str:
        found = self.found
        if found.newest_good_backup is None:
            return _(
                "Det finst ingen reservekopi som bestod den same kontrollen. Ta kontakt med "
                "brukarstøtta før du held fram med å endre i databasen."
            )
        taken = found.backup_taken_at
        backup = found.newest_good_backup.path.name
        when = f"{taken:%d.%m.%Y %H:%M}" if taken is not None else backup
        return _(
            "Nyaste gode reservekopi er frå {when}. Gjenopprettar du frå han, blir endringar "
            "gjorde etter det borte frå databasen; den skadde fila blir teken vare på ved sida "
            "av."
        ).format(when=when)

    def _restore(self) -> None:
        backup = self.found.newest_good_backup
        if backup is None:
            return
        self.accept()
        self.restore_chosen.emit(backup.path)

    def open_folder(self) -> bool:
        """Show the backup folder in the file manager (the dialog stays open)."""
        folder = self.found.backup_folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
