"""The insider as a PostgreSQL login of `dvmeet db init-roles` (issue 14): a member of the
secretariat group (reads and writes rows) and a member of the observer group (reads only;
every move is made in a transaction set READ WRITE, so its default is no help). Each move
is one transaction, always undone, and must be refused by the server.

Moves: every freeze move of test_freeze_moves (rows of approved minutes changed, deleted,
copied, moved, replaced; the meeting unfrozen; audit events rewritten or deleted;
corrections changed), then the moves of a login against the log and the schema: forge an
event (a valid link and hash computed by the attacker), truncate the log, set its sequence
back, grant itself the insert, take the owner's role, turn triggers off for the session,
disable or drop a trigger, replace a trigger function, take a table's ownership, forge an
erasure through the writer function, call the inner insert function, shadow the log with
a temporary table or put a function in the schema so the definer function writes to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from tamper_kit import Approved, Logins, Raw, Statement, Tally, freeze_moves

from dvmeet.db.audit import canonical_json, event_hash

# What a refusal by the server says: a freeze trigger, a missing privilege, a missing
# ownership, the writer function's own checks, or the read-only default.
REFUSALS = (
    "dvmeet_frozen",
    "dvmeet_audit",
    "permission denied",
    "must be owner",
)

Move = tuple[str, "str | list[Statement]", dict[str, Any]]


def _login_moves(raw: Raw, login: str, owner: str) -> Iterator[Move]:
    head = raw.rows("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    at = dt.datetime(2030, 1, 1, 12, 0, 0)
    payload = canonical_json({"forged": True})
    forged = {
        "at": at,
        "actor": "kari",
        "action": "minutes.approved",
        "entity": "minutes",
        "entity_id": 1,
        "payload": payload,
        "prev_hash": head["hash"],
        "hash": event_hash(head["hash"], at, "kari", "minutes.approved", "minutes", 1, payload),
    }
    insert = (
        "INSERT INTO audit_event (at, actor, action, entity, entity_id, payload, prev_hash, "
        "hash) VALUES (:at, :actor, :action, :entity, :entity_id, :payload, :prev_hash, :hash)"
    )
    # With its own id the insert needs no sequence: only the table's privilege stops it.
    insert_with_id = (
        "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, payload, "
        "prev_hash, hash) VALUES (:id, :at, :actor, :action, :entity, :entity_id, :payload, "
        ":prev_hash, :hash)"
    )
    with_id = {**forged, "id": head["id"] + 1}
    yield "audit: forge an event with a valid link and hash", insert, forged
    yield "audit: forge an event with its own id", insert_with_id, with_id
    yield "audit: truncate the log", "TRUNCATE audit_event", {}
    yield (
        "audit: set the sequence back",
        "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), 1)",
        {},
    )
    yield (
        "audit: grant itself the insert, then forge",
        [(f"GRANT INSERT ON audit_event TO {login}", {}), (insert_with_id, with_id)],
        {},
    )
    yield "role: take the owner's role", f"SET ROLE {owner}", {}
    yield (
        "triggers: off for the session, then rewrite the log",
        [
            ("SET session_replication_role = replica", {}),
            ("UPDATE audit_event SET payload = '{}' WHERE id = :i", {"i": head["id"]}),
        ],
        {},
    )
    for table, trigger in (
        ("audit_event", "trg_audit_event_no_update"),
        ("audit_event", "trg_audit_event_no_delete"),
        ("ballot", "trg_ballot_owner"),
        ("decision", "trg_decision_owner"),
        ("meeting", "trg_meeting_frozen_update"),
    ):
        yield (
            f"trigger: disable {trigger}",
            f"ALTER TABLE {table} DISABLE TRIGGER {trigger}",
            {},
        )
        yield f"trigger: drop {trigger}", f"DROP TRIGGER {trigger} ON {table}", {}
    yield "trigger: disable all on minutes", "ALTER TABLE minutes DISABLE TRIGGER ALL", {}
    yield (
        "trigger: replace the freeze function of ballot",
        "CREATE OR REPLACE FUNCTION dvmeet_owner_frozen_ballot() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        {},
    )
    yield "table: take ownership of ballot", f"ALTER TABLE ballot OWNER TO {login}", {}
    yield (
        "function: replace the writer function",
        "CREATE OR REPLACE FUNCTION dvmeet_append_audit(text, text, text, integer, text) "
        "RETURNS TABLE (event_id integer, event_hash text) LANGUAGE sql "
        "AS $$ SELECT 1, 'x' $$",
        {},
    )
    yield (
        "function: forge an erasure through the writer function",
        "SELECT * FROM dvmeet_append_audit('kari', 'person.erased', 'person', 1, :payload)",
        {"payload": canonical_json({"redacted_events": {str(head["id"]): "0" * 64}})},
    )
    yield (
        "function: call the inner insert function",
        "SELECT * FROM dvmeet_audit_insert('kari', 'x', 'x', NULL, '{}')",
        {},
    )
    yield (
        "function: put a function in the schema",
        "CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql "
        "AS $$ SELECT '\\x00'::bytea $$",
        {},
    )


def _shadow_move(raw: Raw) -> str | None:
    """A temporary audit_event with a forged head, then the writer function: refused when
    the server refuses the call, or writes to the real log, linked to the real head."""
    head = raw.rows("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")[0]["hash"]
    with raw.engine.connect() as conn:
        tx = conn.begin()
        try:
            if raw.read_write:
                conn.exec_driver_sql("SET TRANSACTION READ WRITE")
            conn.exec_driver_sql(
                "CREATE TEMP TABLE audit_event (LIKE public.audit_event INCLUDING DEFAULTS)"
            )
            conn.exec_driver_sql(
                "INSERT INTO pg_temp.audit_event (id, at, actor, action, entity, payload, "
                f"prev_hash, hash) VALUES (999999, now(), 'x', 'x', 'x', '{{}}', "
                f"'{'0' * 64}', '{'f' * 64}')"
            )
            row = conn.exec_driver_sql(
                "SELECT * FROM dvmeet_append_audit('kari', 'x', 'x', NULL, '{}')"
            ).one()
            linked = conn.exec_driver_sql(
                f"SELECT prev_hash FROM public.audit_event WHERE id = {int(row[0])}"
            ).scalar()
        except Exception as exc:
            return str(exc)
        finally:
            tx.rollback()
    if linked == head:
        return "dvmeet_audit: the writer function wrote the real log (search_path is fixed)"
    return None


def _run(raw: Raw, who: str, approved: Approved, login: str, tally: Tally) -> None:
    missed: list[str] = []
    other: list[str] = []
    tried = 0
    moves: list[Move] = list(freeze_moves(raw, approved.frozen, approved.other))
    moves += list(_login_moves(raw, login, str(approved.url.username)))
    outcomes = [
        (f"postgresql {who}: {name}", raw.attempt(sql, params)) for name, sql, params in moves
    ]
    outcomes.append(
        (f"postgresql {who}: audit: shadow the log with a temporary table", _shadow_move(raw))
    )
    for move, outcome in outcomes:
        tried += 1
        if outcome is None:
            missed.append(move)
            tally.missed.append(move)
        elif any(marker in outcome for marker in REFUSALS):
            tally.refused.append(move)
        else:
            other.append(f"{move}: {outcome.splitlines()[0]}")
    assert tried >= 40
    assert missed == []
    assert other == []  # refused, but for a reason the move did not test


def test_every_move_of_a_secretariat_login_is_refused(
    approved: Approved, logins: Logins, tally: Tally
) -> None:
    raw = Raw(logins.secretariat)
    try:
        _run(raw, "secretariat", approved, str(logins.secretariat.username), tally)
    finally:
        raw.close()


def test_every_move_of_an_observer_login_is_refused(
    approved: Approved, logins: Logins, tally: Tally
) -> None:
    raw = Raw(logins.observer, read_write=True)
    try:
        _run(raw, "observer", approved, str(logins.observer.username), tally)
    finally:
        raw.close()
