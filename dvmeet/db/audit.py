"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, configure_mappers
from sqlalchemy.orm.instrumentation import manager_of_class

from dvmeet.db.driver_insert import insert_row, insert_rows
from dvmeet.db.models import AuditEvent

GENESIS = "0" * 64


def canonical_json(payload: Any) -> str:
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def event_hash(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    payload: str,
) -> str:
    material = canonical_json(
        [prev_hash, at.isoformat(), actor, action, entity, entity_id, payload]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


# The session.info key under which a unit of work collects the entity of every event
# appended in its transaction (dvmeet.services.context.UnitOfWork).
AUDITED = "dvmeet_audited"


def _appended(session: Session, event: AuditEvent) -> AuditEvent:
    audited = session.info.get(AUDITED)
    if isinstance(audited, list):
        audited.append(event.entity)
    return event


def _chained(
    session: Session, actor: str, action: str, entity: str, entity_id: int | None, body: str
) -> dict[str, Any]:
    """An event's row, chained to the head of this transaction (which it becomes)."""
    prev_hash = _head(session)
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    digest = event_hash(prev_hash, at, actor, action, entity, entity_id, body)
    _remember_head(session, digest)
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload": body,
        "prev_hash": prev_hash,
        "hash": digest,
    }


# The session.info key of the events held to be written together (events_together):
# (the transaction they belong to, their rows in the chain's order).
_HELD = "dvmeet_audit_held"
_HELD_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "payload", "prev_hash", "hash")


@contextmanager
def events_together(session: Session) -> Iterator[None]:
    """Within the block, SQLite's events appended through `hold_event` are chained as
    they come and written in one statement when the block ends without an error (a vote
    writes its own and its decision's); any other append writes the held ones first, so
    the rows stay in the chain's order. No savepoint may be begun in the block (refused:
    its events would chain behind the held ones). PostgreSQL's server appends each event
    at once, as before."""
    if session.get_bind().dialect.name == "postgresql":
        yield
        return
    session.info[_HELD] = (_transaction_of(session), [])
    try:
        yield
        write_held_events(session)
    finally:
        session.info.pop(_HELD, None)


def _same_transaction(session: Session, transaction: object) -> None:
    # A savepoint begun in the block would chain its events to the head the database
    # holds, behind the held ones' backs: refused, not forked.
    if _transaction_of(session) is not transaction:
        raise RuntimeError("events_together: a savepoint was begun inside the block")


def write_held_events(session: Session) -> None:
    """Write the events held by events_together (none: nothing), in their order."""
    held = session.info.get(_HELD)
    if held is None or not held[1]:
        return
    _same_transaction(session, held[0])
    rows = list(held[1])
    held[1].clear()
    insert_rows(session, AuditEvent, _HELD_COLUMNS, rows)


def hold_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    payload: Any,
) -> None:
    """append_event, held to be written with the others of events_together's block; at
    once (append_event) outside such a block and on PostgreSQL."""
    held = session.info.get(_HELD)
    if held is None:
        append_event(
            session,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            payload=payload,
        )
        return
    _same_transaction(session, held[0])
    values = _chained(session, actor, action, entity, entity_id, canonical_json(payload))
    held[1].append(tuple(values[column] for column in _HELD_COLUMNS))
    audited = session.info.get(AUDITED)
    if isinstance(audited, list):
        audited.append(entity)


def append_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    payload: Any,
) -> AuditEvent:
    """Append one event in the caller's transaction, chained to the previous one.

    On PostgreSQL the server writes it (`dvmeet_append_audit`, migration 0010: a SECURITY
    DEFINER function that takes the time and computes the hash itself), so a login of the
    secretariat never needs, nor has, a write on the audit table. On SQLite it is
    written here."""
    body = canonical_json(payload)
    if session.get_bind().dialect.name == "postgresql":
        session.flush()  # the caller's rows go first, as on SQLite
        row = session.execute(
            text(
                "SELECT event_id, event_hash FROM "
                "dvmeet_append_audit(:actor, :action, :entity, :entity_id, :payload)"
            ),
            {
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "payload": body,
            },
        ).one()
        return appended_event(session, int(row.event_id))
    session.flush()  # the caller's rows go first
    write_held_events(session)  # and the events held before it, in their order
    values = _chained(session, actor, action, entity, entity_id, body)
    # The driver's own insert on the session's connection: the row is written as the ORM
    # would write it, without an object for the unit of work to track and flush.
    (event_id,) = insert_row(session, AuditEvent, values)
    # The row as written, as a (transient) object: its attributes put in place as a load
    # would, without the instrumented set of each (no change history to keep for a row
    # the ORM never flushes).
    configure_mappers()  # as the constructor would (a no-op once they are)
    event: AuditEvent = _NEW_EVENT()
    event.__dict__.update(values, id=event_id)
    return _appended(session, event)


