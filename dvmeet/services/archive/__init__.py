"""The host municipality's archive (issue 19, AR-1): the archive references of a meeting
and its cases, entered by hand or read back from the archive's receipt, and the Fiks Arkiv
hand-off (arkivmelding messages with the meeting's PDF/A files beside them).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.archive._handoff import (
        arkivmelding_handoff,
        export_arkivmelding,
        write_arkivmelding,
    )
    from dvmeet.services.archive._receipt import import_archive_receipt
    from dvmeet.services.archive._refs import archive_references, set_archive_reference
    from dvmeet.services.archive.models import (
        ArchiveRefIn,
        ArchiveRefOut,
        ArchiveRefs,
        HandoffWritten,
        ReceiptRead,
    )

__all__ = [
    "ArchiveRefIn",
    "ArchiveRefOut",
    "ArchiveRefs",
    "HandoffWritten",
    "ReceiptRead",
    "archive_references",
    "arkivmelding_handoff",
    "export_arkivmelding",
    "import_archive_receipt",
    "set_archive_reference",
    "write_arkivmelding",
]
__getattr__ = open_door(__name__, __all__)
