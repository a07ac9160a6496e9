"""The insider who drops the triggers (issue 14): the sqlite3 module on a copy of a file
with approved minutes drops every trigger, edits the record, puts the triggers back and
commits; on PostgreSQL the owner of a copy of the database disables every user trigger,
edits, enables them again and commits (the foreign keys still hold there: a move they
refuse counts as refused). Each move that goes through must then be reported by
`dvmeet check` (services.maintenance.check_database, as the command line runs it).

A move counts as detected when check reports a problem that the same file with the
triggers dropped and put back, but nothing edited, does not have (that file must be clean).

Moves: a frozen ballot's choice, voter, deletion, copy and INSERT OR REPLACE; a vote's
count; a decision's text and deletion; a proposal's text; a case's title and closure; an
attendance event changed, deleted, copied; a reason for absence; a disqualification; the
minutes' remarks, snapshot (with and without its hash) and signatories; the meeting's
place and freeze; a correction's text and deletion; the audit log: a payload, a time, an
event deleted, the tail cut before the last approval, an event deleted and the rest
chained anew (also with the minutes' printed heads pointed at the new chain), INSERT OR
REPLACE of an event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from dbtarget import is_postgres
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from tamper_kit import Approved, Tally

from dvmeet.cli import main
from dvmeet.db.audit import event_hash
from dvmeet.db.storage import open_database
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database
from dvmeet.services.registry.models import PersonIn

Conn = Any  # Conn, or PgConn: execute(sql with ? marks, params) -> cursor
Edit = Callable[[Conn], None]
PG = is_postgres()


class PgConn:
    """A psycopg connection that takes the sqlite3 module's ? marks."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.raw.execute(sql.replace("?", "%s"), tuple(params) or None)


def _upsert(table: str, row: dict[str, Any]) -> str:
    """INSERT OR REPLACE, or PostgreSQL's ON CONFLICT DO UPDATE."""
    values = ", ".join("?" for _ in row)
    if not PG:
        return f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({values})"
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in row if c != "id")
    return (
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({values}) "
        f"ON CONFLICT (id) DO UPDATE SET {sets}"
    )


def _one(conn: Conn, sql: str, *params: Any) -> Any:
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0]


def _other_value(conn: Conn, table: str, column: str, row_id: int) -> Any:
    """A value of the column that this row does not have (from other rows), or None."""
    current = _one(conn, f"SELECT {column} FROM {table} WHERE id = ?", row_id)
    found = conn.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL "
        f"AND {column} <> ? LIMIT 1",
        (current,),
    ).fetchone()
    return None if found is None else found[0]


def _copy_row(conn: Conn, table: str, row_id: int, *, replace: bool) -> None:
    """A copy of the row for a person who has none in its meeting (unique constraints);
    with `replace`, that copy takes the row's own id (INSERT OR REPLACE)."""
    cur = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    names = [d[0] for d in cur.description]
    row = dict(zip(names, cur.fetchone(), strict=True))
    row["person_id"] = _one(
        conn,
        f"SELECT min(id) FROM person WHERE id NOT IN "
        f"(SELECT person_id FROM {table} WHERE meeting_id = ?)",
        row["meeting_id"],
    )
    if not replace:
        row["id"] = _one(conn, f"SELECT max(id) + 1 FROM {table}")
    plain = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})"
    conn.execute(_upsert(table, row) if replace else plain, list(row.values()))


def _rechain(conn: Conn, after: int) -> None:
    """Recompute every hash after event `after` as the app would have written them."""
    prev = _one(conn, "SELECT hash FROM audit_event WHERE id = ?", after)
    rows = conn.execute(
        "SELECT id, at, actor, action, entity, entity_id, payload FROM audit_event "
        "WHERE id > ? ORDER BY id",
        (after,),
    ).fetchall()
    for event_id, at, actor, action, entity, entity_id, payload in rows:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
        new = event_hash(prev, when, actor, action, entity, entity_id, payload)
        conn.execute(
            "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, event_id)
        )
        prev = new


