"""Which meeting the app resumes at start: the one under way (issue 17)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from dvmeet.db.models import AttendanceEvent, Meeting, MeetingProgress
from dvmeet.domain.enums import MeetingStatus
from dvmeet.services.context import Context


def meeting_in_progress(ctx: Context) -> int | None:
    """The meeting under way: opened and not yet closed, else one whose roll call has
    begun but that is not opened yet. After a crash or a restart the app opens it rather
    than the meeting last looked at; of several, the one last worked on."""
    with ctx.reading() as s:
        running = s.execute(
            select(Meeting.id, MeetingProgress.updated_at)
            .outerjoin(MeetingProgress, MeetingProgress.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.IN_PROGRESS)
        ).all()
        if running:
            return int(max(running, key=lambda r: (_moment(r.updated_at), r.id)).id)
        calling = s.execute(
            select(Meeting.id, func.max(AttendanceEvent.recorded_at).label("at"))
            .join(AttendanceEvent, AttendanceEvent.meeting_id == Meeting.id)
            .where(Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT]))
            .group_by(Meeting.id)
        ).all()
        if calling:
            return int(max(calling, key=lambda r: (_moment(r.at), r.id)).id)
        return None


def _moment(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else dt.datetime.min
