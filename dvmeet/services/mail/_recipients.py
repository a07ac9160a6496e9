"""A body's distribution list in the registry: observers, copy recipients and the
participating municipalities' post addresses (the address itself is the municipality's,
`Municipality.post_email`). Members and the deputies called in are not kept here: they
come from the registry and the meeting's attendance when a notice is sent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, DistributionRecipient, Membership, Municipality, Person
from dvmeet.domain.enums import Role
from dvmeet.domain.mail import RecipientKind
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_version
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.mail.models import (
    DistributionListOut,
    ListedRecipient,
    PostAddressIn,
    PostAddressOut,
    PostRecipientIn,
    RecipientIn,
    RemoveRecipientIn,
    UpdateRecipientIn,
)


def _participating(m: Municipality, on: dt.date) -> bool:
    return (
        m.participant_from is not None
        and m.participant_from <= on
        and (m.participant_to is None or m.participant_to >= on)
    )


def _entries(s: Session, body: Body) -> list[DistributionRecipient]:
    return list(
        s.scalars(
            select(DistributionRecipient)
            .where(DistributionRecipient.body_id == body.id)
            .order_by(DistributionRecipient.kind, DistributionRecipient.id)
        )
    )


def _listed(r: DistributionRecipient) -> ListedRecipient:
    if r.kind is RecipientKind.POST and r.municipality is not None:
        return ListedRecipient(
            id=r.id,
            version=r.version,
            kind=r.kind,
            name=_("Postmottak {municipality}").format(municipality=r.municipality.name),
            email=r.municipality.post_email,
            municipality_number=r.municipality.number,
        )
    return ListedRecipient(
        id=r.id,
        version=r.version,
        kind=r.kind,
        name=r.name or "",
        email=r.email,
        municipality_number=None,
    )


def list_entries(s: Session, body: Body) -> list[DistributionRecipient]:
    return _entries(s, body)


def _list_out(s: Session, body: Body) -> DistributionListOut:
    today = dt.date.today()
    entries = _entries(s, body)
    on_list = {r.municipality_id for r in entries if r.kind is RecipientKind.POST}
    municipalities = [
        PostAddressOut(
            municipality_number=m.number,
            municipality_name=m.name,
            post_email=m.post_email,
            participating=_participating(m, today),
            on_list=m.id in on_list,
            version=m.version,
        )
        for m in s.scalars(select(Municipality).order_by(Municipality.number))
        if _participating(m, today) or m.id in on_list
    ]
    members = list(
        s.execute(
            select(Person.name, Person.email)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.body_id == body.id,
                Membership.role != Role.VARAMEDLEM,
                Membership.valid_from <= today,
                (Membership.valid_to.is_(None)) | (Membership.valid_to >= today),
            )
            .order_by(Person.name)
        )
    )
    return DistributionListOut(
        body_code=body.code,
        body_name=body.name,
        entries=[_listed(r) for r in entries],
        municipalities=municipalities,
        members=len(members),
        members_without_email=[name for name, email in members if not email],
    )


def distribution_list(ctx: Context, body_code: str) -> DistributionListOut:
    """A body's list: the entries kept on it, the participating municipalities with their
    post addresses, and how many members the registry gives addresses for."""
    with ctx.reading() as s:
        return _list_out(s, lookup.body_by_code(s, body_code))


def _duplicate(s: Session, body: Body, email: str, skip: int | None = None) -> None:
    for r in _entries(s, body):
        if r.id != skip and r.email and r.email.lower() == email.lower():
            raise Conflict(
                _("{email} står alt på lista til {body} ({name}).").format(
                    email=email, body=body.name, name=r.name or ""
                )
            )


def add_recipient(ctx: Context, data: RecipientIn) -> DistributionListOut:
    """An observer or a copy recipient on a body's list."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        _duplicate(s, body, data.email)
        row = DistributionRecipient(
            body_id=body.id, kind=data.kind, name=data.name, email=data.email
        )
        s.add(row)
        s.flush()
        uow.audit(
            "distribution.added",
            "distribution_recipient",
            row.id,
            {"body": body.code, "kind": data.kind.value, "name": data.name, "email": data.email},
        )
        return _list_out(s, body)


def _entry(s: Session, entry_id: int) -> DistributionRecipient:
    return lookup.get_or_raise(s, DistributionRecipient, entry_id, _("mottakaren"))


