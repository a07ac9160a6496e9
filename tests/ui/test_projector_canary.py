"""Canary on the projector, the public display in the meeting room (O-2): a closed case
shows its public title and legal basis, never its title, proposals, candidates or who
was elected; the internal display (public display unticked) shows them, so the check can
see what it looks for."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from dvmeet.domain.enums import ClosureBasis, ProposalKind, VoteOutcome
from dvmeet.services import attendance, console, meetings, registry, voting
from dvmeet.services.attendance.models import OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn
from dvmeet.services.registry.models import PersonIn
from dvmeet.services.voting.models import ElectionIn, ProposalIn
from ui.console.projector import ProjectorWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit"))
from meeting_setup import make_body, plan


def _marker(name: str) -> str:
    return f"KANARI{name.upper()}{secrets.token_hex(5).upper()}"


def _shown(window: ProjectorWindow) -> str:
    labels = (window.heading, window.case_label, window.quorum, window.proposals, window.result)
    return "\n".join(label.text() for label in labels) + window.windowTitle()


def test_a_closed_election_shows_nothing_of_its_own_on_the_public_display(
    qtbot: QtBot, ctx: Context
) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    title, candidate, public_title = _marker("title"), _marker("candidate"), _marker("public")
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Tilsetjing {title}",
            public_title=f"Personalsak {public_title}",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 13",
            is_election=True,
        ),
    )
    outsider = registry.create_person(ctx, PersonIn(name=f"Kandidat {candidate}"))
    for i in range(7):
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=body.member(i)))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    attendance.set_current_case(ctx, meeting.id, case.id)
    member = body.member(3)  # names of members are public; who was elected here is not
    for candidate_id in (outsider.id, member):
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=candidate_id,
            ),
        )
    elected = voting.record_election_round(
        ctx, ElectionIn(case_id=case.id, ballots=dict.fromkeys(body.members, member))
    )
    assert elected.outcome is VoteOutcome.ELECTED
    name = registry.get_person(ctx, member).name

    snapshot = console.console_snapshot(ctx, meeting.id)
    window = ProjectorWindow(public=True)
    qtbot.addWidget(window)
    window.show_snapshot(snapshot)
    shown = _shown(window)
    assert title not in shown and candidate not in shown and name not in shown
    assert public_title in shown and "offl. § 13" in shown
    assert window.result.text()  # the outcome is shown, without the name

    window.public = False  # the chair's own screen: everything
    window.show_snapshot(snapshot)
    shown = _shown(window)
    assert title in shown and name in shown
