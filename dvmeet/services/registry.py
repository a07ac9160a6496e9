"""The registry: municipalities, the cooperation, bodies, persons and memberships (R-1 to R-4).

Every write runs in one unit of work with its audit events; a refused call changes nothing.
Memberships are never overwritten: a change ends a term and begins a new one (R-2).

The code lives in modules named for what they hold: registry_text (dates, periods, name
order), registry_municipalities, registry_cooperation, registry_bodies, registry_persons,
registry_terms (terms and the rules R-1, R-2), registry_memberships (recording and ending
terms), registry_release (fritak, R-3), registry_reorder (deputy order and its undo) and
registry_seats (seats, gender balance). This module gathers their public names, so
`registry.create_person(...)` and `from dvmeet.services.registry import ...` keep working.
"""

from __future__ import annotations

from dvmeet.services.registry_bodies import (
    create_body,
    find_body,
    get_body,
    list_bodies,
    update_body,
)
from dvmeet.services.registry_cooperation import get_cooperation, set_cooperation
from dvmeet.services.registry_memberships import add_membership, end_membership
from dvmeet.services.registry_municipalities import (
    MUNICIPALITIES_CSV,
    find_municipality,
    list_municipalities,
    load_municipalities,
    set_participation,
)
from dvmeet.services.registry_persons import (
    create_person,
    get_person,
    person_history,
    search_persons,
    update_person,
)
from dvmeet.services.registry_release import release_member
from dvmeet.services.registry_reorder import reorder_deputies, undo_reorder
from dvmeet.services.registry_seats import (
    MEMBER_SEATS_PER_MUNICIPALITY,
    UNKNOWN_GENDER,
    gender_balance,
    seats,
)
from dvmeet.services.registry_terms import (
    Problem,
    Term,
    TermIndex,
    load_terms,
    membership_out,
    not_voided,
    person_key,
    refuse,
    term_of,
    term_problems,
)
from dvmeet.services.registry_text import end_reason_word, fmt_date, fmt_period, nb_sort_key

__all__ = [
    "MEMBER_SEATS_PER_MUNICIPALITY",
    "MUNICIPALITIES_CSV",
    "UNKNOWN_GENDER",
    "Problem",
    "Term",
    "TermIndex",
    "add_membership",
    "create_body",
    "create_person",
    "end_membership",
    "end_reason_word",
    "find_body",
    "find_municipality",
    "fmt_date",
    "fmt_period",
    "gender_balance",
    "get_body",
    "get_cooperation",
    "get_person",
    "list_bodies",
    "list_municipalities",
    "load_municipalities",
    "load_terms",
    "membership_out",
    "nb_sort_key",
    "not_voided",
    "person_history",
    "person_key",
    "refuse",
    "release_member",
    "reorder_deputies",
    "search_persons",
    "seats",
    "set_cooperation",
    "set_participation",
    "term_of",
    "term_problems",
    "undo_reorder",
    "update_body",
    "update_person",
]
