"""The archive package of a meeting (AR-1..AR-3): its documents as PDF/A, metadata.json
and SHA256SUMS, in a folder of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dvmeet.documents.archive import (
    CHECKSUMS,
    METADATA,
    ArchivedFile,
    ArchiveResult,
    archived_file,
    checksums,
    metadata_json,
    pdfa,
)
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.domain.enums import MeetingStatus
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services._files import Written, private_folder, write_all
from dvmeet.services.context import Context
from dvmeet.services.exports._documents import archive_meeting
from dvmeet.services.exports._writing import MeetingDocument, _stem, meeting_renderer
from dvmeet.services.progress import Progress, quiet


def archive_package(
    ctx: Context, meeting_id: int, directory: Path, progress: Progress | None = None
) -> ArchiveResult:
    """The package written to `directory`: the notice, and once the meeting is held the
    minutes and the attendance list, each internal and public. Every document is rendered
    before the folder is made and anything is written, so cancelling (through `progress`)
    leaves nothing behind; the files are written whole or not at all."""
    progress = progress or quiet()
    meeting = archive_meeting(ctx, meeting_id)
    status = meetings.get_meeting(ctx, meeting_id).status
    held = status in (MeetingStatus.HELD, MeetingStatus.APPROVED)

    def make(kind: MeetingDocument) -> Callable[[bool], PdfRenderer]:
        def renderer(public: bool) -> PdfRenderer:
            return meeting_renderer(ctx, kind, meeting_id, public=public)

        return renderer

    kinds = [("innkalling", "Innkalling", make("notice"))]
    if held:
        kinds += [
            ("moetebok", "Møtebok", make("minutes")),
            ("frammoeteliste", "Frammøteliste", make("attendance")),
        ]
    jobs = [(slug, kind, public, mk) for public in (False, True) for slug, kind, mk in kinds]
    files: list[ArchivedFile] = []
    made: list[tuple[Path, bytes]] = []
    for n, (slug, doc_type, public, mk) in enumerate(jobs):
        variant = "offentleg" if public else "intern"
        progress.step(n, len(jobs) + 1, f"{doc_type} ({variant}), PDF/A")
        renderer = mk(public)
        data = pdfa(renderer)
        f = archived_file(meeting, slug, doc_type, renderer.meta.title, public, data)
        files.append(f)
        made.append((directory / f.file, data))
    progress.step(len(jobs), len(jobs) + 1, METADATA)
    made.append((directory / METADATA, metadata_json(meeting, files)))
    made.append((directory / CHECKSUMS, checksums(files)))
    private_folder(directory)
    write_all(made)
    return ArchiveResult(directory=directory, files=files, metadata=directory / METADATA)


def export_archive(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """PDF/A files, metadata.json and SHA256SUMS in a folder of their own in `folder`."""
    target = folder / f"{_('Arkivpakke')} {_stem(ctx, meeting_id)}"
    result = archive_package(ctx, meeting_id, target, progress)
    return Written([target / f.file for f in result.files] + [result.metadata])