def _moves(conn: Conn, frozen: int) -> Iterator[tuple[str, Edit]]:
    def first(table: str) -> int | None:
        row = conn.execute(
            f"SELECT id FROM {table} WHERE meeting_id = ? ORDER BY id LIMIT 1", (frozen,)
        ).fetchone()
        return None if row is None else int(row[0])

    def run(sql: str, *params: Any) -> Edit:
        return lambda c: c.execute(sql, params) and None

    ballot = first("ballot")
    if ballot is not None:
        choice = _other_value(conn, "ballot", "choice", ballot)
        if choice is not None:
            yield (
                "ballot: change the choice",
                run("UPDATE ballot SET choice = ? WHERE id = ?", choice, ballot),
            )
        voter = _other_value(
            conn, "person", "id", _one(conn, "SELECT person_id FROM ballot WHERE id = ?", ballot)
        )
        yield (
            "ballot: change the voter",
            run("UPDATE ballot SET person_id = ? WHERE id = ?", voter, ballot),
        )
        yield "ballot: delete", run("DELETE FROM ballot WHERE id = ?", ballot)
        yield "ballot: add a copy", lambda c: _copy_row(c, "ballot", ballot, replace=False)
        yield (
            "ballot: INSERT OR REPLACE with another voter",
            lambda c: _copy_row(c, "ballot", ballot, replace=True),
        )
    vote = first("vote")
    if vote is not None:
        yield (
            "vote: change the count",
            run("UPDATE vote SET votes_for = votes_for + 1 WHERE id = ?", vote),
        )
    decision = first("decision")
    assert decision is not None
    yield (
        "decision: change the text",
        run("UPDATE decision SET text = text || ' (endra)' WHERE id = ?", decision),
    )
    yield "decision: delete", run("DELETE FROM decision WHERE id = ?", decision)
    proposal = first("proposal")
    if proposal is not None:
        yield (
            "proposal: change the text",
            run("UPDATE proposal SET text = 'Anna framlegg' WHERE id = ?", proposal),
        )
    case = first("agenda_case")
    assert case is not None
    yield (
        "case: change the title",
        run("UPDATE agenda_case SET title = title || ' (endra)' WHERE id = ?", case),
    )
    yield (
        "case: change whether it is closed",
        run("UPDATE agenda_case SET closed = NOT closed WHERE id = ?", case),
    )
    attendance = first("attendance_event")
    assert attendance is not None
    kind = _other_value(conn, "attendance_event", "kind", attendance)
    if kind is not None:
        yield (
            "attendance: change the kind",
            run("UPDATE attendance_event SET kind = ? WHERE id = ?", kind, attendance),
        )
    yield "attendance: delete", run("DELETE FROM attendance_event WHERE id = ?", attendance)
    yield (
        "attendance: add a copy",
        lambda c: _copy_row(c, "attendance_event", attendance, replace=False),
    )
    reason = first("absence_reason")
    if reason is not None:
        yield (
            "absence reason: change",
            run("UPDATE absence_reason SET reason = 'Anna' WHERE id = ?", reason),
        )
    disqualification = first("disqualification")
    if disqualification is not None:
        yield (
            "disqualification: delete",
            run("DELETE FROM disqualification WHERE id = ?", disqualification),
        )
    minutes = first("minutes")
    assert minutes is not None
    yield (
        "minutes: change the remarks",
        run("UPDATE minutes SET remarks = 'Ingen merknader (endra)' WHERE id = ?", minutes),
    )
    yield (
        "minutes: change the snapshot",
        run("UPDATE minutes SET snapshot = replace(snapshot, 'a', 'e') WHERE id = ?", minutes),
    )

    def snapshot_and_hash(c: Conn) -> None:
        snapshot = _one(c, "SELECT snapshot FROM minutes WHERE id = ?", minutes)
        edited = str(snapshot).replace("a", "e")
        digest = hashlib.sha256(edited.encode("utf-8")).hexdigest()
        c.execute(
            "UPDATE minutes SET snapshot = ?, snapshot_hash = ? WHERE id = ?",
            (edited, digest, minutes),
        )

    yield "minutes: change the snapshot and its hash", snapshot_and_hash
    signatory = first("minutes_signatory")
    if signatory is not None:
        yield (
            "minutes: delete a signatory",
            run("DELETE FROM minutes_signatory WHERE id = ?", signatory),
        )

    # This session's rows owned by the meeting: the case papers (through the case) and the
    # speakers' list.
    def of_case(table: str) -> int:
        found = conn.execute(
            f"SELECT min(t.id) FROM {table} t JOIN agenda_case c ON c.id = t.case_id "
            "WHERE c.meeting_id = ?",
            (frozen,),
        ).fetchone()
        assert found is not None and found[0] is not None, f"no {table} row in the meeting"
        return int(found[0])

    paper = of_case("case_paper")
    yield (
        "saksframlegg: change the background",
        run("UPDATE case_paper SET background = 'Anna bakgrunn' WHERE id = ?", paper),
    )
    yield "saksframlegg: delete", run("DELETE FROM case_paper WHERE id = ?", paper)
    attachment = of_case("case_attachment")
    forged = b"%PDF-1.4 forged"
    yield (
        "attachment: replace the file with its own hash and size",
        run(
            "UPDATE case_attachment SET content = ?, sha256 = ?, size = ? WHERE id = ?",
            forged,
            hashlib.sha256(forged).hexdigest(),
            len(forged),
            attachment,
        ),
    )
    yield (
        "attachment: change the title",
        run("UPDATE case_attachment SET title = 'Anna vedlegg' WHERE id = ?", attachment),
    )
    yield "attachment: delete", run("DELETE FROM case_attachment WHERE id = ?", attachment)
    speaker = first("speaker_entry")
    assert speaker is not None
    yield (
        "speakers: move who spoke",
        run(
            "UPDATE speaker_entry SET person_id = ? WHERE id = ?",
            _other_value(
                conn,
                "person",
                "id",
                _one(conn, "SELECT person_id FROM speaker_entry WHERE id = ?", speaker),
            ),
            speaker,
        ),
    )
    yield "speakers: delete a turn", run("DELETE FROM speaker_entry WHERE id = ?", speaker)
    yield (
        "meeting: change the place",
        run("UPDATE meeting SET place = place || ' (endra)' WHERE id = ?", frozen),
    )
    yield "meeting: unfreeze", run("UPDATE meeting SET frozen = ? WHERE id = ?", False, frozen)
    correction = _one(conn, "SELECT min(id) FROM correction")
    yield (
        "correction: change the text",
        run("UPDATE correction SET text = 'Anna retting' WHERE id = ?", correction),
    )
    yield "correction: delete", run("DELETE FROM correction WHERE id = ?", correction)

    # The log. The last approval's event, and one well before it.
    last_approval = _one(
        conn,
        "SELECT max(a.id) FROM audit_event a JOIN minutes m ON m.audit_head = a.hash",
    )
    early = _one(conn, "SELECT min(id) FROM audit_event") + 5
    assert early < last_approval
    yield (
        "audit: change a payload",
        run("UPDATE audit_event SET payload = '{}' WHERE id = ?", early),
    )
    yield (
        "audit: change the time of an event",
        run("UPDATE audit_event SET at = '2020-01-01 00:00:00' WHERE id = ?", early),
    )
    yield "audit: delete an event", run("DELETE FROM audit_event WHERE id = ?", early)
    yield (
        "audit: cut the tail before the last approval",
        run("DELETE FROM audit_event WHERE id >= ?", last_approval),
    )

    def delete_and_rechain(c: Conn) -> None:
        c.execute("DELETE FROM audit_event WHERE id = ?", (early,))
        _rechain(c, early - 1)

    yield "audit: delete an event and chain the rest anew", delete_and_rechain

    def rechain_and_repoint(c: Conn) -> None:
        heads = c.execute(
            "SELECT m.id, a.id FROM minutes m JOIN audit_event a ON a.hash = m.audit_head"
        ).fetchall()
        c.execute("UPDATE audit_event SET payload = '{}' WHERE id = ?", (early,))
        _rechain(c, early - 1)
        for minutes_id, event_id in heads:
            c.execute(
                "UPDATE minutes SET audit_head = "
                "(SELECT hash FROM audit_event WHERE id = ?) WHERE id = ?",
                (event_id, minutes_id),
            )

    yield (
        "audit: rewrite a payload, chain anew, point the minutes at the new heads",
        rechain_and_repoint,
    )

    def replace_event(c: Conn) -> None:
        cur = c.execute("SELECT * FROM audit_event WHERE id = ?", (early,))
        names = [d[0] for d in cur.description]
        row = dict(zip(names, cur.fetchone(), strict=True))
        row["payload"] = '{"forged":true}'
        c.execute(_upsert("audit_event", row), list(row.values()))

    yield "audit: INSERT OR REPLACE an event", replace_event
    yield (
        "audit: cut the tail after the last approval (a correction was logged since)",
        run("DELETE FROM audit_event WHERE id > ?", last_approval),
    )


