"""Documents built, rendered and written: the one place a document is made and saved, for
the UI and the CLI alike. A meeting's documents (the notice, internal and public, with its
calendar file; the minutes; the attendance list; the archive package), the registry, the
calendar, the vote results, the agreement status report and the cost table.

Every document is made first and written last, so a cancelled or failed export leaves the
folder as it was; each file is written whole or not at all (write_all).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services._files import Written, write_all, write_file
from dvmeet.services._sender import configured_sender
from dvmeet.services.exports.models import DocumentWritten, ExportResult
from dvmeet.services.progress import Progress, quiet

if TYPE_CHECKING:
    from dvmeet.documents.models import DocumentMeta
    from dvmeet.documents.renderer import PdfRenderer
    from dvmeet.services.context import Context

# Each function imports the renderer (and the model builder) of its own document only, so a
# command that makes one document does not load every renderer (PDF/A, the tables' XLSX).

__all__ = [
    "Written",
    "export_agreement_report",
    "export_calendar",
    "export_cost_table",
    "export_document",
    "export_minutes",
    "export_notice",
    "export_registry",
    "export_vote_results",
    "meeting_pdf",
    "write_all",
    "write_file",
]

MeetingDocument = Literal["notice", "minutes", "attendance"]


def _stem(ctx: Context, meeting_id: int) -> str:
    meeting = meetings.get_meeting(ctx, meeting_id)
    return f"{meeting.body_code} {meeting.date:%Y-%m-%d}"


def _variant(public: bool) -> str:
    return _("offentleg") if public else _("intern")


def meeting_renderer(
    ctx: Context, kind: MeetingDocument, meeting_id: int, *, public: bool
) -> PdfRenderer:
    """The renderer of one of a meeting's documents, its model built here."""
    if kind == "notice":
        from dvmeet.documents.notice import NoticeRenderer
        from dvmeet.services.exports._documents import notice_document

        return NoticeRenderer(notice_document(ctx, meeting_id, public=public))
    if kind == "minutes":
        from dvmeet.documents.minutes import MinutesRenderer
        from dvmeet.services.minutes import minutes_document

        return MinutesRenderer(minutes_document(ctx, meeting_id, public=public))
    from dvmeet.documents.attendance_list import AttendanceRenderer
    from dvmeet.services.exports._documents import attendance_document

    return AttendanceRenderer(attendance_document(ctx, meeting_id, public=public))


def meeting_pdf(
    ctx: Context, kind: MeetingDocument, meeting_id: int, *, public: bool, pdfa: bool = False
) -> bytes:
    """The notice, minutes or attendance list of a meeting as PDF (or PDF/A-2b)."""
    return _pdf(meeting_renderer(ctx, kind, meeting_id, public=public), pdfa)


def _pdf(renderer: PdfRenderer, pdfa: bool) -> bytes:
    data = renderer.render()
    if not pdfa:
        return data
    from dvmeet.documents.pdfa import to_pdfa

    return to_pdfa(data, renderer.meta)


def _saved(path: Path, meta: DocumentMeta) -> DocumentWritten:
    return DocumentWritten(path=path, title=meta.title, public=meta.public)


