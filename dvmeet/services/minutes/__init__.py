"""The minutes (møtebok): draft, remarks, approval and freezing, corrections.

The door: the functions a front end may call (context in, pydantic out) and their
models; `minutes_document` builds the møtebok's document model, which
`dvmeet.documents.minutes.minutes_pdf` renders, and `minutes_preview` gives the same
møtebok as rich text for the app. Session and ORM helpers stay in the private modules
of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.minutes._approval import approval_choices
    from dvmeet.services.minutes._corrections import correction_targets
    from dvmeet.services.minutes._document import minutes_document, minutes_preview
    from dvmeet.services.minutes._facts import record_check
    from dvmeet.services.minutes._minutes import (
        add_correction,
        approve_minutes,
        minutes_draft,
        set_remarks,
    )
    from dvmeet.services.minutes._plain import read_minutes_document

__all__ = [
    "add_correction",
    "approval_choices",
    "approve_minutes",
    "correction_targets",
    "minutes_document",
    "minutes_draft",
    "minutes_preview",
    "read_minutes_document",
    "record_check",
    "set_remarks",
]
__getattr__ = open_door(__name__, __all__)
