"""The constituent meeting run through the console's widgets only (issue 6).

The registry and the planned meeting are made with the services; from the roll call to
the end of the meeting, everything is done by clicking and typing in the console."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import choose, click, make_state, open_case, type_ballots
from console_setup import DAY, Setup, make_meeting
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.domain.enums import DisqualificationGround, MeetingStatus, ProposalKind, VoteMethod
from dvmeet.services import meetings, minutes
from dvmeet.services.context import open_context
from ui.console import open_console
from ui.console.case_panel import AddCaseDialog
from ui.console.window import ConsoleWindow
from ui.state import AppState

pytestmark = pytest.mark.ui


@pytest.fixture
def meeting_db(tmp_path: Path) -> tuple[Path, Setup]:
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    setup = make_meeting(ctx)
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


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute))


def set_time(console: ConsoleWindow, hour: int, minute: int) -> None:
    from PySide6.QtCore import QTime

    console.roll_call.time.setTime(QTime(hour, minute))


def vote_method(console: ConsoleWindow, method: VoteMethod) -> None:
    choose(console.vote_panel.method, method)


def test_constituent_meeting_through_the_console(
    qtbot: QtBot, console_state: AppState, meeting_db: tuple[Path, Setup]
) -> None:
    state = console_state
    _path, s = meeting_db
    m, dep = s.members, s.deputies
    console = open_console(None, state, s.meeting_id)
    qtbot.addWidget(console)
    console.clock = lambda: at(10, 0)
    wait_idle(qtbot, state)
    roll, panel, votes = console.roll_call, console.case_panel, console.vote_panel
    assert console.quorum.quorate is None

    # Roll call: five members present, one with forfall (her first deputy called in by
    # the offer), one not yet here.
    for person in m[:5]:
        roll.select_person(person)
        click(qtbot, state, roll.present_button)
    roll.select_person(m[6])
    roll.reason.setText("Sjukmeld")
    click(qtbot, state, roll.forfall_button)
    assert roll.offer_button.isVisible()
    assert s.names[dep[6][0]] in roll.offer_button.text()
    click(qtbot, state, roll.offer_button)
    assert console.quorum.quorate is True and "6 av 7" in console.quorum.text()
    click(qtbot, state, roll.open_button)
    snap = console.snapshot
    assert snap is not None and snap.started
    assert snap.current_case_id == s.cases["notice_approval"]
    assert console.tabs.currentIndex() == 1

    # PS 001: notice and case list approved unanimously.
    vote_method(console, VoteMethod.UNANIMOUS)
    click(qtbot, state, votes.record_button)
    assert "Vedteke" in votes.result.text() and "6 av 7" in votes.result.text()
    assert votes.decision.toPlainText() == "Innkalling og sakliste vert godkjende."
    click(qtbot, state, votes.decision_button)

    # PS 002: two signatories elected in one round (Q-4, M-7): the two with most votes.
    open_case(qtbot, state, console, s.cases["signatories"])
    for candidate in (m[2], m[3]):
        choose(panel.candidate, candidate)
        click(qtbot, state, panel.add_button)
        assert not console.message.isVisible(), console.message.text()
    keys = {p: "1" for p in (m[0], m[1], m[2], m[3])} | {m[4]: "2", dep[6][0]: "2"}
    type_ballots(qtbot, state, console, keys)
    click(qtbot, state, votes.record_button)
    assert not console.message.isVisible(), console.message.text()
    assert "Vald" in votes.result.text() and s.names[m[2]] in votes.result.text()
    # the election records the decision: the two elected, each with their votes
    assert console.snapshot is not None and console.snapshot.case is not None
    decision = console.snapshot.case.decision
    assert decision is not None and decision.text == (
        f"{s.names[m[2]]} (4 røyster) og {s.names[m[3]]} (2 røyster) vart valde."
    )

    # PS 003 mandate: a late arrival at 10:40, then a split vote with named dissenters.
    open_case(qtbot, state, console, s.cases["mandat"])
    console.tabs.setCurrentIndex(0)
    set_time(console, 10, 40)
    roll.select_person(m[5])
    click(qtbot, state, roll.arrived_button)
    console.tabs.setCurrentIndex(1)
    assert "7 av 7" in console.quorum.text()
    assert console.snapshot is not None and console.snapshot.case is not None
    assert "versjon 2" in (console.snapshot.case.document or "")
    vote_method(console, VoteMethod.COUNTS)
    for row in range(votes.dissenters.count()):
        item = votes.dissenters.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in (m[4], m[5]):
            item.setCheckState(Qt.CheckState.Checked)
    click(qtbot, state, votes.record_button)
    assert "5 for, 2 mot" in votes.result.text()
    click(qtbot, state, votes.decision_button)

    # PS 004 strategy: an addition from a member, voted separately after the main vote.
    open_case(qtbot, state, console, s.cases["strategi"])
    choose(panel.kind, ProposalKind.ADDITION)
    choose(panel.proposer, m[1])
    panel.text.setPlainText("Strategien vert evaluert etter to år.")
    click(qtbot, state, panel.add_button)
    assert any(
        "Tilleggsframlegg frå Medlem 4602" in panel.proposal_list.item(i).text()
        for i in range(panel.proposal_list.count())
    )
    assert votes.plan.count() == 2
    vote_method(console, VoteMethod.UNANIMOUS)
    click(qtbot, state, votes.record_button)
    assert votes.plan.currentRow() == 1  # on to the addition
    vote_method(console, VoteMethod.ROLL_CALL)
    type_ballots(
        qtbot, state, console, {v.person_id: "F" for v in votes.grid.grid.voters} | {m[2]: "M"}
    )
    click(qtbot, state, votes.record_button)
    assert "6 for, 1 mot" in votes.result.text()
    assert "evaluert etter to år" in votes.decision.toPlainText()
    click(qtbot, state, votes.decision_button)

    # PS 005 commission letter: a member disqualified, the body decides, a deputy steps in.
    open_case(qtbot, state, console, s.cases["oppdragsbrev"])
    choose(panel.disq_person, m[3])
    choose(panel.ground, DisqualificationGround.FVL_6_1_E)
    panel.explanation.setText("Styreleiar i leverandøren")
    click(qtbot, state, panel.propose_disq)
    assert "Til avgjerd" in panel.pending.text()
    assert panel.deputy.currentData() == dep[3][0]  # the next deputy in rank is offered
    click(qtbot, state, panel.decide_yes)
    assert console.snapshot is not None and console.snapshot.case is not None
    voter_ids = {v.person_id for v in console.snapshot.case.voters.voters}
    assert m[3] not in voter_ids and dep[3][0] in voter_ids
    vote_method(console, VoteMethod.UNANIMOUS)
    click(qtbot, state, votes.record_button)
    click(qtbot, state, votes.decision_button)

    # PS 006 fee: a member leaves at 11:00; 3–3, the chair's vote decides.
    open_case(qtbot, state, console, s.cases["fee"])
    console.tabs.setCurrentIndex(0)
    set_time(console, 11, 0)
    roll.select_person(m[4])
    click(qtbot, state, roll.left_button)
    console.tabs.setCurrentIndex(1)
    assert "6 av 7" in console.quorum.text()
    vote_method(console, VoteMethod.ROLL_CALL)
    keys = {m[0]: "F", m[1]: "F", m[2]: "F", m[3]: "M", m[5]: "M", dep[6][0]: "M"}
    type_ballots(qtbot, state, console, keys)
    click(qtbot, state, votes.record_button)
    assert "møteleiaren si røyst var avgjerande" in votes.result.text()
    assert "Vedteke" in votes.result.text()
    click(qtbot, state, votes.decision_button)

    # PS 007: the closed case; the projector shows only its public title.
    open_case(qtbot, state, console, s.cases["closed"])
    projector = console.open_projector()
    qtbot.addWidget(projector)
    assert "Tilsetjing av dagleg leiar" in projector.case_label.text()
    assert "Kari Nordmann" not in projector.case_label.text() + projector.proposals.text()
    vote_method(console, VoteMethod.UNANIMOUS)
    click(qtbot, state, votes.record_button)
    assert "samrøystes" in projector.result.text()
    click(qtbot, state, votes.decision_button)

    # M-5: a case added in the meeting; refused when a third of those present object
    # (ticked by name among those present: the core counts who is present).
    offered: list[list[int]] = []

    def fill(title: str, objecting: list[int]) -> None:
        def handle(dialog: QDialog) -> None:
            assert isinstance(dialog, AddCaseDialog)
            dialog.title.setText(title)
            dialog.recommendation.setPlainText(f"{title}: teke til orientering.")
            offered.append(
                [
                    dialog.objecting.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(dialog.objecting.count())
                ]
            )
            dialog.set_objectors(objecting)
            assert dialog.objectors() == objecting
            dialog.accept()

        when_dialog_opens(qtbot, handle)
        click(qtbot, state, panel.new_case_button)

    fill("Refusert sak", [m[0], m[1], m[2]])
    assert m[6] not in offered[0] and dep[6][0] in offered[0]  # forfall; her deputy sits
    assert console.message.isVisible() and "tredjedel" in console.message.text()
    fill("Orientering om budsjettprosessen", [m[1]])
    assert console.snapshot is not None
    added = next(c for c in console.snapshot.meeting.cases if c.added_in_meeting)
    assert all(c.title != "Refusert sak" for c in console.snapshot.meeting.cases)
    open_case(qtbot, state, console, added.id)
    vote_method(console, VoteMethod.UNANIMOUS)
    click(qtbot, state, votes.record_button)
    click(qtbot, state, votes.decision_button)

    # Eventuelt: a decision without a vote.
    open_case(qtbot, state, console, s.cases["eventuelt"])
    votes.decision.setPlainText("Ingen saker.")
    click(qtbot, state, votes.decision_button)

    # End the meeting.
    console.clock = lambda: at(12, 30)

    def accept(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        button = next(
            b for b in dialog.buttons() if dialog.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )
        button.click()

    when_dialog_opens(qtbot, accept)
    with qtbot.waitSignal(console.meeting_closed, timeout=10_000) as closed:
        qtbot.mouseClick(console.end_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert closed.args == [s.meeting_id]
    assert not console.message.isVisible() or "tredjedel" in console.message.text()

    # The draft minutes contain all of it.
    ctx = state.ctx
    assert ctx is not None
    assert meetings.get_meeting(ctx, s.meeting_id).status is MeetingStatus.HELD
    draft = minutes.minutes_draft(ctx, s.meeting_id)
    assert draft.closed_at == at(12, 30) and draft.opened_at == at(10, 0)
    assert [a.name for a in draft.absent] == [s.names[m[6]]]
    assert [(d.name, d.for_name) for d in draft.deputies] == [(s.names[dep[6][0]], s.names[m[6]])]
    assert any(
        mv.kind == "kom" and mv.at_time == dt.time(10, 40) and mv.name == s.names[m[5]]
        for mv in draft.movements
    )
    assert any(
        mv.kind == "gjekk" and mv.at_time == dt.time(11, 0) and mv.name == s.names[m[4]]
        for mv in draft.movements
    )
    assert [(d.name, d.legal_basis, d.deputy_name) for d in draft.disqualifications] == [
        (s.names[m[3]], "fvl. § 6 (1) e", s.names[dep[3][0]])
    ]
    by_title = {c.title: c for c in draft.cases}
    signatories = by_title["Val av to medlemer til å skrive under møteboka saman med møteleiaren"]
    assert s.names[m[3]] in (signatories.decision or "")
    mandate = by_title["Mandat for styringsgruppa"]
    assert mandate.votes[0].against_names == sorted([s.names[m[4]], s.names[m[5]]])
    assert mandate.adopted_document is not None and "versjon 2" in mandate.adopted_document
    strategy = by_title["Strategi 2025–2028"]
    assert any(p.proposer and "Medlem 4602" in p.proposer for p in strategy.proposals)
    assert "evaluert" in (strategy.decision or "")
    fee = by_title["Møtegodtgjersle"]
    assert fee.votes[0].casting_vote_used
    assert "møteleiaren si røyst var avgjerande" in fee.votes[0].text
    assert by_title["Orientering om budsjettprosessen"].decision
    assert by_title["Eventuelt"].decision == "Ingen saker."
    assert [c.legal_basis for c in draft.closed_parts] and "11-5" in draft.closed_parts[
        0
    ].legal_basis
    assert "Sjukmeld" not in draft.model_dump_json()
    public = minutes.minutes_draft(ctx, s.meeting_id, public=True)
    assert "Kari Nordmann" not in public.model_dump_json()
    console.close()
