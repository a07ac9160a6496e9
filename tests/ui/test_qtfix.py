"""PySide6 6.12 on CPython 3.11 loses a reference to None per invalid QVariant; the guard
in ui/qtfix.py keeps the interpreter alive through a long session of table painting."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
{guard}
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
app = QApplication([])
for _ in range(50_000):  # far more than None's own count (~5,000) at start
    QModelIndex().data()
print("alive")
"""


def run(guard: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(guard=guard)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_guard_keeps_none_alive() -> None:
    result = run("import ui")
    assert result.returncode == 0, result.stderr
    assert "alive" in result.stdout


def test_without_the_guard_the_bug_would_abort() -> None:
    result = run("")
    if sys.version_info >= (3, 12) or result.returncode == 0:
        return  # a PySide6 or Python without the bug: nothing to guard
    assert "deallocating None" in result.stderr
