"""Documents built, rendered and written: the one place a document is made.

The document models are built here (one function per document, context in, model out),
rendered by dvmeet.documents (model in, bytes out) and written whole or not at all. The
UI and the CLI call the export functions and only choose where to save.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services._files import Written, write_all, write_file
    from dvmeet.services.exports._archive import archive_package, export_archive
    from dvmeet.services.exports._calendar import calendar_document
    from dvmeet.services.exports._documents import (
        agreement_report_document,
        archive_meeting,
        attendance_document,
        cost_table_document,
        notice_document,
        registry_document,
        vote_results_document,
    )
    from dvmeet.services.exports._pages import (
        PublicPage,
        export_public_page,
        export_public_pages,
        public_page,
    )
    from dvmeet.services.exports._plain import PlainWritten, export_minutes_plain
    from dvmeet.services.exports._tables import export_members, export_reminders
    from dvmeet.services.exports._writing import (
        export_agreement_report,
        export_calendar,
        export_cost_table,
        export_document,
        export_minutes,
        export_notice,
        export_registry,
        export_vote_results,
        meeting_pdf,
    )
    from dvmeet.services.exports.models import (
        ArchivedFile,
        ArchiveResult,
        DocumentWritten,
        ExportResult,
    )

__all__ = [
    "ArchiveResult",
    "ArchivedFile",
    "DocumentWritten",
    "ExportResult",
    "PlainWritten",
    "PublicPage",
    "Written",
    "agreement_report_document",
    "archive_meeting",
    "archive_package",
    "attendance_document",
    "calendar_document",
    "cost_table_document",
    "export_agreement_report",
    "export_archive",
    "export_calendar",
    "export_cost_table",
    "export_document",
    "export_members",
    "export_minutes",
    "export_minutes_plain",
    "export_notice",
    "export_public_page",
    "export_public_pages",
    "export_registry",
    "export_reminders",
    "export_vote_results",
    "meeting_pdf",
    "notice_document",
    "public_page",
    "registry_document",
    "vote_results_document",
    "write_all",
    "write_file",
]
__getattr__ = open_door(__name__, __all__)
