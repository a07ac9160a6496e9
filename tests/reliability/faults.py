"""Fixtures and helpers of the fault tests (imported by the test modules; not a conftest, so
that `import conftest` in tests/unit stays unambiguous)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent / "unit"))  # meeting_setup, shared with the unit tests

from dvmeet.db.storage import open_database  # noqa: E402
from dvmeet.services.context import Context  # noqa: E402

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("DVMEET_TEST_DATABASE_URL")), reason="faults of a SQLite file"
)


@pytest.fixture(scope="session")
def meeting_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a body of 7 seats and one open meeting with 250 cases, not voted on
    (the writer adds meetings itself when they run out, but a kill often falls in that)."""
    from meeting_setup import make_body, running

    path = tmp_path_factory.mktemp("meeting") / "meeting.sqlite"
    ctx = Context(open_database(path), actor="test")
    try:
        body = make_body(ctx)
        running(ctx, body, cases=250)
        with ctx.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    return path


@pytest.fixture
def live_file(meeting_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "live" / "dvmeet.sqlite"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(meeting_file, path)
    path.chmod(0o600)
    return path


@dataclass
class Run:
    pid: int
    lines: list[str] = field(default_factory=list)
    status: int = 0

    @property
    def killed(self) -> bool:
        return os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL

    @property
    def exit_code(self) -> int | None:
        return os.WEXITSTATUS(self.status) if os.WIFEXITED(self.status) else None

    def acked(self, tag: str) -> set[int]:
        return {int(line.split()[1]) for line in self.lines if line.startswith(tag + " ")}

    def errors(self, tag: str = "E") -> list[str]:
        return [line for line in self.lines if line.startswith(tag + " ")]


class Zygote:
    """tests/reliability/worker.py: forks one writer per `run`."""

    def __init__(self, data_dir: Path) -> None:
        env = dict(os.environ, DVMEET_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
        env.pop("DVMEET_DATABASE_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "worker.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        self._buffer = b""
        assert self._line(60) == "ready"

    def _line(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"worker silent for {timeout} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise EOFError("worker ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8")

    def start(self, **cmd: object) -> Run:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(cmd) + "\n").encode())
        self.proc.stdin.flush()
        line = self._line(30)
        assert line.startswith("child "), line
        return Run(int(line.split()[1]))

    def finish(self, run: Run, timeout: float = 120) -> Run:
        while True:
            line = self._line(timeout)
            if line.startswith(f"exit {run.pid} "):
                run.status = int(line.split()[2])
                return run
            run.lines.append(line)

    def wait_for(self, run: Run, prefix: str, timeout: float = 30, count: int = 1) -> None:
        while sum(line.startswith(prefix) for line in run.lines) < count:
            run.lines.append(self._line(timeout))

    def run(self, kill_after: float | None = None, **cmd: object) -> Run:
        run = self.start(**cmd)
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):  # it may have finished first
                os.kill(run.pid, signal.SIGKILL)
        return self.finish(run)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="session")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    z = Zygote(tmp_path_factory.mktemp("zygote-data"))
    yield z
    z.close()


def ro_connect(path: Path) -> sqlite3.Connection:
    """Read-only: never checkpoints, so the next writer still meets the -wal as left."""
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def consistency_problems(conn: sqlite3.Connection) -> list[str]:
    """No partial transaction: every vote has all its ballots and its audit event, every
    decision its audit event."""
    problems = []
    for vote_id, eligible, ballots in conn.execute(
        "SELECT v.id, v.eligible, (SELECT count(*) FROM ballot b WHERE b.vote_id = v.id) "
        "FROM vote v"
    ):
        if ballots != eligible:
            problems.append(f"vote {vote_id}: {ballots} ballots of {eligible}")
    for table, action in (("vote", "vote.recorded"), ("decision", "decision.recorded")):
        missing = conn.execute(
            f"SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_event a "
            f"WHERE a.entity = '{table}' AND a.entity_id = t.id AND a.action = '{action}')"
        ).fetchall()
        problems += [f"{table} {row[0]} without audit event" for row in missing]
    return problems


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (one year of meetings), checkpointed into one file."""
    from dvmeet.services.maintenance import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    ctx = Context(open_database(path), actor="test")
    try:
        fill_demo(ctx, years=1)
        with ctx.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    return path


def sha256(path: Path) -> str | None:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


ACKED = 40

# Commits ACKED rows (each acknowledged by its commit) and dies without closing, so they
# stay in the -wal, not yet in the file: a restore must not lose them.
WRITER = (
    "import os, signal, sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('PRAGMA journal_mode=WAL')\n"
    "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
    "conn.execute('CREATE TABLE acked (n INTEGER)')\n"
    f"for n in range({ACKED}):\n"
    "    conn.execute('INSERT INTO acked VALUES (?)', (n,))\n"
    "os.kill(os.getpid(), signal.SIGKILL)\n"
)
