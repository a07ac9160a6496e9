"""The audit log is append-only (trigger) and hash-chained: `dvmeet check` finds tampering."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError

from dvmeet import cli
from dvmeet.domain.enums import MeetingStatus
from dvmeet.services import meetings, minutes
from dvmeet.services.context import Context
from dvmeet.services.maintenance import fill_demo


def _target(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        return url.database
    return url.render_as_string(hide_password=False)


def _check(url: URL, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--database", _target(url), "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _pick_event(url: URL) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM audit_event ORDER BY id"))]
    finally:
        engine.dispose()
    assert len(ids) > 10
    return ids[len(ids) // 2]


def test_demo_then_tampering_is_found(
    ctx: Context, database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = fill_demo(ctx, years=0)
    assert summary is not None
    # the constituent meeting; the other RS meeting is the demo's one under way today
    (constituent,) = [
        m for m in meetings.list_meetings(ctx, "RS") if m.status is MeetingStatus.APPROVED
    ]
    draft = minutes.minutes_draft(ctx, constituent.id)
    assert draft.cases and draft.present
    ctx.close()

    code, out, err = _check(database_url, capsys)
    assert code == 0, err
    assert "i orden" in out

    target = _pick_event(database_url)
    engine = create_engine(database_url)
    try:
        # The plain UPDATE is refused by the trigger.
        with pytest.raises(DBAPIError, match="dvmeet_frozen"), engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_event SET payload = '{}' WHERE id = :id"), {"id": target}
            )
        with pytest.raises(DBAPIError, match="dvmeet_frozen"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": target})
        code, _, err = _check(database_url, capsys)
        assert code == 0, err

        # Someone with raw access drops the trigger and edits one payload.
        drop = "DROP TRIGGER trg_audit_event_no_update"
        if engine.dialect.name == "postgresql":
            drop += " ON audit_event"
        with engine.begin() as conn:
            conn.execute(text(drop))
            conn.execute(
                text("UPDATE audit_event SET payload = :p WHERE id = :id"),
                {"p": '{"forged":true}', "id": target},
            )
    finally:
        engine.dispose()

    code, _, err = _check(database_url, capsys)
    assert code != 0
    assert re.search(rf"hending nr\. {target}\b", err), err


def test_tampering_with_a_small_meeting_is_found(
    ctx: Context, database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    from meeting_setup import make_body, running

    body = make_body(ctx)
    running(ctx, body, cases=2)
    ctx.close()
    assert _check(database_url, capsys)[0] == 0

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            last = conn.execute(text("SELECT max(id) FROM audit_event")).scalar_one()
        drop = "DROP TRIGGER trg_audit_event_no_update"
        if engine.dialect.name == "postgresql":
            drop += " ON audit_event"
        with engine.begin() as conn:
            conn.execute(text(drop))
            conn.execute(
                text("UPDATE audit_event SET actor = 'nokon andre' WHERE id = :id"), {"id": last}
            )
    finally:
        engine.dispose()
    code, _, err = _check(database_url, capsys)
    assert code != 0 and f"hending nr. {last}" in err


def _drop_audit_triggers(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in ("trg_audit_event_no_update", "trg_audit_event_no_delete"):
            on = " ON audit_event" if engine.dialect.name == "postgresql" else ""
            conn.execute(text(f"DROP TRIGGER {name}{on}"))


def _approval_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT a.id FROM audit_event a JOIN minutes m ON m.audit_head = a.hash "
                    "ORDER BY a.id"
                )
            )
        ]


def test_a_log_cut_short_after_an_approval_is_found(
    ctx: Context, database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    """What is left of the log still chains from the genesis; the approved minutes printed
    a head that is gone ("i orden, 600 hendingar" of 1,151, before)."""
    fill_demo(ctx, years=1)
    ctx.close()
    assert _check(database_url, capsys)[0] == 0
    engine = create_engine(database_url)
    try:
        last_approval = _approval_ids(engine)[-1]
        _drop_audit_triggers(engine)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_event WHERE id >= :i"), {"i": last_approval})
    finally:
        engine.dispose()
    code, out, err = _check(database_url, capsys)
    assert code != 0
    assert "vart godkjend ved ei hending som ikkje finst i revisjonsloggen" in err, out + err


def test_a_log_rewritten_and_chained_anew_is_found(
    ctx: Context, database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    """An insider deletes one early event and recomputes every later hash, as the code in
    dvmeet/db/audit.py does: the chain holds again, but no approval's head is in it."""
    from dvmeet.db.audit import event_hash

    fill_demo(ctx, years=1)
    ctx.close()
    engine = create_engine(database_url)
    try:
        first_approval = _approval_ids(engine)[0]
        _drop_audit_triggers(engine)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": first_approval - 3})
            rows = conn.execute(
                text(
                    "SELECT id, at, actor, action, entity, entity_id, payload FROM audit_event "
                    "WHERE id > :i ORDER BY id"
                ),
                {"i": first_approval - 3},
            ).all()
            prev = conn.execute(
                text("SELECT hash FROM audit_event WHERE id < :i ORDER BY id DESC LIMIT 1"),
                {"i": first_approval - 3},
            ).scalar_one()
            conn.execute(  # free the unique hashes the tail will take
                text("UPDATE audit_event SET hash = 'x' || id WHERE id > :i"),
                {"i": first_approval - 3},
            )
            for r in rows:
                at = r.at if not isinstance(r.at, str) else dt.datetime.fromisoformat(r.at)
                new = event_hash(prev, at, r.actor, r.action, r.entity, r.entity_id, r.payload)
                conn.execute(
                    text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :i"),
                    {"p": prev, "h": new, "i": r.id},
                )
                prev = new
    finally:
        engine.dispose()
    code, out, err = _check(database_url, capsys)
    assert code != 0
    assert "vart godkjend ved ei hending som ikkje finst i revisjonsloggen" in err, out + err