class Site:
    """Copies of the database with approved minutes, tampered with and checked."""

    def __init__(self, approved: Approved, tmp_path: Path) -> None:
        self.source = approved.url
        self.tmp_path = tmp_path
        if PG:
            self.admin = create_engine(
                self.source.set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
        else:
            assert self.source.database is not None
            with sqlite3.connect(self.source.database) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()

    @contextmanager
    def connect(self, url: URL) -> Iterator[Conn]:
        """A raw connection in autocommit mode: the edit makes its own transaction."""
        if PG:
            engine = create_engine(url)
            raw: Any = engine.raw_connection()
            try:
                conn = raw.driver_connection
                conn.autocommit = True
                yield PgConn(conn)
            finally:
                raw.close()
                engine.dispose()
        else:
            assert url.database is not None
            lite = sqlite3.connect(url.database, isolation_level=None)
            try:
                yield lite
            finally:
                lite.close()

    def copy(self, name: str) -> URL:
        if PG:
            target = f"{self.source.database}_{name}"
            with self.admin.connect() as conn:
                conn.exec_driver_sql(
                    f'CREATE DATABASE "{target}" TEMPLATE "{self.source.database}"'
                )
            return self.source.set(database=target)
        path = self.tmp_path / f"{name}.sqlite"
        assert self.source.database is not None
        shutil.copyfile(self.source.database, path)
        return make_url(f"sqlite+pysqlite:///{path}")

    def drop(self, url: URL) -> None:
        if PG:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        else:
            assert url.database is not None
            Path(url.database).unlink()

    def tamper(self, url: URL, edit: Edit | None) -> str | None:
        """Drop (disable) every trigger, make the edit, put the triggers back, commit.
        None when it went through, else the database's refusal (PostgreSQL's keys)."""
        with self.connect(url) as conn:
            conn.execute("BEGIN")
            if PG:
                tables = [
                    str(t)
                    for (t,) in conn.execute(
                        "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
                        "WHERE NOT tgisinternal"
                    ).fetchall()
                ]
                assert tables
                for table in tables:
                    conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            else:
                triggers = conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                ).fetchall()
                assert triggers
                for name, _sql in triggers:
                    conn.execute(f'DROP TRIGGER "{name}"')
            try:
                if edit is not None:
                    edit(conn)
            except Exception as exc:
                conn.execute("ROLLBACK")
                return str(exc)
            if PG:
                for table in tables:
                    conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            else:
                for _name, sql in triggers:
                    conn.execute(sql)
            conn.execute("COMMIT")
            if not PG:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return None

    def problems(self, url: URL) -> list[str]:
        ctx = Context(open_database(url), actor="kontroll")
        try:
            return check_database(ctx).problems
        finally:
            ctx.close()

    def close(self) -> None:
        if PG:
            self.admin.dispose()


