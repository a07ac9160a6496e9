"""The console snapshot: one read transaction over the shared Session-level reads."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import AttendanceEvent, Decision, MeetingProgress, VoteDraft
from dvmeet.services import _lookup as lookup
from dvmeet.services._disqualification_reads import meeting_disqualifications
from dvmeet.services._meeting_reads import (
    case_proposals,
    case_votes,
    case_voting_plan,
    current_case_id,
    document_label,
    meeting_decisions,
    roll_call_out,
    vote_draft_out,
    voters_out,
)
from dvmeet.services._records import case_voters, meeting_out
from dvmeet.services.console.models import ConsoleCase, ConsoleSnapshot
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import MeetingOut


def console_snapshot(ctx: Context, meeting_id: int) -> ConsoleSnapshot:
    """The meeting, its roll call and the current case with all the console shows of it."""
    with ctx.reading() as s:
        meeting = meeting_out(s, lookup.meeting(s, meeting_id))
        roll = roll_call_out(s, meeting_id)
        current = current_case_id(s, meeting_id)
        return ConsoleSnapshot(
            meeting=meeting,
            roll=roll,
            current_case_id=current,
            case=_console_case(s, meeting, current) if current is not None else None,
            names={
                h.person_id: h.name
                for seat in roll.seats_list
                for h in seat.members + seat.deputies
            },
            last_saved_at=_last_saved_at(s, meeting_id),
        )


def _last_saved_at(s: Session, meeting_id: int) -> dt.datetime | None:
    """The latest of what the console saves for a meeting (stored in UTC), in local time."""
    moments = [
        s.scalar(
            select(func.max(MeetingProgress.updated_at)).where(
                MeetingProgress.meeting_id == meeting_id
            )
        ),
        s.scalar(select(func.max(VoteDraft.updated_at)).where(VoteDraft.meeting_id == meeting_id)),
        s.scalar(
            select(func.max(AttendanceEvent.recorded_at)).where(
                AttendanceEvent.meeting_id == meeting_id
            )
        ),
        s.scalar(select(func.max(Decision.created_at)).where(Decision.meeting_id == meeting_id)),
    ]
    known = [m for m in moments if m is not None]
    if not known:
        return None
    return max(known).replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _console_case(s: Session, meeting: MeetingOut, case_id: int) -> ConsoleCase:
    case = next(c for c in meeting.cases if c.id == case_id)
    row = lookup.case(s, case_id)
    decisions = meeting_decisions(s, meeting.id, case_id)
    return ConsoleCase(
        case=case,
        voters=voters_out(s, row, case_voters(s, row)),
        proposals=case_proposals(s, case_id),
        plan=case_voting_plan(s, case_id),
        votes=case_votes(s, case_id),
        decision=decisions[0] if decisions else None,
        disqualifications=meeting_disqualifications(s, meeting.id, case_id),
        document=document_label(s, case.document_version_id),
        draft=vote_draft_out(s, case_id),
    )
