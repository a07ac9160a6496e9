"""Item 1: SIGKILL at random moments while a writer records votes and decisions, 200 times.

After every kill: every acknowledged vote and decision is there, no transaction is half
there (every vote with all its ballots and its audit event), integrity and foreign keys
check clean. At the end the audit chain verifies and `dvmeet check` is clean."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from faults import (  # noqa: F401  (fixtures)
    Run,
    Zygote,
    consistency_problems,
    live_file,
    meeting_file,
    ro_connect,
    sqlite_only,
    zygote,
)

from dvmeet.db.backup import integrity_problems
from dvmeet.db.storage import open_database
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database

pytestmark = [pytest.mark.reliability, sqlite_only]

KILLS = int(os.environ.get("DVMEET_KILLS", "200"))


def kill(zygote: Zygote, rng: random.Random, db: Path) -> tuple[Run, str, str]:
    """One writer, killed at a random moment of a phase chosen by `rng`: a third of the
    kills while it opens the database, the rest while it records votes and decisions.
    The moment is set by what the writer has reported, not by the clock, so a slow or
    busy machine moves the kills in time but not out of the work they are meant to hit.
    Returns the run, the phase meant and the phase the kill fell in (the writer's lines)."""
    run = zygote.start(mode="votes", db=str(db))
    meant = "opening" if rng.random() < 0.3 else "recording"
    if meant == "opening":
        time.sleep(rng.uniform(0.0, 0.15))  # an open takes about 0.1 s on an idle machine
    else:
        # after 1 to 3 acknowledged votes, somewhere in the next vote or decision (each
        # takes about 0.05 s): inside a transaction as often as between two
        zygote.wait_for(run, "V ", count=rng.randint(1, 3))
        time.sleep(rng.uniform(0.0, 0.1))
    with contextlib.suppress(ProcessLookupError):
        os.kill(run.pid, signal.SIGKILL)
    zygote.finish(run)
    if "open" not in run.lines:
        return run, meant, "opening"
    return run, meant, "recording" if run.acked("V") else "preparing"


def test_sigkill_200_times_loses_nothing_acknowledged(zygote: Zygote, live_file: Path) -> None:
    rng = random.Random(20261129)
    votes: set[int] = set()
    decisions: set[int] = set()
    killed = 0
    phases: Counter[str] = Counter()
    meant_for_votes = 0
    for i in range(KILLS):
        run, meant, phase = kill(zygote, rng, live_file)
        meant_for_votes += meant == "recording"
        assert not run.errors("X"), run.lines
        assert not run.errors("E"), run.lines
        killed += run.killed
        phases[phase] += 1
        votes |= run.acked("V")
        decisions |= run.acked("D")
        conn = ro_connect(live_file)
        try:
            assert integrity_problems(conn) == [], f"after kill {i}"
            assert consistency_problems(conn) == [], f"after kill {i}"
            stored_votes = {r[0] for r in conn.execute("SELECT id FROM vote")}
            stored_decisions = {r[0] for r in conn.execute("SELECT id FROM decision")}
        finally:
            conn.close()
        assert votes <= stored_votes, f"after kill {i}: lost {votes - stored_votes}"
        assert decisions <= stored_decisions, f"after kill {i}: lost {decisions - stored_decisions}"

    assert killed == KILLS  # the writer never ends by itself: every run was a kill
    # Counted, not timed: every kill meant for the votes fell while votes were recorded,
    # whatever the machine's speed, each after at least one acknowledged vote.
    assert phases["recording"] >= meant_for_votes >= KILLS // 2, phases
    assert len(votes) > KILLS // 2  # the kills fell while work was being done
    ctx = Context(open_database(live_file), actor="test")
    try:
        report = check_database(ctx)
    finally:
        ctx.close()
    assert report.clean, report.problems
    print(
        f"\ncrash: {killed} kills survived ({dict(phases)}), {len(votes)} acknowledged votes and "
        f"{len(decisions)} decisions all present, {report.audit_events} audit events chained"
    )
