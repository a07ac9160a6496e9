"""A fork server for the fault tests: imports dvmeet once, then forks one writer per run.

    python worker.py

Reads commands on stdin, one per line (JSON): {"mode": ..., "db": ..., ...}. For each it
forks a child, prints `child <pid>`, waits for it and prints `exit <pid> <status>`. The
child writes its own lines straight to the pipe (os.write, unbuffered), so every line it
printed before SIGKILL is there before the `exit` line:

    open                      the database is open
    V <vote id> <case id>     record_vote returned: the vote is committed
    D <decision id> <case id> record_decision returned
    M <meeting id>            a new meeting with cases is open
    E <error class> <text>    an expected error (DvmeetError) reached the caller
    X <error class> <text>    anything else: a bug
    I <rows>                  import_members returned
    done

Forking from a warm parent makes a child start in milliseconds, so 200 kills fit in the
time budget; each child still opens the database itself, like a new app would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent / "unit")]  # dvmeet, meeting_setup

from meeting_setup import Body, SeatIds, recommendation, running  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import dvmeet.db.migrate  # noqa: E402, F401  (warm: alembic)
from dvmeet.db.models import Case, Decision, Meeting, Person, Proposal, Vote  # noqa: E402
from dvmeet.db.storage import open_database  # noqa: E402
from dvmeet.domain.enums import BallotChoice, ProposalKind, VoteMethod  # noqa: E402
from dvmeet.errors import DvmeetError  # noqa: E402
from dvmeet.services import attendance, voting  # noqa: E402
from dvmeet.services.context import Context  # noqa: E402
from dvmeet.services.registry import import_members  # noqa: E402
from dvmeet.services.voting.models import DecisionIn, VoteIn  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line.replace("\n", " ")[:500] + "\n").encode("utf-8"))


def body_of(ctx: Context, code: str) -> Body:
    """The seats of the test body, read back from the registry."""
    with ctx.reading() as s:
        people = s.execute(select(Person.id, Person.name).order_by(Person.id)).all()
    seats: dict[str, list[int]] = {}
    for pid, name in people:
        if name.startswith(f"{code} Person "):
            number = name.split()[-1].split("-")[0]
            seats.setdefault(number, []).append(pid)
    return Body(code, [SeatIds(n, ids[0], ids[1:]) for n, ids in seats.items()])


def open_cases(ctx: Context) -> list[int]:
    with ctx.reading() as s:
        voted = select(Vote.case_id)
        rows = s.execute(
            select(Case.id)
            .join(Meeting, Meeting.id == Case.meeting_id)
            .join(Proposal, Proposal.case_id == Case.id)
            .where(
                Meeting.opened_at.is_not(None),
                Case.id.not_in(voted),
                Proposal.kind == ProposalKind.RECOMMENDATION,
            )
            .order_by(Case.id)
        ).scalars()
        return list(rows)


def decide(ctx: Context, case_id: int, n: int) -> None:
    rec = recommendation(ctx, case_id)
    method = VoteMethod.UNANIMOUS if n % 2 else VoteMethod.ROLL_CALL
    ballots: dict[int, BallotChoice] = {}
    if method is VoteMethod.ROLL_CALL:
        voters = [v.person_id for v in attendance.voters(ctx, case_id).voters]
        ballots = {p: BallotChoice.FOR if i % 3 else BallotChoice.MOT for i, p in enumerate(voters)}
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case_id, proposal_id=rec.id, method=method, ballots=ballots)
    )
    say(f"V {vote.id} {case_id}")
    decision = voting.record_decision(ctx, DecisionIn(case_id=case_id, vote_id=vote.id))
    say(f"D {decision.id} {case_id}")


def loop(ctx: Context, cmd: dict[str, Any]) -> None:
    body = body_of(ctx, "RS")
    n = 0
    errors = 0
    limit = int(cmd.get("count", 10**9))
    while n < limit:
        try:
            cases = open_cases(ctx)
            if not cases:
                with ctx.reading() as s:
                    meetings = s.scalar(select(func.count(Meeting.id))) or 0
                day = dt.date(2025, 4, 1) + dt.timedelta(days=meetings)
                meeting, _ = running(ctx, body, cases=5, day=day)
                say(f"M {meeting.id}")
                continue
            decide(ctx, cases[0], n)
            n += 1
        except DvmeetError as exc:
            say(f"E {type(exc).__name__} {exc}")
            errors += 1
            if errors >= int(cmd.get("max_errors", 3)):
                return
    with ctx.reading() as s:
        say(f"decisions {s.scalar(select(func.count(Decision.id)))}")


def child(cmd: dict[str, Any]) -> int:
    if "fsize" in cmd:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(cmd["fsize"]), hard))
    backups = Path(cmd["backups"]) if cmd.get("backups") else None
    try:
        db = open_database(Path(cmd["db"]), backup_directory=backups)
        say("open")
        if cmd["mode"] == "migrate":
            db.dispose()
            return 0
        ctx = Context(db, actor="worker")
        try:
            if cmd["mode"] == "votes":
                loop(ctx, cmd)
            elif cmd["mode"] == "import":
                result = import_members(ctx, Path(cmd["file"]))
                say(f"I {result.rows}")
            elif cmd["mode"] == "hold":
                say("holding")
                time.sleep(float(cmd.get("seconds", 30)))  # until the test kills us
        finally:
            ctx.close()
    except DvmeetError as exc:
        say(f"E {type(exc).__name__} {exc}")
        return 3
    except BaseException as exc:
        say(f"X {type(exc).__name__} {exc}")
        return 4
    say("done")
    return 0


def main() -> None:
    say("ready")
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 4
            try:
                code = child(cmd)
            finally:
                os._exit(code)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"exit {pid} {status}")


if __name__ == "__main__":
    main()
