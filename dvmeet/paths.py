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
