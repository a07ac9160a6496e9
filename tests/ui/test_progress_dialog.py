"""Long work shows a progress dialog that can cancel it; short work shows none."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.paths import backup_dir
from dvmeet.services.progress import Progress
from ui.main_window import MainWindow
from ui.progress import run_with_progress
from ui.state import AppState

STEPS_TAKEN: list[int] = []


def slow_steps(_ctx: object, count: int, *, progress: Progress) -> int:
    for n in range(count):
        progress.step(n, count, f"Steg {n + 1} av {count}")
        STEPS_TAKEN.append(n)
        time.sleep(0.05)
    return count


def test_long_work_shows_progress_and_stops_when_cancelled(qtbot: QtBot, state: AppState) -> None:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    results: list[object] = []
    errors: list[BaseException] = []
    messages: list[str] = []
    state.message.connect(messages.append)
    STEPS_TAKEN.clear()
    run = run_with_progress(
        state, window, "Lagar mykje …", slow_steps, 200,
        on_done=results.append, on_error=errors.append,
    )  # fmt: skip
    dialog = run.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=30_000)
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=30_000)
    assert dialog.maximum() == 200 and "Steg" in dialog.labelText()
    with qtbot.waitSignal(run.cancelled, timeout=30_000):
        taken_at_cancel = len(STEPS_TAKEN)
        dialog.findChild(QPushButton).click()
    wait_idle(qtbot, state)
    # Counted, not timed: the work stops at its next step (the one under way may finish),
    # however slowly a busy machine runs it; without the cancel it would take all 200.
    assert taken_at_cancel <= len(STEPS_TAKEN) <= taken_at_cancel + 2 < 200
    assert results == [] and errors == []
    assert any("Avbrote" in m for m in messages)
    assert not dialog.isVisible()


def test_short_work_finishes_without_a_dialog(qtbot: QtBot, state: AppState) -> None:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    results: list[object] = []
    run_with_progress(
        state, window, "Lite", slow_steps, 1, on_done=results.append, on_error=pytest_fail
    )  # fmt: skip
    wait_idle(qtbot, state)
    assert results == [1]
    assert not any(d.isVisible() for d in QApplication.topLevelWidgets()
                   if isinstance(d, QProgressDialog))  # fmt: skip


def pytest_fail(exc: BaseException) -> None:
    raise AssertionError(f"unexpected failure: {exc}")


def test_backup_from_the_menu_writes_a_checked_copy(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    messages: list[str] = []
    state.message.connect(messages.append)
    window.backup_action.trigger()
    wait_idle(qtbot, state)
    made = [p for p in backup_dir().iterdir() if p.name.endswith("-manual.sqlite")]
    assert len(made) == 1
    assert any(str(made[0]) in m for m in messages)
