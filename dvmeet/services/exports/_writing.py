"""A meeting's documents written to a folder the user picks: the notice (internal, public,
calendar file), the minutes, the archive package.

Every document is made first and written last, so a cancelled or failed export leaves the
folder as it was; each file is written whole or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.context import Context
from dvmeet.services.progress import Progress, quiet


@dataclass(frozen=True)
class Written:
    files: list[Path]

    @property
    def folder(self) -> Path | None:
        return self.files[0].parent if self.files else None


def _stem(ctx: Context, meeting_id: int) -> str:
    meeting = meetings.get_meeting(ctx, meeting_id)
    return f"{meeting.body_code} {meeting.date:%Y-%m-%d}"


def _variant(public: bool) -> str:
    return _("offentleg") if public else _("intern")


def write_all(files: list[tuple[Path, bytes]]) -> Written:
    """Write every file whole, or none of them: each goes to a .part file first; only when
    all are on disk do they take their names, and a failure then puts back what was there."""
    parts: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # (file, the earlier file set aside)
    try:
        for path, data in files:
            part = path.with_name(path.name + ".part")
            parts.append((part, path))
            with open(part, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for part, path in parts:
            earlier = None
            if path.is_file():
                earlier = path.with_name(path.name + ".old")
                os.replace(path, earlier)
            placed.append((path, earlier))
            os.replace(part, path)
    except OSError as exc:
        _take_back(placed, [part for part, _path in parts])
        where = exc.filename or (files[0][0].parent if files else "")
        raise InvalidInput(
            _("Kunne ikkje skrive til {where}: {reason}").format(
                where=where, reason=exc.strerror or exc
            )
        ) from exc
    for _path, earlier in placed:
        if earlier is not None:
            earlier.unlink(missing_ok=True)
    return Written([path for path, _data in files])


def _take_back(placed: list[tuple[Path, Path | None]], parts: list[Path]) -> None:
    for path, earlier in reversed(placed):
        if path.is_file() and not path.with_name(path.name + ".part").exists():
            path.unlink(missing_ok=True)  # ours: its .part has already taken the name
        if earlier is not None and earlier.exists():
            os.replace(earlier, path)
    for part in parts:
        part.unlink(missing_ok=True)


def write_file(path: Path, data: bytes) -> Path:
    """One file, written whole or not at all."""
    return write_all([(path, data)]).files[0]


def export_notice(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """The internal and the public notice (M-3, M-4) and the meeting's calendar file."""
    from dvmeet.documents.ics import meeting_ics
    from dvmeet.documents.notice import notice_pdf

    progress = progress or quiet()
    stem = _stem(ctx, meeting_id)
    made: list[tuple[Path, bytes]] = []
    for n, public in enumerate((False, True)):
        progress.step(n, 3, _("Innkalling ({variant})").format(variant=_variant(public)))
        data = notice_pdf(ctx, meeting_id, public=public)
        made.append((folder / f"{_('Innkalling')} {stem} {_variant(public)}.pdf", data))
    progress.step(2, 3, _("Kalenderfil"))
    made.append((folder / f"{_('Møte')} {stem}.ics", meeting_ics(ctx, meeting_id)))
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


def export_archive(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """PDF/A files, metadata.json and SHA256SUMS in a folder of their own (AR-1..AR-3)."""
    from dvmeet.documents.archive import export_archive as package

    target = folder / f"{_('Arkivpakke')} {_stem(ctx, meeting_id)}"
    result = package(ctx, meeting_id, target, progress or quiet())
    return Written([target / f.file for f in result.files] + [result.metadata])
