"""The public notice and the public møtebok as web pages (issue 20): one self-contained
HTML file each, for the website or an eInnsyn-style publication.

Always the public variant: the page is made from the public document model (O-2, B-4), the
same model the public PDF is made from, so closed content cannot reach it. Written whole or
not at all (`write_file`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dvmeet.i18n import _
from dvmeet.services._files import write_file
from dvmeet.services.exports.models import DocumentWritten

if TYPE_CHECKING:
    from dvmeet.services.context import Context

__all__ = ["PublicPage", "export_public_page", "public_page"]

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
