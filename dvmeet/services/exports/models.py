"""What the export service returns."""

from __future__ import annotations

from pathlib import Path

from dvmeet.documents.archive import ArchivedFile, ArchiveResult
from dvmeet.services.models import Out

__all__ = ["ArchiveResult", "ArchivedFile", "DocumentWritten", "ExportResult"]


class DocumentWritten(Out):
    """A document saved as one file."""

    path: Path
    title: str
    public: bool

    @property
    def version_word(self) -> str:
        return "Offentleg versjon" if self.public else "Intern versjon"


class ExportResult(Out):
    """A table saved as one file, with the number of rows written."""

    path: Path
    rows: int
