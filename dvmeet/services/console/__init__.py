"""The chair's console as one read: the meeting, the roll call, the current case with its
voters, proposals, voting plan, votes, decision, disqualifications and vote draft.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.console._resume import meeting_in_progress
    from dvmeet.services.console._snapshot import console_snapshot
    from dvmeet.services.console.models import ConsoleCase, ConsoleSnapshot

__all__ = ["ConsoleCase", "ConsoleSnapshot", "console_snapshot", "meeting_in_progress"]
__getattr__ = open_door(__name__, __all__)
