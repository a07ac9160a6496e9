"""Writing a meeting's documents to a folder the user picks, through dvmeet.documents.

The documents package is being built alongside the UI; each renderer is looked up when it is
needed, so a missing one makes its action unavailable instead of breaking the view.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.context import Context

# (module, function) for each document; the first one present is used.
RENDERERS: dict[str, list[tuple[str, str]]] = {
    "notice_pdf": [("dvmeet.documents.notice", "notice_pdf")],
    "meeting_ics": [
        ("dvmeet.documents.ics", "meeting_ics"),
        ("dvmeet.documents.ics", "calendar_ics"),
    ],
    "minutes_pdf": [("dvmeet.documents.minutes", "minutes_pdf")],
    "archive_package": [("dvmeet.documents.archive", "export_archive")],
}


def renderer(name: str) -> Callable[..., Any] | None:
    for module, function in RENDERERS[name]:
        try:
            found = getattr(importlib.import_module(module), function, None)
        except ImportError:
            continue
        if callable(found):
            return found  # type: ignore[no-any-return]
    return None


def available(name: str) -> bool:
    return renderer(name) is not None


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask where to save (tests replace this function)."""
    path = QFileDialog.getExistingDirectory(parent, title)
    return Path(path) if path else None


def write_file(path: Path, data: bytes) -> Path:
    """Write whole or not at all: a half-written PDF is worse than none."""
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)
    return path


def _stem(ctx: Context, meeting_id: int) -> tuple[str, Any]:
    meeting = meetings.get_meeting(ctx, meeting_id)
    return f"{meeting.body_code} {meeting.date:%Y-%m-%d}", meeting


@dataclass(frozen=True)
class Written:
    files: list[Path]
    missing: list[str]  # documents that could not be made because no renderer exists


def export_notice(ctx: Context, meeting_id: int, folder: Path) -> Written:
    """The internal and the public notice (M-3, M-4) and the calendar file."""
    stem, meeting = _stem(ctx, meeting_id)
    files: list[Path] = []
    missing: list[str] = []
    notice = renderer("notice_pdf")
    if notice is None:
        missing.append(_("innkalling (PDF)"))
    else:
        for public, word in ((False, _("intern")), (True, _("offentleg"))):
            data = notice(ctx, meeting_id, public=public)
            files.append(write_file(folder / f"{_('Innkalling')} {stem} {word}.pdf", data))
    ics = renderer("meeting_ics")
    if ics is None:
        missing.append(_("kalenderfil"))
    else:
        if ics.__name__ == "meeting_ics":
            data = ics(ctx, meeting_id)
        else:  # the body's calendar for the year: still one file to import
            data = ics(ctx, body_code=meeting.body_code, year=meeting.date.year, public=True)
        files.append(write_file(folder / f"{_('Møte')} {stem}.ics", data))
    return Written(files, missing)


def export_minutes(ctx: Context, meeting_id: int, folder: Path, *, public: bool) -> Written:
    stem, _meeting = _stem(ctx, meeting_id)
    pdf = renderer("minutes_pdf")
    if pdf is None:
        return Written([], [_("møtebok (PDF)")])
    word = _("offentleg") if public else _("intern")
    data = pdf(ctx, meeting_id, public=public)
    return Written([write_file(folder / f"{_('Møtebok')} {stem} {word}.pdf", data)], [])


def export_archive(ctx: Context, meeting_id: int, folder: Path) -> Written:
    """PDF/A files, metadata.json and SHA256SUMS in a folder of their own (AR-1..AR-3)."""
    package = renderer("archive_package")
    if package is None:
        return Written([], [_("arkivpakke")])
    stem, _meeting = _stem(ctx, meeting_id)
    target = folder / f"{_('Arkivpakke')} {stem}"
    result = package(ctx, meeting_id, target)
    files = [target / str(getattr(f, "file", f)) for f in getattr(result, "files", [])]
    metadata = getattr(result, "metadata", None)
    if isinstance(metadata, Path):
        files.append(metadata)
    return Written(files or [target], [])
