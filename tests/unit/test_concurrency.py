"""Optimistic concurrency between users: a stale save is refused, never lost (issue 7).

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
