"""Meetings and their case lists: planning, notice (M-1 to M-5), cases, urgent decisions.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.meetings._choices import (
        meeting_list,
        planning_choices,
        preparer_choices,
    )
    from dvmeet.services.meetings._planning import (
        STANDING_TITLES,
        add_case,
        add_case_in_meeting,
        get_meeting,
        list_meetings,
        notice_changes,
        pending_urgent_decisions,
        plan_meeting,
        record_urgent_decision,
        remove_case,
        reorder_cases,
        send_notice,
        update_case,
        update_meeting,
    )
    from dvmeet.services.meetings._saksgang import (
        carry_innstilling,
        plan_handling,
        saksgang,
        set_saksgang,
    )

__all__ = [
    "STANDING_TITLES",
    "add_case",
    "add_case_in_meeting",
    "carry_innstilling",
    "get_meeting",
    "list_meetings",
    "meeting_list",
    "notice_changes",
    "pending_urgent_decisions",
    "plan_handling",
    "plan_meeting",
    "planning_choices",
    "preparer_choices",
    "record_urgent_decision",
    "remove_case",
    "reorder_cases",
    "saksgang",
    "send_notice",
    "set_saksgang",
    "update_case",
    "update_meeting",
]
__getattr__ = open_door(__name__, __all__)
