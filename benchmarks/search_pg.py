"""Benchmark (not a test): search on PostgreSQL (migration 0027's full-text indexes).

The bodies, meetings, cases and decisions of the SQLite benchmark data of a scale
(make_data.py) are copied into a fresh PostgreSQL database at head, made for this run and
dropped after it (their links to persons, votes and documents left out, the triggers off
while copying: a copy of the texts, not of the record). Then the 18 queries of search.py
through search.search (limit 100; cases, decisions and document versions), against one
raw query: the cases' tsquery on the indexed expression joined to the meeting, newest
first, LIMIT 100 (a part of the service's work, so the ratio is an upper bound).
Medians of 9 runs after one warm-up, the two interleaved.

Ends with: search_pg ratio Nx: median=.. ms worst=.. ms over_raw_median=..
Run: uv run python benchmarks/search_pg.py [SCALE] [--explain]
(DVMEET_BENCH_PG=postgresql://user:pw@host:5432/ names the server; the role needs CREATEDB.)"""

import os
import statistics
import sys
import time

from make_data import dataset
from sqlalchemy import MetaData, create_engine, text

from dvmeet.db import search_text
from dvmeet.db.database import connect
from dvmeet.db.migrate import upgrade
from dvmeet.services import search
from dvmeet.services.context import open_context
from dvmeet.services.search import _search as search_internals

numbers = [a for a in sys.argv[1:] if a.isdigit()]
scale = int(numbers[0]) if numbers else 100
NAME = f"dvmeet_lsearch_{scale}"
base = os.environ.get("DVMEET_BENCH_PG", "postgresql://dvmeet:dvmeet@127.0.0.1:5432/")
admin = create_engine(base + "postgres", isolation_level="AUTOCOMMIT")
with admin.connect() as c:
    c.exec_driver_sql(f"DROP DATABASE IF EXISTS {NAME}")
    c.exec_driver_sql(f"CREATE DATABASE {NAME}")
url = base + NAME
db = connect(url)
upgrade(db)
db.dispose()
src = create_engine(f"sqlite:///{dataset(scale)}")
dst = create_engine(url)
md = MetaData()
md.reflect(dst, only=["body", "meeting", "agenda_case", "decision"])
keep = {"body_id", "meeting_id", "case_id"}
with src.connect() as s, dst.begin() as d:
    for name in ("body", "meeting", "agenda_case", "decision"):
        d.exec_driver_sql(f"ALTER TABLE {name} DISABLE TRIGGER USER")  # a copy, not the app's
    for name in ("body", "meeting", "agenda_case", "decision"):
        t = md.tables[name]
        cols = [c.name for c in t.columns]
        rows = [dict(r._mapping) for r in s.execute(text(f"SELECT {', '.join(cols)} FROM {name}"))]
        for r in rows:
            for c in t.columns:
                if c.foreign_keys and c.name not in keep:
                    r[c.name] = None
            if name == "meeting":
                r["status"] = "planned"
                for k in list(r):
                    if (
                        k.endswith("_at")
                        and k not in ("created_at", "updated_at")
                        and t.columns[k].nullable
                    ):
                        r[k] = None
        d.execute(t.insert(), rows)
        print(name, len(rows), flush=True)
    for name in ("body", "meeting", "agenda_case", "decision"):
        d.exec_driver_sql(f"ALTER TABLE {name} ENABLE TRIGGER USER")
    d.exec_driver_sql("ANALYZE")
ctx = open_context(url, actor="bench")
if "--explain" in sys.argv:
    from sqlalchemy import event

    sent = []
    event.listen(
        ctx.db.engine,
        "before_cursor_execute",
        lambda c, cu, st, p, cx, m: sent.append((st, p)) if "to_tsquery" in st else None,
    )
    search.search(ctx, "møtegodtgjersle")
    with dst.connect() as c:
        for st, p in sent:
            print("\n".join(r[0] for r in c.exec_driver_sql("EXPLAIN ANALYZE " + st, p))[:3000])
            print("-----")
    ctx.close()
    dst.dispose()
    src.dispose()
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE {NAME}")
    sys.exit()
QUERIES = [
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
]
raw_sql = text(
    "SELECT agenda_case.id, agenda_case.title, meeting.date FROM agenda_case "
    "JOIN meeting ON meeting.id = agenda_case.meeting_id "
    f"WHERE {search_text.case_text()} @@ to_tsquery('simple', :q) "
    "ORDER BY meeting.date DESC, agenda_case.id DESC LIMIT 100"
)
svc, raw = [], []
for q in QUERIES:
    terms = search_internals.query_terms(q)
    tq = " & ".join(f"{t}:*" for t in terms)
    a, b = [], []
    for _i in range(10):
        t0 = time.perf_counter()
        hits = search.search(ctx, q)
        a.append(time.perf_counter() - t0)
        with dst.connect() as c:
            t0 = time.perf_counter()
            c.execute(raw_sql, {"q": tq}).all()
            b.append(time.perf_counter() - t0)
    ma, mb = statistics.median(a[1:]), statistics.median(b[1:])
    svc.append(ma)
    raw.append(mb)
    print(
        f"{q!r:32} {len(hits):4} hits  service {ma * 1000:7.2f} ms  "
        f"raw cases-only tsquery {mb * 1000:6.2f} ms"
    )
with dst.connect() as c:
    plan = "\n".join(
        r[0] for r in c.execute(text("EXPLAIN " + str(raw_sql).replace(":q", "'digi:*'")))
    )
print(plan)
ratios = [a / b for a, b in zip(svc, raw, strict=True)]
print(
    f"search_pg ratio {scale}x: median={statistics.median(svc) * 1000:.1f} ms "
    f"worst={max(svc) * 1000:.1f} ms over_raw_median={statistics.median(ratios):.1f}"
)
ctx.close()
dst.dispose()
src.dispose()
with admin.connect() as c:
    c.exec_driver_sql(f"DROP DATABASE {NAME}")
