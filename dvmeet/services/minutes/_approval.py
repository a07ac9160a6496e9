"""What the approval dialog offers (B-2, B-3): the signatories to choose among (and the
two the meeting elected to sign, M-7) and the later meetings that could approve, in one
read."""

from __future__ import annotations

from sqlalchemy import select

from dvmeet.db.models import Meeting
from dvmeet.domain.enums import AttendanceKind
from dvmeet.services import _lookup as lookup
from dvmeet.services._elected import elected_signatories
from dvmeet.services._meeting_reads import attendance_entries_of
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import ChoiceOut
from dvmeet.services.minutes._minutes import build_minutes
from dvmeet.services.minutes.models import ApprovalChoices

ATTENDED = (AttendanceKind.PRESENT, AttendanceKind.DEPUTY, AttendanceKind.ARRIVED)


def approval_choices(ctx: Context, meeting_id: int) -> ApprovalChoices:
    """Who can sign the minutes of the meeting (proposing the members elected in its own
    signatories case), and which later meetings could approve."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        chair = build_minutes(s, meeting, public=False).chair
        seen: dict[int, ChoiceOut] = {}
        for entry in attendance_entries_of(s, meeting_id):
            if entry.kind in ATTENDED and entry.person_id not in seen and entry.name != chair:
                label = (
                    f"{entry.name}, {entry.municipality_name}"
                    if entry.municipality_name
                    else entry.name
                )
                seen[entry.person_id] = ChoiceOut(id=entry.person_id, label=label)
        later = s.scalars(
            select(Meeting)
            .where(Meeting.body_id == meeting.body_id, Meeting.date > meeting.date)
            .order_by(Meeting.date, Meeting.id)
        )
        return ApprovalChoices(
            meeting_id=meeting.id,
            meeting_date=meeting.date,
            chair=chair,
            attendees=sorted(seen.values(), key=lambda p: p.label.casefold()),
            proposed_signatories=[p for p in elected_signatories(s, meeting.id) if p in seen],
            later_meetings=[
                ChoiceOut(id=m.id, label=f"{m.date:%d.%m.%Y} – {m.title or m.place}") for m in later
            ],
        )