def update_recipient(ctx: Context, data: UpdateRecipientIn) -> DistributionListOut:
    """The name and address of an observer or a copy recipient."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = _entry(s, data.id)
        body = s.get_one(Body, row.body_id)
        ensure_version(
            s,
            row,
            data.expected_version,
            lambda: _listed(row),
            _("mottakaren {name}").format(name=row.name or ""),
        )
        if row.kind is RecipientKind.POST:
            raise InvalidInput(
                _("Adressa til postmottaket blir endra under kommunen, ikkje på lista.")
            )
        _duplicate(s, body, data.email, skip=row.id)
        before = {"name": row.name, "email": row.email}
        row.name, row.email = data.name, data.email
        s.flush()
        uow.audit(
            "distribution.updated",
            "distribution_recipient",
            row.id,
            {"before": before, "after": {"name": data.name, "email": data.email}},
        )
        return _list_out(s, body)


def remove_recipient(ctx: Context, data: RemoveRecipientIn) -> DistributionListOut:
    """Take an entry off the list (the send log keeps whom earlier notices went to)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = _entry(s, data.id)
        body = s.get_one(Body, row.body_id)
        ensure_version(
            s,
            row,
            data.expected_version,
            lambda: _listed(row),
            _("mottakaren {name}").format(name=_listed(row).name),
        )
        uow.audit(
            "distribution.removed",
            "distribution_recipient",
            row.id,
            {"body": body.code, "kind": row.kind.value, "name": row.name, "email": row.email},
        )
        s.delete(row)
        s.flush()
        return _list_out(s, body)


def add_post_recipient(ctx: Context, data: PostRecipientIn) -> DistributionListOut:
    """A participating municipality's post address on a body's list."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        muni = lookup.ref_municipality(s, data.municipality_number)
        _add_post(uow, body, muni)
        return _list_out(s, body)


def add_all_post_recipients(ctx: Context, body_code: str) -> DistributionListOut:
    """Every municipality taking part today onto the body's list (those already on it stay
    once)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, body_code)
        today = dt.date.today()
        on_list = {r.municipality_id for r in _entries(s, body) if r.kind is RecipientKind.POST}
        added = 0
        for muni in s.scalars(select(Municipality).order_by(Municipality.number)):
            if _participating(muni, today) and muni.id not in on_list:
                _add_post(uow, body, muni)
                added += 1
        if added == 0 and not any(
            _participating(m, today) for m in s.scalars(select(Municipality))
        ):
            raise InvalidInput(_("Ingen kommunar tek del i samarbeidet i dag."))
        return _list_out(s, body)


def _add_post(uow: UnitOfWork, body: Body, muni: Municipality) -> None:
    s = uow.session
    if any(
        r.kind is RecipientKind.POST and r.municipality_id == muni.id for r in _entries(s, body)
    ):
        raise Conflict(
            _("Postmottaket til {municipality} står alt på lista til {body}.").format(
                municipality=muni.name, body=body.name
            )
        )
    row = DistributionRecipient(body_id=body.id, kind=RecipientKind.POST, municipality_id=muni.id)
    s.add(row)
    s.flush()
    uow.audit(
        "distribution.added",
        "distribution_recipient",
        row.id,
        {"body": body.code, "kind": RecipientKind.POST.value, "municipality": muni.number},
    )


def set_post_address(ctx: Context, data: PostAddressIn) -> PostAddressOut:
    """A municipality's post address (postmottak), used by every body's list it is on."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = lookup.ref_municipality(s, data.municipality_number)

        def current() -> PostAddressOut:
            return _post_out(muni)

        ensure_version(
            s,
            muni,
            data.expected_version,
            current,
            _("postadressa til {municipality}").format(municipality=muni.name),
        )
        before = muni.post_email
        muni.post_email = data.post_email
        s.flush()
        uow.audit(
            "municipality.post_email",
            "municipality",
            muni.id,
            {"number": muni.number, "before": before, "after": data.post_email},
        )
        return _post_out(muni)


def post_addresses(ctx: Context) -> list[PostAddressOut]:
    """Every municipality in the registry with its post address, by number."""
    with ctx.reading() as s:
        return [_post_out(m) for m in s.scalars(select(Municipality).order_by(Municipality.number))]


def _post_out(m: Municipality) -> PostAddressOut:
    return PostAddressOut(
        municipality_number=m.number,
        municipality_name=m.name,
        post_email=m.post_email,
        participating=_participating(m, dt.date.today()),
        on_list=False,
        version=m.version,
    )
