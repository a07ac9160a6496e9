"""Who spoke in a case, in order, for the minutes when the body wants it (the speakers'
list, issue 17): «Talarar: A, B (replikk) og C.». Approved minutes are rendered from their
snapshot, so only minutes approved after this was kept list the speakers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Case, Person, SpeakerEntry, SpeakerSettings
from dvmeet.domain.speakers import SpeakerKind


def case_speakers(s: Session, case: Case) -> list[str]:
    """The names of those who had the floor in the case, in the order they had it, a
    replikk marked; empty when the body does not keep the speakers in its minutes."""
    if not _in_minutes(s, case.meeting.body_id):
        return []
    rows = s.execute(
        select(SpeakerEntry.kind, Person.name)
        .join(Person, Person.id == SpeakerEntry.person_id)
        .where(SpeakerEntry.case_id == case.id, SpeakerEntry.started_at.is_not(None))
        .order_by(SpeakerEntry.started_at, SpeakerEntry.id)
    )
    return [f"{name} (replikk)" if kind is SpeakerKind.REPLIKK else name for kind, name in rows]


def _in_minutes(s: Session, body_id: int) -> bool:
    """Whether the body keeps its speakers in the minutes, asked once per session: the
    minutes ask for every case, and a body without settings (no row for the identity map
    to keep) would cost a query each time."""
    known: dict[int, bool] = s.info.setdefault("dv_speakers_in_minutes", {})
    if body_id not in known:
        settings = s.get(SpeakerSettings, body_id)
        known[body_id] = settings is not None and settings.in_minutes
    return known[body_id]
