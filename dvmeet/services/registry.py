"""The registry: municipalities, the cooperation, bodies, persons and memberships (R-1 to R-4).

Every write runs in one unit of work with its audit events; a refused call changes nothing.
Memberships are never overwritten: a change ends a term and begins a new one (R-2).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.models import (
    AttendanceEvent,
    Body,
    Cooperation,
    Membership,
    Municipality,
    Person,
)
from dvmeet.domain.enums import CouncilKind, Gender, MembershipEnd, Role
from dvmeet.errors import Conflict, InvalidInput, NotFound, RuleRefused
from dvmeet.i18n import _
from dvmeet.paths import package_data
from dvmeet.services.concurrency import ensure_version
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.registry_models import (
    BodyIn,
    BodyOut,
    BodyUpdate,
    ChangeResult,
    CooperationIn,
    CooperationOut,
    EndMembershipIn,
    GenderBalanceOut,
    LoadResult,
    MembershipIn,
    MembershipOut,
    MunicipalityOut,
    ParticipationIn,
    PersonIn,
    PersonOut,
    PersonUpdate,
    ReleaseIn,
    ReorderDeputiesIn,
    SeatOut,
    UndoReorderIn,
    role_word,
)

MUNICIPALITIES_CSV = "vestland-municipalities.csv"
# each participating municipality elects one member to the representantskap. The
# schema has no per-municipality seat count, so one member seat per municipality it is.
MEMBER_SEATS_PER_MUNICIPALITY = 1


def end_reason_word(reason: MembershipEnd) -> str:
    """Why a term ended, in the interface language."""
    return {
        MembershipEnd.TERM: _("perioden gjekk ut"),
        MembershipEnd.FRITAK: _("fritak"),
        MembershipEnd.REPLACED: _("erstatta ved nyval"),
        MembershipEnd.MOVED_UP: _("rykt opp"),
        MembershipEnd.CORRECTED: _("retta (ført inn ved ein feil)"),
    }[reason]


_ROLE_ORDER = {Role.LEIAR: 0, Role.NESTLEIAR: 1, Role.MEDLEM: 2, Role.VARAMEDLEM: 3}
_ONE_DAY = dt.timedelta(days=1)


def fmt_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def fmt_period(start: dt.date, end: dt.date | None) -> str:
    if end:
        return f"{fmt_date(start)}–{fmt_date(end)}"
    return _("frå {date}").format(date=fmt_date(start))


def nb_sort_key(text: str) -> str:
    """Sort key in Norwegian order: a–z, then æ, ø, å."""
    return text.casefold().translate(_NB_ORDER)


_NB_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


# --- Lookups ------------------------------------------------------------------------------


def find_municipality(session: Session, number: str) -> Municipality | None:
    return session.scalar(select(Municipality).where(Municipality.number == number))


def find_body(session: Session, code: str) -> Body | None:
    return session.scalar(select(Body).where(Body.code == code.upper()))


def _ref_municipality(session: Session, number: str) -> Municipality:
    muni = find_municipality(session, number)
    if muni is None:
        raise InvalidInput(
            _(
                "Kommunenummeret {number} finst ikkje i registeret. "
                "Sjekk nummeret, eller last inn kommunane først."
            ).format(number=number)
        )
    return muni


def _ref_body(session: Session, code: str) -> Body:
    body = find_body(session, code)
    if body is None:
        raise InvalidInput(
            _("Organet «{code}» finst ikkje. Opprett organet først.").format(code=code)
        )
    return body


def _ref_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id, options=[joinedload(Person.municipality)])
    if person is None:
        raise InvalidInput(
            _("Personen med nummer {id} finst ikkje i registeret.").format(id=person_id)
        )
    return person


def _membership(session: Session, membership_id: int) -> Membership:
    m = session.get(Membership, membership_id, options=_MEMBERSHIP_LOAD)
    if m is None:
        raise NotFound(_("Medlemskapet med nummer {id} finst ikkje.").format(id=membership_id))
    return m


# --- Municipalities -----------------------------------------------------------------------


def _municipality_out(m: Municipality) -> MunicipalityOut:
    return MunicipalityOut.model_validate(m)


def _shipped_municipalities() -> list[dict[str, str]]:
    text = package_data(MUNICIPALITIES_CSV).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def load_municipalities(ctx: Context) -> LoadResult:
    """Create or update the 43 municipalities of Vestland from the shipped list."""
    rows = _shipped_municipalities()
    created = updated = 0
    with ctx.unit_of_work() as uow:
        existing = {m.number: m for m in uow.session.scalars(select(Municipality))}
        for row in rows:
            values = {
                "name": row["name"].strip(),
                "population": int(row["population_approx"]) if row["population_approx"] else None,
                "council": CouncilKind(row["council_name"].strip()),
            }
            muni = existing.get(row["number"])
            if muni is None:
                uow.session.add(Municipality(number=row["number"], **values))
                created += 1
            elif any(getattr(muni, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(muni, key, value)
                updated += 1
        if created or updated:
            uow.session.flush()
            uow.audit(
                "municipality.load",
                "municipality",
                None,
                {"source": MUNICIPALITIES_CSV, "created": created, "updated": updated},
            )
    return LoadResult(created=created, updated=updated, unchanged=len(rows) - created - updated)


def list_municipalities(ctx: Context) -> list[MunicipalityOut]:
    with ctx.reading() as s:
        return [
            _municipality_out(m)
            for m in s.scalars(select(Municipality).order_by(Municipality.number))
        ]


def set_participation(ctx: Context, data: ParticipationIn) -> MunicipalityOut:
    """When a municipality takes part in the cooperation (None: open-ended)."""
    with ctx.unit_of_work() as uow:
        muni = _ref_municipality(uow.session, data.number)
        muni.participant_from = data.participant_from
        muni.participant_to = data.participant_to
        uow.session.flush()
        uow.audit("municipality.participation", "municipality", muni.id, data.model_dump())
        return _municipality_out(muni)


# --- The cooperation ----------------------------------------------------------------------


def _cooperation_out(c: Cooperation) -> CooperationOut:
    host = c.host_municipality
    return CooperationOut(
        name=c.name,
        legal_form=c.legal_form,
        host_municipality_number=host.number if host else None,
        host_municipality_name=host.name if host else None,
        agreement_reference=c.agreement_reference,
        established=c.established,
    )


def set_cooperation(ctx: Context, data: CooperationIn) -> CooperationOut:
    """Create or update the one cooperation row."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        host = (
            _ref_municipality(s, data.host_municipality_number)
            if data.host_municipality_number
            else None
        )
        coop = s.scalar(select(Cooperation).order_by(Cooperation.id).limit(1))
        action = "cooperation.update"
        if coop is None:
            coop = Cooperation(name=data.name, legal_form=data.legal_form)
            s.add(coop)
            action = "cooperation.create"
        coop.name = data.name
        coop.legal_form = data.legal_form
        coop.host_municipality = host
        coop.agreement_reference = data.agreement_reference
        coop.established = data.established
        s.flush()
        uow.audit(action, "cooperation", coop.id, data.model_dump())
        return _cooperation_out(coop)


