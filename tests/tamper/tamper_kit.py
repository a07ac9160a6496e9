"""The insider's tools for tests/tamper: a raw connection of the attacker's kind (the
sqlite3 module on the file; a plain PostgreSQL connection as a given login) and the raw-SQL
moves against an approved meeting. The tally of what every move came to is in conftest."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL


@dataclass
class Tally:
    refused: list[str] = field(default_factory=list)
    detected: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return len(self.refused) + len(self.detected) + len(self.missed)

    def line(self) -> str:
        return (
            f"tamper: tried={self.tried} refused={len(self.refused)} "
            f"detected={len(self.detected)} missed={len(self.missed)}"
        )


@dataclass(frozen=True)
class Approved:
    """A demo database with approved minutes, a later open meeting and a correction."""

    url: URL
    frozen: int
    other: int


@dataclass(frozen=True)
class Logins:
    """PostgreSQL logins in the groups of `dvmeet db init-roles`."""

    secretariat: URL
    observer: URL
    secretariat_role: str
    observer_role: str


TABLES = (
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
    "rule_warning",
    "speaker_entry",
    "mail_message",
)
# Tables without a meeting_id: their rows belong to the meeting of their case (0017).
CASE_OWNED = ("case_paper", "case_attachment")
KEYS = {"meeting_progress": "meeting_id", "vote_draft": "case_id"}
# Columns naming a parent row that itself belongs to a meeting.
PARENTS = (
    "case_id",
    "vote_id",
    "proposal_id",
    "against_proposal_id",
    "disqualification_id",
    "attendance_event_id",
    "minutes_id",
    "current_case_id",
    "replying_to_id",
)


Statement = tuple[str, dict[str, Any]]


class Raw:
    """One raw connection of the attacker's kind, a move a transaction, always undone.

    `read_write`: begin every transaction with SET TRANSACTION READ WRITE, as a read-only
    login that knows its default is only a default would (PostgreSQL)."""

    def __init__(self, url: URL, *, read_write: bool = False) -> None:
        self.sqlite = url.get_backend_name() == "sqlite"
        self.read_write = read_write
        if self.sqlite:
            assert url.database is not None
            self.conn: Any = sqlite3.connect(url.database, isolation_level=None)
        else:
            self.engine = create_engine(url)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        if self.sqlite:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(sql), params)]

    def attempt(
        self, sql: str | Sequence[Statement], params: dict[str, Any] | None = None
    ) -> str | None:
        """None when the move went through (then undone), else the database's refusal.
        A move is one statement, or several run in order in one transaction."""
        steps: Sequence[Statement] = [(sql, params or {})] if isinstance(sql, str) else sql
        if self.sqlite:
            self.conn.execute("BEGIN")
            try:
                for statement, values in steps:
                    self.conn.execute(statement, values)
            except sqlite3.DatabaseError as exc:
                return str(exc)
            finally:
                self.conn.execute("ROLLBACK")
            return None
        with self.engine.connect() as conn:
            tx = conn.begin()
            try:
                if self.read_write:
                    conn.exec_driver_sql("SET TRANSACTION READ WRITE")
                for statement, values in steps:
                    conn.execute(text(statement), values)
            except Exception as exc:
                return str(exc)
            finally:
                tx.rollback()
        return None

    def close(self) -> None:
        if self.sqlite:
            self.conn.close()
        else:
            self.engine.dispose()


def insert_sql(table: str, row: dict[str, Any], *, replace: bool, sqlite: bool) -> str:
    cols = ", ".join(row)
    values = ", ".join(f":{c}" for c in row)
    key = KEYS.get(table, "id")
    if replace and sqlite:
        return f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({values})"
    if replace:
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in row if c != key)
        conflict = f"ON CONFLICT ({key}) DO UPDATE SET {sets}"
        return f"INSERT INTO {table} ({cols}) VALUES ({values}) {conflict}"
    return f"INSERT INTO {table} ({cols}) VALUES ({values})"


def case_owned_moves(
    raw: Raw, frozen: int, other: int
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The moves on a row that names its meeting only through its case: change, delete,
    move it to another meeting's case, move another meeting's row onto an approved case,
    replace it, add a copy on the approved meeting's case."""
    of_meeting = "case_id IN (SELECT id FROM agenda_case WHERE meeting_id = :m)"
    other_case = raw.rows("SELECT id FROM agenda_case WHERE meeting_id = :m ORDER BY id", m=other)
    for table in CASE_OWNED:
        rows = raw.rows(f"SELECT * FROM {table} WHERE {of_meeting} ORDER BY id", m=frozen)
        if not rows:
            # nothing of this kind to move (a meeting without papers); test_freeze_moves
            # insists that its approved meeting gives every such table a row to try
            continue
        row = rows[0]
        pk = row["id"]
        yield (
            f"{table}: change a row",
            f"UPDATE {table} SET id = id WHERE id = :k",
            {"k": pk},
        )
        yield f"{table}: delete a row", f"DELETE FROM {table} WHERE id = :k", {"k": pk}
        yield (
            f"{table}: move a row to another meeting's case",
            f"UPDATE {table} SET case_id = :c WHERE id = :k",
            {"c": other_case[0]["id"], "k": pk},
        )
        theirs = raw.rows(f"SELECT id FROM {table} WHERE {of_meeting}", m=other)
        assert theirs, f"the open meeting has no {table} row to move in"
        yield (
            f"{table}: move another meeting's row onto an approved case",
            f"UPDATE {table} SET case_id = :c WHERE id = :k",
            {"c": row["case_id"], "k": theirs[0]["id"]},
        )
        yield (
            f"{table}: replace a row",
            insert_sql(table, row, replace=True, sqlite=raw.sqlite),
            row,
        )
        # another case of the approved meeting: a copy there is not stopped by the unique
        # saksframlegg per case, only by the freeze
        cases = raw.rows(
            f"SELECT id FROM agenda_case WHERE meeting_id = :m AND id NOT IN "
            f"(SELECT case_id FROM {table}) ORDER BY id",
            m=frozen,
        )
        copy = {**row, "id": pk + 1_000_000, "case_id": cases[0]["id"]}
        yield (
            f"{table}: add a copy on the approved meeting's case",
            insert_sql(table, copy, replace=False, sqlite=raw.sqlite),
            copy,
        )


