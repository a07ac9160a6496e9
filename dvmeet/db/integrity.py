"""The full integrity check of an open SQLite file, on a connection of its own, cancellable.

Opening a database runs SQLite's quick check (the b-tree structure, milliseconds); index
entries that no longer match their rows pass it. The full `PRAGMA integrity_check` (and
`foreign_key_check`) reads every page and takes longer, so the app runs it after the window
is up, on its own read-only connection (WAL readers neither wait for nor block the writer),
and stops it within a few thousand SQLite steps when the window closes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from dvmeet.db.backup import integrity_problems
from dvmeet.db.readonly import reading_uri

# SQLite virtual-machine steps between two looks at `cancelled` (well under a millisecond).
STEPS_BETWEEN_LOOKS = 1000


class CheckCancelled(Exception):
    """The check was stopped before it finished; it found nothing either way."""


def full_check(path: Path, cancelled: Callable[[], bool] = lambda: False) -> list[str]:
    """Every problem `integrity_check` and `foreign_key_check` find in `path` (empty: the file
    is whole). Raises CheckCancelled as soon as `cancelled()` is true."""
    conn = sqlite3.connect(reading_uri(path), uri=True, check_same_thread=False)
    conn.set_progress_handler(lambda: 1 if cancelled() else 0, STEPS_BETWEEN_LOOKS)
    try:
        return integrity_problems(conn)
    except sqlite3.OperationalError as exc:
        if cancelled():
            raise CheckCancelled() from exc
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