def get_cooperation(ctx: Context) -> CooperationOut | None:
    with ctx.reading() as s:
        coop = s.scalar(
            select(Cooperation)
            .options(joinedload(Cooperation.host_municipality))
            .order_by(Cooperation.id)
            .limit(1)
        )
        return _cooperation_out(coop) if coop else None


# --- Bodies -------------------------------------------------------------------------------


def create_body(ctx: Context, data: BodyIn) -> BodyOut:
    with ctx.unit_of_work() as uow:
        if find_body(uow.session, data.code) is not None:
            raise Conflict(_("Det finst alt eit organ med koden «{code}».").format(code=data.code))
        body = Body(**data.model_dump())
        uow.session.add(body)
        uow.session.flush()
        uow.audit("body.create", "body", body.id, data.model_dump())
        return BodyOut.model_validate(body)


def update_body(ctx: Context, data: BodyUpdate) -> BodyOut:
    """Change the fields given in `data` of the body with `data.code`."""
    changes = {
        k: getattr(data, k) for k in data.model_fields_set if k not in ("code", "expected_version")
    }
    if any(v is None for v in changes.values()):
        raise InvalidInput(_("Ingen av felta til eit organ kan gjerast tomme."))
    with ctx.unit_of_work() as uow:
        body = find_body(uow.session, data.code)
        if body is None:
            raise NotFound(_("Organet «{code}» finst ikkje.").format(code=data.code))
        ensure_version(
            uow.session, body, data.expected_version, lambda: BodyOut.model_validate(body)
        )
        for key, value in changes.items():
            setattr(body, key, value)
        if body.qualified_denominator < body.qualified_numerator:
            raise InvalidInput(_("Kvalifisert fleirtal kan ikkje vere meir enn heile organet."))
        uow.session.flush()
        uow.audit("body.update", "body", body.id, changes)
        return BodyOut.model_validate(body)


