"""The approval dialog proposes the signatories the meeting elected (M-7, B-2), and the
console's add-case dialog names the objectors among those present (M-5)."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import (
    BallotChoice,
    ClosureBasis,
    ProposalKind,
    Role,
    StandingCase,
    VoteMethod,
)
from dvmeet.services import attendance, meetings, minutes, registry, voting
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, RollCallIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.minutes.models import CorrectionIn, CorrectionTarget
from dvmeet.services.voting.models import ClosureVoteIn, ProposalIn, SeveralElectionIn
from ui.console.case_panel import AddCaseDialog
from ui.console.closure import ClosureDialog
from ui.meetings.approve_dialog import ApproveMinutesDialog
from ui.meetings.case_dialog import CaseDialog
from ui.meetings.correction_dialog import CorrectionDialog
from ui.meetings.kept_warnings import KeptWarningsDialog
from ui.state import AppState

pytestmark = pytest.mark.ui


def _held_with_signatories(ctx: Context) -> tuple[int, list[int]]:
    """A meeting held today whose signatories case elected two ordinary members."""
    today = dt.date.today()
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=today, start_time=dt.time(9), place="Førde"),
    )
    seats = registry.seats(ctx, "RS", today)
    present = [m.person_id for seat in seats for m in seat.members]
    ordinary = [m.person_id for seat in seats for m in seat.members if m.role is Role.MEDLEM]
    # the last two ordinary members in name order: not the two the old dialog guessed
    elected = ordinary[-2:]
    attendance.record_roll_call(ctx, RollCallIn(meeting_id=meeting.id, present=present))
    opened = attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(today, dt.time(9)))
    )
    case = next(c for c in opened.cases if c.standing is StandingCase.SIGNATORIES)
    for person in elected:
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=person,
            ),
        )
    voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case.id, unanimous=True))
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(today, dt.time(11))),
    )
    return meeting.id, elected


def test_the_approval_dialog_proposes_the_elected_signatories(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    meeting_id, elected = _held_with_signatories(state.ctx)
    choices = minutes.approval_choices(state.ctx, meeting_id)
    assert choices.proposed_signatories == elected
    dialog = ApproveMinutesDialog(state, choices)
    qtbot.addWidget(dialog)
    assert [dialog.signer1.currentData(), dialog.signer2.currentData()] == elected
    first_two = [dialog.signer1.itemData(i) for i in (1, 2)]
    assert first_two != elected  # not the first two alphabetically
    assert dialog.findChild(type(dialog.chair_label), "signatories_missing") is None


def test_the_add_case_dialog_names_the_objectors(qtbot: QtBot) -> None:
    present = [(11, "Kari Nes, Bergen"), (12, "Ola Dal, Voss"), (13, "Per Li, Askøy")]
    dialog = AddCaseDialog(present)
    qtbot.addWidget(dialog)
    assert dialog.objecting.count() == 3
    assert dialog.objectors() == []
    dialog.set_objectors([13, 11])
    assert dialog.objectors() == [11, 13]
    labels = [dialog.objecting.item(i).text() for i in range(dialog.objecting.count())]
    assert labels == ["Kari Nes, Bergen", "Ola Dal, Voss", "Per Li, Askøy"]


def test_kept_warnings_are_listed_for_the_secretariat(qtbot: QtBot, state: AppState) -> None:
    """An administrative body's closed case without a legal basis is a warning (O-1): kept,
    shown with the meeting and listed in «Merknader frå reglane»."""
    assert state.ctx is not None
    meeting = meetings.plan_meeting(
        state.ctx,
        PlanMeetingIn(
            body_code="KDM", date=dt.date(2031, 3, 4), start_time=dt.time(9), place="Førde"
        ),
    )
    case = meetings.add_case(
        state.ctx,
        CaseIn(meeting_id=meeting.id, title="Lukka utan heimel", public_title="Sak", closed=True),
    )
    shown = meetings.get_meeting(state.ctx, meeting.id).warnings
    assert any(w.message.startswith(f"{case.label}: ") for w in shown)
    dialog = KeptWarningsDialog(state)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, state)
    rows = dialog.model.rows
    mine = [w for w in rows if w.meeting_id == meeting.id]
    assert [(w.case_label, w.rule_id) for w in mine] == [(case.label, "O-1")]
    texts = [dialog.proxy.index(r, 2).data() for r in range(dialog.proxy.rowCount())]
    assert mine[0].message in texts
    assert not dialog.empty.isVisible()


def test_the_case_dialog_marks_a_public_decision_and_the_number_to_elect(
    qtbot: QtBot, state: AppState
) -> None:
    assert state.ctx is not None
    meeting = meetings.plan_meeting(
        state.ctx,
        PlanMeetingIn(
            body_code="RS", date=dt.date(2031, 5, 6), start_time=dt.time(9), place="Voss"
        ),
    )
    closed = meetings.add_case(
        state.ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Tilsetjing – Kari Nordmann",
            public_title="Tilsetjing",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
        ),
    )
    dialog = CaseDialog(state, meeting.id, [], [], closed)
    qtbot.addWidget(dialog)
    assert not dialog.decision_public.isChecked()
    dialog.decision_public.setChecked(True)
    call = dialog.build_call()
    assert call is not None
    service, (update,) = call
    assert service is meetings.update_case
    assert update.decision_public is True and update.model_fields_set >= {"decision_public"}
    # the signatories case elects two; the dialog shows it and keeps it
    signatories = next(
        c
        for c in meetings.get_meeting(state.ctx, meeting.id).cases
        if c.standing is StandingCase.SIGNATORIES
    )
    dialog = CaseDialog(state, meeting.id, [], [], signatories)
    qtbot.addWidget(dialog)
    assert dialog.seats_to_fill.value() == 2 and dialog.seats_to_fill.isEnabled()
    assert dialog.build_call() is None  # nothing changed


def test_the_closure_dialog_votes_unanimously_or_with_named_dissenters(qtbot: QtBot) -> None:
    voters = [(11, "Kari Nes, Bergen"), (12, "Ola Dal, Voss"), (13, "Per Li, Askøy")]
    dialog = ClosureDialog(7, "koml. § 11-5 (3) a", voters)
    qtbot.addWidget(dialog)
    assert dialog.data() == ClosureVoteIn(case_id=7, method=VoteMethod.UNANIMOUS)
    assert not dialog.against.isEnabled()
    dialog.set_against([13, 11])
    assert dialog.against.isEnabled()
    assert dialog.data() == ClosureVoteIn(
        case_id=7, method=VoteMethod.COUNTS, dissenters=[11, 13], dissent_choice=BallotChoice.MOT
    )


def test_the_correction_dialog_names_what_it_corrects(qtbot: QtBot, state: AppState) -> None:
    targets = [
        CorrectionTarget(table="meeting", id=3, label="Møtet"),
        CorrectionTarget(table="decision", id=9, label="PS 003/25 Budsjett, vedtaket"),
    ]
    dialog = CorrectionDialog(state, 3, targets)
    qtbot.addWidget(dialog)
    assert [dialog.target.itemText(i) for i in range(2)] == ["Møtet", targets[1].label]
    dialog.target.setCurrentIndex(1)
    dialog.text.setPlainText("Beløpet skal vere 1,2 mill. kr.")
    call = dialog.build_call()
    assert call is not None
    service, (data,) = call
    assert service is minutes.add_correction
    assert data == CorrectionIn(
        meeting_id=3, target_table="decision", target_id=9, text="Beløpet skal vere 1,2 mill. kr."
    )
