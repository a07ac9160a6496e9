"""O-1, koml. § 11-5: the body's decision to close the meeting while it deals with a case.
The case is marked closed with its legal basis when planned (or changed to it); in the
meeting the body votes on closing, and the møtebok records the decision (the "Lukka
møte" table, and the vote in the case)."""

from __future__ import annotations

from sqlalchemy import select

from dvmeet.db.models import Vote
from dvmeet.domain.enums import MeetingStatus, VoteKind
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import case_voters
from dvmeet.services.context import Context
from dvmeet.services.voting._voting import _store_ordinary_vote
from dvmeet.services.voting.models import ClosureVoteIn, VoteOut


def decide_closure(ctx: Context, data: ClosureVoteIn) -> VoteOut:
    """O-1: record the body's vote on closing the meeting for the case (simple majority)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        if case.meeting.status is not MeetingStatus.IN_PROGRESS:
            raise Conflict(_("Røysting og framlegg krev at møtet er i gang."))
        if not case.closed or case.closure_basis is None:
            raise InvalidInput(
                _(
                    "Merk saka som lukka og vel heimelen for lukking (koml. § 11-5) før "
                    "organet vedtek å lukke møtet."
                )
            )
        if s.scalar(select(Vote.id).where(Vote.case_id == case.id, Vote.kind == VoteKind.CLOSURE)):
            raise Conflict(_("Organet har alt røysta over å lukke møtet i denne saka."))
        return _store_ordinary_vote(
            uow, case, case_voters(s, case), data, None, None, VoteKind.CLOSURE
        )[1]