def list_bodies(ctx: Context) -> list[BodyOut]:
    with ctx.reading() as s:
        return [BodyOut.model_validate(b) for b in s.scalars(select(Body).order_by(Body.code))]


def get_body(ctx: Context, code: str) -> BodyOut:
    with ctx.reading() as s:
        body = find_body(s, code)
        if body is None:
            raise NotFound(_("Organet «{code}» finst ikkje.").format(code=code))
        return BodyOut.model_validate(body)


# --- Persons ------------------------------------------------------------------------------


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
        muni = _ref_municipality(s, data.municipality_number) if data.municipality_number else None
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
        ensure_version(s, person, data.expected_version, lambda: _person_out(person))
        if "email" in fields:
            _refuse_duplicate_email(s, data.email, person.id)
        if "municipality_number" in fields:
            number = data.municipality_number
            person.municipality = _ref_municipality(s, number) if number else None
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
    """Persons whose name, e-mail or municipality contains every word of the query.

    Matching folds case in Python (æøå included), since SQLite's LIKE folds ASCII only.
    """
    words = query.casefold().split()
    with ctx.reading() as s:
        persons = s.scalars(select(Person).options(joinedload(Person.municipality))).all()
        found = [p for p in persons if all(w in _haystack(p) for w in words)]
        found.sort(key=lambda p: (nb_sort_key(p.name), p.id))
        return [_person_out(p) for p in found[: max(limit, 0)]]


def _haystack(p: Person) -> str:
    parts = [p.name, p.email or "", p.municipality.name if p.municipality else ""]
    return " ".join(parts).casefold()


# --- Terms and the membership rules (R-1, R-2) --------------------------------------------


@dataclass(frozen=True)
class Term:
    """A membership as the rules see it; also used for import rows not yet stored."""

    person: str  # a key: "p<id>" for stored persons, anything unique for new ones
    person_name: str
    person_municipality: str | None
    body: str
    municipality: str
    municipality_name: str
    role: Role
    rank: int | None
    start: dt.date
    end: dt.date | None
    membership_id: int | None = None
    where: str = ""  # for messages, e.g. " (rad 4)"

    def overlaps(self, other: Term) -> bool:
        return self.start <= (other.end or dt.date.max) and other.start <= (self.end or dt.date.max)

    @property
    def member_seat(self) -> bool:
        return self.role is not Role.VARAMEDLEM

    @property
    def label(self) -> str:
        what = _("{rank}. varamedlem").format(rank=self.rank) if self.rank else role_word(self.role)
        return f"{self.person_name}{self.where}, {what}, {fmt_period(self.start, self.end)}"


Problem = tuple[str, str]  # (rule ID, message in the interface language)


def person_key(person_id: int) -> str:
    return f"p{person_id}"


def term_of(m: Membership) -> Term:
    pm = m.person.municipality
    return Term(
        person=person_key(m.person_id),
        person_name=m.person.name,
        person_municipality=pm.number if pm else None,
        body=m.body.code,
        municipality=m.municipality.number,
        municipality_name=m.municipality.name,
        role=m.role,
        rank=m.deputy_rank,
        start=m.valid_from,
        end=m.valid_to,
        membership_id=m.id,
    )


def term_problems(new: Term, others: Iterable[Term], pool: Iterable[Term] | None) -> list[Problem]:
    """What R-1 and R-2 say against `new` given the `others` held at the same time.

    `pool` (all terms, `new`'s fellow rows included) is checked for rank gaps; None skips it.
    """
    problems = _deputy_municipality(new)
    for other in others:
        if other.membership_id is not None and other.membership_id == new.membership_id:
            continue
        if other.body == new.body and new.overlaps(other):
            problems += _clash(new, other)
    if pool is not None:
        problems += _rank_gap(new, pool)
    return problems


def _deputy_municipality(new: Term) -> list[Problem]:
    if new.role is not Role.VARAMEDLEM or new.person_municipality in (None, new.municipality):
        return []
    return [
        (
            "R-1",
            _(
                "{name} høyrer til kommune {home} og kan ikkje vere varamedlem for "
                "{municipality}. Ein varamedlem kan berre møte for ein medlem frå same kommune."
            ).format(
                name=new.person_name,
                home=new.person_municipality,
                municipality=new.municipality_name,
            ),
        )
    ]


