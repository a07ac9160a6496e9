"""What the export service returns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvmeet.documents.models import version_word
from dvmeet.services.models import Out

if TYPE_CHECKING:
    from dvmeet.documents.archive import ArchivedFile, ArchiveResult

__all__ = ["ArchiveResult", "ArchivedFile", "DocumentWritten", "ExportResult"]


class DocumentWritten(Out):
    """A document saved as one file."""

    path: Path
    title: str
    public: bool

    @property
    def version_word(self) -> str:
        return version_word(self.public)


class ExportResult(Out):
    """A table saved as one file, with the number of rows written."""

    path: Path
    rows: int


def __getattr__(name: str) -> Any:
    """The archive's models, loaded on first use: importing them loads the PDF/A writer,
    which a command that writes one PDF does not need."""
    if name in ("ArchivedFile", "ArchiveResult"):
        from dvmeet.documents import archive

        return getattr(archive, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
