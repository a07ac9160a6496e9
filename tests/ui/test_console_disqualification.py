"""Disqualification through the console (H-1, fvl. § 8 (2), R-1): an open question is
shown as open, the member does not vote, the decision waits until the body is quorate on
the question; the deputy is offered, called in, and the body finds the member ugild
without a vote, which the møtebok prints as such."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from console_helpers import choose, click, make_state
from console_setup import DAY, Setup, make_meeting
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.disqualification import QuestionState
from dvmeet.domain.enums import DisqualificationGround, VoteKind
from dvmeet.services import attendance, minutes, voting
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import open_context
from ui.console import open_console

pytestmark = pytest.mark.ui


def test_open_question_waits_for_the_deputy_then_the_body_finds_ugild(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.sqlite"
    ctx = open_context(path)
    s: Setup = make_meeting(ctx)
    m, dep = s.members, s.deputies
    case_id = s.cases["oppdragsbrev"]
    for person in m[:4]:  # 4 of 7: without the member concerned 3 of 7, not quorate
        attendance.mark_present(ctx, PresenceIn(meeting_id=s.meeting_id, person_id=person))
    attendance.open_meeting(
        ctx,
        OpenMeetingIn(meeting_id=s.meeting_id, opened_at=dt.datetime.combine(DAY, dt.time(10))),
    )
    attendance.set_current_case(ctx, s.meeting_id, case_id)
    ctx.close()

    state = make_state(path, tmp_path / "ui.ini")
    try:
        console = open_console(None, state, s.meeting_id)
        qtbot.addWidget(console)
        wait_idle(qtbot, state)
        console.tabs.setCurrentIndex(1)
        box = console.case_panel.disq
        assert not box.decide_yes.isEnabled()  # nothing to decide yet

        choose(box.person, m[3])
        choose(box.ground, DisqualificationGround.FVL_6_1_E)
        box.explanation.setText("Styreleiar i leverandøren")
        click(qtbot, state, box.propose)

        # Open, shown as open; the member is not among the voters; no decision offered.
        assert box.questions.count() == 1
        assert box.questions.item(0).text().startswith(f"Ope: {s.names[m[3]]}")
        assert "røystar ikkje i saka" in box.questions.item(0).text()
        assert "Kan ikkje avgjerast no: 3 av 7" in box.pending.text()
        assert "ugild etter lova" in box.pending.text()  # § 6 (1) e: no vote needed
        for button in (box.decide_yes, box.decide_no, box.vote):
            assert not button.isEnabled()
        snap = console.snapshot
        assert snap is not None and snap.case is not None
        assert m[3] not in {v.person_id for v in snap.case.voters.voters}
        grid_voters = {v.person_id for v in console.vote_panel.grid.grid.voters}
        assert m[3] not in grid_voters

        # The deputy call-in is offered (R-1: first in rank) and taken.
        assert box.deputy.currentData() == dep[3][0]
        click(qtbot, state, box.call_deputy)
        assert f"{s.names[dep[3][0]]} er kalla inn" in box.questions.item(0).text()
        assert "Kan ikkje avgjerast no" not in box.pending.text()
        assert box.decide_yes.isEnabled() and box.vote.isEnabled()
        deciders = {
            box.dissenters.item(i).text() for i in range(box.dissenters.count())
        }  # who decides the question: the three present and the deputy, not the member
        assert deciders == {s.names[p] for p in (*m[:3], dep[3][0])}

        click(qtbot, state, box.decide_yes)  # "Organet: ugild", no vote
        snap = console.snapshot
        assert snap is not None and snap.case is not None
        (d,) = snap.case.disqualifications
        assert d.state is QuestionState.DISQUALIFIED and d.vote_id is None
        voters = {v.person_id for v in snap.case.voters.voters}
        assert m[3] not in voters and dep[3][0] in voters
        assert "4 av 7" in console.quorum.text()
        assert box.questions.item(0).text() == (
            f"{s.names[m[3]]}: ugild (fvl. § 6 (1) e), {s.names[dep[3][0]]} møter i staden"
        )
        assert not box.decide_yes.isEnabled()
        assert [v for v in snap.case.votes if v.kind is VoteKind.DISQUALIFICATION] == []
    finally:
        wait_idle(qtbot, state)
        state.close()

    ctx = open_context(path)
    try:
        attendance.close_meeting(
            ctx,
            CloseMeetingIn(
                meeting_id=s.meeting_id, closed_at=dt.datetime.combine(DAY, dt.time(12))
            ),
        )
        case = next(
            c for c in minutes.minutes_draft(ctx, s.meeting_id).cases if "Oppdrag" in c.title
        )
        who, deputy = s.names[m[3]], s.names[dep[3][0]]
        assert case.disqualification == [
            f"Organet fann at {who} er ugild etter forvaltningslova § 6 første ledd bokstav e. "
            f"{who} var ikkje med på avgjerda (fvl. § 8 (2)). "
            "Vedtaksfør: 4 av 7 medlemer var med på avgjerda. "
            f"{deputy} møtte for {who} i saka."
        ]
        assert voting.disqualifications(ctx, s.meeting_id)[0].participants == 4
    finally:
        ctx.close()