def _clash(new: Term, other: Term) -> list[Problem]:
    if other.person == new.person:
        return [
            (
                "R-2",
                _("{name} sit alt i {body} i perioden: {term}.").format(
                    name=new.person_name, body=new.body, term=other.label
                ),
            )
        ]
    if other.municipality != new.municipality:
        return []
    if new.member_seat and other.member_seat:
        return [
            (
                "R-1",
                _(
                    "{municipality} har alt medlem i {body} i perioden: {term}. "
                    "Avslutt den perioden eller bruk fritak før ein ny medlem vert ført inn."
                ).format(municipality=new.municipality_name, body=new.body, term=other.label),
            )
        ]
    if new.rank is not None and new.rank == other.rank:
        return [
            (
                "R-1",
                _("{municipality} har alt {rank}. varamedlem i {body} i perioden: {term}.").format(
                    municipality=new.municipality_name,
                    rank=new.rank,
                    body=new.body,
                    term=other.label,
                ),
            )
        ]
    return []


def _rank_gap(new: Term, pool: Iterable[Term]) -> list[Problem]:
    if new.rank is None or new.rank == 1:
        return []
    above = [
        t
        for t in pool
        if t.body == new.body and t.municipality == new.municipality and t.rank == new.rank - 1
    ]
    if _covers(above, new.start, new.end):
        return []
    return [
        (
            "R-1",
            _(
                "{municipality} har ingen {rank}. varamedlem i {body} i heile perioden "
                "{period}. Varamedlemene skal rangerast utan hol: før inn {rank}. varamedlem "
                "først."
            ).format(
                municipality=new.municipality_name,
                rank=new.rank - 1,
                body=new.body,
                period=fmt_period(new.start, new.end),
            ),
        )
    ]


def _covers(terms: Sequence[Term], start: dt.date, end: dt.date | None) -> bool:
    """True when the terms together cover every day from start to end."""
    target = end or dt.date.max
    reached = start  # first day not yet covered
    for t in sorted(terms, key=lambda t: t.start):
        if t.start > reached:
            return False
        t_end = t.end or dt.date.max
        if t_end >= target:
            return True
        reached = max(reached, t_end + _ONE_DAY)
    return False


class TermIndex:
    """Terms by seat (body, municipality) and by person in a body, for checking many rows."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self._by_seat: dict[tuple[str, str], list[Term]] = defaultdict(list)
        self._by_person: dict[tuple[str, str], list[Term]] = defaultdict(list)
        for t in terms:
            self.add(t)

    def add(self, t: Term) -> None:
        self._by_seat[(t.body, t.municipality)].append(t)
        self._by_person[(t.body, t.person)].append(t)

    def same_seat(self, t: Term) -> list[Term]:
        return self._by_seat.get((t.body, t.municipality), [])

    def near(self, t: Term) -> list[Term]:
        """The terms the rules compare `t` with: same seat, or same person in the body."""
        seat = self.same_seat(t)
        return seat + [o for o in self._by_person.get((t.body, t.person), []) if o not in seat]


def refuse(problems: Sequence[Problem]) -> None:
    if problems:
        raise RuleRefused(problems[0][0], " ".join(message for _rule, message in problems))


_MEMBERSHIP_LOAD = [
    joinedload(Membership.person).joinedload(Person.municipality),
    joinedload(Membership.body),
    joinedload(Membership.municipality),
]


def not_voided() -> ColumnElement[bool]:
    return or_(
        Membership.ended_reason.is_(None), Membership.ended_reason != MembershipEnd.CORRECTED
    )


def load_terms(session: Session, *where: ColumnElement[bool]) -> list[Term]:
    """Terms (not voided as corrections) matching `where`, in one query."""
    stmt = select(Membership).options(*_MEMBERSHIP_LOAD).where(not_voided(), *where)
    return [term_of(m) for m in session.scalars(stmt).unique()]


def _active_on(day: dt.date) -> list[ColumnElement[bool]]:
    return [
        Membership.valid_from <= day,
        or_(Membership.valid_to.is_(None), Membership.valid_to >= day),
        not_voided(),
    ]


def membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.id,
        person_id=m.person_id,
        person_name=m.person.name,
        body_code=m.body.code,
        municipality_number=m.municipality.number,
        municipality_name=m.municipality.name,
        role=m.role,
        deputy_rank=m.deputy_rank,
        valid_from=m.valid_from,
        valid_to=m.valid_to,
        electing_decision=m.electing_decision,
        ended_reason=m.ended_reason,
        vote_weight=m.vote_weight,
    )


def _audit_payload(m: Membership, **extra: Any) -> dict[str, Any]:
    payload = membership_out(m).model_dump(mode="json", exclude={"id"})
    payload.update(extra)
    return payload


# --- Memberships --------------------------------------------------------------------------


def add_membership(ctx: Context, data: MembershipIn) -> MembershipOut:
    """Record an elected term (R-1, R-2); refused when it clashes with the registry."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = _ref_body(s, data.body_code)
        muni = _ref_municipality(s, data.municipality_number)
        person = _ref_person(s, data.person_id)
        new = Term(
            person=person_key(person.id),
            person_name=person.name,
            person_municipality=person.municipality.number if person.municipality else None,
            body=body.code,
            municipality=muni.number,
            municipality_name=muni.name,
            role=data.role,
            rank=data.deputy_rank,
            start=data.valid_from,
            end=data.valid_to,
        )
        held = load_terms(
            s,
            Membership.body_id == body.id,
            or_(Membership.municipality_id == muni.id, Membership.person_id == person.id),
        )
        refuse(term_problems(new, held, held))
        m = Membership(
            person=person,
            body=body,
            municipality=muni,
            role=data.role,
            deputy_rank=data.deputy_rank,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            electing_decision=data.electing_decision,
            vote_weight=data.vote_weight,
        )
        s.add(m)
        s.flush()
        uow.audit("membership.add", "membership", m.id, _audit_payload(m))
        return membership_out(m)


