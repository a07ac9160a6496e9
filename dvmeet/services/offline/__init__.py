"""The offline meeting file (issue 18): a meeting taken out to the chair's laptop as a
file of its own and brought back.

`checkout_meeting` writes the file (a SQLite database of dvmeet's schema holding the
meeting, its cases, documents, proposals, the body's registry as it stands and the rules
in force, plus a manifest) and marks the meeting out in the main database, where its
rows are then refused (database triggers, migration 0023). `preview_checkin` and
`checkin_conflicts` read a file back without writing; `checkin_meeting` applies it in one
transaction; `cancel_checkout` releases the meeting at home («Ikkje bruk fila»).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.offline._checkin import (
        checkin_conflicts,
        checkin_meeting,
        preview_checkin,
    )
    from dvmeet.services.offline._checkout import (
        cancel_checkout,
        checked_out_meetings,
        checkout_meeting,
        meeting_checkout,
    )
    from dvmeet.services.offline._file import meeting_file, offline_status, this_meeting_file
    from dvmeet.services.offline.models import (
        CheckinCounts,
        CheckinIn,
        CheckinOut,
        CheckinPreviewOut,
        CheckoutIn,
        CheckoutOut,
        CheckoutState,
        ConflictOut,
        MeetingFileOut,
        OfflineStatusOut,
        Side,
    )

__all__ = [
    "CheckinCounts",
    "CheckinIn",
    "CheckinOut",
    "CheckinPreviewOut",
    "CheckoutIn",
    "CheckoutOut",
    "CheckoutState",
    "ConflictOut",
    "MeetingFileOut",
    "OfflineStatusOut",
    "Side",
    "cancel_checkout",
    "checked_out_meetings",
    "checkin_conflicts",
    "checkin_meeting",
    "checkout_meeting",
    "meeting_checkout",
    "meeting_file",
    "offline_status",
    "preview_checkin",
    "this_meeting_file",
]
__getattr__ = open_door(__name__, __all__)
