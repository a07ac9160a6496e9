"""Optimistic concurrency between users: a stale save is refused, never lost (issues 7, 14).

Two sessions (two Contexts on one database) read, modify and write the same records in
randomised interleavings. Every accepted write must be what the next reader sees; every
refused write must be refused with ChangedElsewhere and the current data.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from dvmeet.db.database import connect
from dvmeet.domain.enums import BodyKind
from dvmeet.errors import ChangedElsewhere, Conflict
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, UpdateCaseIn, UpdateMeetingIn
from dvmeet.services.registry.models import BodyIn, BodyUpdate, PersonIn, PersonUpdate
from tests.dbtarget import is_postgres
from tests.unit.update_specs import SPECS, Spec, World, build_world

INTERLEAVINGS = 1000


@pytest.fixture
def other(database_url: URL) -> Iterator[Context]:
    """A second user on the same database (no writer lock: that guards separate processes)."""
    context = Context(connect(database_url), actor="andre")
    yield context
    context.close()


@dataclass
class Ids:
    person: int
    body: str
    meeting: int
    case: int


def _setup(ctx: Context) -> Ids:
    registry.load_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=7)
    )
    person = registry.create_person(ctx, PersonIn(name="Kari Nordmann"))
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=dt.date(2030, 3, 1),
            start_time=dt.time(10, 0),
            place="Bergen",
            standing_cases=False,
        ),
    )
    case = meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Sak 0"))
    return Ids(person.id, "RS", meeting.id, case.id)


# One kind of record: read (value, version), write(value, expected version) -> version.
@dataclass
class Record:
    name: str
    read: Callable[[Context], tuple[str, int]]
    write: Callable[[Context, str, int | None], tuple[str, int]]


def _records(ids: Ids) -> list[Record]:
    def read_person(c: Context) -> tuple[str, int]:
        p = registry.get_person(c, ids.person)
        return p.title or "", p.version

    def write_person(c: Context, v: str, ev: int | None) -> tuple[str, int]:
        p = registry.update_person(c, PersonUpdate(id=ids.person, title=v, expected_version=ev))
        return p.title or "", p.version

    def read_body(c: Context) -> tuple[str, int]:
        b = registry.get_body(c, ids.body)
        return b.name, b.version

    def write_body(c: Context, v: str, ev: int | None) -> tuple[str, int]:
        b = registry.update_body(c, BodyUpdate(code=ids.body, name=v, expected_version=ev))
        return b.name, b.version

    def read_meeting(c: Context) -> tuple[str, int]:
        m = meetings.get_meeting(c, ids.meeting)
        return m.place, m.version

    def write_meeting(c: Context, v: str, ev: int | None) -> tuple[str, int]:
        m = meetings.update_meeting(
            c, UpdateMeetingIn(meeting_id=ids.meeting, place=v, expected_version=ev)
        )
        return m.place, m.version

    def read_case(c: Context) -> tuple[str, int]:
        case = next(x for x in meetings.get_meeting(c, ids.meeting).cases if x.id == ids.case)
        return case.title, case.version

    def write_case(c: Context, v: str, ev: int | None) -> tuple[str, int]:
        case = meetings.update_case(c, UpdateCaseIn(case_id=ids.case, title=v, expected_version=ev))
        return case.title, case.version

    return [
        Record("person", read_person, write_person),
        Record("body", read_body, write_body),
        Record("meeting", read_meeting, write_meeting),
        Record("case", read_case, write_case),
    ]


def test_randomised_interleavings_lose_no_update(ctx: Context, other: Context) -> None:
    ids = _setup(ctx)
    records = _records(ids)
    rng = random.Random(20261130)
    users = (ctx, other)
    truth: dict[str, tuple[str, int]] = {r.name: r.read(ctx) for r in records}
    accepted = refused = lost = wrong_refusals = 0
    for i in range(INTERLEAVINGS):
        record = rng.choice(records)
        # Each user reads before it writes; the order of the four steps is random.
        order = _valid_order(rng)
        based_on: dict[int, int] = {}
        for user, step in order:
            c = users[user]
            if step == "read":
                value, version = record.read(c)
                if (value, version) != truth[record.name]:
                    lost += 1
                based_on[user] = version
                continue
            new = f"{record.name}-{i}-{user}"
            expected = based_on[user]
            try:
                value, version = record.write(c, new, expected)
            except ChangedElsewhere as exc:
                refused += 1
                if expected == truth[record.name][1]:
                    wrong_refusals += 1  # refused although nobody had changed it
                assert exc.current is not None
                assert "Endra av nokon andre" in str(exc)
                assert exc.current.version == truth[record.name][1]
                continue
            accepted += 1
            if expected != truth[record.name][1]:
                lost += 1  # a stale save was accepted: it overwrote someone else's change
            assert value == new and version == expected + 1
            truth[record.name] = (value, version)
        for r in records:
            if r.read(other) != truth[r.name] or r.read(ctx) != truth[r.name]:
                lost += 1
    print(f"interleavings={INTERLEAVINGS} accepted={accepted} refused={refused} lost={lost}")
    assert lost == 0
    assert wrong_refusals == 0
    assert accepted >= INTERLEAVINGS  # at least one write of every interleaving went through
    assert refused > 0


def _valid_order(rng: random.Random) -> list[tuple[int, str]]:
    """A random interleaving of two read-then-write sequences (6 possible orders)."""
    a = [(0, "read"), (0, "write")]
    b = [(1, "read"), (1, "write")]
    out: list[tuple[int, str]] = []
    while a or b:
        source = rng.choice([x for x in (a, b) if x])
        out.append(source.pop(0))
    return out


def test_stale_save_is_refused_with_the_current_data(ctx: Context, other: Context) -> None:
    ids = _setup(ctx)
    mine = registry.get_person(ctx, ids.person)
    theirs = registry.update_person(
        other, PersonUpdate(id=ids.person, title="Rådgjevar", expected_version=mine.version)
    )
    assert theirs.version == mine.version + 1
    with pytest.raises(ChangedElsewhere) as refused:
        registry.update_person(
            ctx, PersonUpdate(id=ids.person, title="Leiar", expected_version=mine.version)
        )
    assert isinstance(refused.value, Conflict)
    assert refused.value.current == theirs
    assert registry.get_person(ctx, ids.person).title == "Rådgjevar"
    # Without an expected version the old behaviour holds: the save goes through.
    assert registry.update_person(ctx, PersonUpdate(id=ids.person, title="Leiar")).version == 3


def test_parallel_increments_lose_nothing(ctx: Context, other: Context) -> None:
    """Two threads increment one field by read/modify/write, retrying when refused."""
    ids = _setup(ctx)
    registry.update_person(ctx, PersonUpdate(id=ids.person, title="0"))
    per_thread = 100
    refusals: list[int] = [0, 0]
    errors: list[BaseException] = []

    def work(user: int, c: Context) -> None:
        try:
            done = 0
            while done < per_thread:
                p = registry.get_person(c, ids.person)
                try:
                    registry.update_person(
                        c,
                        PersonUpdate(
                            id=ids.person,
                            title=str(int(p.title or "0") + 1),
                            expected_version=p.version,
                        ),
                    )
                    done += 1
                except ChangedElsewhere:
                    refusals[user] += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate((ctx, other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    final = registry.get_person(ctx, ids.person)
    print(f"parallel increments: {2 * per_thread}, refusals {sum(refusals)}")
    assert final.title == str(2 * per_thread)


def test_stale_data_error_becomes_changed_elsewhere(ctx: Context) -> None:
    """An UPDATE that finds another version than it read (no expected version given)."""
    ids = _setup(ctx)
    from dvmeet.db.models import Person

    with pytest.raises(ChangedElsewhere), ctx.unit_of_work() as uow:
        person = uow.session.get(Person, ids.person)
        assert person is not None
        uow.session.execute(
            text("UPDATE person SET version = version + 1 WHERE id = :id"), {"id": ids.person}
        )
        person.title = "Ny"
        uow.session.flush()


# --- Every update service, two users on two connections, on PostgreSQL (issue 14) ----------

# The interleavings of two users who each read a record and save on what they read:
# "race": both read, then both save at once (released together by a barrier);
# "serial": A reads and saves, then B reads and saves;
# "ab": both read, then A saves, then B; "ba": both read, then B saves, then A.
PATTERNS = ("race", "serial", "ab", "ba")


class _User:
    """One user on its own connection and thread; runs one step at a time when told."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.jobs: list[Callable[[], object]] = []
        self.ready = threading.Semaphore(0)
        self.done = threading.Semaphore(0)
        self.result: object = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            self.ready.acquire()
            job = self.jobs.pop(0)
            try:
                self.result = job()
            except BaseException as exc:  # handed to the test thread
                self.result = exc
            self.done.release()
            if job is _STOP:
                return

    def start(self, job: Callable[[], object]) -> None:
        self.jobs.append(job)
        self.ready.release()

    def wait(self) -> object:
        self.done.acquire()
        return self.result

    def run(self, job: Callable[[], object]) -> object:
        self.start(job)
        return self.wait()


