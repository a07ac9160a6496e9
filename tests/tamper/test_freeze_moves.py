"""An insider with raw SQL against approved (frozen) minutes (B-3): on SQLite the sqlite3
module straight on the file, as the sqlite3 command line would; on PostgreSQL a plain
connection. Every move is tried in its own transaction and must be refused by the
database itself; a move that goes through is a miss, and the suite fails.

Moves: change, delete, copy a row of the approved meeting; copy it under another
meeting's id (its parents still belong to the approved meeting); move it out to another
meeting; move another meeting's row into it; INSERT OR REPLACE / ON CONFLICT DO UPDATE
over it; unfreeze or replace the meeting; rewrite, delete or replace audit events; change
or delete a correction, or decide one in an approved meeting's case.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import meetings, minutes
from dvmeet.services.context import Context
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.minutes.models import CorrectionIn

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
)
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
)


@dataclass
class Tally:
    refused: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return len(self.refused) + len(self.missed) + len(self.other)


class Raw:
    """One raw connection of the attacker's kind, a move a transaction, always undone."""

    def __init__(self, url: URL) -> None:
        self.sqlite = url.get_backend_name() == "sqlite"
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

    def attempt(self, sql: str, params: dict[str, Any]) -> str | None:
        """None when the move went through (then undone), else the database's refusal."""
        if self.sqlite:
            self.conn.execute("BEGIN")
            try:
                self.conn.execute(sql, params)
            except sqlite3.DatabaseError as exc:
                return str(exc)
            finally:
                self.conn.execute("ROLLBACK")
            return None
        with self.engine.connect() as conn:
            tx = conn.begin()
            try:
                conn.execute(text(sql), params)
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


@pytest.fixture
def approved(ctx: Context, database_url: URL) -> Iterator[tuple[Raw, int, int]]:
    fill_demo(ctx, years=1)
    listed = meetings.list_meetings(ctx)
    frozen = next(m.id for m in listed if m.status is MeetingStatus.APPROVED)
    other = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS", date=dt.date(2030, 6, 4), start_time=dt.time(10), place="Førde"
        ),
    ).id
    meetings.add_case(ctx, CaseIn(meeting_id=other, title="Ei open sak"))
    minutes.add_correction(
        ctx, CorrectionIn(meeting_id=frozen, target_table="decision", target_id=1, text="Retting")
    )
    ctx.close()
    raw = Raw(database_url)
    yield raw, frozen, other
    raw.close()


def _insert(table: str, row: dict[str, Any], *, replace: bool, sqlite: bool) -> str:
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


def _moves(raw: Raw, frozen: int, other: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for table in TABLES:
        key = KEYS.get(table, "id")
        rows = raw.rows(f"SELECT * FROM {table} WHERE meeting_id = :m ORDER BY {key}", m=frozen)
        if not rows:
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
            _insert(table, row, replace=True, sqlite=raw.sqlite),
            row,
        )
        if key == "id":
            copy = {**row, "id": pk + 1_000_000}
            yield (
                f"{table}: add a copy",
                _insert(table, copy, replace=False, sqlite=raw.sqlite),
                copy,
            )
            if any(row.get(c) is not None for c in PARENTS):
                hidden = {**copy, "meeting_id": other}
                yield (
                    f"{table}: add a copy under another meeting's id",
                    _insert(table, hidden, replace=False, sqlite=raw.sqlite),
                    hidden,
                )
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
        _insert("meeting", unfrozen, replace=True, sqlite=raw.sqlite),
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
        _insert("audit_event", forged, replace=True, sqlite=raw.sqlite),
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
        _insert("correction", decided, replace=False, sqlite=raw.sqlite),
        decided,
    )


def test_every_insider_move_on_approved_minutes_is_refused(
    approved: tuple[Raw, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    raw, frozen, other = approved
    tally = Tally()
    refused_by: Callable[[str], bool] = lambda message: "dvmeet_frozen" in message  # noqa: E731
    for name, sql, params in _moves(raw, frozen, other):
        outcome = raw.attempt(sql, params)
        if outcome is None:
            tally.missed.append(name)
        elif refused_by(outcome):
            tally.refused.append(name)
        else:
            tally.other.append(f"{name}: {outcome.splitlines()[0]}")
    engine = "sqlite" if raw.sqlite else "postgresql"
    with capsys.disabled():
        print(
            f"\ntamper ({engine}): tried={tally.tried} refused={len(tally.refused)} "
            f"detected=0 missed={len(tally.missed)}"
        )
    assert tally.tried >= 40
    assert tally.missed == []
    assert tally.other == []  # refused, but not by the freeze: the move was not tested