def end_membership(ctx: Context, data: EndMembershipIn) -> MembershipOut:
    """End a term early (or record why it ended); a term cannot be made longer."""
    with ctx.unit_of_work() as uow:
        m = _membership(uow.session, data.membership_id)
        if m.ended_reason is not None:
            raise Conflict(
                _("Perioden til {name} er alt avslutta ({reason}, {period}).").format(
                    name=m.person.name,
                    reason=end_reason_word(m.ended_reason),
                    period=fmt_period(m.valid_from, m.valid_to),
                )
            )
        if data.valid_to < m.valid_from:
            raise InvalidInput(
                _("Sluttdatoen {end} er før perioden tok til ({start}).").format(
                    end=fmt_date(data.valid_to), start=fmt_date(m.valid_from)
                )
            )
        if m.valid_to is not None and data.valid_to > m.valid_to:
            raise InvalidInput(
                _(
                    "Perioden går ut {date} og kan ikkje forlengjast. "
                    "Før inn ein ny periode i staden."
                ).format(date=fmt_date(m.valid_to))
            )
        _end(uow, m, data.valid_to, data.reason)
        return membership_out(m)


def _end(uow: UnitOfWork, m: Membership, last_day: dt.date, reason: MembershipEnd) -> None:
    if last_day < m.valid_from:
        raise InvalidInput(
            _(
                "Perioden til {name} tok til {start} og kan ikkje avsluttast {end}. "
                "Vel ein seinare dato."
            ).format(name=m.person.name, start=fmt_date(m.valid_from), end=fmt_date(last_day))
        )
    m.valid_to = last_day
    m.ended_reason = reason
    uow.session.flush()
    uow.audit("membership.end", "membership", m.id, _audit_payload(m))


def _replace(
    uow: UnitOfWork,
    old: Membership,
    start: dt.date,
    role: Role,
    rank: int | None,
    decision: str | None,
    weight: int,
) -> Membership:
    """End `old` the day before `start` (moved up) and begin its follower from `start`."""
    until = old.valid_to
    _end(uow, old, start - _ONE_DAY, MembershipEnd.MOVED_UP)
    m = Membership(
        person_id=old.person_id,
        body_id=old.body_id,
        municipality_id=old.municipality_id,
        role=role,
        deputy_rank=rank,
        valid_from=start,
        valid_to=until,
        electing_decision=decision or old.electing_decision,
        vote_weight=weight,
    )
    uow.session.add(m)
    uow.session.flush()
    uow.audit("membership.add", "membership", m.id, _audit_payload(m, follows=old.id))
    return m


