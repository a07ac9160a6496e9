"""From a new, empty database to «Planlegg møte …» through the setup dialogs only (issue
16): the empty Møte view says what to do, the body, cooperation and participation dialogs
save through their services, and refusals are shown in the dialog in nynorsk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import BodyKind, LegalForm
from dvmeet.services import registry
from dvmeet.services.context import open_context
from dvmeet.services.maintenance import create_database
from ui.main_window import MainWindow
from ui.meetings.plan_dialog import PlanMeetingDialog
from ui.meetings.view import MeetingsView
from ui.setup.bodies import BodiesDialog, BodyDialog
from ui.setup.cooperation_dialog import CooperationDialog
from ui.setup.participation_dialog import ParticipationDialog
from ui.state import AppState

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    """A new database as «Opprett ny database» makes it: the municipalities, nothing else."""
    path = tmp_path / "ny.sqlite"
    create_database(path).close()
    return path


@pytest.fixture
def window(
    qtbot: QtBot, empty_file: Path, ui_settings: QSettings
) -> Iterator[tuple[MainWindow, AppState]]:
    state = AppState(ui_settings)
    main = MainWindow(state, str(empty_file))  # closed below, after the worker is idle
    main.resize(1200, 780)
    main.show()
    main.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    wait_idle(qtbot, state)
    yield main, state
    wait_idle(qtbot, state)
    main.close()


def shown(qtbot: QtBot, cls: type[W]) -> W:
    """The visible top-level widget of `cls` (a dialog opened with open())."""
    found: list[W] = []

    def visible() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(visible, timeout=10_000)
    return found[-1]


def gone(widget: QWidget) -> bool:
    """Closed (a dialog opened by the app is deleted when it closes)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def meetings_view(main: MainWindow) -> MeetingsView:
    view = main.view("meetings")
    assert isinstance(view, MeetingsView)
    return view


def menu_action(main: MainWindow, text: str):  # type: ignore[no-untyped-def]
    for action in main.findChildren(type(main.backup_action)):
        if action.text() == text:
            return action
    raise AssertionError(f"no menu entry {text!r}")


