"""Persons: creating, changing, finding and searching them, and the terms each has held."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.models import Membership, Person
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._lookup import ref_municipality
from dvmeet.services.context import Context
from dvmeet.services.registry._person_search import find_persons
from dvmeet.services.registry._terms import MEMBERSHIP_LOAD, membership_out
from dvmeet.services.registry.models import MembershipOut, PersonIn, PersonOut, PersonUpdate


def _person_out(p: Person) -> PersonOut:
    muni = p.municipality
    return PersonOut(
        id=p.id,
        name=p.name,
        email=p.email,
        phone=p.phone,
        municipality_number=muni.number if muni else None,
        municipality_name=muni.name if muni else None,
        gender=p.gender,
        title=p.title,
        version=p.version,
    )


def _refuse_duplicate_email(session: Session, email: str | None, own_id: int | None) -> None:
    if email is None:
        return
    other = session.scalar(
        select(Person).where(func.lower(Person.email) == email.lower(), Person.id != (own_id or 0))
    )
    if other is not None:
        raise Conflict(
            _("E-postadressa {email} høyrer alt til {name} i registeret.").format(
                email=email, name=other.name
            )
        )


def create_person(ctx: Context, data: PersonIn) -> PersonOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = ref_municipality(s, data.municipality_number) if data.municipality_number else None
        _refuse_duplicate_email(s, data.email, None)
        person = Person(
            name=data.name,
            email=data.email,
            phone=data.phone,
            municipality=muni,
            gender=data.gender,
            title=data.title,
        )
        s.add(person)
        s.flush()
        uow.audit("person.create", "person", person.id, data.model_dump())
        return _person_out(person)


def update_person(ctx: Context, data: PersonUpdate) -> PersonOut:
    """Change the fields given in `data` (an explicit None clears a field, except the name)."""
    fields = data.model_fields_set - {"id", "expected_version"}
    if "name" in fields and data.name is None:
        raise InvalidInput(_("{field}: må fyllast ut").format(field=_("namn")))
    with ctx.unit_of_work() as uow:
        s = uow.session
        person = s.get(Person, data.id)
        if person is None:
            raise NotFound(
                _("Personen med nummer {id} finst ikkje i registeret.").format(id=data.id)
            )
        ensure_version(
            s,
            person,
            data.expected_version,
            lambda: _person_out(person),
            _("opplysningane om {name}").format(name=person.name),
        )
        if "email" in fields:
            _refuse_duplicate_email(s, data.email, person.id)
        if "municipality_number" in fields:
            number = data.municipality_number
            person.municipality = ref_municipality(s, number) if number else None
        for key in fields & {"name", "email", "phone", "gender", "title"}:
            setattr(person, key, getattr(data, key))
        s.flush()
        uow.audit("person.update", "person", person.id, data.model_dump(include=fields))
        return _person_out(person)


def get_person(ctx: Context, person_id: int) -> PersonOut:
    with ctx.reading() as s:
        person = s.get(Person, person_id, options=[joinedload(Person.municipality)])
        if person is None:
            raise NotFound(
                _("Personen med nummer {id} finst ikkje i registeret.").format(id=person_id)
            )
        return _person_out(person)


def search_persons(ctx: Context, query: str, limit: int = 50) -> list[PersonOut]:
    """Persons whose name, e-mail or municipality contains every word of the query, in
    Norwegian name order (case folded with æøå; filtered, sorted and limited in SQL)."""
    with ctx.reading() as s:
        return persons_found(s, query, limit)


def persons_found(s: Session, query: str, limit: int) -> list[PersonOut]:
    """`search_persons` within an open read."""
    return find_persons(s, query, limit)


def person_history(ctx: Context, person_id: int) -> list[MembershipOut]:
    """Every term the person has held, newest first."""
    with ctx.reading() as s:
        return history_of(s, person_id)


def history_of(s: Session, person_id: int) -> list[MembershipOut]:
    """`person_history` within an open read."""
    if s.get(Person, person_id) is None:
        raise NotFound(_("Personen med nummer {id} finst ikkje i registeret.").format(id=person_id))
    stmt = (
        select(Membership)
        .options(*MEMBERSHIP_LOAD)
        .where(Membership.person_id == person_id)
        .order_by(Membership.valid_from.desc(), Membership.id.desc())
    )
    return [membership_out(m) for m in s.scalars(stmt).unique()]