def _deputies_on(session: Session, body_id: int, muni_id: int, day: dt.date) -> list[Membership]:
    stmt = (
        select(Membership)
        .options(*_MEMBERSHIP_LOAD)
        .where(
            Membership.body_id == body_id,
            Membership.municipality_id == muni_id,
            Membership.role == Role.VARAMEDLEM,
            *_active_on(day),
        )
        .order_by(Membership.deputy_rank, Membership.id)
    )
    return list(session.scalars(stmt).unique())


def _check_new_terms(session: Session, created: Sequence[Membership]) -> None:
    """Overlap rules for terms begun by a release or reordering (ranks are contiguous)."""
    if not created:
        return
    first = created[0]
    persons = [m.person_id for m in created]
    held = load_terms(
        session,
        Membership.body_id == first.body_id,
        or_(Membership.municipality_id == first.municipality_id, Membership.person_id.in_(persons)),
    )
    for m in created:
        refuse(term_problems(term_of(m), held, None))


def release_member(ctx: Context, data: ReleaseIn) -> ChangeResult:
    """Fritak (R-3): the term ends the day before `from_date`; the deputies move up.

    A released member is followed by the first deputy (as medlem); the deputies after
    the released seat move one rank up. Every change ends a term and begins a new one.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        m = _membership(s, data.membership_id)
        _require_active(m, data.from_date)
        below = [
            d
            for d in _deputies_on(s, m.body_id, m.municipality_id, data.from_date)
            if d.id != m.id and (d.deputy_rank or 0) > (m.deputy_rank or 0)
        ]
        _end(uow, m, data.from_date - _ONE_DAY, MembershipEnd.FRITAK)
        created = _move_up(uow, m, below, data)
        _check_new_terms(s, created)
        uow.audit(
            "membership.release",
            "membership",
            m.id,
            {"from_date": data.from_date, "electing_decision": data.electing_decision},
        )
        ended = [x for x in (m, *below) if x.ended_reason is not None]
        return ChangeResult(
            ended=[membership_out(x) for x in ended],
            created=[membership_out(x) for x in created],
            notes=_release_notes(m, below, data.from_date),
        )


def _require_active(m: Membership, day: dt.date) -> None:
    if m.ended_reason is not None or not (m.valid_from < day <= (m.valid_to or dt.date.max)):
        raise InvalidInput(
            _(
                "{name} sin periode ({period}) gjeld ikkje {date} eller er alt avslutta, "
                "så fritak frå den datoen er ikkje mogleg."
            ).format(
                name=m.person.name,
                period=fmt_period(m.valid_from, m.valid_to),
                date=fmt_date(day),
            )
        )


def _move_up(
    uow: UnitOfWork, released: Membership, below: list[Membership], data: ReleaseIn
) -> list[Membership]:
    created: list[Membership] = []
    queue = list(below)
    start, decision = data.from_date, data.electing_decision
    if released.role is not Role.VARAMEDLEM and queue:
        first = queue.pop(0)
        created.append(
            _replace(uow, first, start, Role.MEDLEM, None, decision, released.vote_weight)
        )
    rank = released.deputy_rank or 1
    for d in queue:
        if d.deputy_rank != rank:
            created.append(_replace(uow, d, start, Role.VARAMEDLEM, rank, decision, d.vote_weight))
        rank += 1
    return created


def _release_notes(m: Membership, below: list[Membership], from_date: dt.date) -> list[str]:
    notes: list[str] = []
    if m.role in (Role.LEIAR, Role.NESTLEIAR):
        notes.append(
            _(
                "{name} var {role} i {body}. Den som rykkjer opp, vert medlem; "
                "{role} må veljast på nytt (C-1)."
            ).format(name=m.person.name, role=role_word(m.role), body=m.body.code)
        )
    if m.role is Role.VARAMEDLEM:
        return notes
    if not below:
        notes.append(
            _(
                "{municipality} har ingen varamedlem som kan rykkje opp, og har ingen "
                "medlem i {body} frå {date}. Før inn nyvalet når kommunen har valt."
            ).format(municipality=m.municipality.name, body=m.body.code, date=fmt_date(from_date))
        )
    elif len(below) == 1:
        notes.append(
            _(
                "{municipality} har ikkje lenger nokon varamedlem i {body}. "
                "Kommunen bør velje nye varamedlemer (R-1)."
            ).format(municipality=m.municipality.name, body=m.body.code)
        )
    return notes


def reorder_deputies(ctx: Context, data: ReorderDeputiesIn) -> ChangeResult:
    """Give the deputies valid on `from_date` a new rank order from that date (R-1)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = _ref_body(s, data.body_code)
        muni = _ref_municipality(s, data.municipality_number)
        current = _deputies_on(s, body.id, muni.id, data.from_date)
        by_person = {d.person_id: d for d in current}
        order = data.person_ids_in_new_order
        if len(set(order)) != len(order) or set(order) != set(by_person):
            names = ", ".join(f"{d.person.name} ({d.person_id})" for d in current) or _("ingen")
            raise InvalidInput(
                _(
                    "Den nye rekkjefølgja må innehalde kvar varamedlem for {municipality} i "
                    "{body} per {date} nøyaktig éin gong: {names}."
                ).format(
                    municipality=muni.name,
                    body=body.code,
                    date=fmt_date(data.from_date),
                    names=names,
                )
            )
        ended = [by_person[p] for r, p in enumerate(order, 1) if by_person[p].deputy_rank != r]
        created = [
            _replace(uow, by_person[p], data.from_date, Role.VARAMEDLEM, r,
                     data.electing_decision, by_person[p].vote_weight)
            for r, p in enumerate(order, 1)
            if by_person[p].deputy_rank != r
        ]  # fmt: skip
        _check_new_terms(s, created)
        uow.audit(
            "membership.reorder",
            "body",
            body.id,
            {
                "municipality_number": muni.number,
                "person_ids_in_new_order": order,
                "from_date": data.from_date,
            },
        )
        return ChangeResult(
            ended=[membership_out(x) for x in ended],
            created=[membership_out(x) for x in created],
        )