def test_from_an_empty_database_to_planning_a_meeting(
    qtbot: QtBot, window: tuple[MainWindow, AppState], empty_file: Path
) -> None:
    main, state = window
    main.show_view("meetings")
    view = meetings_view(main)
    qtbot.waitUntil(lambda: view.no_body.isVisible(), timeout=10_000)
    assert "Det finst ikkje noko organ enno" in view.no_body_text.text()
    assert not view.meeting_table.isVisible()

    # «Planlegg møte …» with no body: a message that offers to make one, not nothing.
    click(qtbot, view.plan_button)
    box = shown(qtbot, QMessageBox)
    assert "lag organet fyrst" in box.text()
    make = next(b for b in box.findChildren(QPushButton) if b.text() == "Lag eit organ …")
    click(qtbot, make)
    dialog = shown(qtbot, BodyDialog)
    wait_idle(qtbot, state)

    # Refusals in the dialog, in nynorsk, and nothing saved.
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "må fyllast ut" in dialog.field_errors["name"].text()
    assert dialog.field_errors["code"].isVisible()
    qtbot.keyClicks(dialog.code_edit, "R S")
    qtbot.keyClicks(dialog.name_edit, "Representantskapet")
    click(qtbot, dialog.ok_button)
    assert "store bokstavar eller siffer" in dialog.field_errors["code"].text()
    dialog.code_edit.setText("rs")
    dialog.numerator.setValue(4)
    click(qtbot, dialog.ok_button)
    assert "kvalifisert fleirtal" in dialog.field_errors["qualified_denominator"].text().lower()
    assert state.ctx is not None and registry.list_bodies(state.ctx) == []
    dialog.numerator.setValue(2)
    dialog.seats.setValue(43)
    assert dialog.kind.currentData() == BodyKind.ELECTED
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    wait_idle(qtbot, state)

    # The view follows: the body is there, the list is shown.
    qtbot.waitUntil(lambda: view.body_code() == "RS", timeout=10_000)
    wait_idle(qtbot, state)
    assert not view.no_body.isVisible() and view.meeting_table.isVisible()

    # Innstillingar → Samarbeidet …
    menu_action(main, "&Samarbeidet …").trigger()
    coop_dialog = shown(qtbot, CooperationDialog)
    assert coop_dialog.cooperation is None
    click(qtbot, coop_dialog.ok_button)
    assert "må fyllast ut" in coop_dialog.field_errors["name"].text()
    qtbot.keyClicks(coop_dialog.name_edit, "Vestland IKS")
    coop_dialog.legal_form.setCurrentIndex(coop_dialog.legal_form.findData(LegalForm.IKS))
    coop_dialog.host.setCurrentIndex(coop_dialog.host.findData("4601"))
    click(qtbot, coop_dialog.ok_button)
    qtbot.waitUntil(lambda: gone(coop_dialog), timeout=10_000)
    wait_idle(qtbot, state)

    # Innstillingar → Deltakande kommunar …: all 43 in one save.
    menu_action(main, "&Deltakande kommunar …").trigger()
    part = shown(qtbot, ParticipationDialog)
    click(qtbot, part.ok_button)  # none chosen: said in the dialog
    assert part.isVisible() and part.field_errors["numbers"].isVisible()
    qtbot.keyClicks(part.filter_edit, "berg")
    click(qtbot, part.all_button)
    assert part.checked() == ["4601"]  # only the ones the filter shows
    part.filter_edit.clear()
    click(qtbot, part.all_button)
    assert len(part.checked()) == 43
    assert part.ok_button.text() == "Lagre for 43 kommunar"
    part.start.setDate(dt.date(2025, 1, 1))
    click(qtbot, part.ok_button)
    qtbot.waitUntil(lambda: gone(part), timeout=10_000)
    wait_idle(qtbot, state)

    # Innstillingar → Organ …: the list shows the body; a second one is made from it.
    menu_action(main, "&Organ …").trigger()
    bodies = shown(qtbot, BodiesDialog)
    wait_idle(qtbot, state)
    assert bodies.model.rowCount() == 1
    click(qtbot, bodies.new_button)
    kdm = shown(qtbot, BodyDialog)
    assert kdm.seats.value() == 43  # the municipalities taking part today
    qtbot.keyClicks(kdm.code_edit, "KDM")
    qtbot.keyClicks(kdm.name_edit, "Kommunedirektørmøtet")
    kdm.kind.setCurrentIndex(kdm.kind.findData(BodyKind.ADMINISTRATIVE))
    kdm.notice_days.setValue(7)
    click(qtbot, kdm.ok_button)
    qtbot.waitUntil(lambda: bodies.model.rowCount() == 2, timeout=10_000)
    # Edit: the code is fixed.
    rs_row = next(
        r
        for r in range(bodies.proxy.rowCount())
        if bodies.model.row(bodies.proxy.mapToSource(bodies.proxy.index(r, 0))).code == "RS"
    )
    bodies.table.selectRow(rs_row)
    assert bodies.current() is not None and bodies.current().code == "RS"
    click(qtbot, bodies.edit_button)
    edit = shown(qtbot, BodyDialog)
    assert not edit.code_edit.isEnabled()
    edit.seats.setValue(40)
    click(qtbot, edit.ok_button)
    qtbot.waitUntil(lambda: gone(edit), timeout=10_000)
    wait_idle(qtbot, state)
    bodies.reject()

    ctx = state.ctx
    assert ctx is not None
    coop = registry.get_cooperation(ctx)
    assert coop is not None and (coop.name, coop.legal_form) == ("Vestland IKS", LegalForm.IKS)
    assert coop.host_municipality_name == "Bergen"
    assert all(m.participant_from == dt.date(2025, 1, 1) for m in registry.list_municipalities(ctx))
    found = {b.code: b for b in registry.list_bodies(ctx)}
    assert sorted(found) == ["KDM", "RS"]
    assert found["KDM"].kind is BodyKind.ADMINISTRATIVE and found["KDM"].notice_days == 7
    assert (found["KDM"].seats, found["RS"].seats) == (43, 40)

    # «Planlegg møte …» works now.
    wait_idle(qtbot, state)
    click(qtbot, view.plan_button)
    plan = view.dialog
    assert isinstance(plan, PlanMeetingDialog)
    plan.reject()


