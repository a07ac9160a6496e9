"""Which meeting the app resumes at start: the one under way (issue 17)."""

from __future__ import annotations

from sqlalchemy import select

from dvmeet.db.models import Meeting, MeetingProgress
from dvmeet.domain.enums import MeetingStatus
from dvmeet.services.context import Context


def meeting_in_progress(ctx: Context) -> int | None:
    """The meeting opened and not yet closed (after a crash or a restart the app opens it
    rather than the meeting last looked at); of several, the one last worked on."""
    with ctx.reading() as s:
        rows = s.execute(
            select(Meeting.id, MeetingProgress.updated_at)
            .outerjoin(MeetingProgress, MeetingProgress.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.IN_PROGRESS)
        ).all()
        if not rows:
            return None
        latest = max(rows, key=lambda r: (r.updated_at is not None, r.updated_at, r.id))
        return int(latest.id)
