"""Benchmark (not a test): the data call of every view and list, at 1x and at 10x data
(benchmarks/make_data.py), in one run: the 10x time over the 1x time of the same call.

The calls are the ones the views make when they open, with the arguments they open with:
the Møte view (planning_choices, meeting_list of the representantskap for 2025,
get_meeting and minutes_preview of its March meeting), the chair's console
(console_snapshot of that meeting), Register (list_municipalities, persons_view with no
query and with a query, a page of 100 and one more; the membership dialog's search_persons,
50 and one more; seats_view of the representantskap), Dokument (governing.list_documents)
and Avtale (process_view;
the cost-share tab has nothing to load here: the data holds no budget).

Like with like: each call returns as many rows at 10x as at 1x, so the ratio is the cost of
the data around them. The searches: persons_view_query asks for a name the data holds once at
both scales («randi»: Randi Sekretær-Hope of the secretariat; the earlier «hauge» found 4
persons at 1x and a full page, 101 of 126, at 10x: 25 times the answer);
persons_view_common the first page of a word most persons hold («kommune», in the e-mail of
160 of 161 persons at 1x and 1,600 of 1,601 at 10x: 101 shown at both); search_persons
«st» (69 and 739 persons hold it: a full 51 at both; the earlier «an» found 39 at 1x).
planning_choices is the exception: it lists every body, 3 at 1x and 21 at 10x (make_data
adds a body per unit; a real database keeps its few bodies). The 1x and 10x
databases are open side by side in this process and each call alternates between them
(which goes first alternates too), warm (one call of each first, not counted), the median
of --repeats taken.

Ends with one line:
    lists ratio 10x_over_1x: call=R ... worst=W (call)
Targets (issue 21): every call <= 1.2.
Run: uv run python benchmarks/lists.py [--repeats N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_data import copy_of

from dvmeet.services import (
    agreement,
    console,
    governing,
    meetings,
    minutes,
    registry,
)
from dvmeet.services.agreement.models import ProcessViewIn
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import MeetingListIn
from dvmeet.services.registry.models import PersonsViewIn, SeatsViewIn

TODAY = dt.date(2025, 3, 1)
PERSONS_PAGE = 100  # ui.registry.persons.PAGE: the Personar tab asks for one more
PERSONS_FOUND = 50  # ui.registry.membership_dialogs.FOUND_LIMIT: the dialog asks for one more


def calls(ctx: Context) -> dict[str, Callable[[], object]]:
    listed = meetings.meeting_list(ctx, MeetingListIn(body_code="RS", year=2025, today=TODAY))
    meeting = listed.opens_with or listed.rows[0].id
    return {
        "planning_choices": lambda: meetings.planning_choices(ctx),
        "meeting_list": lambda: meetings.meeting_list(
            ctx, MeetingListIn(body_code="RS", year=2025, today=TODAY)
        ),
        "get_meeting": lambda: meetings.get_meeting(ctx, meeting),
        "minutes_preview": lambda: minutes.minutes_preview(ctx, meeting, public=False),
        "console_snapshot": lambda: console.console_snapshot(ctx, meeting),
        "list_municipalities": lambda: registry.list_municipalities(ctx),
        "persons_view": lambda: registry.persons_view(ctx, PersonsViewIn(limit=PERSONS_PAGE + 1)),
        "persons_view_query": lambda: registry.persons_view(
            ctx, PersonsViewIn(query="randi", limit=PERSONS_PAGE + 1)
        ),
        "persons_view_common": lambda: registry.persons_view(
            ctx, PersonsViewIn(query="kommune", limit=PERSONS_PAGE + 1)
        ),
        "search_persons": lambda: registry.search_persons(ctx, "st", PERSONS_FOUND + 1),
        "seats_view": lambda: registry.seats_view(ctx, SeatsViewIn(body_code="RS", on_date=TODAY)),
        "list_documents": lambda: governing.list_documents(ctx),
        "process_view": lambda: agreement.process_view(ctx, ProcessViewIn(today=TODAY)),
    }


def rows(result: object) -> str:
    """How many rows a list call returned (to see that both scales answer alike)."""
    for name in ("persons", "bodies"):
        if hasattr(result, name):
            return str(len(getattr(result, name)))
    return str(len(result)) if isinstance(result, list) else "-"


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvmeet-lists-") as tmp:
        os.environ["DVMEET_DATA_DIR"] = str(Path(tmp) / "userdata")
        small = open_context(copy_of(1, Path(tmp)), actor="benchmark")
        large = open_context(copy_of(10, Path(tmp)), actor="benchmark")
        try:
            one, ten = calls(small), calls(large)
            ratios: dict[str, float] = {}
            print(f"{'call':22} {'1x':>10} {'10x':>10} {'10x/1x':>7} {'rows 1x/10x':>12}")
            for name in one:
                # warm: statement caches, lazy imports
                counted = f"{rows(one[name]())}/{rows(ten[name]())}"
                t1: list[float] = []
                t10: list[float] = []
                for i in range(args.repeats):
                    if i % 2:
                        t10.append(timed(ten[name]))
                        t1.append(timed(one[name]))
                    else:
                        t1.append(timed(one[name]))
                        t10.append(timed(ten[name]))
                a, b = statistics.median(t1), statistics.median(t10)
                ratios[name] = b / a
                print(f"{name:22} {a * 1000:8.2f}ms {b * 1000:8.2f}ms {b / a:7.2f} {counted:>12}")
        finally:
            small.close()
            large.close()
    worst = max(ratios, key=lambda k: ratios[k])
    print(
        "lists ratio 10x_over_1x: "
        + " ".join(f"{k}={v:.2f}" for k, v in ratios.items())
        + f" worst={ratios[worst]:.2f} ({worst})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
