"""Benchmark (not a test): what each command line command imports, with `python -X importtime`.

Each command runs on a copy of the 1x data (benchmarks/make_data.py) under
`python -X importtime -m dvmeet.cli ...`; from its import log this prints the time spent
importing (the sum of the top-level imports' cumulative times, median of --repeats runs),
the number of modules and which document renderers and heavy libraries it loaded. The
baseline, in the same run, is what every command that opens a database needs: `dvmeet.cli`
and `dvmeet.services.context` imported, nothing else (`python -X importtime -c ...`).

`minutes` is the plain path (a SQLite file at the head revision: read with sqlite3, no
SQLAlchemy), `minutes_full` the same command with DVMEET_MINUTES_FULL=1 (the full path).

Ends with one line (each command's import time over the baseline's):
    cli_imports ratio minutes=A minutes_full=A' notice=B attendance=C registry=D calendar=E
    votes=F list=G check=H
Run: uv run python benchmarks/cli_imports.py [--repeats N] [--root DIR]
     (--root: import dvmeet from another checkout, e.g. an older commit, to compare)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from make_data import copy_of

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
WATCH = (
    "reportlab", "pikepdf", "openpyxl", "PIL", "icalendar", "babel", "lxml", "sqlalchemy",
    "pydantic",
)  # fmt: skip
# `export minutes` on a plain SQLite file reads without SQLAlchemy (issue 21); the same
# command with the full path forced (DVMEET_MINUTES_FULL=1) is measured beside it
FULL = "minutes_full"


def read_log(text: str) -> tuple[float, set[str]]:
    """(seconds importing, the modules imported) from an -X importtime log."""
    total = 0
    modules: set[str] = set()
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            modules.add(m[4])
            if len(m[3]) == 1:  # a top-level import: its cumulative time counts once
                total += int(m[2])
    return total / 1e6, modules


def run(cmd: list[str], env: dict[str, str], repeats: int) -> tuple[float, set[str]]:
    times: list[float] = []
    modules: set[str] = set()
    for _ in range(repeats):
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=300, cwd=env["DVMEET_DATA_DIR"]
        )
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
        took, modules = read_log(done.stderr)
        times.append(took)
    return statistics.median(times), modules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--root", type=Path, help="import dvmeet from this checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvmeet-imports-") as tmp:
        folder = Path(tmp)
        db = copy_of(1, folder)
        # run from the data folder, so `-m` finds dvmeet where it is installed (or --root)
        (folder / "userdata").mkdir()
        env = {**os.environ, "DVMEET_DATA_DIR": str(folder / "userdata")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.root is not None:
            env["PYTHONPATH"] = str(args.root.absolute())
        py = [sys.executable, "-X", "importtime"]
        cli = [*py, "-m", "dvmeet.cli", "--database", str(db)]
        out = folder / "out"
        commands = {
            "minutes": [*cli, "export", "minutes", "2", "-o", f"{out}.pdf"],
            FULL: [*cli, "export", "minutes", "2", "-o", f"{out}.pdf"],
            "notice": [*cli, "export", "notice", "2", "-o", f"{out}.pdf"],
            "attendance": [*cli, "export", "attendance", "2", "-o", f"{out}.pdf"],
            "registry": [*cli, "export", "registry", "RS", "-o", f"{out}.pdf"],
            "calendar": [*cli, "export", "calendar", "-o", f"{out}.ics"],
            "votes": [*cli, "export", "votes", "2", "-o", f"{out}.csv"],
            "list": [*cli, "meetings", "list"],
            "check": [*cli, "check"],
        }
        base_cmd = [*py, "-c", "import dvmeet.cli, dvmeet.services.context"]
        full_env = {**env, "DVMEET_MINUTES_FULL": "1"}
        for name, cmd in commands.items():  # bytecode caches written, page cache warm
            subprocess.run(
                cmd, env=full_env if name == FULL else env, capture_output=True, cwd=folder
            )
        base, _ = run(base_cmd, env, args.repeats)
        print(f"baseline (dvmeet.cli + dvmeet.services.context): {base * 1000:.0f} ms importing")
        ratios = {}
        for name, cmd in commands.items():
            took, modules = run(cmd, full_env if name == FULL else env, args.repeats)
            renderers = sorted(
                m.removeprefix("dvmeet.documents.")
                for m in modules
                if m.startswith("dvmeet.documents.") and m.count(".") == 2
            )
            heavy = sorted(w for w in WATCH if w in modules)
            print(
                f"{name:10} {took * 1000:6.0f} ms importing, {len(modules):4d} modules; "
                f"documents: {', '.join(renderers) or '-'}; libraries: {', '.join(heavy) or '-'}"
            )
            ratios[name] = took / base
    print("cli_imports ratio " + " ".join(f"{k}={v:.2f}" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
