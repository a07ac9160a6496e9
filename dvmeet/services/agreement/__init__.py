"""The agreement process (domain.md §1): milestones, feedback, decisions, signing, seats.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.agreement._municipalities import (
        add_attachment,
        add_contact_note,
        correct_feedback,
        municipality_detail,
        record_decision,
        record_feedback,
        record_signing,
    )
    from dvmeet.services.agreement._overview import overview
    from dvmeet.services.agreement._process import (
        add_milestone,
        get_process,
        remove_milestone,
        reorder_milestones,
        start_process,
        update_milestone,
        update_process,
    )
    from dvmeet.services.agreement._reminders import reminders
    from dvmeet.services.agreement._seats import apply_seats_to_body, seat_effect
    from dvmeet.services.agreement._view import process_view

__all__ = [
    "add_attachment",
    "add_contact_note",
    "add_milestone",
    "apply_seats_to_body",
    "correct_feedback",
    "get_process",
    "municipality_detail",
    "overview",
    "process_view",
    "record_decision",
    "record_feedback",
    "record_signing",
    "reminders",
    "remove_milestone",
    "reorder_milestones",
    "seat_effect",
    "start_process",
    "update_milestone",
    "update_process",
]
__getattr__ = open_door(__name__, __all__)
