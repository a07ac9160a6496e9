"""Python's cyclic garbage collector runs on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is passed. On
the worker (SQLAlchemy allocates a lot) it can collect a cycle that holds a widget, and
then the widget is destroyed outside the GUI thread: the process dies with a segmentation
fault ("Garbage-collecting" in the worker's stack; seen in the UI tests about one run in
five). So automatic collection is switched off, and the GUI thread collects on a timer,
with Python's own thresholds: the same work, always on the thread that owns the widgets.
Objects freed by reference counting alone are not affected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("gui_thread_collector")
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def stop(self) -> None:
        """Back to Python's own collection (no worker thread is left)."""
        self._timer.stop()
        self.setObjectName("")  # a new worker gets a new collector, not this one
        gc.enable()
        self.deleteLater()

    def collect(self) -> int:
        """Collect the generations Python itself would have collected by now."""
        young, middle, old = gc.get_count()
        limit0, limit1, limit2 = self._thresholds
        if young <= limit0:
            return 0
        generation = 2 if old > limit2 else 1 if middle > limit1 else 0
        return gc.collect(generation)


_users = 0  # worker threads alive that run Python code


def _collector(app: QCoreApplication | None) -> GuiThreadCollector | None:
    if app is None:
        return None
    return app.findChild(GuiThreadCollector, "gui_thread_collector")


def collect_on_gui_thread() -> None:
    """Switch the collector to the GUI thread; call it on the GUI thread before starting a
    thread that runs Python code, and `worker_stopped` once that thread has ended."""
    global _users
    app = QCoreApplication.instance()
    if app is None:
        return
    _users += 1
    if _collector(app) is None:
        GuiThreadCollector(app)


def worker_stopped() -> None:
    """A worker thread has ended; with none left, Python collects as usual again."""
    global _users
    _users = max(0, _users - 1)
    found = _collector(QCoreApplication.instance())
    if _users == 0 and found is not None:
        found.stop()
