"""Optimistic concurrency: a save based on a stale version of a record is refused.

Every editable record carries a `version` (SQLAlchemy's version_id_col), bumped on each
UPDATE. A service given `expected_version` locks the row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's write transactions are already exclusive), compares, and refuses
with ChangedElsewhere carrying the current data. A concurrent UPDATE that slips past
(no expected version given) still fails on the version column: StaleDataError, which
Context.unit_of_work turns into ChangedElsewhere too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy.orm import Session

from dvmeet.errors import ChangedElsewhere


class Versioned(Protocol):
    version: Any


def ensure_version(
    session: Session,
    row: Versioned,
    expected: int | None,
    current: Callable[[], object],
) -> None:
    """Refuse the change unless `row` is still at version `expected` (None: no check)."""
    if expected is None:
        return
    # Lock the row and read it as committed now: another user's save waits or is seen.
    session.refresh(row, with_for_update=True)
    if row.version != expected:
        raise ChangedElsewhere(current())
