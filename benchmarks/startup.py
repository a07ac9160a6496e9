"""Benchmark (not a test): how fast dvmeet starts, against a bare PySide6 window, in one run.

Measures the time from starting a process to its first paint (and to the meeting list
shown), over several repetitions (median), offscreen:
  - a bare window (QMainWindow with a QTableView, shown and painted), as a script;
  - `python -m dvmeet.cli --database DB` with DVMEET_STARTUP_PROBE=paint (first paint)
    and =data (the meeting list shown), on demo data made with `dvmeet demo --years 10`;
then (reported, no target) until the Møte view works on the open database; and in-process:
opening a meeting with 30 cases (meetings.get_meeting) and a search over
the ten years of demo data (search.search).

Ends with one line:   startup ratio first_paint=X data=Y
Targets (issue 5): X <= 1.5, Y <= 2.5.
Run: uv run python benchmarks/startup.py [--repeats N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Quit(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first_paint", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1200, 780)
quitter = Quit()
window.installEventFilter(quitter)
window.show()
app.exec()
"""


def environment(data_dir: Path, probe: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DVMEET_DATA_DIR"] = str(data_dir)
    env.pop("DVMEET_DATABASE_URL", None)
    # These machines set PYTHONDONTWRITEBYTECODE, so every start would compile every module
    # from source; an installed app (and the bundle) starts from bytecode caches. The
    # warm-up run writes them, for the bare window and dvmeet alike.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if probe:
        env["DVMEET_STARTUP_PROBE"] = probe
    return env


def wall(cmd: list[str], env: dict[str, str], expect: str = "first_paint") -> float:
    """Seconds from starting the process until it prints `expect` (what the user sees
    happens then; what the process does after it does not count)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    took: float | None = None
    deadline = started + 60
    for line in proc.stdout:
        if line.split() and line.split()[0] == expect:
            took = time.perf_counter() - started
            break
        if time.perf_counter() > deadline:
            break
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if took is None:
        err = proc.stderr.read() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} never printed {expect!r} ({proc.returncode}):\n{err}")
    return took


def make_demo(folder: Path) -> Path:
    db = folder / "demo10.sqlite"
    env = environment(folder / "userdata")
    cmd = [sys.executable, "-m", "dvmeet.cli", "--database", str(db), "demo", "--years", "10"]
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=900)
    print(f"demo data (10 years): {time.perf_counter() - started:.1f} s, "
          f"{db.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    return db


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f})"


def in_process(db: Path, repeats: int) -> None:
    from dvmeet.services import meetings, search
    from dvmeet.services.context import open_context
    from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn

    ctx = open_context(db)
    try:
        day = dt.date.today() + dt.timedelta(days=60)
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Bergen"),
        )
        for n in range(30):
            meetings.add_case(
                ctx,
                CaseIn(
                    meeting_id=meeting.id,
                    title=f"Sak om økonomi og digitalisering nr. {n + 1}",
                    recommendation="Representantskapet sluttar seg til tilrådinga. " * 20,
                ),
            )
        cases = len(meetings.get_meeting(ctx, meeting.id).cases)
        opening: list[float] = []
        for _ in range(max(repeats, 5)):
            started = time.perf_counter()
            meetings.get_meeting(ctx, meeting.id)
            opening.append(time.perf_counter() - started)
        print(f"open a meeting with {cases} cases (get_meeting): {median_ms(opening)}")
        for query in ("økonomi", "budsjett", "år", "digitalisering avtale"):
            took: list[float] = []
            hits = 0
            for _ in range(max(repeats, 5)):
                started = time.perf_counter()
                hits = len(search.search(ctx, query))
                took.append(time.perf_counter() - started)
            print(f"search {query!r:26} {hits:4d} hits: {median_ms(took)}")
    finally:
        ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvmeet-startup-") as tmp:
        folder = Path(tmp)
        db = make_demo(folder)
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        app = [sys.executable, "-m", "dvmeet.cli", "--database", str(db)]
        bare_env = environment(folder / "userdata")
        # one warm-up of each, so that every measured run finds the files in the page cache
        wall([sys.executable, str(bare_script)], bare_env)
        wall(app, environment(folder / "userdata", "data"), "data_shown")
        bare: list[float] = []
        paint: list[float] = []
        data: list[float] = []
        ready: list[float] = []
        for _ in range(args.repeats):  # interleaved, so drift hits all three alike
            bare.append(wall([sys.executable, str(bare_script)], bare_env))
            paint.append(wall(app, environment(folder / "userdata", "paint"), "first_paint"))
            data.append(wall(app, environment(folder / "userdata", "data"), "data_shown"))
            ready.append(wall(app, environment(folder / "userdata", "ready"), "view_ready"))
        print(f"runs: {args.repeats} each, time from process start to the event, median")
        print(f"bare PySide6 window, first paint: {median_ms(bare)}")
        print(f"dvmeet, first paint:              {median_ms(paint)}")
        print(f"dvmeet, meeting list shown:       {median_ms(data)}")
        print(f"dvmeet, Møte view working:        {median_ms(ready)}  (database open, core loaded)")
        in_process(db, args.repeats)
        base = statistics.median(bare)
        print(
            f"startup ratio first_paint={statistics.median(paint) / base:.2f} "
            f"data={statistics.median(data) / base:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
