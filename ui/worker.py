"""One background worker for every database and PDF call (SQLite has one writer).

A call is a plain Python callable; its result (or exception) comes back on the GUI thread
through a signal, to the callbacks given with the call.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger("ui.worker")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Worker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def run(self, job_id: int, job: Callable[[], Any]) -> None:
        try:
            result = job()
        except BaseException as exc:  # delivered to the caller, who decides what to show
            self.failed.emit(job_id, exc)
        else:
            self.finished.emit(job_id, result)


@dataclass
class _Pending:
    on_done: Done | None
    on_error: Failed | None
    label: str


def _deliver(callback: Callable[[Any], None], value: object) -> None:
    """Call back, unless the widget that asked has been closed in the meantime."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.debug("Result for a closed widget dropped: %s", exc)


class ServiceRunner(QObject):
    """Runs callables one at a time on a worker thread; results arrive as signals."""

    _submit = Signal(int, object)
    busy_changed = Signal(bool)
    idle = Signal()
    error = Signal(object)  # failures nobody handled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("dvmeet-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def call(
        self,
        job: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        label: str = "",
    ) -> int:
        job_id = next(self._ids)
        was_busy = self.busy
        self._pending[job_id] = _Pending(on_done, on_error, label)
        if not was_busy:
            self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    def _finish(self, job_id: int) -> _Pending | None:
        pending = self._pending.pop(job_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
            self.idle.emit()
        return pending

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        pending = self._pending.get(job_id)
        try:
            if pending is not None and pending.on_done is not None:
                _deliver(pending.on_done, result)
        finally:
            self._finish(job_id)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: object) -> None:
        pending = self._pending.get(job_id)
        assert isinstance(exc, BaseException)
        try:
            if pending is not None and pending.on_error is not None:
                _deliver(pending.on_error, exc)
            else:
                self.error.emit(exc)
        finally:
            self._finish(job_id)

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait(10_000)

    @property
    def stopped(self) -> bool:
        return self._thread.isFinished()
