"""The ballots of a vote being typed in the chair's console, saved with every keystroke.

A vote is recorded as a whole (voting.record_vote); until then the ballots typed so far
live here, one draft per case, so a crash or a closed lid loses none of them.
"""

from __future__ import annotations

import json

from sqlalchemy import delete

from dvmeet.db.models import VoteDraft
from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._meeting_reads import vote_draft_out
from dvmeet.services.context import Context
from dvmeet.services.voting.models import VoteDraftIn, VoteDraftOut


def save_vote_draft(ctx: Context, data: VoteDraftIn) -> None:
    """Replace the draft of the case (not audited: the recorded vote is)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id)
        if case.meeting.status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Røysting krev at møtet er i gang."))
        content = json.dumps(
            {
                "proposal_id": data.proposal_id,
                "against_proposal_id": data.against_proposal_id,
                "ballots": {str(k): v for k, v in data.ballots.items()},
                "method": data.method.value if data.method is not None else None,
            }
        )
        row = s.get(VoteDraft, case.id)
        if row is None:
            s.add(VoteDraft(case_id=case.id, meeting_id=case.meeting_id, content=content))
        else:
            row.content = content


def vote_draft(ctx: Context, case_id: int) -> VoteDraftOut | None:
    with ctx.reading() as s:
        return vote_draft_out(s, case_id)


def discard_vote_draft(ctx: Context, case_id: int) -> None:
    with ctx.unit_of_work() as uow:
        uow.session.execute(delete(VoteDraft).where(VoteDraft.case_id == case_id))
