"""Cyclic garbage is collected on the GUI thread, never on the worker, where destroying a
widget kills the process."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from ui.collector import GuiThreadCollector
from ui.state import AppState


class Cycle:
    """Garbage only the cyclic collector can free; notes the thread that frees it."""

    freed_in: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


KEPT: list[list[int]] = []


def churn(_ctx: object) -> int:
    """Allocate (and keep) enough to pass Python's collection thresholds many times over."""
    KEPT.extend([i] for i in range(20_000))
    return len(KEPT)


def test_cycles_are_freed_on_the_gui_thread_only(qtbot: QtBot, state: AppState) -> None:
    collector = qtbot_app_collector()
    assert not gc.isenabled()
    Cycle.freed_in.clear()
    for _ in range(50):
        Cycle()
    state.call(churn)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: len(Cycle.freed_in) == 50, timeout=30_000)
    # freed by the GUI thread's collection, not by the worker that passed the thresholds
    assert set(Cycle.freed_in) == {threading.main_thread().name}
    KEPT.clear()
    assert collector.collect() == 0  # nothing left over


def qtbot_app_collector() -> GuiThreadCollector:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    found = app.findChild(GuiThreadCollector, "gui_thread_collector")
    assert found is not None
    return found


def test_python_collects_as_usual_once_the_last_worker_has_stopped(
    qtbot: QtBot, ui_settings: QSettings
) -> None:
    first, second = AppState(ui_settings), AppState(ui_settings)
    assert not gc.isenabled()
    first.close()
    first.close()  # twice is harmless
    assert not gc.isenabled()  # the second worker still runs
    second.close()
    assert gc.isenabled()
    qtbot.waitUntil(lambda: qtbot_app_collector_or_none() is None)
    again = AppState(ui_settings)
    assert not gc.isenabled() and qtbot_app_collector_or_none() is not None
    again.close()
    assert gc.isenabled()


def qtbot_app_collector_or_none() -> GuiThreadCollector | None:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    return app.findChild(GuiThreadCollector, "gui_thread_collector")
