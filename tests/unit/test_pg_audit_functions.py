"""The audit log written by the server on PostgreSQL (migration 0010): the SHA-256 that
dvmeet_append_audit computes is exactly dvmeet.db.audit.event_hash of the same event, for
every kind of text, and what the app appends through it is a verified chain."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from dbtarget import is_postgres
from sqlalchemy import select, text

from dvmeet.db.audit import GENESIS, append_event, canonical_json, event_hash, verify_audit_chain
from dvmeet.db.models import AuditEvent
from dvmeet.services.context import Context

pytestmark = pytest.mark.skipif(not is_postgres(), reason="PostgreSQL only")

TEXTS = [
    "enkel",
    "sitat \"inni\" og 'enkle'",
    "omvendt \\ skråstrek \\\\ to, \\u00e6 bokstavleg, \\n bokstavleg",
    "æøå ÆØÅ – Sámi čđŋšŧž",
    "emoji 🙂👍🏽 og 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "linjeskift\nog\ttabulator og \r vognretur og \x7f",
    '{"ser ut som": ["json"]}',
    "lang " + 'tekst med æøå og "sitat" ' * 4000,
    "",
]


def _server_append(
    ctx: Context, actor: str, action: str, entity: str, entity_id: int | None, payload: str
) -> AuditEvent:
    with ctx.db.write_session() as s:
        row = s.execute(
            text("SELECT * FROM dvmeet_append_audit(:a, :b, :c, :d, :e)"),
            {"a": actor, "b": action, "c": entity, "d": entity_id, "e": payload},
        ).one()
        event = s.get(AuditEvent, row.event_id)
        assert event is not None and event.hash == row.event_hash
        s.expunge(event)
        return event


def test_the_server_hash_is_pythons_event_hash_for_every_kind_of_text(ctx: Context) -> None:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    prev = GENESIS
    for i, value in enumerate(TEXTS):
        payload = canonical_json({"tekst": value, "liste": [value, i, None, True]})
        event = _server_append(
            ctx, f"aktør {value[:40]}", f"handling.{i}", value[:60] or "eining", i or None, payload
        )
        assert event.prev_hash == prev
        assert event.payload == payload
        assert event.at.microsecond == 0 and event.at.tzinfo is None
        assert before <= event.at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
        assert event.hash == event_hash(
            event.prev_hash, event.at, event.actor, event.action, event.entity,
            event.entity_id, event.payload,
        ), value[:40]  # fmt: skip
        prev = event.hash
    with ctx.reading() as s:
        report = verify_audit_chain(s)
    assert (report.events, report.head, report.broken_at) == (len(TEXTS), prev, None)


def test_append_event_goes_through_the_server_and_returns_the_orm_event(ctx: Context) -> None:
    with ctx.db.write_session() as session:
        session.info["dvmeet_audited"] = audited = []
        first = append_event(
            session, actor="a", action="x", entity="e", entity_id=None, payload={"k": 'æ"ø'}
        )
        second = append_event(session, actor="a", action="y", entity="f", entity_id=5, payload=2)
        assert first.prev_hash == GENESIS and second.prev_hash == first.hash
        assert first.payload == canonical_json({"k": 'æ"ø'})
        assert audited == ["e", "f"]
        # The server's hash, not one the client computed: the row holds what it returned.
        stored = session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id)).all()
        assert stored == [first.hash, second.hash]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a", "x", "e", None, "ikkje json"), "ikkje JSON"),
        (("", "x", "e", None, "{}"), "må fyllast ut"),
        (("a", " ", "e", None, "{}"), "må fyllast ut"),
        (("a", "x", "e", None, None), "må fyllast ut"),
        (("a", "person.erased", "person", 1, json.dumps({"redacted_events": {}})), "sletting"),
    ],
)
def test_the_writer_function_refuses_bad_arguments_and_writes_nothing(
    ctx: Context, args: tuple[object, ...], message: str
) -> None:
    with pytest.raises(Exception, match=message):
        _server_append(ctx, *args)  # type: ignore[arg-type]
    with ctx.reading() as s:
        assert s.scalar(select(AuditEvent.id).limit(1)) is None


def test_concurrent_writers_extend_one_chain(ctx: Context) -> None:
    """Eight connections append at once, each in transactions of several events: the
    server's lock puts every event on one line, none shares a head."""
    writers, per_writer = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(0, per_writer, 3):
                with ctx.db.write_session() as s:
                    for j in range(3):
                        append_event(
                            s, actor=f"w{n}", action="x", entity="e", entity_id=i + j,
                            payload={"n": n, "i": i + j},
                        )  # fmt: skip
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with ctx.reading() as s:
        report = verify_audit_chain(s)
        prevs = s.scalars(select(AuditEvent.prev_hash)).all()
    assert (report.events, report.broken_at) == (writers * per_writer, None)
    assert len(set(prevs)) == len(prevs)
