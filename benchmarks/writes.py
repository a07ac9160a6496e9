"""Benchmark (not a test): what the chair's console writes, against a raw insert+commit of the
same rows with the same pragmas, at 1x and 10x data (benchmarks/make_data.py).

Set-up, through the services on a copy of the data (on disk, not in memory, as a user's
file is): all 43 municipalities take part, a body with 43 seats (a member each), a meeting
with the roll call taken and opened. Then, on that file (A) and on a byte copy of it (B):

- attendance change: a member leaves before the current case (mark_left), and arrives at
  it again (mark_present); each call is one measurement;
- ballot draft: save_vote_draft with one more ballot each time (what each keystroke saves);
- whole vote: record_vote of a roll-call vote with 43 ballots (30 for, 13 against), each on
  a case of its own.

Every statement a service call sends to SQLite is captured (SQLAlchemy's
before_cursor_execute) while it runs on A; right after, the baseline replays exactly those
INSERT/UPDATE/DELETE statements with their parameters on B through plain sqlite3, on a
connection with the app's pragmas (WAL, synchronous=FULL, foreign_keys, secure_delete,
busy timeout), between BEGIN IMMEDIATE and COMMIT. B thus holds the same rows as A after
each step (the same ids, hashes and times: the parameters are the service's), and the
triggers on the tables run for both. Calls that are not measured (the current case) are
replayed untimed so B keeps up. Medians over --repeats calls of each kind.

Ends with one line (service median over raw median):
    writes ratio 1x: attendance=A ballot_draft=B vote_43=C | 10x: ...
Targets (issue 21): each <= 3.
Run: uv run python benchmarks/writes.py [--scales 1,10] [--repeats N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from make_data import copy_of
from sqlalchemy import event, text

from dvmeet.domain.enums import BallotChoice, BodyKind, ProposalKind, Role, VoteMethod
from dvmeet.services import attendance, meetings, registry, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn, RollCallIn
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.registry.models import BodyIn, MembershipIn, ParticipationIn, PersonIn
from dvmeet.services.voting.models import VoteDraftIn, VoteIn

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "WITH")


class Capture:
    """The writing statements the engine sends, with their parameters."""

    def __init__(self, ctx: Context) -> None:
        self.statements: list[tuple[str, Any, bool]] = []
        event.listen(ctx.db.engine, "before_cursor_execute", self._seen)

    def _seen(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in WRITES:
            self.statements.append((statement, parameters, many))

    def take(self) -> list[tuple[str, Any, bool]]:
        taken, self.statements = self.statements, []
        return taken


def raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA secure_delete = ON")
    return con


def replay(con: sqlite3.Connection, statements: list[tuple[str, Any, bool]]) -> float:
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for sql, params, many in statements:
        # SQLAlchemy's "insertmanyvalues" batches arrive flagged as many with one flat
        # parameter list for one multi-row statement; a true executemany has a list of rows.
        if many and params and isinstance(params[0], (list, tuple)):
            con.executemany(sql, [tuple(p) for p in params])
        else:
            con.execute(
                sql, tuple(params)
            ).fetchall()  # RETURNING rows are read, as SQLAlchemy does
    con.execute("COMMIT")
    return time.perf_counter() - started


def setup(ctx: Context, cases: int) -> tuple[int, list[int], list[int], list[int]]:
    """(meeting, its case ids, the members, proposal ids): a 43-seat body in an open meeting."""
    today = dt.date.today()
    for m in registry.list_municipalities(ctx):
        if m.participant_from is None:
            registry.set_participation(
                ctx, ParticipationIn(number=m.number, participant_from=dt.date(2024, 1, 1))
            )
    munis = registry.list_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="BV", name="Benkvalet", kind=BodyKind.ELECTED, seats=len(munis))
    )
    members = []
    for i, m in enumerate(munis):
        pid = registry.create_person(
            ctx, PersonIn(name=f"Røystar Ås-Øye {i}", municipality_number=m.number)
        ).id
        role = Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 1 else Role.MEDLEM
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=pid,
                body_code="BV",
                municipality_number=m.number,
                role=role,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
        members.append(pid)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="BV", date=today, start_time=dt.time(8), place="Bergen rådhus"),
    )
    ids = [
        meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting.id,
                title=f"Sak om felles løysingar nr. {n + 1}",
                recommendation="Benkvalet sluttar seg til tilrådinga.",
            ),
        ).id
        for n in range(cases)
    ]
    meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=today - dt.timedelta(days=20))
    )
    attendance.record_roll_call(
        ctx, RollCallIn(meeting_id=meeting.id, present=members, forfall={}, deputies={})
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(today, dt.time(8)))
    )
    proposals = [
        next(p.id for p in voting.proposals(ctx, c) if p.kind is ProposalKind.RECOMMENDATION)
        for c in ids
    ]
    return meeting.id, ids, members, proposals


def run_scale(scale: int, root: Path, repeats: int) -> dict[str, float]:
    folder = root / f"x{scale}"
    folder.mkdir()
    os.environ["DVMEET_DATA_DIR"] = str(folder / "userdata")
    a = copy_of(scale, folder)
    ctx = open_context(a, actor="benchmark")
    try:
        meeting, cases, members, proposals = setup(ctx, repeats + 2)
    finally:
        ctx.close()
    checkpoint = sqlite3.connect(a)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    b = folder / "raw.sqlite"
    shutil.copyfile(a, b)
    ctx = open_context(a, actor="benchmark")
    con = raw_connection(b)
    capture = Capture(ctx)
    times: dict[str, tuple[list[float], list[float]]] = {}

    def measured(name: str, call: Callable[[], object]) -> None:
        capture.take()
        started = time.perf_counter()
        call()
        took = time.perf_counter() - started
        raw = replay(con, capture.take())
        service, baseline = times.setdefault(name, ([], []))
        service.append(took)
        baseline.append(raw)

    def untimed(call: Callable[[], object]) -> None:
        capture.take()
        call()
        replay(con, capture.take())

    try:
        mover = members[-1]
        for i in range(repeats + 1):  # the first of each is a warm-up
            case = cases[i]
            untimed(lambda c=case: attendance.set_current_case(ctx, meeting, c))
            measured(
                "attendance",
                lambda c=case: attendance.mark_left(
                    ctx, PresenceIn(meeting_id=meeting, person_id=mover, case_id=c)
                ),
            )
            measured(
                "attendance",
                lambda c=case: attendance.mark_present(
                    ctx, PresenceIn(meeting_id=meeting, person_id=mover, case_id=c)
                ),
            )
        draft_case, draft_proposal = cases[-1], proposals[-1]
        for j in range(1, repeats + 2):
            ballots = {p: "for" if k % 3 else "mot" for k, p in enumerate(members[:j])}
            measured(
                "ballot_draft",
                lambda b=ballots: voting.save_vote_draft(
                    ctx, VoteDraftIn(case_id=draft_case, proposal_id=draft_proposal, ballots=b)
                ),
            )
        for i in range(repeats + 1):
            case, proposal = cases[i], proposals[i]
            untimed(lambda c=case: attendance.set_current_case(ctx, meeting, c))
            voters = [v.person_id for v in attendance.voters(ctx, case).voters]
            ballots43 = {
                p: BallotChoice.MOT if k % 10 in (3, 6, 9) else BallotChoice.FOR
                for k, p in enumerate(voters)
            }
            measured(
                f"vote_{len(voters)}",
                lambda c=case, p=proposal, b=ballots43: voting.record_vote(
                    ctx, VoteIn(case_id=c, proposal_id=p, method=VoteMethod.ROLL_CALL, ballots=b)
                ),
            )
        # B must now hold what A holds: the replay wrote the same rows.
        for table in ("attendance_event", "vote_draft", "vote", "ballot", "audit_event"):
            sql = f"SELECT count(*), max(rowid) FROM {table}"
            with ctx.reading() as s:
                on_a = tuple(s.execute(text(sql)).one())
            on_b = con.execute(sql).fetchone()
            if on_a != on_b:
                raise SystemExit(f"the replay differs from the service in {table}: {on_a} {on_b}")
    finally:
        con.close()
        ctx.close()
    result = {}
    for name, (service, baseline) in times.items():
        service, baseline = service[1:], baseline[1:]  # the warm-up out
        s, r = statistics.median(service), statistics.median(baseline)
        print(
            f"{scale}x {name:12}: service {s * 1000:7.2f} ms, raw insert+commit of the same "
            f"rows {r * 1000:7.2f} ms (medians of {len(service)}; "
            f"min {min(service) * 1000:.2f} / {min(baseline) * 1000:.2f} ms)"
        )
        result[name] = s / r
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--repeats", type=int, default=41)
    args = parser.parse_args()
    parts = []
    with tempfile.TemporaryDirectory(prefix="dvmeet-writes-", dir="/var/tmp") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            r = run_scale(scale, Path(tmp), args.repeats)
            parts.append(f"{scale}x: " + " ".join(f"{k}={v:.1f}" for k, v in r.items()))
    print("writes ratio " + " | ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
