"""Proposals, votes, elections, disqualification and decisions (Q-2 to Q-8, H-1 to H-3).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.voting._closure import decide_closure
    from dvmeet.services.voting._disqualification import (
        call_disqualification_deputy,
        decide_disqualification,
        disqualifications,
        propose_disqualification,
    )
    from dvmeet.services.voting._drafts import (
        discard_vote_draft,
        save_vote_draft,
        vote_draft,
    )
    from dvmeet.services.voting._several import record_election_of_several
    from dvmeet.services.voting._voting import (
        add_proposal,
        decisions,
        draw_election_lots,
        proposals,
        record_decision,
        record_election_round,
        record_vote,
        update_decision_text,
        votes,
        voting_plan,
        withdraw_proposal,
    )
    from dvmeet.services.voting.models import VoteDraftIn, VoteDraftOut

__all__ = [
    "VoteDraftIn",
    "VoteDraftOut",
    "add_proposal",
    "call_disqualification_deputy",
    "decide_closure",
    "decide_disqualification",
    "decisions",
    "discard_vote_draft",
    "disqualifications",
    "draw_election_lots",
    "proposals",
    "propose_disqualification",
    "record_decision",
    "record_election_of_several",
    "record_election_round",
    "record_vote",
    "save_vote_draft",
    "update_decision_text",
    "vote_draft",
    "votes",
    "voting_plan",
    "withdraw_proposal",
]
__getattr__ = open_door(__name__, __all__)
