"""Benchmark (not a test): how fast dvmeet starts, against a bare PySide6 window, in one run,
at 1x and 10x data (benchmarks/make_data.py).

Measures the time from starting a process to an event it prints, offscreen, over several
repetitions (median; the runs of all four interleaved, so drift hits them alike):
  - a bare window (QMainWindow with a QTableView, shown and painted), as a script: the
    baseline;
  - `python -m dvmeet.cli --database DB` with DVMEET_STARTUP_PROBE=paint: the window's
    first paint;
  - =data: the first view's data painted (the Møte view's meeting list);
  - =ready: the Møte view usable: it is the current widget, its year's meeting list and
    the meeting it opens with (facts, the rules' findings, the case list) are painted, and
    it answers input. On a plain SQLite file with nothing unusual that is before the
    database is open: the view is built and filled straight from the file (services.peek,
    standard library) while SQLAlchemy, pydantic and the ORM are imported and the database
    opened on the worker; it then reloads through the services (the same values) and does
    what was asked for meanwhile, once (tests/ui/test_first_look.py). A held meeting's
    Møtebok tab (its preview) comes with the database. Otherwise (a database URL, a
    meeting under way, a meeting out on a meeting file, another schema revision, a damaged
    file) the view has loaded through the services first.
Each scale's database is a copy of make_data's file.

Each process also prints the CPU time it has used (all threads) at its event: the medians
of the bare window's and of dvmeet's `ready` are printed per scale, with their ratio, which
a busy machine moves less than the wall times.

Ends with one line (each over the bare window's first paint):
    startup ratio 1x: first_paint=A data=B ready=C | 10x: ...
Targets (issue 21): ready <= 2.5 at 10x.
Run: uv run python benchmarks/startup.py [--repeats N] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Quit(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first_paint", "cpu", time.process_time(), flush=True)
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
    happens then; what the process does after it does not count). The CPU seconds the
    process reports with it (all its threads, from its start) go to `CPU`."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    took: float | None = None
    deadline = started + 60
    for line in proc.stdout:
        words = line.split()
        if words and words[0] == expect:
            took = time.perf_counter() - started
            if "cpu" in words:
                CPU.setdefault((tuple(cmd), expect), []).append(
                    float(words[words.index("cpu") + 1])
                )
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


CPU: dict[tuple[tuple[str, ...], str], list[float]] = {}  # (command, event): CPU seconds


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f})"


def run_scale(scale: int, root: Path, repeats: int) -> dict[str, float]:
    from make_data import copy_of

    folder = root / f"x{scale}"
    folder.mkdir()
    db = copy_of(scale, folder)
    bare_script = folder / "bare.py"
    bare_script.write_text(BARE, encoding="utf-8")
    app = [sys.executable, "-m", "dvmeet.cli", "--database", str(db)]
    bare_cmd = [sys.executable, str(bare_script)]
    env = {probe: environment(folder / "userdata", probe) for probe in ("paint", "data", "ready")}
    bare_env = environment(folder / "userdata")
    # one warm-up of each, so that every measured run finds the files in the page cache
    # and the bytecode caches written
    wall(bare_cmd, bare_env)
    wall(app, env["ready"], "view_ready")
    bare: list[float] = []
    paint: list[float] = []
    data: list[float] = []
    ready: list[float] = []
    for _ in range(repeats):
        bare.append(wall(bare_cmd, bare_env))
        paint.append(wall(app, env["paint"], "first_paint"))
        data.append(wall(app, env["data"], "data_shown"))
        ready.append(wall(app, env["ready"], "view_ready"))
    print(f"{scale}x ({db.stat().st_size / 1e6:.1f} MB), {repeats} runs each, process start to:")
    print(f"  bare PySide6 window, first paint: {median_ms(bare)}")
    print(f"  dvmeet, first paint:              {median_ms(paint)}")
    print(f"  dvmeet, meeting list shown:       {median_ms(data)}")
    print(f"  dvmeet, Møte view usable:         {median_ms(ready)}")
    bare_cpu = CPU.get((tuple(bare_cmd), "first_paint"), [])
    ready_cpu = CPU.get((tuple(app), "view_ready"), [])
    if bare_cpu and ready_cpu:  # steadier on a busy machine than the wall times
        print(
            f"  CPU time at the event, median: bare {statistics.median(bare_cpu) * 1000:.1f} ms,"
            f" dvmeet ready {statistics.median(ready_cpu) * 1000:.1f} ms"
            f" (ratio {statistics.median(ready_cpu) / statistics.median(bare_cpu):.2f})"
        )
    base = statistics.median(bare)
    return {
        "first_paint": statistics.median(paint) / base,
        "data": statistics.median(data) / base,
        "ready": statistics.median(ready) / base,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    parts = []
    with tempfile.TemporaryDirectory(prefix="dvmeet-startup-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            r = run_scale(scale, Path(tmp), args.repeats)
            parts.append(f"{scale}x: " + " ".join(f"{k}={v:.2f}" for k, v in r.items()))
    print("startup ratio " + " | ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
