"""Files written whole or not at all: the one way the services put a document on disk.

Each file goes to a .part file first; only when all are on disk do they take their names,
and a failure then puts back what was there."""

from __future__ import annotations

import os
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


def write_all(files: list[tuple[Path, bytes]], *, private: bool = False) -> Written:
    """Write every file whole, or none of them: each goes to a .part file first; only when
    all are on disk do they take their names, and a failure then puts back what was there.
    `private` files (personal data) are readable by the user only."""
    parts: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # (file, the earlier file set aside)
    mode = 0o600 if private else 0o666
    try:
        for path, data in files:
            part = path.with_name(path.name + ".part")
            parts.append((part, path))
            if private:
                part.unlink(missing_ok=True)  # a left-over part keeps its mode otherwise
            fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, mode)
            with open(fd, "wb") as fh:
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


def write_file(path: Path, data: bytes, *, private: bool = False) -> Path:
    """One file, written whole or not at all."""
    return write_all([(path, data)], private=private).files[0]
