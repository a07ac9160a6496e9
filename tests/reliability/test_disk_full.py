"""Item 2: a full disk (a file-size limit in the writer) and an I/O error injected at the
N-th SQL statement: every failure reaches the caller as a clear StorageError, nothing
committed is lost, the database opens cleanly and the same work succeeds afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from meeting_setup import recommendation, snapshot_all
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from dvmeet.db.backup import integrity_problems
from dvmeet.db.models import Proposal, Vote
from dvmeet.db.storage import open_database
from dvmeet.domain.enums import ProposalKind, VoteMethod
from dvmeet.errors import StorageError
from dvmeet.services import voting
from dvmeet.services.context import Context
from dvmeet.services.voting.models import DecisionIn, VoteIn

pytestmark = [pytest.mark.reliability, sqlite_only]


def _check_file(path: Path, votes: set[int], decisions: set[int]) -> None:
    conn = ro_connect(path)
    try:
        assert integrity_problems(conn) == []
        assert consistency_problems(conn) == []
        assert votes <= {r[0] for r in conn.execute("SELECT id FROM vote")}
        assert decisions <= {r[0] for r in conn.execute("SELECT id FROM decision")}
    finally:
        conn.close()


def test_full_disk_is_a_clear_error_and_loses_nothing(zygote: Zygote, live_file: Path) -> None:
    # Room for the file as it is plus a few pages: the write-ahead log fills it quickly.
    limit = live_file.stat().st_size + 40 * 1024
    full = zygote.run(mode="votes", db=str(live_file), fsize=limit, max_errors=3)
    assert not full.errors("X"), full.lines
    errors = full.errors("E")
    assert len(errors) == 3, full.lines
    assert all(e.startswith("E StorageError Disken er full") for e in errors), errors
    assert full.exit_code == 0
    votes, decisions = full.acked("V"), full.acked("D")
    assert votes, "the limit left no room for even one vote"
    _check_file(live_file, votes, decisions)

    retry = zygote.run(mode="votes", db=str(live_file), count=3)
    assert not retry.errors("E") and not retry.errors("X"), retry.lines
    assert len(retry.acked("V")) == 3
    _check_file(live_file, votes | retry.acked("V"), decisions | retry.acked("D"))
    print(
        f"\ndisk full: {len(votes)} votes before the limit, {len(errors)} clear errors, "
        f"3 votes after it was lifted"
    )


class Injector:
    """Raises an I/O error from SQLite at the N-th statement sent to the database."""

    def __init__(self) -> None:
        self.count = 0
        self.fail_at: int | None = None

    def __call__(self, *args: Any) -> None:
        self.count += 1
        if self.fail_at is not None and self.count == self.fail_at:
            raise sqlite3.OperationalError("disk I/O error")


def test_io_error_at_each_of_the_first_50_statements(live_file: Path) -> None:
    url = make_url(f"sqlite+pysqlite:///{live_file}")
    ctx = Context(open_database(url), actor="test")
    inject = Injector()
    event.listen(ctx.db.engine, "before_cursor_execute", inject)
    failed = 0
    beyond: list[int] = []
    try:
        with ctx.reading() as s:
            voted = select(Vote.case_id)
            cases = list(
                s.scalars(
                    select(Proposal.case_id)
                    .where(Proposal.kind == ProposalKind.RECOMMENDATION)
                    .where(Proposal.case_id.not_in(voted))
                    .order_by(Proposal.case_id)
                )
            )
        for n in range(1, 51):
            inject.fail_at = None  # reading the case's recommendation is not under test
            case_id = cases[n]
            rec = recommendation(ctx, case_id)
            steps: list[Callable[[], Any]] = []
            vote_in = VoteIn(case_id=case_id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
            steps.append(lambda v=vote_in: voting.record_vote(ctx, v))
            steps.append(
                lambda c=case_id: voting.record_decision(
                    ctx, DecisionIn(case_id=c, vote_id=voting.votes(ctx, c)[0].id)
                )
            )
            inject.count, inject.fail_at = 0, n
            for step in steps:
                before = snapshot_all(url)
                try:
                    step()
                except StorageError as exc:
                    failed += 1
                    assert "Databasen svarar ikkje" in str(exc) or "Disken" in str(exc)
                    assert snapshot_all(url) == before, f"statement {n} left a change behind"
                    inject.fail_at = None
                    step()  # the same call succeeds once the fault is gone
            if inject.fail_at is not None:
                # the vote and its decision sent fewer than n statements: no fault fired
                beyond.append(n)
        inject.fail_at = None
    finally:
        ctx.close()
    conn = ro_connect(live_file)
    try:
        assert integrity_problems(conn) == [] and consistency_problems(conn) == []
    finally:
        conn.close()
    # every position the two calls reach failed a call; positions past their last
    # statement come only after all of those (the calls send about 30 statements)
    assert failed + len(beyond) == 50
    assert failed >= 20
    assert beyond == list(range(51 - len(beyond), 51))
    print(
        f"\ninjected I/O errors: {failed} of 50 statement positions failed a call, each "
        f"left the database as before, each retry succeeded ({len(beyond)} positions "
        "lie past the last statement of a vote and its decision)"
    )
