"""Optimistic concurrency: a save based on a stale version of a record is refused.

Every editable record carries a `version` (SQLAlchemy's version_id_col), bumped on each
UPDATE. Every update service takes `expected_version` (the version the user's form was
based on); given one, the service locks the row (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's write transactions are already exclusive), compares, and refuses with
ChangedElsewhere carrying the current data and naming the record. A concurrent UPDATE
that slips past (no expected version given) still fails on the version column:
StaleDataError, which Context.unit_of_work turns into ChangedElsewhere too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _


class Versioned(Protocol):
    version: Any


class VersionedRow(Protocol):
    id: Any
    version: Any


def stale_message(what: str | None) -> str | None:
    """The refusal naming the record that changed (None: the general sentence)."""
    if what is None:
        return None
    return _(
        "Endra av nokon andre medan du arbeidde med det: {what}. Endringa di er ikkje "
        "lagra: sjå over dei nye opplysningane og prøv igjen."
    ).format(what=what)


def _locked_version(session: Session, row: object) -> int | None:
    """Lock the row (SELECT version ... FOR UPDATE: a bare select of its own table, so no
    eager outer join stands in the way on PostgreSQL) and return its committed version;
    None when the row is gone. An older copy in the session is read again."""
    state = inspect(row)
    mapper = state.mapper
    table = mapper.local_table
    key = [
        col == value for col, value in zip(mapper.primary_key, state.identity or (), strict=True)
    ]
    version = session.execute(
        select(table.c.version).where(*key).with_for_update()
    ).scalar_one_or_none()
    if version is not None and version != getattr(row, "version", None):
        session.refresh(row)  # committed by someone else since it was loaded
    return version


def ensure_version(
    session: Session,
    row: Versioned,
    expected: int | None,
    current: Callable[[], object],
    what: str | None = None,
) -> None:
    """Refuse the change unless `row` is still at version `expected` (None: no check).

    Call it before changing `row`: the row is locked and read again as committed now."""
    if expected is None:
        return
    # Lock the row and read it as committed now: another user's save waits or is seen.
    version = _locked_version(session, row)
    if version is None:  # removed by someone else while this one waited
        raise ChangedElsewhere(None, stale_message(what))
    if version != expected:
        raise ChangedElsewhere(current(), stale_message(what))


def ensure_versions(
    session: Session,
    rows: Sequence[VersionedRow],
    expected: Mapping[int, int] | None,
    current: Callable[[], object],
    what: str | None = None,
) -> None:
    """Refuse the change unless `rows` are exactly the records `expected` names (id ->
    version), each still at that version: a reordering based on a list that has changed
    since (a record edited, added or removed) is refused (None: no check)."""
    if expected is None:
        return
    # Lock in id order, so two savers never wait for each other crosswise.
    found = {row.id: _locked_version(session, row) for row in sorted(rows, key=lambda r: r.id)}
    if found != dict(expected):
        raise ChangedElsewhere(current(), stale_message(what))


def ensure_absent_or_version(
    session: Session,
    row: Versioned | None,
    expected: int | None,
    current: Callable[[], object],
    what: str | None = None,
) -> None:
    """Like ensure_version for a record made on first save: `expected` 0 means the user
    saw no record, so one made since by someone else is a change too."""
    if expected is None:
        return
    if row is None:
        if expected != 0:
            raise ChangedElsewhere(current(), stale_message(what))
        return
    ensure_version(session, row, expected, current, what)
