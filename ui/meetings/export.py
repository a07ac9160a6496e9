"""Where a meeting's documents are written: the folder the user picks.

The documents themselves are made and written by dvmeet.services.exports, on the worker,
with a progress dialog (ui.progress)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask where to save (tests replace this function)."""
    path = QFileDialog.getExistingDirectory(parent, title)
    return Path(path) if path else None
