"""Benchmark (not a test): the search service against the raw FTS5 query, 18 common queries,
at 1x, 10x and 100x data (benchmarks/make_data.py), on SQLite.

For each query: `search.search(ctx, query)` (limit 100, what the search view calls) timed
warm in this process, against the same hit list read with plain sqlite3 on its own
connection with the app's pragmas: per kind (cases, decisions, document versions) the FTS5
MATCH of the same terms joined to the columns the result list shows, newest first,
LIMIT 100, as tuples; merged and cut to 100 in Python. Each query's time is the median of
--repeats runs, the two interleaved. Reported per scale: the median and the worst of the
18 queries' times, and the median and worst of their ratios service/raw.

Ends with one line:
    search ratio 1x: median=A ms worst=B ms over_raw_median=C over_raw_worst=D | 10x: ...
Targets (issue 21): worst <= 20 ms at 100x.
Run: uv run python benchmarks/search.py [--scales 1,10,100] [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from make_data import copy_of

QUERIES = (
    "økonomi",
    "budsjett",
    "år",
    "årsmelding rekneskap",
    "digitalisering",
    "digi",
    "handlingsplan digitalisering",
    "informasjonstryggleik",
    "skyløysingar",
    "personvern internkontroll",
    "innkjøp",
    "samarbeidsavtalen",
    "møteboka",
    "eventuelt",
    "møtegodtgjersle",
    "strategi",
    "oppdragsbrev",
    "tilsetjing",
)

RAW = {
    "case": """
        SELECT c.id, c.title, c.public_title, c.recommendation, c.description, c.kind,
               c.number, c.year, c.closed, c.meeting_id, m.date, b.case_prefix
        FROM agenda_case c JOIN meeting m ON m.id = c.meeting_id JOIN body b ON b.id = c.body_id
        WHERE c.id IN (SELECT rowid / 4 FROM search_index_fts
                       WHERE search_index_fts MATCH ? AND rowid % 4 = 1)
        ORDER BY m.date DESC, c.id DESC LIMIT ?""",
    "decision": """
        SELECT d.id, d.text, c.title, c.public_title, c.kind, c.number, c.year, c.closed,
               d.meeting_id, m.date, b.case_prefix
        FROM decision d JOIN agenda_case c ON c.id = d.case_id
        JOIN meeting m ON m.id = d.meeting_id JOIN body b ON b.id = c.body_id
        WHERE d.id IN (SELECT rowid / 4 FROM search_index_fts
                       WHERE search_index_fts MATCH ? AND rowid % 4 = 2)
        ORDER BY m.date DESC, d.id DESC LIMIT ?""",
    "document": """
        SELECT v.id, v.content, v.created_at, v.version_no, g.id, g.title
        FROM document_version v JOIN governing_document g ON g.id = v.document_id
        WHERE v.id IN (SELECT rowid / 4 FROM search_index_fts
                       WHERE search_index_fts MATCH ? AND rowid % 4 = 3)
        ORDER BY v.created_at DESC, v.id DESC LIMIT ?""",
}
DATE_COLUMN = {"case": 10, "decision": 9, "document": 2}


def raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def raw_search(con: sqlite3.Connection, match: str, limit: int = 100) -> list[tuple[object, ...]]:
    hits: list[tuple[str, tuple[object, ...]]] = []
    for kind, sql in RAW.items():
        hits += [(kind, row) for row in con.execute(sql, (match, limit)).fetchall()]
    hits.sort(key=lambda h: str(h[1][DATE_COLUMN[h[0]]])[:10], reverse=True)
    return [row for _, row in hits[:limit]]


def run_scale(scale: int, root: Path, repeats: int) -> dict[str, float]:
    from dvmeet.services import search
    from dvmeet.services.context import open_context
    from dvmeet.services.search._search import fts_query, query_terms

    folder = root / f"x{scale}"
    folder.mkdir()
    os.environ["DVMEET_DATA_DIR"] = str(folder / "userdata")
    db = copy_of(scale, folder)
    ctx = open_context(db, actor="benchmark")
    con = raw_connection(db)
    try:
        if search.search_mode(ctx) != "fts":
            raise SystemExit(f"this SQLite has no FTS5 ({search.search_mode(ctx)})")
        for q in QUERIES:  # warm both: statement caches, page cache
            search.search(ctx, q)
            raw_search(con, fts_query(query_terms(q)))
        service: list[float] = []
        raw: list[float] = []
        print(f"{scale}x: {'query':30} {'hits':>5} {'service':>10} {'raw FTS5':>10} {'ratio':>6}")
        for q in QUERIES:
            match = fts_query(query_terms(q))
            s_runs: list[float] = []
            r_runs: list[float] = []
            hits = raw_hits = 0
            for _ in range(repeats):
                started = time.perf_counter()
                hits = len(search.search(ctx, q))
                s_runs.append(time.perf_counter() - started)
                started = time.perf_counter()
                raw_hits = len(raw_search(con, match))
                r_runs.append(time.perf_counter() - started)
            s, r = statistics.median(s_runs), statistics.median(r_runs)
            service.append(s)
            raw.append(r)
            note = "" if hits == raw_hits else f"  (raw found {raw_hits})"
            print(f"{scale}x: {q!r:30} {hits:5d} {s * 1000:8.2f}ms {r * 1000:8.2f}ms "
                  f"{s / r:6.1f}{note}")  # fmt: skip
    finally:
        con.close()
        ctx.close()
    ratios = [s / r for s, r in zip(service, raw, strict=True)]
    return {
        "median": statistics.median(service) * 1000,
        "worst": max(service) * 1000,
        "over_raw_median": statistics.median(ratios),
        "over_raw_worst": max(ratios),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    parts = []
    with tempfile.TemporaryDirectory(prefix="dvmeet-search-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            r = run_scale(scale, Path(tmp), args.repeats)
            parts.append(
                f"{scale}x: median={r['median']:.1f} ms worst={r['worst']:.1f} ms "
                f"over_raw_median={r['over_raw_median']:.1f} "
                f"over_raw_worst={r['over_raw_worst']:.1f}"
            )
    print("search ratio " + " | ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
