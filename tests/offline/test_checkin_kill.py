"""Issue 18: a checkin killed (SIGKILL) at random moments leaves the main database as it
was or fully updated, never in between, and `dvmeet check` clean after every kill.

One meeting is held on a meeting file; the main database (SQLite, or PostgreSQL with
DVMEET_TEST_DATABASE_URL) is copied afresh for every run, a forked child checks the file
in, and the test kills it after a random part of the time a whole checkin took."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from constituent import hold, prepare
from dbtarget import PG_URL
from meeting_setup import make_body, snapshot_all
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from dvmeet.db.storage import open_database
from dvmeet.services import offline
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database
from dvmeet.services.offline.models import CheckoutIn

KILLS = int(os.environ.get("DVMEET_CHECKIN_KILLS", "24"))
HERE = Path(__file__).resolve().parent


class Server:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parents[1]), str(HERE)])}
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "checkin_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.buffer = b""

    def line(self, timeout: float = 120.0) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "the checkin server did not answer"
            chunk = os.read(fd, 65536)
            assert chunk, "the checkin server ended"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")

    def run(self, target: str, file: Path, kill_after: float | None) -> list[str]:
        """One checkin; killed after `kill_after` seconds (None: to its end). Its lines."""
        return self.command({"target": target, "file": str(file)}, kill_after)

    def command(self, command: dict[str, Any], kill_after: float | None) -> list[str]:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(command) + "\n").encode())
        self.proc.stdin.flush()
        first = self.line()
        assert first.startswith("child "), first
        pid = int(first.split()[1])
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        lines = []
        while True:
            line = self.line()
            if line.startswith(f"exit {pid} "):
                return lines
            lines.append(line)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    try:
        yield s
    finally:
        s.close()


class Copies:
    """Fresh copies of the main database as it was before the checkin."""

    def __init__(self, source: URL, tmp: Path) -> None:
        self.source, self.tmp = source, tmp
        self.made: list[URL] = []
        self.admin = (
            create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
            if PG_URL
            else None
        )

    def fresh(self) -> URL:
        if self.admin is None:
            assert self.source.database is not None
            path = self.tmp / f"main-{uuid.uuid4().hex[:8]}.sqlite"
            shutil.copyfile(self.source.database, path)
            url = make_url(f"sqlite+pysqlite:///{path}")
        else:
            name = f"dvmeet_k_{uuid.uuid4().hex[:12]}"
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.source.database}"'))
            url = self.source.set(database=name)
        self.made.append(url)
        return url

    def drop(self, url: URL) -> None:
        if self.admin is None:
            for extra in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{url.database}{extra}").unlink()
        else:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))

    def close(self) -> None:
        if self.admin is not None:
            self.admin.dispose()


def _without(snapshot: dict[str, list[Any]], *tables: str) -> dict[str, list[Any]]:
    return {t: rows for t, rows in snapshot.items() if t not in tables}


def _check_clean(url: URL) -> None:
    ctx = Context(open_database(url), actor="test")
    try:
        report = check_database(ctx)
    finally:
        ctx.close()
    assert report.clean, report.problems


def test_checkin_killed_at_random_moments_is_all_or_nothing(
    ctx: Context, database_url: URL, tmp_path: Path, server: Server
) -> None:
    body = make_body(ctx)
    prepared = prepare(ctx, body)
    file = tmp_path / "laptop.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=prepared.meeting_id, file=file))
    laptop = Context(open_database(file), actor="møteleiar")
    try:
        hold(laptop, body, prepared)
        with laptop.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        laptop.close()
    if not PG_URL:
        with ctx.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()  # a PostgreSQL template takes no other connection
    copies = Copies(database_url, tmp_path)
    pristine_file = tmp_path / "pristine.dvmeet"
    shutil.copyfile(file, pristine_file)
    try:
        before = snapshot_all(database_url)
        # one whole checkin: what "fully updated" is, and how long a checkin takes
        reference = copies.fresh()
        lines = server.run(reference.render_as_string(hide_password=False), file, None)
        assert lines and lines[-1].startswith("done "), lines
        took = float(lines[-1].split()[1])
        complete = snapshot_all(reference)
        assert complete != before
        done_audit = len(complete["audit_event"])
        _check_clean(reference)
        rng = random.Random(20261206)
        outcomes = {"untouched": 0, "complete": 0}
        killed = 0
        for i in range(KILLS):
            shutil.copyfile(pristine_file, file)
            for extra in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{file}{extra}").unlink()
            url = copies.fresh()
            lines = server.run(
                url.render_as_string(hide_password=False), file, rng.uniform(0.0, took * 1.1)
            )
            assert not any(line.startswith(("X ", "E ")) for line in lines), lines
            killed += not any(line.startswith("done") for line in lines)
            after = snapshot_all(url)
            if after == before:
                outcomes["untouched"] += 1
            else:
                assert _without(after, "audit_event", "offline_checkout") == _without(
                    complete, "audit_event", "offline_checkout"
                ), f"kill {i}: neither untouched nor complete"
                assert len(after["audit_event"]) == done_audit, f"kill {i}"
                assert [row for row in after["offline_checkout"] if "in" in row], f"kill {i}"
                outcomes["complete"] += 1
            _check_clean(url)
            copies.drop(url)
        print(f"checkin kills: {KILLS}, killed before done: {killed}, {outcomes}")
        assert killed >= KILLS // 3, (killed, outcomes)  # most kills fell inside a checkin
        assert outcomes["untouched"] + outcomes["complete"] == KILLS
    finally:
        for url in copies.made:
            copies.drop(url)
        copies.close()


def test_a_laptop_killed_mid_meeting_loses_nothing_acknowledged(
    ctx: Context, database_url: URL, tmp_path: Path, server: Server
) -> None:
    """SIGKILL on the laptop while it records framlegg, ten times: the file still checks in
    (its seal was renewed in the same transaction as each change), and every framlegg the
    laptop acknowledged is in the main database afterwards."""
    from constituent import DAY

    from dvmeet.services import attendance, voting
    from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
    from dvmeet.services.offline.models import CheckinIn

    body = make_body(ctx)
    prepared = prepare(ctx, body)
    mid = prepared.meeting_id
    file = tmp_path / "laptop.dvmeet"
    offline.checkout_meeting(ctx, CheckoutIn(meeting_id=mid, file=file))
    laptop = Context(open_database(file), actor="møteleiar")
    try:
        for person in body.members:
            attendance.mark_present(laptop, PresenceIn(meeting_id=mid, person_id=person))
        attendance.open_meeting(
            laptop, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime.combine(DAY, dt.time(10)))
        )
    finally:
        laptop.close()
    case = prepared.fee_case
    rng = random.Random(18)
    acked: set[str] = set()
    killed = 0
    for i in range(10):
        lines = server.command(
            {"mode": "laptop", "file": str(file), "case": case, "count": 400, "tag": f"k{i}"},
            rng.uniform(0.3, 1.5),
        )
        assert not any(line.startswith(("X ", "E ")) for line in lines), lines
        acked |= {line.split(" ", 2)[2] for line in lines if line.startswith("P ")}
        killed += not any(line.startswith("done") for line in lines)
        # the file as the kill left it still checks in: nothing "altered outside dvmeet"
        assert offline.preview_checkin(ctx, file).conflicts == []
    assert acked and killed >= 5, (len(acked), killed)
    offline.checkin_meeting(ctx, CheckinIn(file=file))
    texts = {p.text for p in voting.proposals(ctx, case)}
    assert acked <= texts, sorted(acked - texts)[:5]
    _check_clean(database_url)
