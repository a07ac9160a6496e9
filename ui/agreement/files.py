"""Where the Avtale view saves its files (tests replace `choose_file`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from dvmeet.services.exports import write_file

__all__ = ["choose_file", "write_file"]


def choose_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Ask for a file to save to; None when the user cancels."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None
