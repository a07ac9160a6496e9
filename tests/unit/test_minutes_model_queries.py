"""The minutes model asks for the body's speaker settings once, not once per case (issue 21:
a 300-case møtebok spent a query a case on a body that has no settings row). Both engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from meeting_setup import add_case, make_body, plan
from sqlalchemy import event

from dvmeet.services import minutes, speakers
from dvmeet.services.context import Context
from dvmeet.services.speakers import SpeakerSettingsIn

DAY = dt.date(2025, 3, 12)


@contextmanager
def _statements(ctx: Context) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _settings_queries(seen: list[str]) -> int:
    return sum(
        1 for s in seen if "speaker_settings" in s and s.lstrip().upper().startswith("SELECT")
    )


def test_speaker_settings_read_once_for_all_cases(ctx: Context) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, DAY).id
    for n in range(6):
        add_case(ctx, meeting, f"Sak {n}")
    with _statements(ctx) as seen:
        doc = minutes.minutes_document(ctx, meeting, public=False)
    assert len(doc.minutes.cases) >= 6
    assert _settings_queries(seen) == 1  # no settings row: asked once, not once a case
    # settings changed in another unit of work are seen by the next model
    now = speakers.speaker_settings(ctx, body.code)
    speakers.set_speaker_settings(
        ctx, SpeakerSettingsIn(body_code=body.code, in_minutes=True, expected_version=now.version)
    )
    with _statements(ctx) as seen:
        minutes.minutes_document(ctx, meeting, public=False)
    assert _settings_queries(seen) == 1
