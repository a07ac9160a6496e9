"""Save PNGs of the console's speakers' list and the projector's speaker view (issue 17),
at 1366x768 and 1920x1080, and of the body's speakers' settings, on fresh demo data,
offscreen.

    uv run python scripts/speakers_screenshots.py OUTDIR

The meeting is the demo's representantskap with every member present; the body keeps a
limit of 3 minutes per innlegg, 1 minute per replikk and two replikkar per innlegg. Six
members ask for the floor, the first speaks (2 min 10 s in), two ask for a replikk.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="dvmeet-speakers-"))
os.environ["DVMEET_DATA_DIR"] = str(WORK / "data")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import ui  # noqa: E402,F401  (installs the PySide6 guard)
from dvmeet.domain.speakers import SpeakerKind  # noqa: E402
from dvmeet.services import attendance, meetings, speakers  # noqa: E402
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn  # noqa: E402
from dvmeet.services.context import open_context  # noqa: E402
from dvmeet.services.maintenance import fill_demo  # noqa: E402
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn  # noqa: E402
from dvmeet.services.speakers.models import (  # noqa: E402
    SpeakerActIn,
    SpeakerIn,
    SpeakerSettingsIn,
)
from ui.app import make_application  # noqa: E402
from ui.console.speakers import SpeakerSettingsDialog  # noqa: E402
from ui.console.window import ConsoleWindow  # noqa: E402
from ui.state import AppState  # noqa: E402

SIZES = ((1366, 768), (1920, 1080))


def _wait(until: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the console did not finish loading")
        time.sleep(0.01)
    QApplication.processEvents()


def prepare(db: Path) -> int:
    ctx = open_context(db)
    try:
        fill_demo(ctx, years=1)
        now = dt.datetime.now()
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS",
                date=now.date() + dt.timedelta(days=400),
                start_time=dt.time(10, 0),
                place="Bergen rådhus",
            ),
        ).id
        case = meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting,
                title="Strategi for deling av data mellom kommunane",
                recommendation="Strategien vert vedteken.",
            ),
        ).id
        roll = attendance.roll_call(ctx, meeting)
        for seat in roll.seats_list:
            for member in seat.members:
                attendance.mark_present(
                    ctx, PresenceIn(meeting_id=meeting, person_id=member.person_id)
                )
        day = meetings.get_meeting(ctx, meeting).date
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(
                meeting_id=meeting,
                opened_at=dt.datetime.combine(day, dt.time(10)),
                before_date_confirmed=True,
            ),
        )
        attendance.set_current_case(ctx, meeting, case)
        speakers.set_speaker_settings(
            ctx,
            SpeakerSettingsIn(
                body_code="RS",
                innlegg_seconds=180,
                replikk_seconds=60,
                max_replikkar=2,
                in_minutes=True,
                expected_version=0,
            ),
        )
        people = speakers.speakers_list(ctx, case).candidates
        for c in people[3:9]:
            listed = speakers.add_speaker(ctx, SpeakerIn(case_id=case, person_id=c.person_id))
        first = listed.queue[0]
        speakers.start_speaker(
            ctx,
            SpeakerActIn(entry_id=first.id, expected_version=first.version),
            now=now - dt.timedelta(minutes=2, seconds=10),
        )
        for c in (people[14], people[22]):
            speakers.add_speaker(
                ctx, SpeakerIn(case_id=case, person_id=c.person_id, kind=SpeakerKind.REPLIKK)
            )
        return meeting
    finally:
        ctx.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    db = WORK / "demo.sqlite"
    meeting = prepare(db)
    state = AppState(QSettings(str(WORK / "ui.ini"), QSettings.Format.IniFormat))
    state.set_context(open_context(db))
    console = ConsoleWindow(state, meeting)
    console.show()
    _wait(lambda: console.snapshot is not None and not state.runner.busy)
    console.focus_speakers()
    _wait(lambda: console.speakers.data is not None and not state.runner.busy)
    projector = console.open_projector()
    for width, height in SIZES:
        console.resize(width, height)
        projector.resize(width, height)
        QApplication.processEvents()
        console.grab().save(str(out / f"console-speakers-{width}x{height}.png"))
        projector.grab().save(str(out / f"projector-speakers-{width}x{height}.png"))
    assert console.speakers.data is not None
    dialog = SpeakerSettingsDialog(console.speakers.data.settings, console)
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(out / "speaker-settings.png"))
    dialog.close()
    console.close()
    state.close()
    print(f"saved in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "speaker-shots")))
