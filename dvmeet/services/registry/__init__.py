"""The registry: municipalities, the cooperation, bodies, persons and memberships (R-1 to R-4).

Every write runs in one unit of work with its audit events; a refused call changes nothing.
Memberships are never overwritten: a change ends a term and begins a new one (R-2).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.registry._bodies import (
        create_body,
        get_body,
        list_bodies,
        retire_body,
        update_body,
    )
    from dvmeet.services.registry._cooperation import get_cooperation, set_cooperation
    from dvmeet.services.registry._io import (
        ImportPreview,
        ImportResult,
        ImportRowOut,
        MemberRow,
        RejectedRow,
        export_rows,
        import_members,
        import_preview,
    )
    from dvmeet.services.registry._memberships import add_membership, end_membership
    from dvmeet.services.registry._municipalities import (
        list_municipalities,
        load_municipalities,
        set_participation,
        set_participations,
    )
    from dvmeet.services.registry._persons import (
        create_person,
        get_person,
        person_history,
        search_persons,
        update_person,
    )
    from dvmeet.services.registry._release import release_member
    from dvmeet.services.registry._reorder import reorder_deputies, undo_reorder
    from dvmeet.services.registry._seats import gender_balance, seats
    from dvmeet.services.registry._views import persons_view, seats_view

__all__ = [
    "ImportPreview",
    "ImportResult",
    "ImportRowOut",
    "MemberRow",
    "RejectedRow",
    "add_membership",
    "create_body",
    "create_person",
    "end_membership",
    "export_rows",
    "gender_balance",
    "get_body",
    "get_cooperation",
    "get_person",
    "import_members",
    "import_preview",
    "list_bodies",
    "list_municipalities",
    "load_municipalities",
    "person_history",
    "persons_view",
    "release_member",
    "reorder_deputies",
    "retire_body",
    "search_persons",
    "seats",
    "seats_view",
    "set_cooperation",
    "set_participation",
    "set_participations",
    "undo_reorder",
    "update_body",
    "update_person",
]
__getattr__ = open_door(__name__, __all__)
