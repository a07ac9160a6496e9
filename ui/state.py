"""What every view shares: the open database, the worker, settings, and change signals."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from dvmeet.services.areas import AREAS as AREAS  # the one list (standard library only)
from ui.collector import collect_on_gui_thread, worker_stopped
from ui.worker import Done, Failed, ServiceRunner

if TYPE_CHECKING:  # the core is imported after the window has painted (startup time)
    from dvmeet.services.context import Context


def _changes() -> ModuleType:
    """The change counter, imported when first used (on the worker)."""
    from dvmeet.services import changes

    return changes


POLL_INTERVAL_MS = 3000  # how often other users' changes are looked for


class AppState(QObject):
    """Views call services through `call`, never on the GUI thread, and never touch the ORM."""

    database_opened = Signal(str)
    database_closed = Signal()
    changed = Signal(str)  # one of AREAS: views showing that area reload
    message = Signal(str)  # a short note for the status bar

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        collect_on_gui_thread()  # before the worker thread starts running Python code
        self.runner = ServiceRunner(self)
        self._worker_released = False
        self.ctx: Context | None = None
        # The change counter (dvmeet.services.changes) as far as this window has seen it;
        # None until read after opening. Own writes move it on, so only others' show.
        self._seen: int | None = None
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_INTERVAL_MS)
        self.poll_timer.timeout.connect(self.poll_changes)

    @property
    def is_open(self) -> bool:
        return self.ctx is not None

    def call(
        self,
        service: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        label: str = "",
    ) -> int:
        """Run `service(ctx, *args)` on the worker. When it succeeds, `changed` is emitted
        for each area its writes changed, as the core recorded them (a read emits none)."""
        ctx = self.ctx
        if ctx is None:
            raise RuntimeError("no database open")

        def job() -> tuple[Any, set[str], int | None]:
            with ctx.recording_changes() as changed:
                result = service(ctx, *args)
            if not changed.areas:
                return result, set(), None
            try:
                return result, changed.areas, _changes().latest_change(ctx)
            except Exception:  # the write succeeded; the counter is only a hint
                return result, changed.areas, None

        def done(outcome: tuple[Any, set[str], int | None]) -> None:
            result, areas, counter = outcome
            if counter is not None and ctx is self.ctx and self._seen is not None:
                self._seen = max(self._seen, counter)  # own writes: the poll skips them
            if on_done is not None:
                on_done(result)
            for area in sorted(areas):
                self.changed.emit(area)

        return self.runner.call(job, done, on_error, label)

    def poll_changes(self) -> None:
        """Look for changes made by someone else; emit `changed` for each area touched.

        Runs on the worker, only with a database open and never while the worker is busy.
        """
        ctx = self.ctx
        if ctx is None or self.runner.busy:
            return
        last = self._seen
        if last is None:
            self._read_counter(ctx)
            return

        def done(outcome: tuple[int, set[str]]) -> None:
            counter, areas = outcome
            if ctx is not self.ctx or self._seen is None:
                return
            if counter <= self._seen:
                return
            self._seen = counter
            for area in sorted(areas):
                self.changed.emit(area)

        self.runner.call(lambda: _changes().poll(ctx, last), done, lambda _exc: None)

    def _read_counter(self, ctx: Context) -> None:
        def start(counter: int) -> None:
            if ctx is self.ctx and self._seen is None:
                self._seen = counter

        self.runner.call(lambda: _changes().latest_change(ctx), start, lambda _exc: None)

    def run(
        self,
        job: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> int:
        """Run any callable on the worker (opening a database, writing a file)."""
        return self.runner.call(job, on_done, on_error)

    def set_context(self, ctx: Context) -> None:
        old = self.ctx
        self.ctx = ctx
        self._seen = None
        if old is not None:
            self.runner.call(old.close)
        self._read_counter(ctx)
        self.poll_timer.start()
        self.database_opened.emit(ctx.display_name)

    def close(self) -> None:
        ctx, self.ctx = self.ctx, None
        self.poll_timer.stop()
        self._seen = None
        if ctx is not None:
            self.runner.call(ctx.close)
        self.runner.shutdown()
        if self.runner.stopped and not self._worker_released:
            self._worker_released = True
            worker_stopped()
