"""The audit log is append-only and hash-chained: a changed or missing row shows."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Connection, select, text

from dvmeet.db.audit import GENESIS, append_event, canonical_json, event_hash, verify_audit_chain
from dvmeet.db.models import AuditEvent
from dvmeet.services.context import Context

EVENTS = 20


def fill(ctx: Context, count: int = EVENTS) -> None:
    for i in range(count):
        with ctx.unit_of_work() as uow:
            uow.audit("test.add", "member", i + 1, {"n": i, "navn": "Åse Ødegård"})


def report(ctx: Context):  # type: ignore[no-untyped-def]
    with ctx.reading() as session:
        return verify_audit_chain(session)


def tamper(ctx: Context, sql: str, **params: object) -> None:
    """Raw SQL past the services, first dropping the trigger that would refuse it."""
    with ctx.db.engine.begin() as conn:
        _drop_guards(conn, ctx.is_sqlite)
        conn.execute(text(sql), params)


def _drop_guards(conn: Connection, is_sqlite: bool) -> None:
    for trigger in ("trg_audit_event_no_update", "trg_audit_event_no_delete"):
        if is_sqlite:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        else:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger} ON audit_event"))


def ids(ctx: Context) -> list[int]:
    with ctx.reading() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_empty_chain(ctx: Context) -> None:
    chain = report(ctx)
    assert (chain.events, chain.head, chain.broken_at, chain.problem) == (0, GENESIS, None, None)


def test_intact_chain_of_twenty_events(ctx: Context) -> None:
    fill(ctx)
    chain = report(ctx)
    assert chain.events == EVENTS
    assert chain.broken_at is None
    assert chain.problem is None
    assert ids(ctx) == list(range(1, EVENTS + 1))
    with ctx.reading() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert events[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert chain.head == events[-1].hash
    assert events[3].actor == "test"
    assert events[3].payload == canonical_json({"n": 3, "navn": "Åse Ødegård"})


def test_events_in_one_unit_of_work_chain_in_order(ctx: Context) -> None:
    with ctx.unit_of_work() as uow:
        for i in range(5):
            uow.audit("test.add", "case", i, {"i": i})
    chain = report(ctx)
    assert (chain.events, chain.broken_at) == (5, None)


def test_rolled_back_unit_of_work_leaves_no_event(ctx: Context) -> None:
    fill(ctx, 3)
    head = report(ctx).head
    with pytest.raises(RuntimeError), ctx.unit_of_work() as uow:
        uow.audit("test.add", "case", 99, {})
        raise RuntimeError("stop")
    chain = report(ctx)
    assert (chain.events, chain.head, chain.broken_at) == (3, head, None)
    fill(ctx, 1)
    assert report(ctx).broken_at is None


def test_changed_payload_breaks_the_chain_at_that_event(ctx: Context) -> None:
    fill(ctx)
    forged = canonical_json({"n": 6, "navn": "Mallory"})
    tamper(ctx, "UPDATE audit_event SET payload = :p WHERE id = 7", p=forged)
    chain = report(ctx)
    assert chain.broken_at == 7
    assert chain.problem is not None
    assert chain.events == 7


def test_changed_actor_breaks_the_chain(ctx: Context) -> None:
    fill(ctx)
    tamper(ctx, "UPDATE audit_event SET actor = 'someone else' WHERE id = 12")
    assert report(ctx).broken_at == 12


def test_recomputed_hash_breaks_the_link_to_the_next_event(ctx: Context) -> None:
    """A forger who fixes the hash of the changed row still breaks the next link."""
    fill(ctx)
    with ctx.reading() as session:
        ev = session.get(AuditEvent, 7)
        assert ev is not None
        payload = canonical_json({"n": 6, "navn": "Mallory"})
        forged = event_hash(
            ev.prev_hash, ev.at, ev.actor, ev.action, ev.entity, ev.entity_id, payload
        )
    tamper(ctx, "UPDATE audit_event SET payload = :p, hash = :h WHERE id = 7", p=payload, h=forged)
    assert report(ctx).broken_at == 8


def test_deleted_middle_event_breaks_the_link_at_the_next_id(ctx: Context) -> None:
    fill(ctx)
    tamper(ctx, "DELETE FROM audit_event WHERE id = 10")
    chain = report(ctx)
    assert chain.broken_at == 11
    assert chain.problem is not None


def test_deleted_first_event_is_found(ctx: Context) -> None:
    fill(ctx)
    tamper(ctx, "DELETE FROM audit_event WHERE id = 1")
    assert report(ctx).broken_at == 2


def test_append_event_directly_in_a_write_session(ctx: Context) -> None:
    with ctx.db.write_session() as session:
        first = append_event(
            session, actor="a", action="x", entity="e", entity_id=None, payload={"k": [1, 2]}
        )
        second = append_event(
            session, actor="a", action="y", entity="e", entity_id=5, payload="tekst"
        )
        assert first.prev_hash == GENESIS
        assert second.prev_hash == first.hash
        assert first.id < second.id
    chain = report(ctx)
    assert (chain.events, chain.head, chain.broken_at) == (2, second.hash, None)
