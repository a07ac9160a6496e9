"""Screenshots of the Avtale view, a municipality's dialog and the cost table (1200x780),
for scripts/screenshots.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ui.agreement.view import AgreementView

SIZE = (1200, 780)
DIALOG_SIZE = (760, 640)


def _wait(until: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the Avtale view did not finish loading")
        time.sleep(0.01)
    QApplication.processEvents()


def _find_view(window_or_view: QWidget) -> tuple[QWidget, AgreementView]:
    """The widget to grab and the Avtale view in it (a main window is switched to it)."""
    if isinstance(window_or_view, AgreementView):
        return window_or_view, window_or_view
    show_view = getattr(window_or_view, "show_view", None)
    if show_view is None:
        raise TypeError("give the main window or an AgreementView")
    show_view("agreement")
    view = window_or_view.view("agreement")  # type: ignore[attr-defined]
    assert isinstance(view, AgreementView)
    return window_or_view, view


def save_screens(window_or_view: QWidget, out_dir: Path | str) -> list[Path]:
    """Save agreement.png (the overview), agreement-municipality.png (the dialog of the
    first municipality that has a decision, else the first) and cost-table.png."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    top, view = _find_view(window_or_view)
    state = view.state
    top.resize(*SIZE)
    top.show()
    _wait(lambda: not state.runner.busy)
    view.tabs.setCurrentIndex(0)
    _wait(lambda: not state.runner.busy)
    paths = [out / "agreement.png", out / "agreement-municipality.png", out / "cost-table.png"]
    top.grab().save(str(paths[0]))

    panel = view.process
    number = None
    for row in panel.model.rows:
        if row.status.council_outcome is not None or row.status.feedback_received_on:
            number = row.status.municipality_number
            break
    if number is None and panel.model.rows:
        number = panel.model.rows[0].status.municipality_number
    if number is not None:
        dialog = panel.open_municipality(number)
        if dialog is not None:
            dialog.resize(*DIALOG_SIZE)
            _wait(lambda: dialog.detail is not None and not state.runner.busy)
            dialog.grab().save(str(paths[1]))
            dialog.close()
            dialog.deleteLater()
    view.tabs.setCurrentIndex(1)
    _wait(lambda: not state.runner.busy and not view.costs.timer.isActive())
    top.grab().save(str(paths[2]))
    view.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    return [p for p in paths if p.exists()]
