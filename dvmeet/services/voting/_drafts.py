"""The ballots of a vote being typed in the chair's console, saved with every keystroke.

A vote is recorded as a whole (voting.record_vote); until then the ballots typed so far
live here, one draft per case, so a crash or a closed lid loses none of them.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert

from dvmeet.db.driver_insert import insert_row
from dvmeet.db.driver_read import read_tuples
from dvmeet.db.models import Case, Meeting, VoteDraft
from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import Conflict, NotFound
from dvmeet.i18n import _
from dvmeet.services._meeting_reads import vote_draft_out
from dvmeet.services.context import Context
from dvmeet.services.voting.models import VoteDraftIn, VoteDraftOut


def save_vote_draft(ctx: Context, data: VoteDraftIn) -> None:
    """Replace the draft of the case (not audited: the recorded vote is)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        found = read_tuples(s, _CASE, {"case_id": data.case_id})
        if not found:
            raise NotFound(
                _("Fann ikkje {what} med id {key}.").format(what=_("saka"), key=data.case_id)
            )
        meeting_id, status = found[0]
        if status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Røysting krev at møtet er i gang."))
        content = json.dumps(
            {
                "proposal_id": data.proposal_id,
                "against_proposal_id": data.against_proposal_id,
                "ballots": {str(k): v for k, v in data.ballots.items()},
                "method": data.method.value if data.method is not None else None,
            }
        )
        # One statement, whether the case has a draft or not (each keystroke saves).
        insert_row(
            s,
            VoteDraft,
            {
                "case_id": data.case_id,
                "meeting_id": meeting_id,
                "content": content,
                "updated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            },
            _upsert(s.get_bind().dialect.name),
            key=False,
        )


# What a draft needs of its case, as columns through the driver (each keystroke saves).
_CASE = (
    select(Case.meeting_id, Meeting.status)
    .join(Meeting, Meeting.id == Case.meeting_id)
    .where(Case.id == bindparam("case_id"))
)
_UPSERTS: dict[str, Insert] = {}


def _upsert(dialect: str) -> Insert:
    """INSERT ... ON CONFLICT (case_id) DO UPDATE of the draft's content and time (SQLite
    and PostgreSQL alike), built once per dialect."""
    if dialect not in _UPSERTS:
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(VoteDraft).values(
            case_id=bindparam("case_id"),
            meeting_id=bindparam("meeting_id"),
            content=bindparam("content"),
            updated_at=bindparam("updated_at"),
        )
        _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=[VoteDraft.case_id],
            set_={
                "content": statement.excluded.content,
                "updated_at": statement.excluded.updated_at,
            },
        )
    return _UPSERTS[dialect]


def vote_draft(ctx: Context, case_id: int) -> VoteDraftOut | None:
    with ctx.reading() as s:
        return vote_draft_out(s, case_id)


def discard_vote_draft(ctx: Context, case_id: int) -> None:
    with ctx.unit_of_work() as uow:
        uow.session.execute(delete(VoteDraft).where(VoteDraft.case_id == case_id))
