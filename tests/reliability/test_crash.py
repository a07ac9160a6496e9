"""Item 1: SIGKILL at random moments while a writer records votes and decisions, 200 times.

After every kill: every acknowledged vote and decision is there, no transaction is half
there (every vote with all its ballots and its audit event), integrity and foreign keys
check clean. At the end the audit chain verifies and `dvmeet check` is clean."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from faults import (  # noqa: F401  (fixtures)
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


def kill_moment(rng: random.Random) -> float:
    """A third of the kills fall while the writer opens the database, the rest while it
    records votes (an open takes about 0.1 s, a vote and its decision about 0.09 s)."""
    return rng.uniform(0.0, 0.15) if rng.random() < 0.3 else rng.uniform(0.15, 0.6)


def test_sigkill_200_times_loses_nothing_acknowledged(zygote: Zygote, live_file: Path) -> None:
    rng = random.Random(20261129)
    votes: set[int] = set()
    decisions: set[int] = set()
    killed = finished = 0
    for i in range(KILLS):
        run = zygote.run(kill_after=kill_moment(rng), mode="votes", db=str(live_file))
        assert not run.errors("X"), run.lines
        assert not run.errors("E"), run.lines
        killed += run.killed
        finished += not run.killed
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

    assert killed == KILLS
    assert len(votes) > KILLS // 2  # the kills fell while work was being done
    ctx = Context(open_database(live_file), actor="test")
    try:
        report = check_database(ctx)
    finally:
        ctx.close()
    assert report.clean, report.problems
    print(
        f"\ncrash: {killed} kills survived, {len(votes)} acknowledged votes and "
        f"{len(decisions)} decisions all present, {report.audit_events} audit events chained"
    )
