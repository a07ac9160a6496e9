"""One writer per SQLite file: an operating-system lock on a lock file beside the database.

The kernel releases the lock when the holding process ends, however it ends (SIGKILL, power
loss of the process), so a lock is never left stale. The lock is held per process: opening
the same file twice in one process shares one lock, released when the last user lets go.
The lock file holds the holder's process id and host name, for the message to the user.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dvmeet.errors import StorageError
from dvmeet.paths import make_private_dir


class DatabaseInUse(StorageError):
    """Another dvmeet process has the SQLite file open."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@dataclass
class _Held:
    fd: int
    users: int = 1


@dataclass
class WriterLock:
    """A claim on the per-process lock of one database file; `release()` is idempotent."""

    path: Path
    released: bool = field(default=False)

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        with _guard:
            held = _held.get(self.path)
            if held is None:
                return
            held.users -= 1
            if held.users == 0:
                del _held[self.path]
                _unlock(held.fd)
                os.close(held.fd)


_guard = threading.Lock()
_held: dict[Path, _Held] = {}


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError (EWOULDBLOCK) when another process holds it
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass  # closing the descriptor releases it anyway


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace").split()
    except OSError:
        return ""
    if len(text) >= 2:
        return f" (prosess {text[0]} på maskina {text[1]})"
    return ""


def acquire_writer_lock(database: Path) -> WriterLock:
    """Claim the database file for this process, or raise DatabaseInUse at once."""
    key = database.absolute()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.users += 1
            return WriterLock(key)
        make_private_dir(key.parent)
        target = lock_path(key)
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageError(f"Låsefila {target} kan ikkje opnast: {exc.strerror}") from exc
        if not _try_lock(fd):
            who = _holder(fd)
            os.close(fd)
            raise DatabaseInUse(
                f"Databasefila {key} er i bruk av ein annan dvmeet{who}. "
                "Berre eitt program kan skrive til fila om gongen: lukk det andre vindauget "
                "og prøv igjen. For å dele databasen mellom fleire brukarar, bruk ein "
                "PostgreSQL-tenar."
            )
        try:
            stamp = f"{os.getpid()} {socket.gethostname() or 'ukjend'}\n".encode()
            if sys.platform == "win32":  # pragma: no cover - the locked byte 0 stays as it is
                os.lseek(fd, 1, os.SEEK_SET)
                os.write(fd, b" " + stamp)
            else:
                os.ftruncate(fd, 0)
                os.pwrite(fd, stamp, 0)
        except OSError:
            pass  # the holder's name is a courtesy; the lock is what counts
        _held[key] = _Held(fd)
        return WriterLock(key)


def held_locks() -> list[Path]:
    """Files this process holds a lock on (for tests and diagnostics)."""
    with _guard:
        return list(_held)
