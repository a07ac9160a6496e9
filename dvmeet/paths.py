"""Where dvmeet keeps its files: one place, used by the source install and the frozen app."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platformdirs import PlatformDirs


@cache
def _dirs() -> PlatformDirs:
    """platformdirs' answer, loaded when a folder is asked without DVMEET_DATA_DIR (not by
    a command given its database, such as export minutes)."""
    from platformdirs import PlatformDirs

    return PlatformDirs(appname="dvmeet", appauthor="DigiVestland")


def user_data_dir() -> Path:
    override = os.environ.get("DVMEET_DATA_DIR")
    return Path(override) if override else Path(_dirs().user_data_dir)


def default_database_path() -> Path:
    return user_data_dir() / "dvmeet.sqlite"


def backup_dir() -> Path:
    return user_data_dir() / "backups"


def log_dir() -> Path:
    override = os.environ.get("DVMEET_DATA_DIR")
    return Path(override) / "logs" if override else Path(_dirs().user_log_dir)


def package_data(name: str) -> bytes:
    """Bytes of a file shipped inside `dvmeet/data/`."""
    from importlib import resources

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
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.gvfsd-fuse",
        "fuse.onedriver",
        "fuse.google-drive-ocamlfuse",
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


def _pure(path: str | PurePath) -> PurePath:
    text = str(path)
    windows = "\\" in text or (len(text) >= 2 and text[1] == ":" and text[0].isalpha())
    return PureWindowsPath(text) if windows else PurePosixPath(text)


def is_unc_path(path: str | PurePath) -> bool:
    """A Windows share (\\\\server\\share, \\\\?\\UNC\\...) or //server/share; not \\\\?\\C:\\."""
    text = str(path).replace("/", "\\")
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return text[4:].upper().startswith("UNC\\")
    return text.startswith("\\\\")


def cloud_folder(path: str | PurePath) -> str | None:
    """The synchronising service whose folder holds `path` (OneDrive, Dropbox, Google Drive,
    iCloud), recognised by the folder names those clients use on Windows, macOS and Linux."""
    parts = [p.lower() for p in _pure(path).parts]
    for i, seg in enumerate(parts):
        parent = parts[i - 1] if i else ""
        in_cloud_storage = parent == "cloudstorage"  # macOS 12+: ~/Library/CloudStorage/X
        if seg == "onedrive" or seg.startswith(("onedrive - ", "onedrive-")):
            return "OneDrive"
        if seg in ("dropbox", "dropbox-personal") or seg.startswith("dropbox ("):
            return "Dropbox"
        if in_cloud_storage and seg.startswith("dropbox"):
            return "Dropbox"
        if seg in ("google drive", "googledrive", "google-drive") or seg.startswith(
            ("googledrive-", "google-drive:")
        ):
            return "Google Drive"
        if seg in ("my drive", "min disk", "mi unidad", "mon drive") and (
            (i == 1 and parent.endswith(":\\")) or parent in ("google drive", "googledrive")
        ):
            return "Google Drive"
        if seg in ("icloud drive", "iclouddrive", "com~apple~clouddocs"):
            return "iCloud"
        if seg == "mobile documents" and parent == "library":
            return "iCloud"
        if in_cloud_storage and seg.startswith("box"):
            return "Box"
    return None


def is_network_path(path: Path) -> bool:
    """True for a file on a network share or in a synchronised cloud folder: WAL does not
    work there, and a sync client copies the file behind SQLite's back (SQLite's docs)."""
    if is_unc_path(path) or cloud_folder(path) is not None:
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]
    fs = filesystem_type(path.parent if not path.exists() else path)
    return fs in NETWORK_FILESYSTEMS
