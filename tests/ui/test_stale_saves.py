"""«Endra av nokon andre» beyond the edit dialogs (issue 14): the minutes' remarks, the
decision text in the console and a municipality's participation are saved with the
version they were read at. Someone else saves meanwhile (a second connection); the save
is refused, the ConflictDialog shows the field, and each choice does what it says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import make_state
from console_setup import DAY, Setup, make_meeting
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import AgreementOutcome
from dvmeet.services import agreement, attendance, meetings, minutes, registry, voting
from dvmeet.services.agreement.models import DecisionIn as CouncilDecisionIn
from dvmeet.services.agreement.models import MilestoneOut, MilestoneUpdate, ReorderMilestonesIn
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn, RollCallIn
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.minutes.models import RemarksIn
from dvmeet.services.registry.models import ParticipationIn
from dvmeet.services.voting.models import DecisionIn
from ui.agreement.dialogs import MilestonesDialog
from ui.agreement.municipality_dialog import MunicipalityDialog
from ui.conflict import ConflictDialog
from ui.console import open_console
from ui.meetings.view import MeetingsView
from ui.registry.municipalities import ParticipationDialog
from ui.state import AppState

pytestmark = pytest.mark.ui

MINE = "Merknad frå møteleiaren: innkallinga kom ein dag for seint."
THEIRS = "Ingen merknader."


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def as_colleague(state: AppState) -> Context:
    assert state.ctx is not None
    return open_context(state.ctx.database_path, actor="kollega")


def table_text(conflict: ConflictDialog) -> list[list[str]]:
    model = conflict.table.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


# --- the minutes' remarks -----------------------------------------------------------------


def held_meeting(ctx: Context) -> int:
    today = dt.date.today()
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=today, start_time=dt.time(9), place="Voss kulturhus"),
    )
    meetings.add_case(ctx, CaseIn(meeting_id=meeting.id, title="Orientering"))
    members = [m.person_id for seat in registry.seats(ctx, "RS", today) for m in seat.members]
    attendance.record_roll_call(ctx, RollCallIn(meeting_id=meeting.id, present=members))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(today, dt.time(9)))
    )
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(today, dt.time(11))),
    )
    return meeting.id


def remarks_conflict(qtbot: QtBot, state: AppState) -> tuple[MeetingsView, ConflictDialog, int]:
    assert state.ctx is not None
    meeting_id = held_meeting(state.ctx)
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    view.select_meeting(meeting_id)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    panel = view.minutes_panel
    qtbot.keyClicks(panel.remarks, MINE)
    other = as_colleague(state)
    try:
        minutes.set_remarks(other, RemarksIn(meeting_id=meeting_id, remarks=THEIRS))
    finally:
        other.close()
    click(qtbot, panel.save_remarks)
    wait_idle(qtbot, state)
    conflict = panel.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert minutes.minutes_draft(state.ctx, meeting_id).remarks == THEIRS  # mine not saved
    assert table_text(conflict) == [["Merknader til møteboka *", MINE, THEIRS]]
    return view, conflict, meeting_id


def test_remarks_saved_by_someone_else_save_mine(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    view, conflict, meeting_id = remarks_conflict(qtbot, state)
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert minutes.minutes_draft(state.ctx, meeting_id).remarks == MINE
    assert view.minutes_panel.conflict is None
    assert not view.minutes_panel.save_remarks.isEnabled()  # saved, nothing pending


def test_remarks_saved_by_someone_else_use_stored(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    view, conflict, meeting_id = remarks_conflict(qtbot, state)
    click(qtbot, conflict.use_stored)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert minutes.minutes_draft(state.ctx, meeting_id).remarks == THEIRS
    qtbot.waitUntil(lambda: view.minutes_panel.remarks.toPlainText() == THEIRS, timeout=10_000)


def test_remarks_saved_by_someone_else_cancel_keeps_what_was_typed(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    view, conflict, meeting_id = remarks_conflict(qtbot, state)
    conflict.reject()
    wait_idle(qtbot, state)
    assert view.minutes_panel.remarks.toPlainText() == MINE
    assert minutes.minutes_draft(state.ctx, meeting_id).remarks == THEIRS
    assert "Ikkje lagra" in view.minutes_panel.message.text()


# --- a municipality's participation -------------------------------------------------------


def test_participation_saved_by_someone_else(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    municipality = registry.list_municipalities(state.ctx)[5]
    dialog = ParticipationDialog(state, municipality)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.end.check.setChecked(True)
    dialog.end.edit.setDate(dt.date(2031, 12, 31))
    other = as_colleague(state)
    try:
        registry.set_participation(
            other,
            ParticipationIn(number=municipality.number, participant_from=dt.date(2025, 2, 1)),
        )
    finally:
        other.close()
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    stored = next(
        m for m in registry.list_municipalities(state.ctx) if m.number == municipality.number
    )
    assert stored.participant_to == municipality.participant_to  # mine not saved
    assert "Deltakar til" in conflict.fields()
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    saved = next(
        m for m in registry.list_municipalities(state.ctx) if m.number == municipality.number
    )
    assert saved.participant_to == dt.date(2031, 12, 31)  # mine, knowingly over theirs
    assert saved.participant_from == dt.date(2025, 2, 1)  # theirs: I did not change it
    assert saved.version == stored.version + 1


# --- the decision text in the console -----------------------------------------------------


@pytest.fixture
def decided(tmp_path: Path) -> tuple[Path, Setup, int]:
    """A running meeting at the mandate case, whose decision is recorded."""
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    setup = make_meeting(ctx)
    for person in setup.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=setup.meeting_id, person_id=person))
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=setup.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
    )
    attendance.set_current_case(ctx, setup.meeting_id, setup.cases["mandat"])
    decision = voting.record_decision(
        ctx, DecisionIn(case_id=setup.cases["mandat"], text="Mandatet vert vedteke.")
    )
    ctx.close()
    return path, setup, decision.id


@pytest.fixture
def console_state(
    qtbot: QtBot, decided: tuple[Path, Setup, int], tmp_path: Path
) -> Iterator[AppState]:
    state = make_state(decided[0], tmp_path / "ui.ini")
    yield state
    wait_idle(qtbot, state)
    state.close()


def test_decision_text_saved_by_someone_else(
    qtbot: QtBot, console_state: AppState, decided: tuple[Path, Setup, int]
) -> None:
    state, (_path, setup, decision_id) = console_state, decided
    assert state.ctx is not None
    console = open_console(None, state, setup.meeting_id)
    qtbot.addWidget(console)
    wait_idle(qtbot, state)
    panel = console.vote_panel
    assert panel.decision.toPlainText() == "Mandatet vert vedteke."
    panel.decision.setPlainText("Mandatet vert vedteke med endringane frå styret.")
    other = as_colleague(state)
    try:
        voting.update_decision_text(other, decision_id, "Mandatet vert vedteke slik det ligg føre.")
    finally:
        other.close()
    panel.save_decision()
    wait_idle(qtbot, state)
    conflict = panel.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert table_text(conflict) == [
        [
            "Vedtakstekst *",
            "Mandatet vert vedteke med endringane frå styret.",
            "Mandatet vert vedteke slik det ligg føre.",
        ]
    ]

    def stored() -> str:
        assert state.ctx is not None
        return next(d.text for d in voting.decisions(state.ctx, setup.meeting_id))

    assert stored() == "Mandatet vert vedteke slik det ligg føre."
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert stored() == "Mandatet vert vedteke med endringane frå styret."


# --- the agreement: a milestone and a municipality's decision ------------------------------


def test_milestone_saved_by_someone_else_keeps_their_other_fields(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    process = agreement.get_process(state.ctx)
    assert process is not None
    dialog = MilestonesDialog(state, process)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, state)
    dialog.table.selectRow(0)
    opened = dialog.current()
    assert opened is not None
    dialog.name.setText("Utkast sendt på høyring (retta)")
    other = as_colleague(state)
    try:
        agreement.update_milestone(
            other, MilestoneUpdate(id=opened.id, due_on=opened.due_on + dt.timedelta(days=7))
        )
    finally:
        other.close()
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert set(conflict.fields()) == {"Namn", "Frist / dato"}
    click(qtbot, conflict.save_mine)
    wait_idle(qtbot, state)
    saved = next(m for m in _milestones(state) if m.id == opened.id)
    assert saved.name == "Utkast sendt på høyring (retta)"  # mine
    assert saved.due_on == opened.due_on + dt.timedelta(days=7)  # theirs, not touched by me


def _milestones(state: AppState) -> list[MilestoneOut]:
    assert state.ctx is not None
    process = agreement.get_process(state.ctx)
    assert process is not None
    return process.milestones


def test_milestone_move_on_a_stale_list_is_refused(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    process = agreement.get_process(state.ctx)
    assert process is not None
    dialog = MilestonesDialog(state, process)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, state)
    dialog.table.selectRow(1)
    ids = [m.id for m in process.milestones]
    other = as_colleague(state)
    try:
        moved = [ids[2], ids[0], ids[1], *ids[3:]]
        agreement.reorder_milestones(other, ReorderMilestonesIn(ids=moved))
    finally:
        other.close()
    click(qtbot, dialog.up_button)
    wait_idle(qtbot, state)
    assert [m.id for m in _milestones(state)] == moved  # theirs stands
    assert dialog.error.isVisible() and "Endra av nokon andre" in dialog.error.text()
    assert [m.id for m in dialog.process.milestones] == moved  # the list as it is now


def test_council_decision_saved_by_someone_else(qtbot: QtBot, state: AppState) -> None:
    assert state.ctx is not None
    number = next(  # one that has not signed: any decision may be entered
        m.number
        for m in registry.list_municipalities(state.ctx)
        if agreement.municipality_detail(state.ctx, m.number).status.signed_on is None
    )
    dialog = MunicipalityDialog(state, number, dt.date(2024, 10, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, state)
    dialog.decision_reference.setText("PS 77/24")
    other = as_colleague(state)
    try:
        agreement.record_decision(
            other,
            CouncilDecisionIn(
                number=number, decided_on=dt.date(2024, 9, 19), outcome=AgreementOutcome.POSTPONED
            ),
        )
    finally:
        other.close()
    dialog.save_decision()
    wait_idle(qtbot, state)
    conflict = dialog.conflict
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert "Saksnummer" in conflict.fields()
    stored = agreement.municipality_detail(state.ctx, number).status
    assert stored.council_outcome is AgreementOutcome.POSTPONED  # theirs, mine not saved
    conflict.reject()  # back to the form
    wait_idle(qtbot, state)
    assert dialog.decision_reference.text() == "PS 77/24"
    assert "Ikkje lagra" in dialog.error.text()
