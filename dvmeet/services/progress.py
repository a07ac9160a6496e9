"""Progress and cancelling for long work (backup, exports, import), without Qt.

A service that takes a while accepts a `Progress`, reports each step through it, and asks
it between steps whether the user has cancelled; then it raises `Cancelled` at a point
where stopping loses nothing (before anything is written, or inside a transaction that
is rolled back). The desktop app reports steps to a progress dialog and cancels from it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _

Report = Callable[[int, int, str], None]  # (done, total, what is being done now)


class Cancelled(DvmeetError):
    """The user cancelled; nothing has been written or changed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("Avbrote. Ingenting er endra."))


class Progress:
    def __init__(self, report: Report | None = None) -> None:
        self._report = report
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop (from any thread); it stops at its next step."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user has asked to stop."""
        if self._cancelled.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report how far the work has come, then stop here if cancelled."""
        if self._report is not None:
            self._report(done, total, text)
        self.check()


def quiet() -> Progress:
    """For callers that show no progress (the command line, tests)."""
    return Progress()
