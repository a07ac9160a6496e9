"""The agreement process (domain.md §1): milestones, feedback, decisions, signing, seats.

One process is tracked at a time. Every municipality in the registry takes part in it;
its way through the process is one AgreementStatus row (created on first write), plus a
log of amendments to its feedback, contact notes and replaced decisions.

States are computed against a "today" given by the caller (the view passes the date;
tests pass a fixed one). Every write runs in one unit of work with its audit event; a
refused call changes nothing.

For a view "Avtale": `get_process` (None: offer `start_process`), `overview` (table,
counts, seat effect; filterable), `municipality_detail`, `record_feedback`,
`add_contact_note`, `add_attachment`, `record_decision`, `record_signing`,
`update_milestone` / `add_milestone` / `remove_milestone` / `reorder_milestones`,
`seat_effect` and `apply_seats_to_body`, `reminders` and `export_reminders`.

The code lives in modules named for what they hold: agreement_process (the process and
its milestones), agreement_statuses (each municipality's status and milestone states),
agreement_municipalities (feedback, notes, attachments, decisions, signing, detail),
agreement_overview, agreement_seats (seat effect) and agreement_reminders. This module
gathers their public names, so `agreement.overview(...)` keeps working.
"""

from __future__ import annotations

from dvmeet.services.agreement_municipalities import (
    add_attachment,
    add_contact_note,
    correct_feedback,
    municipality_detail,
    record_decision,
    record_feedback,
    record_signing,
)
from dvmeet.services.agreement_overview import overview
from dvmeet.services.agreement_process import (
    add_milestone,
    get_process,
    remove_milestone,
    reorder_milestones,
    start_process,
    update_milestone,
    update_process,
)
from dvmeet.services.agreement_reminders import (
    LOCALE,
    REMINDER_COLUMNS,
    export_reminders,
    long_date,
    reminders,
)
from dvmeet.services.agreement_seats import apply_seats_to_body, seat_effect

__all__ = [
    "LOCALE",
    "REMINDER_COLUMNS",
    "add_attachment",
    "add_contact_note",
    "add_milestone",
    "apply_seats_to_body",
    "correct_feedback",
    "export_reminders",
    "get_process",
    "long_date",
    "municipality_detail",
    "overview",
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
