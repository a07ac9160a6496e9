"""The public notice and the public møtebok as web pages (issue 20): one self-contained
HTML file each, for the website or an eInnsyn-style publication.

Always the public variant: the page is made from the public document model (O-2, B-4), the
same model the public PDF is made from, so closed content cannot reach it. Written whole or
not at all (`write_file`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dvmeet.domain.enums import MeetingStatus
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services._files import Written, write_all, write_file
from dvmeet.services.exports.models import DocumentWritten
from dvmeet.services.progress import Progress, quiet

if TYPE_CHECKING:
    from dvmeet.services.context import Context

__all__ = ["PublicPage", "export_public_page", "export_public_pages", "public_page"]

PublicPage = Literal["notice", "minutes"]


def public_page(ctx: Context, kind: PublicPage, meeting_id: int) -> tuple[str, bytes]:
    """(title, HTML) of the public notice or the public møtebok of a meeting."""
    from dvmeet.documents.html_public import minutes_page, notice_page

    if kind == "notice":
        from dvmeet.services.exports._documents import notice_document

        notice = notice_document(ctx, meeting_id, public=True)
        return notice.meta.title, notice_page(notice)
    if kind == "minutes":
        from dvmeet.services.minutes import minutes_document

        document = minutes_document(ctx, meeting_id, public=True)
        return document.meta.title, minutes_page(document)
    raise ValueError(kind)


def export_public_page(
    ctx: Context, kind: PublicPage, meeting_id: int, path: Path
) -> DocumentWritten:
    """The public notice or møtebok of a meeting as a web page to `path` (.html or .htm)."""
    from dvmeet.errors import InvalidInput

    allowed = (".html", ".htm")
    if path.suffix.lower() not in allowed:
        raise InvalidInput(
            _("Fila «{name}» må slutte på {suffixes}.").format(
                name=path.name, suffixes=" eller ".join(allowed)
            )
        )
    title, data = public_page(ctx, kind, meeting_id)
    write_file(path, data)
    return DocumentWritten(path=path, title=title, public=True)


def export_public_pages(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """The meeting's public web pages into `folder`: the notice, and the møtebok once the
    meeting is held ("Innkalling RS 2026-03-12 offentleg.html", "Møtebok … .html")."""
    progress = progress or quiet()
    meeting = meetings.get_meeting(ctx, meeting_id)
    stem = f"{meeting.body_code} {meeting.date:%Y-%m-%d} {_('offentleg')}"
    kinds: list[tuple[PublicPage, str]] = [("notice", _("Innkalling"))]
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.APPROVED):
        kinds.append(("minutes", _("Møtebok")))
    made: list[tuple[Path, bytes]] = []
    for n, (kind, word) in enumerate(kinds):
        progress.step(n, len(kinds) + 1, word)
        made.append((folder / f"{word} {stem}.html", public_page(ctx, kind, meeting_id)[1]))
    progress.step(len(kinds), len(kinds) + 1, _("Skriv filene"))
    return write_all(made)