def test_a_stale_body_edit_is_refused_in_the_dialog(
    qtbot: QtBot, window: tuple[MainWindow, AppState], empty_file: Path
) -> None:
    from dvmeet.services.registry.models import BodyIn, BodyUpdate

    main, state = window
    assert state.ctx is not None
    body = registry.create_body(
        state.ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=3)
    )
    dialog = BodyDialog(state, body, main)
    dialog.open()
    other = open_context(empty_file)
    try:  # someone else saves meanwhile
        registry.update_body(other, BodyUpdate(code="RS", seats=5, expected_version=body.version))
    finally:
        other.close()
    dialog.seats.setValue(7)
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert dialog.isVisible()
    assert "Endra av nokon andre" in dialog.general_error.text()
    assert registry.get_body(state.ctx, "RS").seats == 5
    dialog.reject()


def test_member_import_with_no_body_says_to_make_one_first(
    qtbot: QtBot, window: tuple[MainWindow, AppState]
) -> None:
    main, state = window
    main.show_view("registry")
    panel = main.view("registry").seats  # type: ignore[attr-defined]
    wait_idle(qtbot, state)
    assert panel.bodies == []
    click(qtbot, panel.import_button)  # no file dialog: a body must exist first
    box = shown(qtbot, QMessageBox)
    assert box.objectName() == "import_needs_body"
    assert "det finst ikkje noko organ enno" in box.text()
    make = next(b for b in box.findChildren(QPushButton) if b.text() == "Lag eit organ …")
    click(qtbot, make)
    dialog = shown(qtbot, BodyDialog)
    qtbot.keyClicks(dialog.code_edit, "RS")
    qtbot.keyClicks(dialog.name_edit, "Representantskapet")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: [b.code for b in panel.bodies] == ["RS"], timeout=10_000)


def test_a_body_is_retired_and_taken_into_use_again_from_the_list(
    qtbot: QtBot, window: tuple[MainWindow, AppState]
) -> None:
    from dvmeet.services.registry.models import BodyIn
    from ui.setup.bodies import RetireBodyDialog

    main, state = window
    assert state.ctx is not None
    registry.create_body(
        state.ctx, BodyIn(code="SG", name="Styringsgruppa", kind=BodyKind.ADMINISTRATIVE, seats=7)
    )
    menu_action(main, "&Organ …").trigger()
    bodies = shown(qtbot, BodiesDialog)
    qtbot.waitUntil(lambda: bodies.model.rowCount() == 1, timeout=10_000)
    bodies.table.selectRow(0)
    click(qtbot, bodies.retire_button)
    dialog = shown(qtbot, RetireBodyDialog)
    dialog.last_day.check.setChecked(True)
    dialog.last_day.edit.setDate(dt.date(2026, 6, 30))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: bodies.model.index(0, 5).data() == "30.06.2026", timeout=10_000)
    assert registry.get_body(state.ctx, "SG").retired_on == dt.date(2026, 6, 30)
    click(qtbot, bodies.retire_button)
    again = shown(qtbot, RetireBodyDialog)
    assert again.last_day.check.isChecked()
    again.last_day.check.setChecked(False)
    click(qtbot, again.ok_button)
    qtbot.waitUntil(lambda: gone(again), timeout=10_000)
    wait_idle(qtbot, state)
    assert registry.get_body(state.ctx, "SG").retired_on is None
    bodies.reject()


def test_planning_offers_only_bodies_in_use(
    qtbot: QtBot, window: tuple[MainWindow, AppState]
) -> None:
    from dvmeet.services.registry.models import BodyIn, RetireBodyIn

    main, state = window
    ctx = state.ctx
    assert ctx is not None
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for code in ("AA", "BB"):
        registry.create_body(
            ctx, BodyIn(code=code, name=f"Organ {code}", kind=BodyKind.ELECTED, seats=3)
        )
        registry.retire_body(ctx, RetireBodyIn(code=code, retired_on=yesterday))
    main.show_view("meetings")
    view = meetings_view(main)
    view.reload_lookups()
    wait_idle(qtbot, state)
    assert len(view.lookups.bodies) == 2
    click(qtbot, view.plan_button)  # every body retired: said, not an empty form
    box = shown(qtbot, QMessageBox)
    assert "Alle organa er avvikla" in box.text()
    box.reject()
    registry.retire_body(ctx, RetireBodyIn(code="BB", retired_on=dt.date.today()))
    view.reload_lookups()
    wait_idle(qtbot, state)
    click(qtbot, view.plan_button)
    plan = view.dialog
    assert isinstance(plan, PlanMeetingDialog)
    assert [plan.body.itemData(i) for i in range(plan.body.count())] == ["BB"]
    plan.reject()