def freeze_moves(raw: Raw, frozen: int, other: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for table in TABLES:
        key = KEYS.get(table, "id")
        rows = raw.rows(f"SELECT * FROM {table} WHERE meeting_id = :m ORDER BY {key}", m=frozen)
        if not rows:
            # none of its own (the send log: the demo's notices were not e-mailed): another
            # meeting's row moved in, and a copy of it made under the approved meeting's id
            theirs = raw.rows(f"SELECT * FROM {table} WHERE meeting_id = :m", m=other)
            if theirs and key == "id":
                yield (
                    f"{table}: move another meeting's row in",
                    f"UPDATE {table} SET meeting_id = :f WHERE id = :k",
                    {"f": frozen, "k": theirs[0]["id"]},
                )
                added = {**theirs[0], "id": theirs[0]["id"] + 1_000_000, "meeting_id": frozen}
                yield (
                    f"{table}: add a row under the approved meeting's id",
                    insert_sql(table, added, replace=False, sqlite=raw.sqlite),
                    added,
                )
            continue
        row = rows[0]
        pk = row[key]
        yield (
            f"{table}: change a row",
            f"UPDATE {table} SET {key} = {key} WHERE {key} = :k",
            {"k": pk},
        )
        yield f"{table}: delete a row", f"DELETE FROM {table} WHERE {key} = :k", {"k": pk}
        yield (
            f"{table}: move a row to another meeting",
            f"UPDATE {table} SET meeting_id = :o WHERE {key} = :k",
            {"o": other, "k": pk},
        )
        theirs = raw.rows(f"SELECT {key} FROM {table} WHERE meeting_id = :m", m=other)
        if theirs and key == "id":
            yield (
                f"{table}: move another meeting's row in",
                f"UPDATE {table} SET meeting_id = :f WHERE id = :k",
                {"f": frozen, "k": theirs[0]["id"]},
            )
        yield (
            f"{table}: replace a row",
            insert_sql(table, row, replace=True, sqlite=raw.sqlite),
            row,
        )
        if key == "id":
            copy = {**row, "id": pk + 1_000_000}
            yield (
                f"{table}: add a copy",
                insert_sql(table, copy, replace=False, sqlite=raw.sqlite),
                copy,
            )
            if any(row.get(c) is not None for c in PARENTS):
                hidden = {**copy, "meeting_id": other}
                yield (
                    f"{table}: add a copy under another meeting's id",
                    insert_sql(table, hidden, replace=False, sqlite=raw.sqlite),
                    hidden,
                )
    yield from case_owned_moves(raw, frozen, other)
    yield (
        "meeting: unfreeze",
        "UPDATE meeting SET frozen = :f WHERE id = :m",
        {
            "f": False if not raw.sqlite else 0,
            "m": frozen,
        },
    )
    yield "meeting: delete", "DELETE FROM meeting WHERE id = :m", {"m": frozen}
    meeting = raw.rows("SELECT * FROM meeting WHERE id = :m", m=frozen)[0]
    unfrozen = {**meeting, "frozen": 0 if raw.sqlite else False}
    yield (
        "meeting: replace unfrozen",
        insert_sql("meeting", unfrozen, replace=True, sqlite=raw.sqlite),
        unfrozen,
    )
    event = raw.rows("SELECT * FROM audit_event ORDER BY id LIMIT 1 OFFSET 5")[0]
    yield (
        "audit: rewrite a payload",
        "UPDATE audit_event SET payload = '{}' WHERE id = :i",
        {"i": event["id"]},
    )
    yield "audit: delete the tail", "DELETE FROM audit_event WHERE id > :i", {"i": event["id"]}
    forged = {**event, "payload": '{"forged": true}'}
    yield (
        "audit: replace an event",
        insert_sql("audit_event", forged, replace=True, sqlite=raw.sqlite),
        forged,
    )
    correction = raw.rows("SELECT * FROM correction ORDER BY id LIMIT 1")[0]
    yield (
        "correction: change",
        "UPDATE correction SET text = 'Anna' WHERE id = :i",
        {"i": correction["id"]},
    )
    yield "correction: delete", "DELETE FROM correction WHERE id = :i", {"i": correction["id"]}
    frozen_case = raw.rows("SELECT id FROM agenda_case WHERE meeting_id = :m", m=frozen)[0]["id"]
    decided = {**correction, "id": correction["id"] + 1_000_000, "decided_in_case_id": frozen_case}
    yield (
        "correction: decided in an approved meeting's case",
        insert_sql("correction", decided, replace=False, sqlite=raw.sqlite),
        decided,
    )