def export_notice(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """The internal and the public notice (M-3, M-4) and the meeting's calendar file."""
    from dvmeet.documents.ics import calendar_ics
    from dvmeet.services.exports._calendar import calendar_document

    progress = progress or quiet()
    stem = _stem(ctx, meeting_id)
    made: list[tuple[Path, bytes]] = []
    for n, public in enumerate((False, True)):
        progress.step(n, 3, _("Innkalling ({variant})").format(variant=_variant(public)))
        data = meeting_pdf(ctx, "notice", meeting_id, public=public)
        made.append((folder / f"{_('Innkalling')} {stem} {_variant(public)}.pdf", data))
    progress.step(2, 3, _("Kalenderfil"))
    calendar = calendar_ics(
        calendar_document(ctx, meeting_id=meeting_id), organizer=configured_sender()
    )
    made.append((folder / f"{_('Møte')} {stem}.ics", calendar))
    progress.step(3, 3, _("Skriv filene"))
    return write_all(made)


def export_minutes(
    ctx: Context, meeting_id: int, folder: Path, *, public: bool, progress: Progress | None = None
) -> Written:
    from dvmeet.documents.minutes import minutes_pdf
    from dvmeet.services.minutes import minutes_document

    progress = progress or quiet()
    progress.step(0, 1, _("Møtebok ({variant})").format(variant=_variant(public)))
    data = minutes_pdf(minutes_document(ctx, meeting_id, public=public))
    progress.step(1, 1, _("Skriv fila"))
    name = f"{_('Møtebok')} {_stem(ctx, meeting_id)} {_variant(public)}.pdf"
    return write_all([(folder / name, data)])


def export_document(
    ctx: Context,
    kind: MeetingDocument,
    meeting_id: int,
    path: Path,
    *,
    public: bool,
    pdfa: bool = False,
) -> DocumentWritten:
    """One of a meeting's documents to the file `path` (PDF, or PDF/A-2b)."""
    renderer = meeting_renderer(ctx, kind, meeting_id, public=public)
    write_file(path, _pdf(renderer, pdfa))
    return _saved(path, renderer.meta)


def export_registry(
    ctx: Context, body_code: str, path: Path, on_date: dt.date | None = None, *, pdfa: bool = False
) -> DocumentWritten:
    """The members and ranked deputies of a body on a day as PDF (R-1)."""
    from dvmeet.documents.registry_pdf import RegistryRenderer
    from dvmeet.services.exports._documents import registry_document

    renderer = RegistryRenderer(registry_document(ctx, body_code, on_date))
    write_file(path, _pdf(renderer, pdfa))
    return _saved(path, renderer.meta)


def export_calendar(
    ctx: Context,
    path: Path,
    *,
    body_code: str | None = None,
    public: bool = True,
    year: int | None = None,
) -> Written:
    """The meetings (of a body, of a year) as an iCalendar file."""
    from dvmeet.documents.ics import calendar_ics
    from dvmeet.services.exports._calendar import calendar_document

    document = calendar_document(ctx, body_code=body_code, public=public, year=year)
    return write_all([(path, calendar_ics(document, organizer=configured_sender()))])


def export_vote_results(ctx: Context, meeting_id: int, path: Path, *, public: bool) -> ExportResult:
    """The votes of a meeting as .csv (UTF-8 with BOM, semicolons) or .xlsx."""
    from dvmeet.documents.tables import check_suffix, table_bytes
    from dvmeet.documents.vote_results import vote_results_table
    from dvmeet.services.exports._documents import vote_results_document

    suffix = check_suffix(path.name)
    document = vote_results_document(ctx, meeting_id, public=public)
    write_file(path, table_bytes(vote_results_table(document.rows), suffix))
    return ExportResult(path=path, rows=len(document.rows))


def export_agreement_report(
    ctx: Context, path: Path, today: dt.date, days_before: int = 14
) -> DocumentWritten:
    """The status of the agreement process for the steering group, as PDF."""
    from dvmeet.documents.agreement_report import AgreementReportRenderer
    from dvmeet.services.exports._documents import agreement_report_document

    renderer = AgreementReportRenderer(agreement_report_document(ctx, today, days_before))
    write_file(path, renderer.render())
    return _saved(path, renderer.meta)


def export_cost_table(ctx: Context, year: int, path: Path) -> ExportResult:
    """The cost-share table of a budget year as .pdf, or as .xlsx or .csv (numbers as
    numbers; the last row is the sum)."""
    from dvmeet.documents.cost_table import CostTableRenderer, cost_table_sheet
    from dvmeet.documents.tables import check_suffix, table_bytes
    from dvmeet.services.exports._documents import cost_table_document

    suffix = check_suffix(path.name, (".pdf", ".xlsx", ".csv"))
    document = cost_table_document(ctx, year)
    if suffix == ".pdf":
        data = CostTableRenderer(document).render()
    else:
        data = table_bytes(cost_table_sheet(document), suffix)
    write_file(path, data)
    return ExportResult(path=path, rows=len(document.lines))
