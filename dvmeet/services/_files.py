"""Files written whole or not at all, readable by the user only: the one way the services
put a document on disk.

Each file goes to a .part file first; only when all are on disk do they take their names,
and a failure then puts back what was there. Exports carry personal data and closed
content (internal minutes, named ballots), so every file is created 0600 and every folder
an export makes 0700, whatever the umask."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _


@dataclass(frozen=True)
class Written:
    files: list[Path]

    @property
    def folder(self) -> Path | None:
        return self.files[0].parent if self.files else None


FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> Path:
    """Make `folder` and any missing parents readable by the user only (folders that were
    there already keep their mode)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        for path in reversed(missing):
            path.mkdir(mode=FOLDER_MODE, exist_ok=True)
            os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask
    except OSError as exc:
        raise InvalidInput(
            _("Kunne ikkje skrive til {where}: {reason}").format(
                where=exc.filename or folder, reason=exc.strerror or exc
            )
        ) from exc
    return folder


def write_all(files: list[tuple[Path, bytes]]) -> Written:
    """Write every file whole, or none of them: each goes to a .part file first; only when
    all are on disk do they take their names, and a failure then puts back what was there."""
    parts: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # (file written, its earlier file's copy)
    kept: list[Path] = []  # second names of the earlier files
    try:
        for path, data in files:
            part = path.with_name(path.name + ".part")
            parts.append((part, path))
            part.unlink(missing_ok=True)  # a left-over part would keep its own mode
            fd = os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
            if hasattr(os, "fchmod"):  # POSIX: the mode above passed through the umask
                os.fchmod(fd, FILE_MODE)
            with open(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for part, path in parts:
            earlier = None
            if path.is_file():
                earlier = path.with_name(path.name + ".old")
                _keep(path, earlier)
                kept.append(earlier)
            os.replace(part, path)  # the name holds the old file or the new, never nothing
            placed.append((path, earlier))
        _sync_folders({path.parent for _part, path in parts})
    except OSError as exc:
        _take_back(placed, [part for part, _path in parts], kept)
        where = exc.filename or (files[0][0].parent if files else "")
        raise InvalidInput(
            _("Kunne ikkje skrive til {where}: {reason}").format(
                where=where, reason=exc.strerror or exc
            )
        ) from exc
    for earlier in kept:
        earlier.unlink(missing_ok=True)
    return Written([path for path, _data in files])


def _keep(path: Path, earlier: Path) -> None:
    """A second name for the file now at `path` (a hard link; a copy where the file system
    has none), so a failure can put it back while `path` itself is never left empty."""
    earlier.unlink(missing_ok=True)
    try:
        os.link(path, earlier)
    except OSError:
        shutil.copy2(path, earlier)


def _sync_folders(folders: set[Path]) -> None:
    """Make the new names durable (POSIX; a folder cannot be opened on Windows)."""
    if os.name != "posix":
        return
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass  # some network file systems refuse fsync on a folder; the files are whole


def _take_back(placed: list[tuple[Path, Path | None]], parts: list[Path], kept: list[Path]) -> None:
    for path, earlier in reversed(placed):
        if earlier is not None:
            os.replace(earlier, path)  # the earlier file back, in one step
        else:
            path.unlink(missing_ok=True)  # ours: there was no file before
    for leftover in [*kept, *parts]:
        leftover.unlink(missing_ok=True)


def write_file(path: Path, data: bytes) -> Path:
    """One file, written whole or not at all."""
    return write_all([(path, data)]).files[0]
