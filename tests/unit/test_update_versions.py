"""Every update service takes the expected version and refuses a stale one (issue 14).

The update services are found from the doors: every public function of a service
package whose name says it changes a record (update_, set_, rename_, edit_, move_,
reorder_, change_), plus the others that overwrite what a user saw. Each must have a
stale-version case in `update_specs.SPECS` (or a reason in NOT_VERSIONED): a new update
service without a version check fails here. For each, on SQLite and on PostgreSQL (with
DVMEET_TEST_DATABASE_URL): user A reads, user B saves, A saves on what A read. A's save
is refused with ChangedElsewhere («Endra av nokon andre», naming the record), the whole
database is unchanged by it, and B's value stands.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import URL

import dvmeet.services
from dvmeet.db.database import connect
from dvmeet.errors import ChangedElsewhere
from dvmeet.services.context import Context
from tests.unit.meeting_setup import snapshot_all
from tests.unit.update_specs import (
    NOT_VERSIONED,
    OTHER_UPDATES,
    SPECS,
    UPDATE_PREFIXES,
    Spec,
    build_world,
)


def door_functions() -> set[str]:
    """Every public callable of every service door, as "package.function"."""
    names = set()
    for info in pkgutil.iter_modules(dvmeet.services.__path__):
        if not info.ispkg:
            continue
        door = importlib.import_module(f"dvmeet.services.{info.name}")
        for name in getattr(door, "__all__", ()):
            if name[:1].islower() and callable(getattr(door, name)):
                names.add(f"{info.name}.{name}")
    return names


def update_services() -> set[str]:
    by_name = {n for n in door_functions() if n.split(".", 1)[1].startswith(UPDATE_PREFIXES)}
    return by_name | set(OTHER_UPDATES)


def test_every_update_service_has_a_stale_version_case() -> None:
    found = update_services()
    specs = {s.service for s in SPECS}
    assert len(specs) == len(SPECS), "one case per service"
    assert door_functions() >= OTHER_UPDATES, OTHER_UPDATES - door_functions()
    missing = found - specs - set(NOT_VERSIONED)
    assert not missing, f"update services without a stale-version case: {sorted(missing)}"
    # nothing listed that is not a door function, nothing both tested and excused
    assert specs <= door_functions(), specs - door_functions()
    assert not specs & set(NOT_VERSIONED)
    assert set(NOT_VERSIONED) <= found
    # the enumeration finds what it should (a broken walk of the doors finds nothing)
    assert {"voting.update_decision_text", "minutes.set_remarks"} <= found
    assert len(found) >= 20


def test_a_door_function_named_like_an_update_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The enumeration sees a new service by its name alone."""
    from dvmeet.services import registry

    monkeypatch.setattr(registry, "__all__", [*registry.__all__, "rename_body"])
    monkeypatch.setattr(registry, "rename_body", lambda ctx, data: None, raising=False)
    assert "registry.rename_body" in update_services()
    assert "registry.rename_body" not in {s.service for s in SPECS}


@pytest.fixture
def other(database_url: URL) -> Iterator[Context]:
    """A second user on the same database."""
    context = Context(connect(database_url), actor="andre")
    yield context
    context.close()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.service)
def test_stale_version_is_refused_and_nothing_changes(
    spec: Spec, ctx: Context, other: Context, database_url: URL
) -> None:
    world = build_world(ctx)
    if spec.prepare is not None:
        spec.prepare(ctx, world)
    mine = 2  # the save A makes (a date or a text chosen by it), B's is 1
    value, version = spec.read(ctx, world, mine)
    # someone else saves first, on what they read
    if spec.touch is not None:
        spec.touch(other, world)
    else:
        their_value, their_version = spec.read(other, world, 1)
        assert spec.write(other, world, 1, their_value, their_version)
    theirs = spec.read(ctx, world, mine)
    assert theirs != (value, version)
    before = snapshot_all(database_url)
    with pytest.raises(ChangedElsewhere) as refused:
        spec.write(ctx, world, mine, value, version)
    message = str(refused.value)
    assert "Endra av nokon andre" in message
    assert spec.what in message, message
    assert snapshot_all(database_url) == before
    assert spec.read(ctx, world, mine) == theirs
    # on the version as it is now, the same save goes through
    assert spec.write(ctx, world, mine, *theirs)
    assert spec.read(other, world, mine)[1] != theirs[1]
