"""The exported calendar read by parsers that did not write it (vobject, ics): summer and
winter meetings at the right UTC instant, UIDs stable and unique, SEQUENCE raised by every
change. (The writer is icalendar; reading back with it cannot see its own mistakes.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import ics
import vobject

from dvmeet.db.storage import open_database
from dvmeet.services import exports, meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import UpdateMeetingIn
from dvmeet.services.registry.models import CooperationIn
from tests.unit.meeting_setup import make_body, plan

UTC = dt.UTC
JUNE = dt.date(2027, 6, 10)  # summer time: 10:00 in Oslo is 08:00 UTC
DECEMBER = dt.date(2027, 12, 9)  # winter time: 10:00 in Oslo is 09:00 UTC
EXPECTED = {
    dt.datetime(2027, 6, 10, 8, 0, tzinfo=UTC),
    dt.datetime(2027, 12, 9, 9, 0, tzinfo=UTC),
}


def _export(ctx: Context, path: Path) -> str:
    exports.export_calendar(ctx, path, public=True)
    return path.read_text(encoding="utf-8")


def _vobject_starts(text: str) -> dict[str, dt.datetime]:
    cal = vobject.readOne(text)
    return {ev.uid.value: ev.dtstart.value.astimezone(UTC) for ev in cal.vevent_list}


def _ics_starts(text: str) -> dict[str, dt.datetime]:
    return {e.uid: e.begin.to("utc").datetime for e in ics.Calendar(text).events}


def test_summer_and_winter_meetings_at_the_right_instant(ctx: Context, tmp_path: Path) -> None:
    body = make_body(ctx)
    plan(ctx, body, JUNE)
    plan(ctx, body, DECEMBER)
    text = _export(ctx, tmp_path / "m.ics")
    assert set(_vobject_starts(text).values()) == EXPECTED
    assert set(_ics_starts(text).values()) == EXPECTED
    assert "METHOD:PUBLISH" in text
    # Yearly rules, not a list of changeover dates that ends in 2037.
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RDATE" not in text
    # A meeting in 2045 is still at the right instant (the rules have no end).
    plan(ctx, body, dt.date(2045, 7, 4))
    later = _export(ctx, tmp_path / "later.ics")
    assert dt.datetime(2045, 7, 4, 8, 0, tzinfo=UTC) in _vobject_starts(later).values()


def test_uid_stable_through_renames_and_unique_per_database(ctx: Context, tmp_path: Path) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, JUNE)
    first = _vobject_starts(_export(ctx, tmp_path / "a.ics"))
    coop = registry.get_cooperation(ctx)
    assert coop is not None
    registry.set_cooperation(
        ctx,
        CooperationIn(
            name="Vestland digitalt samarbeid",
            legal_form=coop.legal_form,
        ),
    )
    renamed = _vobject_starts(_export(ctx, tmp_path / "b.ics"))
    assert set(first) == set(renamed) and len(first) == 1
    uid = next(iter(first))
    assert re.fullmatch(rf"meeting-{meeting.id}-[0-9a-f-]{{36}}@dvmeet", uid), uid

    other = Context(open_database(tmp_path / "o.sqlite"), actor="test")
    try:
        other_body = make_body(other)
        plan(other, other_body, JUNE)
        theirs = _vobject_starts(_export(other, tmp_path / "o.ics"))
    finally:
        other.close()
    assert len(theirs) == 1 and set(theirs).isdisjoint(first)


def test_every_change_raises_the_sequence(ctx: Context, tmp_path: Path) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, JUNE)

    def sequence() -> int:
        cal = vobject.readOne(_export(ctx, tmp_path / "s.ics"))
        assert cal.vevent.dtstamp.value.tzinfo is not None
        return int(cal.vevent.sequence.value)

    before = sequence()
    current = meetings.get_meeting(ctx, meeting.id)
    meetings.update_meeting(
        ctx,
        UpdateMeetingIn(
            meeting_id=meeting.id, place="Os kulturhus", expected_version=current.version
        ),
    )
    after_place = sequence()
    assert after_place > before
    cal = vobject.readOne(_export(ctx, tmp_path / "s.ics"))
    assert cal.vevent.last_modified.value.tzinfo is not None
    assert str(cal.vevent.location.value) == "Os kulturhus"


def test_calendar_export_needs_no_system_zone_files(tmp_path: Path) -> None:
    """Where the system has no time zone files (Windows, a slim container, the bundle on
    such a machine) Python falls back to the tzdata package, which dvmeet depends on."""
    import os
    import subprocess
    import sys

    db = tmp_path / "d.sqlite"
    out = tmp_path / "m.ics"
    env = {**os.environ, "PYTHONTZPATH": str(tmp_path / "ingen-soner"), "TZ": "UTC"}
    script = (
        "import sys, zoneinfo\n"
        "assert not zoneinfo.TZPATH or not any("
        "__import__('pathlib').Path(p, 'Europe', 'Oslo').exists() for p in zoneinfo.TZPATH)\n"
        "from dvmeet import cli\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    for args in (["demo", "--years", "0"], ["export", "calendar", "-o", str(out)]):
        done = subprocess.run(
            [sys.executable, "-c", script, "--database", str(db), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    assert "TZID=Europe/Oslo" in out.read_text(encoding="utf-8")