# What a database that still refuses a move says (PostgreSQL keeps its foreign keys).
KEY_REFUSAL = "violates foreign key constraint"


def test_every_edit_behind_dropped_triggers_is_reported_by_check(
    approved: Approved, tmp_path: Path, tally: Tally, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Site(approved, tmp_path)
    engine = "postgresql owner" if PG else "sqlite"
    try:
        with site.connect(approved.url) as conn:
            moves = list(_moves(conn, approved.frozen))
        control = site.copy("control")
        assert site.tamper(control, None) is None
        # Dropping and restoring the triggers alone leaves no trace.
        assert site.problems(control) == []

        missed: list[str] = []
        other: list[str] = []
        detected_one: URL | None = None
        for i, (name, edit) in enumerate(moves):
            target = site.copy(f"move{i}")
            move = f"{engine}, triggers dropped: {name}"
            try:
                refused = site.tamper(target, edit)
                if refused is not None:
                    if KEY_REFUSAL in refused and PG:
                        tally.refused.append(move)
                    else:
                        other.append(f"{move}: {refused.splitlines()[0]}")
                elif site.problems(target):
                    tally.detected.append(move)
                    if detected_one is None:
                        detected_one, target = target, control
                else:
                    missed.append(move)
                    tally.missed.append(move)
            finally:
                if target != control:
                    site.drop(target)
        # The command line says the same: a problem is an exit code other than 0.
        assert detected_one is not None
        capsys.readouterr()
        as_text = detected_one.render_as_string(hide_password=False)
        assert main(["--database", as_text, "check"]) != 0
        assert main(["--database", control.render_as_string(hide_password=False), "check"]) == 0
        site.drop(detected_one)
        site.drop(control)
    finally:
        site.close()
    assert len(moves) >= 25
    assert other == []
    assert missed == []


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "a known limit of any hash chain: events after the last anchor (the head printed in "
        "approved minutes, a correction's event) can be cut and the rest still verifies; "
        "only a copy of a later head held elsewhere (a backup, a distributed PDF) shows it"
    ),
)
def test_cutting_registry_events_after_the_last_anchor_is_reported(
    approved: Approved, tmp_path: Path
) -> None:
    ctx = Context(open_database(approved.url), actor="test")
    try:
        registry.create_person(ctx, PersonIn(name="Kari Etterpå"))
    finally:
        ctx.close()
    site = Site(approved, tmp_path)
    try:
        last = "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)"
        assert site.tamper(approved.url, lambda c: c.execute(last) and None) is None
        assert site.problems(approved.url) != []
    finally:
        site.close()
