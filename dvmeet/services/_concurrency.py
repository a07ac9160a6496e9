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

from sqlalchemy.exc import InvalidRequestError
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


def ensure_version(
    session: Session,
    row: Versioned,
    expected: int | None,
    current: Callable[[], object],
    what: str | None = None,
) -> None:
    """Refuse the change unless `row` is still at version `expected` (None: no check).

    Call it before changing `row`: the row is read again as committed now."""
    if expected is None:
        return
    # Lock the row and read it as committed now: another user's save waits or is seen.
    try:
        session.refresh(row, with_for_update=True)
    except InvalidRequestError as exc:  # removed by someone else while this one waited
        raise ChangedElsewhere(None, stale_message(what)) from exc
    if row.version != expected:
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
    try:
        for row in sorted(rows, key=lambda r: r.id):
            session.refresh(row, with_for_update=True)
    except InvalidRequestError as exc:  # one was removed by someone else meanwhile
        raise ChangedElsewhere(None, stale_message(what)) from exc
    if {r.id: r.version for r in rows} != dict(expected):
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
