"""Attendance in a meeting: roll call, forfall, deputies, who chairs a case, quorum (Q-1).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.attendance._attendance import (
        attendance_entries,
        call_deputy,
        close_meeting,
        current_case,
        mark_forfall,
        mark_left,
        mark_present,
        open_meeting,
        record_roll_call,
        roll_call,
        set_case_chair,
        set_current_case,
        voters,
    )
    from dvmeet.services.attendance._closing import open_items

__all__ = [
    "attendance_entries",
    "call_deputy",
    "close_meeting",
    "current_case",
    "mark_forfall",
    "mark_left",
    "mark_present",
    "open_items",
    "open_meeting",
    "record_roll_call",
    "roll_call",
    "set_case_chair",
    "set_current_case",
    "voters",
]
__getattr__ = open_door(__name__, __all__)
