"""The speakers' list in the console and on the projector (issue 17): letters typed and
Enter in one burst put the right member on the list, R and Alt+R give a replikk to the
innlegg on the floor, N and S start and stop, and the projector shows who has the floor,
the next three and the timer. Key presses follow each other with no wait in between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import make_state
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import ClosureBasis
from dvmeet.domain.speakers import SpeakerKind
from dvmeet.services import attendance, meetings
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.speakers.models import SpeakerCandidate
from ui.console import open_console
from ui.console.projector_speakers import ProjectorSpeakers
from ui.console.speakers import matches
from ui.console.window import ConsoleWindow
from ui.state import AppState

pytestmark = pytest.mark.ui
DAY = dt.date(2027, 3, 10)
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _plan(path: Path) -> tuple[int, dict[str, int]]:
    ctx = open_context(path)
    try:
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS", date=DAY, start_time=dt.time(10, 0), place="Bergen rådhus"
            ),
        )
        cases = {
            "open": meetings.add_case(
                ctx, CaseIn(meeting_id=meeting.id, title="Strategi for deling av data")
            ).id,
            "closed": meetings.add_case(
                ctx,
                CaseIn(
                    meeting_id=meeting.id,
                    title="Tilsetjing av dagleg leiar – Kari Nordmann",
                    public_title="Tilsetjing av dagleg leiar",
                    closed=True,
                    closure_basis=ClosureBasis.KOML_11_5_3A,
                ),
            ).id,
        }
        roll = attendance.roll_call(ctx, meeting.id)
        for seat in roll.seats_list:
            for member in seat.members:
                attendance.mark_present(
                    ctx, PresenceIn(meeting_id=meeting.id, person_id=member.person_id)
                )
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
        )
        attendance.set_current_case(ctx, meeting.id, cases["open"])
        return meeting.id, cases
    finally:
        ctx.close()


@pytest.fixture
def running(
    demo_copy: Path, tmp_path: Path, qtbot: QtBot
) -> Iterator[tuple[AppState, int, dict[str, int]]]:
    meeting_id, cases = _plan(demo_copy)
    state = make_state(demo_copy, tmp_path / "ui.ini")
    yield state, meeting_id, cases
    wait_idle(qtbot, state)
    state.close()


def _console(qtbot: QtBot, state: AppState, meeting_id: int) -> ConsoleWindow:
    console = open_console(None, state, meeting_id)
    qtbot.addWidget(console)
    console.activateWindow()
    qtbot.waitActive(console)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)  # the speakers' list is read after the console's snapshot
    return console


def _to_speakers(qtbot: QtBot, state: AppState, console: ConsoleWindow) -> None:
    QTest.keyClick(console, Qt.Key.Key_3, CTRL)
    assert console.tabs.currentWidget() is console.speakers
    assert console.speakers.entry.hasFocus()
    wait_idle(qtbot, state)
    assert console.speakers.data is not None and console.speakers.data.candidates


def _prefix(c: SpeakerCandidate, everyone: list[SpeakerCandidate]) -> str:
    """The shortest start of the name that fits this member first of all."""
    for n in range(1, len(c.name) + 1):
        typed = c.name[:n]
        first = next(x for x in everyone if matches(x, typed))
        if first.person_id == c.person_id:
            return typed
    raise AssertionError(c.name)


def test_typed_letters_and_enter_in_a_burst_add_the_right_members(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    _to_speakers(qtbot, state, console)
    panel = console.speakers
    assert panel.data is not None
    everyone = panel.data.candidates
    assert len(everyone) >= 30
    chosen = [everyone[17], everyone[3], everyone[29]]
    assert [c.seat for c in everyone] == list(range(1, len(everyone) + 1))
    by_number = everyone[8]
    assert by_number.municipality_number
    entry = panel.entry
    # three names and one municipality number, each followed by Enter, no wait between
    for member in chosen:
        QTest.keyClicks(entry, _prefix(member, everyone))
        QTest.keyClick(entry, Qt.Key.Key_Return)
    QTest.keyClicks(entry, by_number.municipality_number)
    QTest.keyClick(entry, Qt.Key.Key_Return)
    # and a seat by its place in the body's seat order
    by_seat = next(c for c in everyone if c.seat == 12)
    QTest.keyClicks(entry, "12")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: panel.data is not None and len(panel.data.queue) == 5)
    assert panel.data is not None
    assert [s.person_id for s in panel.data.queue] == [
        *(m.person_id for m in chosen),
        by_number.person_id,
        by_seat.person_id,
    ]
    assert all(s.kind is SpeakerKind.INNLEGG for s in panel.data.queue)
    assert panel.queue.count() == 5
    assert entry.text() == ""


def test_r_and_alt_r_give_a_replikk_to_the_speaker_on_the_floor(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    _to_speakers(qtbot, state, console)
    panel = console.speakers
    assert panel.data is not None
    everyone = panel.data.candidates
    speaker, first, second = everyone[2], everyone[11], everyone[20]
    QTest.keyClicks(panel.entry, _prefix(speaker, everyone))
    QTest.keyClick(panel.entry, Qt.Key.Key_Return)
    wait_idle(qtbot, state)
    # N in the queue: the floor to the first
    panel.queue.setFocus()
    QTest.keyClick(panel.queue, Qt.Key.Key_N)
    wait_idle(qtbot, state)
    assert panel.data is not None and panel.data.current is not None
    assert panel.data.current.person_id == speaker.person_id
    assert "Har ordet" in panel.current.text() and speaker.name in panel.current.text()
    # R with a member picked in the list of those present
    panel.candidates.setFocus()
    row = next(
        i
        for i in range(panel.candidates.count())
        if panel.candidates.item(i).data(Qt.ItemDataRole.UserRole) == first.person_id
    )
    panel.candidates.setCurrentRow(row)
    QTest.keyClick(panel.candidates, Qt.Key.Key_R)
    # Alt+R from the name field, straight after
    panel.entry.setFocus()
    QTest.keyClicks(panel.entry, _prefix(second, everyone))
    QTest.keyClick(panel.entry, Qt.Key.Key_R, ALT)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: panel.data is not None and len(panel.data.queue) == 2)
    assert panel.data is not None
    assert [(s.person_id, s.kind) for s in panel.data.queue] == [
        (first.person_id, SpeakerKind.REPLIKK),
        (second.person_id, SpeakerKind.REPLIKK),
    ]
    assert {s.replying_to_name for s in panel.data.queue} == {speaker.name}
    # S stops the speaker; the turn is in the history
    panel.queue.setFocus()
    QTest.keyClick(panel.queue, Qt.Key.Key_S)
    wait_idle(qtbot, state)
    assert panel.data is not None and panel.data.current is None
    assert [s.person_id for s in panel.data.held] == [speaker.person_id]
    assert panel.held.count() == 1


def test_the_projector_shows_the_speaker_the_next_three_and_the_timer(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    state, meeting_id, cases = running
    console = _console(qtbot, state, meeting_id)
    projector = console.open_projector(None)
    qtbot.addWidget(projector)
    shown = projector.findChild(ProjectorSpeakers)
    assert shown is not None
    _to_speakers(qtbot, state, console)
    panel = console.speakers
    assert panel.data is not None
    everyone = panel.data.candidates
    five = everyone[:5]
    for member in five:
        QTest.keyClicks(panel.entry, _prefix(member, everyone))
        QTest.keyClick(panel.entry, Qt.Key.Key_Return)
    panel.queue.setFocus()
    wait_idle(qtbot, state)
    QTest.keyClick(panel.queue, Qt.Key.Key_N)
    wait_idle(qtbot, state)
    assert shown.data is not None and shown.data.current is not None
    assert f"Har ordet: {five[0].name}" in shown.current.text()
    lines = shown.next.text().splitlines()
    assert [line.split(". ", 1)[0] for line in lines[:3]] == ["1", "2", "3"]
    for line, member in zip(lines[:3], five[1:4], strict=True):
        assert member.name in line
    assert lines[3] == "… og 1 til"
    assert shown.timer.text().startswith("00:0")
    # the chair keeps the time to the console: off the projector, still on the console
    panel.timer_on_projector.setChecked(False)
    assert shown.timer.text() == "" and not shown.timer.isVisible()
    assert panel.timer.text().startswith("00:0")
    panel.timer_on_projector.setChecked(True)
    assert shown.timer.text().startswith("00:0")
    # a closed case on the public display: no names
    console.go_to_case(cases["closed"])
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert shown.data is not None and shown.data.case_closed
    assert "Lukka sak" in shown.current.text()
    assert not any(m.name in shown.next.text() for m in five)
    # moving on to the next case ended the turn on the floor in the case left
    from dvmeet.services import speakers

    assert state.ctx is not None
    left = speakers.speakers_list(state.ctx, cases["open"])
    assert left.current is None
    assert [s.person_id for s in left.held] == [five[0].person_id]
    console.close()


def test_the_speaker_on_the_floor_and_the_timer_survive_a_restart(
    qtbot: QtBot, demo_copy: Path, tmp_path: Path
) -> None:
    meeting_id, _cases = _plan(demo_copy)
    state = make_state(demo_copy, tmp_path / "ui.ini")
    console = _console(qtbot, state, meeting_id)
    _to_speakers(qtbot, state, console)
    panel = console.speakers
    assert panel.data is not None
    member = panel.data.candidates[6]
    QTest.keyClicks(panel.entry, _prefix(member, panel.data.candidates))
    QTest.keyClick(panel.entry, Qt.Key.Key_Return)
    wait_idle(qtbot, state)
    panel.queue.setFocus()
    QTest.keyClick(panel.queue, Qt.Key.Key_N)
    wait_idle(qtbot, state)
    assert panel.data is not None and panel.data.current is not None
    started = panel.data.current
    console.close()
    state.close()  # the app goes away; a new one opens the same file
    again = make_state(demo_copy, tmp_path / "ui2.ini")
    try:
        reopened = _console(qtbot, again, meeting_id)
        reopened.focus_speakers()
        qtbot.waitUntil(lambda: reopened.speakers.data is not None)
        data = reopened.speakers.data
        assert data is not None and data.current is not None
        assert data.current.id == started.id
        assert data.current.started_at == started.started_at
        assert data.current.elapsed_seconds >= started.elapsed_seconds
        assert member.name in reopened.speakers.current.text()
        assert reopened.speakers.timer.text()
        reopened.close()
    finally:
        wait_idle(qtbot, again)
        again.close()


def test_the_bodys_limits_are_set_in_the_dialog(
    qtbot: QtBot, running: tuple[AppState, int, dict[str, int]]
) -> None:
    from PySide6.QtWidgets import QCheckBox, QDialog, QSpinBox
    from uihelpers import when_dialog_opens

    from dvmeet.services import speakers

    state, meeting_id, _cases = running
    console = _console(qtbot, state, meeting_id)
    _to_speakers(qtbot, state, console)
    panel = console.speakers

    def fill(dialog: QDialog) -> None:
        innlegg = dialog.findChild(QSpinBox, "speaker_innlegg_seconds")
        replikk = dialog.findChild(QSpinBox, "speaker_replikk_seconds")
        most = dialog.findChild(QSpinBox, "speaker_max_replikkar")
        keep = dialog.findChild(QCheckBox, "speaker_in_minutes")
        assert innlegg and replikk and most and keep
        assert innlegg.text() == "Inga grense" and most.text() == "Inga grense"
        innlegg.setValue(150)
        replikk.setValue(45)
        most.setValue(1)
        keep.setChecked(True)
        dialog.accept()

    when_dialog_opens(qtbot, fill)
    qtbot.mouseClick(panel.settings_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert state.ctx is not None
    saved = speakers.speaker_settings(state.ctx, "RS")
    assert (saved.innlegg_seconds, saved.replikk_seconds, saved.max_replikkar) == (150, 45, 1)
    assert saved.in_minutes
    assert "02:30" in panel.limits.text() and "replikkar per innlegg: 1" in panel.limits.text()


def test_a_speaker_put_on_the_list_from_another_computer_shows(
    qtbot: QtBot, demo_copy: Path, running: tuple[AppState, int, dict[str, int]]
) -> None:
    from dvmeet.services import speakers
    from dvmeet.services.speakers.models import SpeakerIn

    state, meeting_id, cases = running
    console = _console(qtbot, state, meeting_id)
    _to_speakers(qtbot, state, console)
    panel = console.speakers
    assert panel.data is not None
    member = panel.data.candidates[4]
    secretary = open_context(demo_copy)
    try:
        speakers.add_speaker(
            secretary, SpeakerIn(case_id=cases["open"], person_id=member.person_id)
        )
    finally:
        secretary.close()
    state.poll_changes()  # as the timer does every few seconds
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: panel.data is not None and len(panel.data.queue) == 1)
    assert panel.data is not None and panel.data.queue[0].person_id == member.person_id
    assert member.name in panel.queue.item(0).text()