def undo_reorder(ctx: Context, data: UndoReorderIn) -> ChangeResult:
    """Take back a reordering just made (undo): the terms it began are voided as entered by
    mistake (they stay in the history), and the terms it ended run on as before.

    Only the exact result of `reorder_deputies` is taken back, and only while the seat is as
    the reordering left it: refused (Conflict) when a term it began has ended, been changed
    or been used in a meeting's roll call since, and (RuleRefused) when a term restored
    would now clash with the registry. The returned `ended` are the voided terms, `created`
    the restored ones; `reorder_deputies` with the same input makes the change again.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = _ref_body(s, data.body_code)
        muni = _ref_municipality(s, data.municipality_number)
        created = [_membership(s, i) for i in data.created_ids]
        ended = [_membership(s, i) for i in data.ended_ids]
        follower = {n.person_id: n for n in created}
        if not _is_reorder_result(s, body, muni, data.from_date, ended, created):
            raise Conflict(
                _(
                    "Vararekkjefølgja for {municipality} i {body} er endra sidan, så endringa "
                    "kan ikkje takast tilbake. Endre rekkjefølgja på nytt i staden."
                ).format(municipality=muni.name, body=body.code)
            )
        for n in created:
            n.ended_reason = MembershipEnd.CORRECTED
        for m in ended:
            m.valid_to = follower[m.person_id].valid_to
            m.ended_reason = None
        s.flush()
        for n in created:
            uow.audit("membership.end", "membership", n.id, _audit_payload(n))
        for m in ended:
            uow.audit("membership.restore", "membership", m.id, _audit_payload(m))
        _check_new_terms(s, ended)
        uow.audit(
            "membership.reorder.undo",
            "body",
            body.id,
            {
                "municipality_number": muni.number,
                "from_date": data.from_date,
                "voided": [n.id for n in created],
                "restored": [m.id for m in ended],
            },
        )
        return ChangeResult(
            ended=[membership_out(n) for n in created],
            created=[membership_out(m) for m in ended],
        )


def _is_reorder_result(
    session: Session,
    body: Body,
    muni: Municipality,
    from_date: dt.date,
    ended: Sequence[Membership],
    created: Sequence[Membership],
) -> bool:
    """True when `ended` and `created` are still exactly as a reordering from
    `from_date` left them: one ended and one begun term per person, in this seat."""
    persons = [n.person_id for n in created]
    if not created or len(set(persons)) != len(created) or len(ended) != len(created):
        return False
    if sorted(m.person_id for m in ended) != sorted(persons):
        return False
    for m in (*ended, *created):
        if (m.body_id, m.municipality_id, m.role) != (body.id, muni.id, Role.VARAMEDLEM):
            return False
    if any(n.valid_from != from_date or n.ended_reason is not None for n in created):
        return False
    last_day = from_date - _ONE_DAY
    if any(m.valid_to != last_day or m.ended_reason is not MembershipEnd.MOVED_UP for m in ended):
        return False
    ids = [n.id for n in created]
    used = session.scalar(
        select(func.count())
        .select_from(AttendanceEvent)
        .where(
            or_(AttendanceEvent.membership_id.in_(ids), AttendanceEvent.for_membership_id.in_(ids))
        )
    )
    return not used


# --- Reading the registry -----------------------------------------------------------------


def _seat_memberships(session: Session, body_id: int, day: dt.date) -> list[Membership]:
    stmt = (
        select(Membership)
        .options(*_MEMBERSHIP_LOAD)
        .where(Membership.body_id == body_id, *_active_on(day))
    )
    return list(session.scalars(stmt).unique())


def _body_or_not_found(session: Session, code: str) -> Body:
    body = find_body(session, code)
    if body is None:
        raise NotFound(_("Organet «{code}» finst ikkje.").format(code=code))
    return body


def seats(ctx: Context, body_code: str, on_date: dt.date) -> list[SeatOut]:
    """Each municipality's member(s) and ranked deputies in a body on a day.

    Lists the municipalities participating that day (empty seats included) and any other
    municipality with a term that day. Three queries, whatever the number of seats.
    """
    with ctx.reading() as s:
        body = _body_or_not_found(s, body_code)
        held = _seat_memberships(s, body.id, on_date)
        participants = s.scalars(
            select(Municipality).where(
                Municipality.participant_from <= on_date,
                or_(Municipality.participant_to.is_(None), Municipality.participant_to >= on_date),
            )
        ).all()
        by_muni: dict[str, list[Membership]] = defaultdict(list)
        names = {m.number: m.name for m in participants}
        for m in held:
            by_muni[m.municipality.number].append(m)
            names[m.municipality.number] = m.municipality.name
        return [_seat(number, names[number], by_muni[number]) for number in sorted(names)]


def _seat(number: str, name: str, held: list[Membership]) -> SeatOut:
    members = sorted((m for m in held if m.role is not Role.VARAMEDLEM), key=_seat_order)
    deputies = sorted((m for m in held if m.role is Role.VARAMEDLEM), key=_seat_order)
    return SeatOut(
        municipality_number=number,
        municipality_name=name,
        members=[membership_out(m) for m in members],
        deputies=[membership_out(m) for m in deputies],
    )


def _seat_order(m: Membership) -> tuple[int, int, dt.date, int]:
    return (_ROLE_ORDER[m.role], m.deputy_rank or 0, m.valid_from, m.id)


def person_history(ctx: Context, person_id: int) -> list[MembershipOut]:
    """Every term the person has held, newest first."""
    with ctx.reading() as s:
        if s.get(Person, person_id) is None:
            raise NotFound(
                _("Personen med nummer {id} finst ikkje i registeret.").format(id=person_id)
            )
        stmt = (
            select(Membership)
            .options(*_MEMBERSHIP_LOAD)
            .where(Membership.person_id == person_id)
            .order_by(Membership.valid_from.desc(), Membership.id.desc())
        )
        return [membership_out(m) for m in s.scalars(stmt).unique()]


UNKNOWN_GENDER = "ukjent"


def gender_balance(ctx: Context, body_code: str, on_date: dt.date) -> GenderBalanceOut:
    """R-4: members and deputies per gender on a day; information, never a refusal."""
    with ctx.reading() as s:
        body = _body_or_not_found(s, body_code)
        held = _seat_memberships(s, body.id, on_date)
        members = _count_genders(m.person for m in held if m.role is not Role.VARAMEDLEM)
        deputies = _count_genders(m.person for m in held if m.role is Role.VARAMEDLEM)
        return GenderBalanceOut(
            body_code=body.code, on_date=on_date, members=members, deputies=deputies
        )


def _count_genders(persons: Iterable[Person]) -> dict[str, int]:
    counts = {g.value: 0 for g in Gender} | {UNKNOWN_GENDER: 0}
    for p in {p.id: p for p in persons}.values():
        counts[p.gender.value if p.gender else UNKNOWN_GENDER] += 1
    return counts
