"""Long work (backup, exports, import) with a progress dialog that can cancel it.

The service runs on the worker like every other call and reports its steps through a
`dvmeet.services.progress.Progress`; the dialog shows them and asks the work to stop.
Short work finishes before the dialog would appear, so it never flashes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from dvmeet.i18n import _
from ui.state import AppState

if TYPE_CHECKING:
    from dvmeet.services.progress import Progress

SHOW_AFTER_MS = 400


class ProgressRun(QObject):
    """One long call: its dialog, and the bridge that carries steps from the worker."""

    reported = Signal(int, int, str)  # emitted on the worker, delivered on the GUI thread
    cancelled = Signal()  # the work stopped because the user asked it to

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        from dvmeet.services.progress import Progress

        self.progress: Progress = Progress(self.reported.emit)
        self.dialog = QProgressDialog(title, _("Avbryt"), 0, 0, parent)
        self.dialog.setObjectName("progress_dialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self._cancel)
        self.reported.connect(self._show_step, Qt.ConnectionType.QueuedConnection)
        self._title = title

    def _show_step(self, done: int, total: int, text: str) -> None:
        if self.progress.cancelled:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if text:
            self.dialog.setLabelText(f"{self._title}\n{text}")

    def _cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText(_("Avbryt …"))

    def finish(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()


def run_with_progress(
    state: AppState,
    parent: QWidget,
    title: str,
    service: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> ProgressRun:
    """Run `service(ctx, *args, progress=...)` on the worker with a progress dialog.

    A cancelled run reports "Avbrote" in the status bar and calls neither callback."""
    run = ProgressRun(parent, title)

    def done(result: object) -> None:
        run.finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        from dvmeet.services.progress import Cancelled

        run.finish()
        if isinstance(exc, Cancelled):
            state.message.emit(exc.message)
            run.cancelled.emit()
            return
        on_error(exc)

    def job(ctx: object) -> object:
        return service(ctx, *args, progress=run.progress)

    state.call(job, on_done=done, on_error=failed, label=title)
    return run
