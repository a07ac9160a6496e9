"""What the Register's tabs show in one go, each read in one transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dvmeet.db.models import Person
from dvmeet.services.context import Context
from dvmeet.services.registry._persons import history_of, persons_found
from dvmeet.services.registry._seats import gender_balance_of, seats_of
from dvmeet.services.registry.models import (
    MembershipOut,
    PersonsView,
    PersonsViewIn,
    SeatsView,
    SeatsViewIn,
)


def seats_view(ctx: Context, data: SeatsViewIn) -> SeatsView:
    """The Plassar tab: the seats of the body on the day, the gender balance and the
    terms of the person chosen."""
    with ctx.reading() as s:
        return SeatsView(
            seats=seats_of(s, data.body_code, data.on_date),
            balance=gender_balance_of(s, data.body_code, data.on_date),
            person_id=data.person_id,
            history=_history(s, data.person_id),
        )


def persons_view(ctx: Context, data: PersonsViewIn) -> PersonsView:
    """The Personar tab: the persons matching the query and the terms of the person chosen."""
    with ctx.reading() as s:
        return PersonsView(
            persons=persons_found(s, data.query, data.limit),
            person_id=data.person_id,
            history=_history(s, data.person_id),
        )


def _history(s: Session, person_id: int | None) -> list[MembershipOut]:
    if person_id is None or s.get(Person, person_id) is None:
        return []
    return history_of(s, person_id)
