"""The kept warnings as the front ends show them."""

from __future__ import annotations

import datetime as dt

from dvmeet.services.models import Out


class KeptWarningOut(Out):
    """A rule's warning kept with a meeting (and case): what the rule said, when and at
    which action. `rule_id` is for logs and tests; the interface shows the message."""

    id: int
    meeting_id: int
    meeting_date: dt.date
    body_name: str
    case_id: int | None
    case_label: str | None
    rule_id: str
    message: str
    action: str
    created_at: dt.datetime
