"""One writer per SQLite file: an operating-system lock on a lock file beside the database.

The kernel releases the lock when the holding process ends, however it ends (SIGKILL, power
loss of the process), so a lock is never left stale. The lock is held per process: opening
the same file twice in one process shares one lock, released when the last user lets go.
The lock file holds the holder's process id and host name, for the message to the user.

"Same file" means the same file, not the same spelling: the lock file sits beside the
resolved path (a symlink leads to the real file's lock), and on POSIX an existing file is
also locked by its identity (device and inode, in a per-user folder under the temporary
directory), so a hard link under another name or folder is refused as in use too.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dvmeet.db.readonly import write_protected
from dvmeet.errors import StorageError
from dvmeet.i18n import _
from dvmeet.paths import make_private_dir


def _host_name() -> str:
    """This machine's name, as socket.gethostname() gives it (the kernel's node name on
    POSIX, read without loading socket; socket on Windows)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover - Windows

    return socket.gethostname()  # pragma: no cover - Windows


def _lock_message(target: Path, exc: OSError) -> str:
    return _("Låsefila {path} kan ikkje opnast: {error}").format(path=target, error=exc.strerror)


class DatabaseInUse(StorageError):
    """Another dvmeet process has the SQLite file open."""


def resolved(database: Path) -> Path:
    """The file a path names: absolute, symlinks followed (the real path on Windows)."""
    return Path(os.path.realpath(database))


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file (a symlink or hard link counts as the same file)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return resolved(first) == resolved(second)


def lock_path(database: Path) -> Path:
    real = resolved(database)
    return real.with_name(real.name + ".lock")


def _identity_lock_path(database: Path) -> Path | None:
    """The lock named by an existing file's device and inode (POSIX), or None."""
    if sys.platform == "win32":  # pragma: no cover - the real path is the identity there
        return None
    try:
        info = os.stat(database)
    except OSError:
        return None
    folder = Path(tempfile.gettempdir()) / f"dvmeet-locks-{os.getuid()}"
    return folder / f"{info.st_dev}-{info.st_ino}.lock"


@dataclass
class _Held:
    fd: int
    users: int = 1
    identity_fd: int | None = None


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
                if held.identity_fd is not None:
                    _unlock(held.identity_fd)
                    os.close(held.identity_fd)
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
    key = resolved(database)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.users += 1
            return WriterLock(key)
        target = lock_path(key)
        try:
            if key.is_file() and write_protected(key.parent):  # nothing is made there
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            make_private_dir(key.parent)
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            held = _identity_only(key, exc)
            if held is None:
                raise StorageError(_lock_message(target, exc)) from exc
            _held[key] = held
            return WriterLock(key)
        if not _try_lock(fd):
            who = _holder(fd)
            os.close(fd)
            raise _in_use(key, who)
        identity_fd = _lock_identity(key, fd)
        try:
            stamp = f"{os.getpid()} {_host_name() or 'ukjend'}\n".encode()
            if sys.platform == "win32":  # pragma: no cover - the locked byte 0 stays as it is
                os.lseek(fd, 1, os.SEEK_SET)
                os.write(fd, b" " + stamp)
            else:
                os.ftruncate(fd, 0)
                os.pwrite(fd, stamp, 0)
        except OSError:
            pass  # the holder's name is a courtesy; the lock is what counts
        _held[key] = _Held(fd, identity_fd=identity_fd)
        return WriterLock(key)


def _identity_only(key: Path, error: OSError) -> _Held | None:
    """An existing file in a folder where no lock file can be made (write-protected, or on a
    read-only disk: the file is opened for reading only) is locked by its identity alone;
    None where that is not possible (Windows, or another reason the lock file failed)."""
    if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS) or not key.is_file():
        return None
    target = _identity_lock_path(key)
    if target is None:
        return None
    try:
        make_private_dir(target.parent)
        if os.stat(target.parent).st_uid != os.getuid():
            return None
        fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    if not _try_lock(fd):
        os.close(fd)
        raise _in_use(key, "")
    return _Held(fd)


def _in_use(key: Path, who: str) -> DatabaseInUse:
    return DatabaseInUse(
        f"Databasefila {key} er i bruk av ein annan dvmeet{who}. "
        "Berre eitt program kan skrive til fila om gongen: lukk det andre vindauget "
        "og prøv igjen. For å dele databasen mellom fleire brukarar, bruk ein "
        "PostgreSQL-tenar."
    )


def _lock_identity(key: Path, fd: int) -> int | None:
    """Lock the file's identity too (a hard link elsewhere); on refusal let `fd` go."""
    target = _identity_lock_path(key)
    if target is None:
        return None
    try:
        make_private_dir(target.parent)
        if os.stat(target.parent).st_uid != os.getuid():
            return None  # someone else's folder: the lock beside the real path must do
        identity_fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        _unlock(fd)
        os.close(fd)
        raise StorageError(_lock_message(target, exc)) from exc
    if not _try_lock(identity_fd):
        os.close(identity_fd)
        _unlock(fd)
        os.close(fd)
        raise _in_use(key, "")
    return identity_fd


def held_locks() -> list[Path]:
    """Files this process holds a lock on (for tests and diagnostics)."""
    with _guard:
        return list(_held)
