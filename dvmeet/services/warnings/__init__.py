"""The rules' warnings kept with meetings and cases (domain.md §1: an administrative
body gets the rules as warnings; none is computed and dropped).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.warnings._warnings import all_warnings, meeting_warnings
    from dvmeet.services.warnings.models import KeptWarningOut

__all__ = ["KeptWarningOut", "all_warnings", "meeting_warnings"]
__getattr__ = open_door(__name__, __all__)
