"""Benchmark (not a test): the PyInstaller bundle's start against the source install's.

Builds nothing: give it a built bundle (packaging/build-linux.sh OUT builds one).
Both start offscreen on the same small demo database with DVMEET_STARTUP_PROBE=paint and
are timed as whole processes (median of several runs, interleaved). Prints both and ends:

    bundle ratio start=X

Target (issue 9): X <= 1.2.
Run: uv run python benchmarks/bundle_start.py [--bundle build/dist/dvmeet/dvmeet]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import environment, median_ms, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=Path("build/dist/dvmeet/dvmeet"))
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    bundle = args.bundle.expanduser().absolute()
    if not bundle.is_file():
        raise SystemExit(f"No bundle at {bundle}: build one with packaging/build-linux.sh OUT")
    with tempfile.TemporaryDirectory(prefix="dvmeet-bundle-") as tmp:
        folder = Path(tmp)
        db = folder / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "dvmeet.cli", "--database", str(db), "demo"],
            env=environment(folder / "userdata"), check=True, capture_output=True,
        )  # fmt: skip
        env = environment(folder / "userdata", "paint")
        source = [sys.executable, "-m", "dvmeet.cli", "--database", str(db)]
        frozen = [str(bundle), "--database", str(db)]
        wall(source, env, "first_paint")  # warm the page cache for both
        wall(frozen, env, "first_paint")
        src: list[float] = []
        bun: list[float] = []
        for _ in range(args.repeats):
            src.append(wall(source, env, "first_paint"))
            bun.append(wall(frozen, env, "first_paint"))
        print(f"runs: {args.repeats} each, whole-process wall time to first paint, median")
        print(f"source install: {median_ms(src)}")
        print(f"bundle:         {median_ms(bun)}  ({bundle})")
        print(f"bundle ratio start={statistics.median(bun) / statistics.median(src):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
