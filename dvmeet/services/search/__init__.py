"""Search across cases, decisions, persons and documents.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.search._search import HitKind, SearchHit, search, search_mode

__all__ = ["HitKind", "SearchHit", "search", "search_mode"]
__getattr__ = open_door(__name__, __all__)
