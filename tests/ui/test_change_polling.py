"""Another user's changes reach an open window without a restart (issue 7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.db.database import connect
from dvmeet.domain.enums import BodyKind
from dvmeet.errors import Conflict
from dvmeet.services import changes, registry
from dvmeet.services.context import Context
from dvmeet.services.registry.models import BodyIn, PersonIn
from ui.registry.view import RegistryView
from ui.state import POLL_INTERVAL_MS, AppState
from ui.table import ROW_ROLE

pytestmark = pytest.mark.ui


@pytest.fixture
def other(demo_copy: Path, state: AppState) -> Iterator[Context]:
    """A second user writing to the same database (no writer lock: that is per process)."""
    ctx = Context(connect(demo_copy), actor="andre")
    yield ctx
    ctx.close()


def _names(view: RegistryView) -> list[str]:
    model = view.persons.table.model()
    return [model.index(r, 0).data(ROW_ROLE).name for r in range(model.rowCount())]


def _poll(qtbot: QtBot, state: AppState) -> None:
    wait_idle(qtbot, state)
    state.poll_changes()
    wait_idle(qtbot, state)


def test_polling_runs_every_three_seconds_while_open(state: AppState) -> None:
    assert state.poll_timer.isActive()
    assert state.poll_timer.interval() == POLL_INTERVAL_MS == 3000


def test_a_change_by_someone_else_reloads_the_open_view(
    qtbot: QtBot, state: AppState, other: Context
) -> None:
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.show()
    _poll(qtbot, state)  # the counter is known
    assert "Ola Endra-Andre" not in _names(view)
    areas: list[str] = []
    state.changed.connect(areas.append)
    registry.create_person(other, PersonIn(name="Ola Endra-Andre"))
    _poll(qtbot, state)
    assert areas == ["registry"]
    qtbot.waitUntil(lambda: "Ola Endra-Andre" in _names(view), timeout=10_000)
    # Nothing new: no further reload.
    _poll(qtbot, state)
    assert areas == ["registry"]


def test_the_timer_finds_the_change_on_its_own(
    qtbot: QtBot, state: AppState, other: Context
) -> None:
    _poll(qtbot, state)
    with qtbot.waitSignal(state.changed, timeout=10_000) as signal:
        registry.create_person(other, PersonIn(name="Kari Timar"))
    assert signal.args == ["registry"]


def test_own_changes_are_not_announced_again(qtbot: QtBot, state: AppState) -> None:
    _poll(qtbot, state)
    areas: list[str] = []
    state.changed.connect(areas.append)
    state.call(registry.create_person, PersonIn(name="Eigen Endring"))
    wait_idle(qtbot, state)
    assert areas == ["registry"]  # announced once, by the call itself
    _poll(qtbot, state)
    assert areas == ["registry"]


def test_a_read_announces_nothing_and_leaves_others_changes_to_the_poll(
    qtbot: QtBot, state: AppState, other: Context
) -> None:
    _poll(qtbot, state)
    areas: list[str] = []
    state.changed.connect(areas.append)
    registry.create_person(other, PersonIn(name="Lise Lesar"))
    found: list[list[str]] = []
    state.call(registry.search_persons, "lise", on_done=lambda r: found.append(r))
    wait_idle(qtbot, state)
    assert [p.name for p in found[0]] == ["Lise Lesar"]
    assert areas == []  # a read changed nothing
    _poll(qtbot, state)
    assert areas == ["registry"]  # the other user's change, found by the poll


def test_a_refused_write_announces_nothing(qtbot: QtBot, state: AppState) -> None:
    _poll(qtbot, state)
    areas: list[str] = []
    errors: list[BaseException] = []
    state.changed.connect(areas.append)
    again = BodyIn(code="RS", name="Same kode", kind=BodyKind.ELECTED, seats=1)  # RS exists
    state.call(registry.create_body, again, on_error=errors.append)
    wait_idle(qtbot, state)
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert areas == []
    _poll(qtbot, state)
    assert areas == []


def test_the_core_names_the_areas_of_a_write(qtbot: QtBot, state: AppState) -> None:
    """No call site names what it changed: the view reloads from what the core recorded."""
    view = RegistryView(state)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, state)
    areas: list[str] = []
    state.changed.connect(areas.append)
    # a name on the first page of persons (the list reads 100 at a time, Å sorts last)
    state.call(registry.create_person, PersonIn(name="Aase Utan Namn-på-Område"))
    wait_idle(qtbot, state)
    assert areas == ["registry"]
    qtbot.waitUntil(lambda: "Aase Utan Namn-på-Område" in _names(view), timeout=10_000)


def test_changed_since_names_the_areas(state: AppState, other: Context) -> None:
    before = changes.latest_change(other)
    registry.create_person(other, PersonIn(name="Per Område"))
    assert changes.latest_change(other) > before
    assert changes.changed_since(other, before) == {"registry"}
    assert changes.poll(other, changes.latest_change(other)) == (
        changes.latest_change(other),
        set(),
    )
