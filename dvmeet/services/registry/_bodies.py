"""Bodies (representantskap, kommunedirektørmøte, ...): lookups, creating, changing, listing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Meeting, Municipality
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._lookup import find_body
from dvmeet.services.context import Context
from dvmeet.services.registry.models import BodyIn, BodyOut, BodyUpdate, RetireBodyIn


def _known_places(s: Session, numbers: list[str]) -> None:
    """The custom seat order names known municipalities, each once."""
    if len(set(numbers)) != len(numbers):
        raise InvalidInput(_("Ein kommune kan berre stå éin gong i rekkjefølgja av plassane."))
    known = set(s.scalars(select(Municipality.number).where(Municipality.number.in_(numbers))))
    unknown = [n for n in numbers if n not in known]
    if unknown:
        raise InvalidInput(
            _("Rekkjefølgja av plassane nemner ukjende kommunenummer: {numbers}.").format(
                numbers=", ".join(unknown)
            )
        )


def create_body(ctx: Context, data: BodyIn) -> BodyOut:
    with ctx.unit_of_work() as uow:
        if find_body(uow.session, data.code) is not None:
            raise Conflict(_("Det finst alt eit organ med koden «{code}».").format(code=data.code))
        _known_places(uow.session, data.seat_places)
        body = Body(
            **data.model_dump(exclude={"seat_places"}), seat_places=",".join(data.seat_places)
        )
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
            uow.session,
            body,
            data.expected_version,
            lambda: BodyOut.model_validate(body),
            _("organet {code}").format(code=body.code),
        )
        for key, value in changes.items():
            if key == "seat_places":
                _known_places(uow.session, value)
                value = ",".join(value)
            setattr(body, key, value)
        if body.qualified_denominator < body.qualified_numerator:
            raise InvalidInput(_("Kvalifisert fleirtal kan ikkje vere meir enn heile organet."))
        uow.session.flush()
        uow.audit("body.update", "body", body.id, changes)
        return BodyOut.model_validate(body)


def retire_body(ctx: Context, data: RetireBodyIn) -> BodyOut:
    """Retire the body after `data.retired_on` (its last day), or take it into use again
    (None). Its meetings, cases and members stay; no meeting is planned in it after that
    day, so a meeting already planned later must be moved or cancelled first."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = find_body(s, data.code)
        if body is None:
            raise NotFound(_("Organet «{code}» finst ikkje.").format(code=data.code))
        ensure_version(
            s,
            body,
            data.expected_version,
            lambda: BodyOut.model_validate(body),
            _("organet {code}").format(code=body.code),
        )
        if data.retired_on is not None:
            later = s.scalars(
                select(Meeting.date)
                .where(Meeting.body_id == body.id, Meeting.date > data.retired_on)
                .order_by(Meeting.date)
            ).first()
            if later is not None:
                raise InvalidInput(
                    _(
                        "Organet {code} har eit møte {day}, etter {last}. "
                        "Flytt eller slett møtet fyrst, eller vel ein seinare dag."
                    ).format(
                        code=body.code,
                        day=f"{later:%d.%m.%Y}",
                        last=f"{data.retired_on:%d.%m.%Y}",
                    )
                )
        body.retired_on = data.retired_on
        s.flush()
        uow.audit(
            "body.retire" if data.retired_on is not None else "body.reinstate",
            "body",
            body.id,
            {"retired_on": data.retired_on},
        )
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
