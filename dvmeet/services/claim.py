"""Claiming a SQLite file for this process early, before the core is loaded.

A second dvmeet on the same file is told at once that the file is in use, rather than
after the slow imports. Standard library and dvmeet.db.lock only, so importing this
module is cheap. Opening the database later shares the claim (one lock per process).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dvmeet.db.lock import acquire_writer_lock


def claim_database_file(path: Path) -> Callable[[], None]:
    """Claim `path` for this process (DatabaseInUse when another process has it); returns
    the release, which may be called more than once."""
    return acquire_writer_lock(path).release
