"""The audit log is append-only (trigger) and hash-chained: `dvmeet check` finds tampering."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from dvmeet import cli
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
    (constituent,) = meetings.list_meetings(ctx, "RS")
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
