"""Where the Avtale view saves its files (tests replace `choose_file`); the files are
made and written by dvmeet.services.exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

__all__ = ["choose_file"]


def choose_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Ask for a file to save to; None when the user cancels."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None
