"""Rows of one meeting read generically from the ORM's tables (issue 18): what a meeting
owns, how a row is keyed, and its values in plain JSON form."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, select

from dvmeet.db.base import Base
from dvmeet.db.offline_seal import plain

# The tables whose rows belong to the meeting and come back with it. The first group is
# guarded at home while the meeting is out (migration 0023); the others are checked in
# too, but a row added at home there is no conflict.
GUARDED = (
    "agenda_case",
    "attendance_event",
    "absence_reason",
    "disqualification",
    "proposal",
    "vote",
    "ballot",
    "decision",
    "minutes",
    "minutes_signatory",
    "meeting_progress",
    "vote_draft",
    "speaker_entry",
)
UNGUARDED = ("rule_warning",)
# The meeting row itself: its title, place and the like may be changed at home.
NEVER_COMPARED = frozenset({"version"})

Key = str  # the primary key's values as JSON: "[12]"
Row = dict[str, Any]


def owned_tables() -> list[Table]:
    """The meeting row's table and the tables of rows it owns, parents first."""
    names = {"meeting", *GUARDED, *UNGUARDED}
    return [t for t in Base.metadata.sorted_tables if t.name in names]


def key_of(table: Table, row: Row) -> Key:
    return json.dumps([row[c.name] for c in table.primary_key.columns])


def plain_row(table: Table, row: Row) -> Row:
    return {c.name: plain(row[c.name]) for c in table.columns}


def meeting_rows(conn: Connection, table: Table, meeting_id: int) -> dict[Key, Row]:
    """The rows of `table` that belong to the meeting, typed, by key."""
    if table.name == "meeting":
        where = table.c.id == meeting_id
    elif "meeting_id" in table.c:
        where = table.c.meeting_id == meeting_id
    else:
        return {}
    rows = conn.execute(select(table).where(where)).mappings()
    return {key_of(table, dict(r)): dict(r) for r in rows}


def all_meeting_rows(conn: Connection, meeting_id: int) -> dict[str, dict[Key, Row]]:
    return {t.name: meeting_rows(conn, t, meeting_id) for t in owned_tables()}


def plain_rows(
    tables: Iterable[Table], rows: dict[str, dict[Key, Row]]
) -> dict[str, dict[Key, Row]]:
    by_name = {t.name: t for t in tables}
    return {
        name: {k: plain_row(by_name[name], r) for k, r in table_rows.items()}
        for name, table_rows in rows.items()
    }


def snapshot_json(conn: Connection, meeting_id: int) -> str:
    tables = owned_tables()
    return json.dumps(
        plain_rows(tables, all_meeting_rows(conn, meeting_id)), sort_keys=True, ensure_ascii=False
    )
