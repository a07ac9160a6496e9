"""What every view shares: the open database, the worker, settings, and change signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from dvmeet.services.context import Context
from ui.worker import Done, Failed, ServiceRunner

AREAS = ("meetings", "registry", "documents", "minutes", "agreement")


class AppState(QObject):
    """Views call services through `call`, never on the GUI thread, and never touch the ORM."""

    database_opened = Signal(str)
    database_closed = Signal()
    changed = Signal(str)  # one of AREAS: views showing that area reload
    message = Signal(str)  # a short note for the status bar

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = ServiceRunner(self)
        self.ctx: Context | None = None

    @property
    def is_open(self) -> bool:
        return self.ctx is not None

    def call(
        self,
        service: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        changes: str | None = None,
        label: str = "",
    ) -> int:
        """Run `service(ctx, *args)` on the worker; announce `changes` when it succeeds."""
        ctx = self.ctx
        if ctx is None:
            raise RuntimeError("no database open")

        def done(result: Any) -> None:
            if on_done is not None:
                on_done(result)
            if changes is not None:
                self.changed.emit(changes)

        return self.runner.call(lambda: service(ctx, *args), done, on_error, label)

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
        if old is not None:
            self.runner.call(old.close)
        self.database_opened.emit(ctx.display_name)

    def close(self) -> None:
        ctx, self.ctx = self.ctx, None
        if ctx is not None:
            self.runner.call(ctx.close)
        self.runner.shutdown()