_NEW_EVENT = manager_of_class(AuditEvent).new_instance
_LAST_HASH = select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)

# The session.info key of the chain's head as this transaction last wrote it: (the
# transaction, the hash). Only the transaction that wrote it may use it: a savepoint
# begun, ended or rolled back since makes the next event read the head again.
_HEAD = "dvmeet_audit_head"


def _transaction_of(session: Session) -> object:
    return session.get_nested_transaction() or session.get_transaction()


def _head(session: Session) -> str:
    """The hash of the chain's last event: the one this transaction (the same savepoint)
    appended last, else read (SQLite's write transaction holds the database alone)."""
    known = session.info.get(_HEAD)
    if known is not None and known[0] is _transaction_of(session):
        return str(known[1])
    prev = session.connection().execute(_LAST_HASH).scalar()  # flushed by the caller
    return prev or GENESIS


def _remember_head(session: Session, head: str) -> None:
    session.info[_HEAD] = (_transaction_of(session), head)


# The chain's head as a column, for a service to read along with its first query of a
# write transaction (SQLite: the transaction holds the database from its BEGIN IMMEDIATE,
# so the head stays what was read until this transaction appends).
HEAD_COLUMN = _LAST_HASH.scalar_subquery().label("audit_head")


def note_head(session: Session, head: str | None) -> None:
    """The caller read HEAD_COLUMN in this transaction: the next event chains to it
    without reading it again (as if this transaction, at its level, had written it)."""
    _remember_head(session, head or GENESIS)


def appended_event(session: Session, event_id: int) -> AuditEvent:
    """An event the server has just written in this transaction (PostgreSQL), as an ORM
    object of the session, counted with the unit of work's audited entities."""
    event = session.get(AuditEvent, event_id)
    if event is None:  # pragma: no cover - the row was inserted in this transaction
        raise LookupError(f"audit event {event_id} not found after it was appended")
    return _appended(session, event)


@dataclass(frozen=True)
class ChainReport:
    events: int
    head: str
    broken_at: int | None  # id of the first event whose link or hash does not hold
    problem: str | None
    # The hash of every event verified from the genesis, with the event's id.
    verified: dict[str, int] = field(default_factory=dict)


def _redacted_payloads(session: Session) -> dict[int, str]:
    """Events whose payload a later erasure event (GDPR) redacted: {id: SHA-256 of the
    redacted payload}. The erasure event is itself chained, so the redaction is on record."""
    found: dict[int, str] = {}
    for payload in session.scalars(
        select(AuditEvent.payload)
        .where(AuditEvent.action == "person.erased")
        .order_by(AuditEvent.id)
    ):
        try:
            listed = json.loads(payload).get("redacted_events") or {}
        except (ValueError, AttributeError):
            continue
        found.update({int(k): str(v) for k, v in listed.items()})
    return found


def verify_audit_chain(session: Session) -> ChainReport:
    """Walk the chain from the genesis: every link and every hash (a payload redacted by a
    recorded erasure is checked against the erasure's digest instead)."""
    prev_hash = GENESIS
    count = 0
    verified: dict[str, int] = {}
    redacted = _redacted_payloads(session)
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        count += 1
        if ev.prev_hash != prev_hash:
            return ChainReport(
                count, prev_hash, ev.id, "lenkja til førre hending er broten", verified
            )
        if ev.id in redacted:
            digest = hashlib.sha256(ev.payload.encode("utf-8")).hexdigest()
            if digest != redacted[ev.id]:
                return ChainReport(
                    count, prev_hash, ev.id, "innhaldet samsvarer ikkje med slettinga", verified
                )
        else:
            expected = event_hash(
                ev.prev_hash, ev.at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.payload
            )
            if ev.hash != expected:
                return ChainReport(
                    count, prev_hash, ev.id, "innhaldet samsvarer ikkje med hashen", verified
                )
        prev_hash = ev.hash
        verified[ev.hash] = ev.id
    return ChainReport(count, prev_hash, None, None, verified)
