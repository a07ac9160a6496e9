"""Issue 15 in the console: the time of the act (a ticking clock, driven here by a fake
clock, no sleeps), a meeting recorded afterwards from notes (every time typed and
checked), "Hev møtet" listing what is still open, the ad hoc chair (C-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import click, make_state, open_case
from console_setup import DAY, Setup, make_meeting
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.domain.enums import MeetingStatus, VoteMethod
from dvmeet.services import attendance, meetings, minutes, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from ui.console import open_console
from ui.console.chair import ChairDialog
from ui.console.window import ConsoleWindow
from ui.state import AppState

pytestmark = pytest.mark.ui


class FakeClock:
    def __init__(self, at: dt.datetime) -> None:
        self.now = at

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, hour: int, minute: int, second: int = 0) -> None:
        self.now = dt.datetime.combine(self.now.date(), dt.time(hour, minute, second))


@pytest.fixture
def meeting_db(tmp_path: Path) -> tuple[Path, Setup]:
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    setup = make_meeting(ctx)
    for person in setup.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=setup.meeting_id, person_id=person))
    ctx.close()
    return path, setup


@pytest.fixture
def console_state(
    qtbot: QtBot, meeting_db: tuple[Path, Setup], tmp_path: Path
) -> Iterator[AppState]:
    state = make_state(meeting_db[0], tmp_path / "ui.ini")
    yield state
    wait_idle(qtbot, state)
    state.close()


def console_at(qtbot: QtBot, state: AppState, setup: Setup, clock: FakeClock) -> ConsoleWindow:
    console = open_console(None, state, setup.meeting_id)
    qtbot.addWidget(console)
    console.clock = clock
    wait_idle(qtbot, state)
    console.reload()  # the mode is offered by the (fake) date
    wait_idle(qtbot, state)
    return console


def press_accept(dialog: QDialog) -> None:
    assert isinstance(dialog, QMessageBox)
    button = next(
        b for b in dialog.buttons() if dialog.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    button.click()


def shown_time(console: ConsoleWindow) -> str:
    return console.roll_call.time.time().toString("HH:mm")


def test_the_clock_moves_and_each_act_takes_its_moment(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY, dt.time(9, 58)))
    console = console_at(qtbot, state, s, clock)
    roll = console.roll_call
    assert not roll.afterwards.isChecked()  # the meeting's own day: live
    clock.set(10, 0)
    click(qtbot, state, roll.open_button)
    ctx = state.ctx
    assert ctx is not None
    assert meetings.get_meeting(ctx, s.meeting_id).opened_at == clock.now
    console.go_to_case(s.cases["mandat"])
    wait_idle(qtbot, state)
    console.tabs.setCurrentIndex(0)
    # the field follows the clock, minute by minute
    clock.set(11, 46)
    roll.tick()
    assert shown_time(console) == "11:46" and roll.time_note.text() == "følgjer klokka"
    # the act takes the clock at its own moment, not the time last shown
    clock.set(11, 48, 30)
    roll.select_person(s.members[4])
    click(qtbot, state, roll.left_button)
    # a time typed for one act is used for that act only
    roll.time.setTime(QTime(11, 50))
    assert roll.time_note.text() == "skriven inn for neste handling"
    roll.select_person(s.members[5])
    click(qtbot, state, roll.left_button)
    assert roll.time_note.text() == "følgjer klokka"
    clock.set(11, 55)
    roll.tick()
    assert shown_time(console) == "11:55"
    # a burst of acts from the keyboard without waiting in between: each its own moment
    wait_idle(qtbot, state)
    for minute, person in ((56, s.members[4]), (57, s.members[5])):
        clock.set(11, minute)
        roll.select_person(person)
        roll.arrived_button.setFocus()
        qtbot.keyClick(roll.arrived_button, Qt.Key.Key_Space)
    wait_idle(qtbot, state)
    times = [
        (e.name, e.kind.value, e.at_time)
        for e in attendance.attendance_entries(ctx, s.meeting_id)
        if e.at_time is not None
    ]
    assert times == [
        ("Medlem 4613", "left", dt.time(11, 48)),
        ("Medlem 4614", "left", dt.time(11, 50)),
        ("Medlem 4613", "arrived", dt.time(11, 56)),
        ("Medlem 4614", "arrived", dt.time(11, 57)),
    ]
    assert not console.message.isVisible(), console.message.text()


def test_hev_motet_lists_cases_without_a_decision_and_asks(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY, dt.time(10)))
    console = console_at(qtbot, state, s, clock)
    click(qtbot, state, console.roll_call.open_button)
    votes = console.vote_panel
    # PS 001: the vote records the decision; nothing else is decided
    votes.method.setCurrentIndex(votes.method.findData(VoteMethod.UNANIMOUS))
    click(qtbot, state, votes.record_button)
    assert votes.decision_state.text().startswith("Vedtaket er lagra")
    seen: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        next(
            b for b in dialog.buttons() if dialog.buttonRole(b) == QMessageBox.ButtonRole.RejectRole
        ).click()

    clock.set(12, 30)
    when_dialog_opens(qtbot, cancel)
    click(qtbot, state, console.end_button)
    qtbot.waitUntil(lambda: bool(seen))
    text = seen[0]
    assert text.startswith("Saker utan vedtak:\n• PS 002/24 Val av to medlemer")
    assert "• PS 003/24 Mandat for styringsgruppa\n" in text
    assert "PS 001/24" not in text
    assert text.endswith(
        "Heve møtet no, klokka 12:30? Etterpå kan ikkje frammøte, røystingar "
        "eller vedtak endrast her; møteboka vert laga som utkast."
    )
    ctx = state.ctx
    assert ctx is not None
    assert meetings.get_meeting(ctx, s.meeting_id).status is MeetingStatus.IN_PROGRESS
    when_dialog_opens(qtbot, press_accept)
    with qtbot.waitSignal(console.meeting_closed, timeout=10_000):
        click(qtbot, state, console.end_button)
    wait_idle(qtbot, state)
    held = meetings.get_meeting(ctx, s.meeting_id)
    assert held.status is MeetingStatus.HELD and held.closed_at == clock.now


def test_an_edited_decision_text_is_not_lost_when_moving_on(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    console = console_at(qtbot, state, s, FakeClock(dt.datetime.combine(DAY, dt.time(10))))
    click(qtbot, state, console.roll_call.open_button)
    votes = console.vote_panel
    votes.method.setCurrentIndex(votes.method.findData(VoteMethod.UNANIMOUS))
    click(qtbot, state, votes.record_button)
    votes.decision.setPlainText("Innkalling og sakliste vert godkjende utan merknader.")
    when_dialog_opens(qtbot, press_accept)  # "Lagre vedtaket"
    console.go_to_case(s.cases["mandat"])
    wait_idle(qtbot, state)
    ctx = state.ctx
    assert ctx is not None
    assert [d.text for d in voting.decisions(ctx, s.meeting_id)] == [
        "Innkalling og sakliste vert godkjende utan merknader."
    ]
    assert console.snapshot is not None
    assert console.snapshot.current_case_id == s.cases["mandat"]


def test_recorded_afterwards_every_time_is_typed_and_checked(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY + dt.timedelta(days=4), dt.time(14, 5)))
    console = console_at(qtbot, state, s, clock)
    roll = console.roll_call
    assert roll.afterwards.isChecked() and roll.start_time.isVisible()  # the day is past
    roll.start_time.setTime(QTime(10, 0))
    click(qtbot, state, roll.open_button)
    ctx = state.ctx
    assert ctx is not None
    opened = meetings.get_meeting(ctx, s.meeting_id)
    assert opened.recorded_afterwards
    assert opened.opened_at == dt.datetime.combine(DAY, dt.time(10))
    assert console.mode_note.isVisible()
    console.go_to_case(s.cases["mandat"])
    wait_idle(qtbot, state)
    console.tabs.setCurrentIndex(0)
    assert shown_time(console) == "10:00" and roll.time_note.text() == "frå notatet"
    roll.tick()
    assert shown_time(console) == "10:00"  # no clock here: 14:05 is not the time of any act
    roll.time.setTime(QTime(9, 30))
    roll.select_person(s.members[4])
    click(qtbot, state, roll.left_button)
    assert console.message.isVisible()
    assert console.message.text() == "Medlem 4613 gjekk kl. 09:30, men møtet starta kl. 10:00."
    roll.time.setTime(QTime(11, 48))
    roll.select_person(s.members[4])
    click(qtbot, state, roll.left_button)
    assert not console.message.isVisible(), console.message.text()
    assert shown_time(console) == "11:48"  # the typed time stays for the next act
    # the end typed too: before the last departure it is refused
    assert console.end_time.isVisible()
    console.end_time.setTime(QTime(11, 0))
    when_dialog_opens(qtbot, press_accept)
    click(qtbot, state, console.end_button)
    qtbot.waitUntil(console.message.isVisible)
    assert console.message.text() == (
        "Medlem 4613 gjekk kl. 11:48, etter at møtet vart heva kl. 11:00. Vel ei seinare sluttid."
    )
    assert meetings.get_meeting(ctx, s.meeting_id).status is MeetingStatus.IN_PROGRESS
    console.end_time.setTime(QTime(13, 30))
    when_dialog_opens(qtbot, press_accept)
    with qtbot.waitSignal(console.meeting_closed, timeout=10_000):
        click(qtbot, state, console.end_button)
    wait_idle(qtbot, state)
    draft = minutes.minutes_draft(ctx, s.meeting_id)
    assert draft.opened_at == dt.datetime.combine(DAY, dt.time(10))
    assert draft.closed_at == dt.datetime.combine(DAY, dt.time(13, 30))
    assert [(m.name, m.kind, m.at_time) for m in draft.movements] == [
        ("Medlem 4613", "gjekk", dt.time(11, 48))
    ]


def test_a_meeting_before_its_date_asks_first(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY - dt.timedelta(days=1), dt.time(10)))
    console = console_at(qtbot, state, s, clock)
    assert not console.roll_call.afterwards.isChecked()
    asked: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        dialog.reject()

    when_dialog_opens(qtbot, cancel)
    click(qtbot, state, console.roll_call.open_button)
    assert asked == [
        "Møtet er sett opp til 11.12.2024, og i dag er 10.12.2024. Vil du opne det no, "
        "før møtedagen?"
    ]
    ctx = state.ctx
    assert ctx is not None
    assert meetings.get_meeting(ctx, s.meeting_id).opened_at is None
    when_dialog_opens(qtbot, press_accept)
    click(qtbot, state, console.roll_call.open_button)
    assert meetings.get_meeting(ctx, s.meeting_id).opened_at == clock.now


def test_the_console_asks_for_the_ad_hoc_chair_before_the_vote(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY, dt.time(10)))
    console = console_at(qtbot, state, s, clock)
    click(qtbot, state, console.roll_call.open_button)
    open_case(qtbot, state, console, s.cases["mandat"])
    console.tabs.setCurrentIndex(0)
    roll = console.roll_call
    clock.set(10, 30)
    for leader in s.members[:2]:  # the leiar and the nestleiar leave
        roll.select_person(leader)
        click(qtbot, state, roll.left_button)
    console.tabs.setCurrentIndex(1)
    assert console.snapshot is not None and console.snapshot.case is not None
    assert console.snapshot.case.voters.chair_person_id is None
    assert "Møteleiar i saka: ikkje avklart" in console.case_panel.details.text()
    chosen = s.members[2]

    def elect(dialog: QDialog) -> None:
        assert isinstance(dialog, ChairDialog)
        dialog.choice.setCurrentIndex(dialog.choice.findData(chosen))
        dialog.accept()

    votes = console.vote_panel
    votes.method.setCurrentIndex(votes.method.findData(VoteMethod.UNANIMOUS))
    when_dialog_opens(qtbot, elect)
    click(qtbot, state, votes.record_button)
    wait_idle(qtbot, state)
    assert not console.message.isVisible(), console.message.text()
    ctx = state.ctx
    assert ctx is not None
    (vote,) = voting.votes(ctx, s.cases["mandat"])
    assert vote.chair_person_id == chosen
    assert f"Møteleiar i saka: {s.names[chosen]}" in console.case_panel.details.text()


def test_refused_ad_hoc_chair_records_no_vote(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state, (_path, s) = console_state, meeting_db
    ctx = state.ctx
    assert ctx is not None
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=s.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
    )
    for leader in s.members[:2]:
        attendance.mark_left(
            ctx,
            PresenceIn(
                meeting_id=s.meeting_id,
                person_id=leader,
                case_id=s.cases["notice_approval"],
                at_time=dt.time(10, 5),
            ),
        )
    console = console_at(qtbot, state, s, FakeClock(dt.datetime.combine(DAY, dt.time(10, 6))))
    votes = console.vote_panel
    votes.method.setCurrentIndex(votes.method.findData(VoteMethod.UNANIMOUS))
    when_dialog_opens(qtbot, lambda d: d.reject())
    click(qtbot, state, votes.record_button)
    assert console.message.text() == "Røystinga er ikkje registrert: saka manglar møteleiar."
    assert voting.votes(ctx, s.cases["notice_approval"]) == []


def test_after_the_meeting_the_console_corrects_decision_texts_only(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    """A decision stays editable until the minutes are approved: once the meeting is held,
    the console opens on its cases with only the decision text to correct."""
    state, (_path, s) = console_state, meeting_db
    clock = FakeClock(dt.datetime.combine(DAY, dt.time(10)))
    console = console_at(qtbot, state, s, clock)
    click(qtbot, state, console.roll_call.open_button)
    votes = console.vote_panel
    votes.method.setCurrentIndex(votes.method.findData(VoteMethod.UNANIMOUS))
    click(qtbot, state, votes.record_button)
    clock.set(11, 0)
    when_dialog_opens(qtbot, press_accept)
    with qtbot.waitSignal(console.meeting_closed, timeout=10_000):
        click(qtbot, state, console.end_button)
    wait_idle(qtbot, state)
    console.close()

    later = console_at(qtbot, state, s, clock)
    assert later.tabs.currentIndex() == 1 and later.cases.isEnabled()
    panel = later.vote_panel
    assert not panel.record_button.isEnabled() and not panel.method.isEnabled()
    assert panel.decision_button.isEnabled()
    panel.decision.setPlainText("Innkalling og sakliste vert godkjende utan merknader.")
    click(qtbot, state, panel.decision_button)
    ctx = state.ctx
    assert ctx is not None
    assert [d.text for d in voting.decisions(ctx, s.meeting_id)] == [
        "Innkalling og sakliste vert godkjende utan merknader."
    ]
    open_case(qtbot, state, later, s.cases["mandat"])  # no decision here: nothing to save
    assert not panel.decision_button.isEnabled() and panel.decision.isReadOnly()
    assert panel.decision_state.text() == "Det vart ikkje gjort vedtak i saka."
