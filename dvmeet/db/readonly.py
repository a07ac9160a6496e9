"""A database file that cannot be written is opened for reading, and said so, at open.

"Cannot be written" is decided before the first write, not learnt from it:
- the file system holding it is mounted read-only (`statvfs`), then no one can write;
- the file itself is write-protected: this process may not write it (`os.access`), or
  its permissions give no one the right to write (an owner's `chmod a-w`; the
  administrator's power to override that is not taken as leave to change the record);
- the folder it lies in is write-protected in the same two ways: SQLite keeps its
  -wal and -shm files beside the database and must create and remove them there.

Such a file is opened with SQLite's `mode=ro` and `PRAGMA query_only`, so that nothing can
write to it even by mistake; the open database carries the reason, and every unit of work
is refused with the one sentence `read_only_notice` gives for it (the window shows the same
sentence). On a read-only folder or mount SQLite cannot make its -shm file: the file is
then read as `immutable` (no -wal beside it: the file alone holds everything), or through
an -shm already there; a -wal with frames that cannot be read safely is refused with a
sentence saying how to read it (see `read_only_uri`).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from dvmeet.errors import StorageError
from dvmeet.i18n import _


class ReadOnlyReason(StrEnum):
    FILE = "file"  # the file is write-protected
    FOLDER = "folder"  # its folder is write-protected
    MOUNT = "mount"  # the disk it lies on is mounted read-only
    ROLE = "role"  # PostgreSQL: the login may only read


def _mounted_read_only(path: Path) -> bool:
    if not hasattr(os, "statvfs"):  # pragma: no cover - Windows: no mount flags
        return False
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def write_protected(path: Path) -> bool:
    """This process may not write `path`, or its permissions give no one the right to."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not mode & 0o222


def file_read_only_reason(path: Path) -> ReadOnlyReason | None:
    """Why the database file `path` cannot be written, or None when it can (or does not
    exist yet: a new file is made where its folder allows)."""
    if not path.exists():
        return None
    if _mounted_read_only(path):
        return ReadOnlyReason.MOUNT
    if write_protected(path):
        return ReadOnlyReason.FILE
    if write_protected(path.parent):
        return ReadOnlyReason.FOLDER
    return None


def read_only_notice(name: str, reason: ReadOnlyReason) -> str:
    """The one sentence shown in the window and given for every refused change."""
    if reason is ReadOnlyReason.ROLE:
        return _(
            "Du har berre lesetilgang til databasen {name}, så han er opna berre for lesing: "
            "du kan sjå, søkje og eksportere, men ingen endringar kan lagrast."
        ).format(name=name)
    if reason is ReadOnlyReason.MOUNT:
        return _(
            "Databasefila {name} ligg på ein disk som berre kan lesast, så ho er opna berre "
            "for lesing: du kan sjå, søkje og eksportere, men ingen endringar kan lagrast."
        ).format(name=name)
    if reason is ReadOnlyReason.FOLDER:
        return _(
            "Mappa som databasefila {name} ligg i, er skriveverna, så fila er opna berre "
            "for lesing: du kan sjå, søkje og eksportere, men ingen endringar kan lagrast."
        ).format(name=name)
    return _(
        "Databasefila {name} er skriveverna, så ho er opna berre for lesing: du kan sjå, "
        "søkje og eksportere, men ingen endringar kan lagrast."
    ).format(name=name)


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _has_frames(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def read_only_uri(path: Path, reason: ReadOnlyReason) -> str:
    """The SQLite URI that reads `path` without writing a byte beside it.

    With a writable folder (only the file is protected) `mode=ro` reads the file with its
    -wal, making a -shm if needed. Where nothing can be made beside it: an -shm already there
    lets `mode=ro` read the -wal too; with no -wal frames the file alone is the database and
    is read as `immutable`; a -wal with frames but no -shm cannot be read there, and is
    refused (reading the file without it would show the database without its latest
    changes)."""
    base = f"{path.as_uri()}?mode=ro"
    if reason is ReadOnlyReason.FILE:
        return base
    wal, shm = _sidecar(path, "-wal"), _sidecar(path, "-shm")
    if shm.exists():
        return base
    if _has_frames(wal) or _has_frames(_sidecar(path, "-journal")):
        raise StorageError(
            _(
                "Databasefila {name} ligg der ingenting kan skrivast, saman med ei -wal-fil "
                "med endringar som ikkje er skrivne inn i fila, og kan ikkje lesast trygt der: "
                "kopier fila og -wal-fila saman til ei mappe du kan skrive i, og opne kopien."
            ).format(name=path)
        )
    return base + "&immutable=1"


def reading_uri(path: Path) -> str:
    """The SQLite URI for a connection that only reads `path` (a check, a backup), wherever
    it lies: a read-only folder or disk needs `read_only_uri`, elsewhere `mode=ro` does."""
    reason = file_read_only_reason(path)
    if reason in (ReadOnlyReason.FOLDER, ReadOnlyReason.MOUNT):
        return read_only_uri(path, reason)
    return f"{path.as_uri()}?mode=ro"


def read_only_refusal(name: str, revision: str | None) -> str:
    """A write-protected database this version would have to create or upgrade first."""
    if revision is None:
        return _(
            "Databasefila {name} er tom og kan ikkje skrivast til, så det kan ikkje lagast "
            "ein database i ho; vel ei anna fil eller ei mappe du kan skrive i."
        ).format(name=name)
    return _(
        "Databasen {name} er frå ein eldre versjon av dvmeet og må oppgraderast, men han kan "
        "ikkje skrivast til; han er ikkje endra. Opne han ein gong med skrivetilgang, så blir "
        "han oppgradert."
    ).format(name=name)
