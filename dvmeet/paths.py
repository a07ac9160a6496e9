"""Where dvmeet keeps its files: one place, used by the source install and the frozen app."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs(appname="dvmeet", appauthor="DigiVestland")


def user_data_dir() -> Path:
    override = os.environ.get("DVMEET_DATA_DIR")
    return Path(override) if override else Path(_DIRS.user_data_dir)


def default_database_path() -> Path:
    return user_data_dir() / "dvmeet.sqlite"


def backup_dir() -> Path:
    return user_data_dir() / "backups"


def log_dir() -> Path:
    override = os.environ.get("DVMEET_DATA_DIR")
    return Path(override) / "logs" if override else Path(_DIRS.user_log_dir)


def package_data(name: str) -> bytes:
    """Bytes of a file shipped inside `dvmeet/data/`."""
    return resources.files("dvmeet.data").joinpath(name).read_bytes()


def make_private_dir(path: Path) -> None:
    """Create a directory readable by the user only (and its parents as needed)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "smb3",
        "fuse.sshfs",
        "afs",
        "ncpfs",
        "9p",
        "davfs",
        "fuse.davfs2",
    }
)


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The file-system type of the mount holding `path` (Linux), or None when unknown."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = path.resolve()
    best: tuple[int, str] | None = None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = Path(parts[1].replace("\\040", " "))
        if target == mount_point or mount_point in target.parents:
            depth = len(mount_point.parts)
            if best is None or depth > best[0]:
                best = (depth, parts[2])
    return best[1] if best else None


def is_network_path(path: Path) -> bool:
    """True for a file on a network share: WAL does not work there (SQLite's documentation)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]
    fs = filesystem_type(path.parent if not path.exists() else path)
    return fs in NETWORK_FILESYSTEMS