def _STOP() -> None:
    return None


@dataclass
class _Run:
    """One interleaving: what each user read and what became of each save."""

    before: tuple[Any, Any]
    reads: dict[int, tuple[Any, Any]]
    outcome: dict[int, str]
    after: tuple[Any, Any]


def _interleave(
    spec: Spec, world: World, k: int, pattern: str, users: list[_User], observer: Context
) -> _Run:
    if spec.prepare is not None:
        spec.prepare(observer, world)
    reads: dict[int, tuple[Any, Any]] = {}
    outcome: dict[int, str] = {}
    barrier = threading.Barrier(2)

    def reading(u: int) -> Callable[[], object]:
        return lambda: spec.read(users[u].context, world, 2 * k + u)

    def got(u: int, r: object) -> None:
        if isinstance(r, BaseException):
            raise r
        assert isinstance(r, tuple)
        reads[u] = r

    def read(u: int) -> None:
        got(u, users[u].run(reading(u)))

    def read_both() -> None:  # neither saves yet: both read at once
        for u in (0, 1):
            users[u].start(reading(u))
        for u in (0, 1):
            got(u, users[u].wait())

    def save(u: int, together: bool = False) -> Callable[[], object]:
        def job() -> object:
            if together:
                barrier.wait(timeout=60)
            value, version = reads[u]
            try:
                saved = spec.write(users[u].context, world, 2 * k + u, value, version)
            except spec.refusals:
                return "refused"
            return "accepted" if saved else "skipped"

        return job

    def finish(u: int, result: object) -> None:
        if isinstance(result, BaseException):
            raise result
        outcome[u] = str(result)

    if pattern == "race":
        read_both()
        for u in (0, 1):
            users[u].start(save(u, together=True))
        for u in (0, 1):
            finish(u, users[u].wait())
    elif pattern == "serial":
        read(0)
        finish(0, users[0].run(save(0)))
        read(1)
        finish(1, users[1].run(save(1)))
    else:
        first, second = (0, 1) if pattern == "ab" else (1, 0)
        read_both()
        finish(first, users[first].run(save(first)))
        finish(second, users[second].run(save(second)))
    # A reads before any save: what A read is what was saved before
    return _Run(reads[0], reads, outcome, spec.read(observer, world, 2 * k))


