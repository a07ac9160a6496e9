"""«Saksgang …» in the Møte view (issue 19), through the real buttons: a case of the
kommunedirektørmøte gets the representantskap as its next body, the next handling is
planned into a representantskap meeting (a case with its own number there), a move
against the meetings' order is refused with the reason and leaves the table as it was,
and a change someone else made meanwhile is refused and shown."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import ProposalKind, VoteMethod
from dvmeet.services import attendance, meetings, registry, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import (
    CaseIn,
    PlanHandlingIn,
    PlanMeetingIn,
    SaksgangIn,
    SaksgangStepIn,
    UpdateCaseIn,
)
from dvmeet.services.voting.models import VoteIn
from ui.meetings.saksgang_dialog import SaksgangDialog
from ui.meetings.view import MeetingsView
from ui.state import AppState

SHOTS = os.environ.get("DVMEET_SAKSGANG_SHOTS")  # a folder: save the screenshots there
TITLE = "Budsjett og økonomiplan for samarbeidet"


def shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def _plan(ctx: Context, body: str, days: int) -> int:
    return meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body,
            date=dt.date.today() + dt.timedelta(days=days),
            start_time=dt.time(10),
            place="Bergen rådhus",
        ),
    ).id


def _rows(dialog: SaksgangDialog) -> list[list[str]]:
    t = dialog.table
    return [
        [t.item(r, c).text() for c in range(t.columnCount())]  # type: ignore[union-attr]
        for r in range(t.rowCount())
    ]


def test_the_saksgang_of_a_case_through_two_bodies(qtbot: QtBot, state: AppState) -> None:
    ctx = state.ctx
    assert ctx is not None
    kdm = _plan(ctx, "KDM", 200)
    rs = _plan(ctx, "RS", 230)
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=kdm,
            title=TITLE,
            recommendation="Kommunedirektørmøtet tilrår budsjettet.",
        ),
    )
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(kdm, case.id)
    for _n in range(3):
        wait_idle(qtbot, state)
    view.select_case(case.id)
    assert view.saksgang_button.isEnabled()
    shot(view, "saksgang_view.png")
    qtbot.mouseClick(view.saksgang_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SaksgangDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SaksgangDialog)
    dialog.resize(780, 500)

    # no route yet: the case alone, and what to do
    kdm_day = dt.date.today() + dt.timedelta(days=200)
    assert _rows(dialog) == [["Kommunedirektørmøtet", f"{kdm_day:%d.%m.%Y}", case.label, ""]]
    assert dialog.body.currentData() != "KDM"  # another body is offered first
    assert "Legg til organa" in dialog.hint.text()
    assert not dialog.plan_box.isVisible() and not dialog.remove_button.isEnabled()
    shot(dialog, "saksgang_empty.png")

    # the representantskap as the next body
    dialog.body.setCurrentIndex(dialog.body.findData("RS"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    rows = _rows(dialog)
    assert [r[0] for r in rows] == ["Kommunedirektørmøtet", "Representantskapet"]
    assert rows[1][1:3] == ["ikkje sett opp", ""]
    assert dialog.plan_box.isVisible()
    index = dialog.meeting.findData(rs)
    assert index >= 0, [dialog.meeting.itemText(i) for i in range(dialog.meeting.count())]
    dialog.meeting.setCurrentIndex(index)
    shot(dialog, "saksgang_next.png")

    # plan the representantskap's handling: a case with a number in its series
    qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    rs_cases = {c.title: c for c in meetings.get_meeting(ctx, rs).cases}
    handling = rs_cases[TITLE]
    rows = _rows(dialog)
    rs_day = dt.date.today() + dt.timedelta(days=230)
    assert rows[1][:3] == ["Representantskapet", f"{rs_day:%d.%m.%Y}", handling.label]
    assert rows[1][3] == "kjem frå vedtaket i Kommunedirektørmøtet"
    assert not dialog.plan_box.isVisible()
    shot(dialog, "saksgang_planned.png")

    # the representantskap before the kommunedirektørmøte: refused, the table as it was
    before = _rows(dialog)
    dialog.table.setCurrentCell(1, 0)
    assert dialog.up_button.isEnabled()
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert dialog.error.isVisible()
    assert "same rekkjefølgje som møta" in dialog.error.text()
    assert _rows(dialog) == before
    shot(dialog, "saksgang_refused.png")

    # someone else changes the route meanwhile: refused, said, and read again
    route = meetings.saksgang(ctx, case.id)
    meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=case.id,
            expected_version=route.version,
            steps=[
                *[SaksgangStepIn(body_code=s.body_code, case_id=s.case_id) for s in route.steps],
                SaksgangStepIn(body_code="SG"),
            ],
        ),
    )
    dialog.body.setCurrentIndex(dialog.body.findData("RS"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert "Endra av nokon andre" in dialog.error.text()
    assert [r[0] for r in _rows(dialog)] == [
        "Kommunedirektørmøtet",
        "Representantskapet",
        "Styringsgruppa",
    ]
    # the step someone added can be removed here
    dialog.table.setCurrentCell(2, 0)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert len(_rows(dialog)) == 2 and not dialog.error.isVisible()
    dialog.close()


def test_the_earlier_decision_used_over_an_innstilling_written_by_hand(
    qtbot: QtBot, state: AppState
) -> None:
    ctx = state.ctx
    assert ctx is not None
    kdm = _plan(ctx, "KDM", 200)
    rs = _plan(ctx, "RS", 230)
    tilraading = "Kommunedirektørmøtet tilrår budsjettet."
    case = meetings.add_case(ctx, CaseIn(meeting_id=kdm, title=TITLE, recommendation=tilraading))
    route = meetings.set_saksgang(
        ctx,
        SaksgangIn(
            case_id=case.id,
            expected_version=0,
            steps=[
                SaksgangStepIn(body_code="KDM", case_id=case.id),
                SaksgangStepIn(body_code="RS"),
            ],
        ),
    )
    planned = meetings.plan_handling(
        ctx,
        PlanHandlingIn(
            case_id=case.id,
            step_id=route.steps[1].id,
            meeting_id=rs,
            expected_version=route.version,
        ),
    )
    handling = planned.steps[1]
    assert handling.case_id is not None and handling.case_version is not None
    own = "Sekretariatet si eiga innstilling."
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=handling.case_id, recommendation=own, expected_version=handling.case_version
        ),
    )
    # the kommunedirektørmøte gives its tilråding (opened early, as confirmed)
    day = dt.date.today()
    for seat in registry.seats(ctx, "KDM", day):
        for m in seat.members:
            attendance.mark_present(ctx, PresenceIn(meeting_id=kdm, person_id=m.person_id))
    attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=kdm, before_date_confirmed=True))
    rec = next(p for p in voting.proposals(ctx, case.id) if p.kind is ProposalKind.RECOMMENDATION)
    voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )

    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(rs, handling.case_id)
    for _n in range(3):
        wait_idle(qtbot, state)
    view.select_case(handling.case_id)
    qtbot.mouseClick(view.saksgang_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SaksgangDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SaksgangDialog)
    dialog.resize(780, 500)
    # the hand-written innstilling was kept; the dialog says so and offers the decision
    assert _rows(dialog)[1][3] == "skriven for hand (ulik vedtaket i Kommunedirektørmøtet)"
    assert dialog.carry_button.isVisible() and "skriven for hand" in dialog.carry_note.text()
    shot(dialog, "saksgang_kept.png")
    qtbot.mouseClick(dialog.carry_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert _rows(dialog)[1][3] == "vedtaket i Kommunedirektørmøtet"
    assert not dialog.carry_button.isVisible() and not dialog.error.isVisible()
    rs_case = next(c for c in meetings.get_meeting(ctx, rs).cases if c.id == handling.case_id)
    assert rs_case.recommendation == tilraading
    dialog.close()
