"""Documents built, rendered and written: the one place a document is made.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.exports._writing import (
        Written,
        export_archive,
        export_minutes,
        export_notice,
        write_all,
        write_file,
    )

__all__ = [
    "Written",
    "export_archive",
    "export_minutes",
    "export_notice",
    "write_all",
    "write_file",
]
__getattr__ = open_door(__name__, __all__)
