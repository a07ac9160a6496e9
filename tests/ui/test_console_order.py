"""The body's seat order chosen in its settings (issue 17): «Rekkjefølgje» in Organ …,
with the body's own order of municipalities; a wrong number is refused under its field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import make_state
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import BodyKind, SeatOrder
from dvmeet.services import registry
from dvmeet.services.context import open_context
from dvmeet.services.registry.models import BodyIn
from ui.setup.bodies import BodyDialog
from ui.state import AppState

pytestmark = pytest.mark.ui


@pytest.fixture
def state(tmp_path: Path, qtbot: QtBot) -> Iterator[AppState]:
    path = tmp_path / "order.sqlite"
    ctx = open_context(path)
    registry.load_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=3)
    )
    ctx.close()
    app_state = make_state(path, tmp_path / "ui.ini")
    yield app_state
    wait_idle(qtbot, app_state)
    app_state.close()


def test_the_seat_order_is_chosen_in_the_bodys_settings(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    body = registry.get_body(state.ctx, "RS")
    dialog = BodyDialog(state, body)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.seat_order.currentData() == SeatOrder.MUNICIPALITY_NUMBER
    assert not dialog.seat_places.isEnabled()  # only for the body's own order
    dialog.seat_order.setCurrentIndex(dialog.seat_order.findData(SeatOrder.CUSTOM))
    assert dialog.seat_places.isEnabled()
    qtbot.keyClicks(dialog.seat_places, "4602, 4601, 9999")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.isVisible()
    error = dialog.field_errors["seat_places"]
    assert error.isVisible() and "9999" in error.text()
    assert registry.get_body(state.ctx, "RS").seat_order is SeatOrder.MUNICIPALITY_NUMBER

    dialog.seat_places.setText("4602, 4601")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    saved = registry.get_body(state.ctx, "RS")
    assert (saved.seat_order, saved.seat_places) == (SeatOrder.CUSTOM, ["4602", "4601"])
    assert not dialog.isVisible()

    again = BodyDialog(state, saved)
    qtbot.addWidget(again)
    assert again.seat_order.currentData() == SeatOrder.CUSTOM
    assert again.seat_places.text() == "4602, 4601"
    again.reject()