@pytest.mark.skipif(not is_postgres(), reason="two connections writing at once: PostgreSQL")
def test_every_update_service_loses_no_update_on_postgres(
    ctx: Context, other: Context, database_url: URL
) -> None:
    """1,000 interleavings spread over every update service (update_specs.SPECS): a save
    applies only on the version it was based on, or is refused; never both of two saves
    based on one version (a lost update)."""
    world = build_world(ctx)
    observer = Context(connect(database_url), actor="observer")
    users = [_User(ctx), _User(other)]
    rng = random.Random(20261206)
    per_spec: dict[str, int] = {s.service: 0 for s in SPECS}
    counts = {"accepted": 0, "refused": 0, "skipped": 0}
    lost: list[str] = []
    wrong_refusals: list[str] = []
    try:
        for i in range(INTERLEAVINGS):
            spec = SPECS[i % len(SPECS)]
            k = per_spec[spec.service]
            per_spec[spec.service] += 1
            pattern = rng.choice(PATTERNS)
            run = _interleave(spec, world, k, pattern, users, observer)
            label = f"{i} {spec.service} {pattern}"
            for result in run.outcome.values():
                counts[result] += 1
            accepted = [u for u in (0, 1) if run.outcome[u] == "accepted"]
            skipped = [u for u in (0, 1) if run.outcome[u] == "skipped"]
            if pattern == "serial":
                # each read saw what was saved before it: both saves must go through
                if len(accepted) + len(skipped) != 2:
                    wrong_refusals.append(label)
            else:
                # both read the same version: at most one save may apply on it
                if run.reads[0] != run.reads[1]:
                    lost.append(label + ": the two users read different records")
                if len(accepted) > 1:
                    lost.append(label + ": both saves on one version went through")
                if not accepted and not skipped:
                    wrong_refusals.append(label)
            # what is saved moved on exactly when a save went through
            if accepted and run.after[1] == run.before[1]:
                lost.append(label + ": an accepted save is not there")
            if not accepted and run.after != run.before:
                lost.append(label + ": the record changed though every save was refused")
    finally:
        for user in users:
            user.start(_STOP)
            user.wait()
        observer.close()
    print(
        f"update services={len(SPECS)} interleavings={INTERLEAVINGS} "
        f"accepted={counts['accepted']} refused={counts['refused']} "
        f"skipped={counts['skipped']} lost={len(lost)} wrong_refusals={len(wrong_refusals)}"
    )
    assert not lost, lost[:10]
    assert not wrong_refusals, wrong_refusals[:10]
    assert sum(per_spec.values()) == INTERLEAVINGS
    assert min(per_spec.values()) >= INTERLEAVINGS // len(SPECS)
    assert counts["refused"] > 0 and counts["accepted"] >= INTERLEAVINGS
