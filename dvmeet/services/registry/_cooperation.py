"""The cooperation: the one row naming it, its legal form and its host municipality."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from dvmeet.db.models import Cooperation
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_absent_or_version
from dvmeet.services._lookup import ref_municipality
from dvmeet.services.context import Context
from dvmeet.services.registry.models import CooperationIn, CooperationOut


def _cooperation_out(c: Cooperation) -> CooperationOut:
    host = c.host_municipality
    return CooperationOut(
        name=c.name,
        legal_form=c.legal_form,
        host_municipality_number=host.number if host else None,
        host_municipality_name=host.name if host else None,
        agreement_reference=c.agreement_reference,
        established=c.established,
        version=c.version,
    )


def set_cooperation(ctx: Context, data: CooperationIn) -> CooperationOut:
    """Create or update the one cooperation row."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        host = (
            ref_municipality(s, data.host_municipality_number)
            if data.host_municipality_number
            else None
        )
        coop = s.scalar(select(Cooperation).order_by(Cooperation.id).limit(1))
        found = coop
        ensure_absent_or_version(
            s,
            found,
            data.expected_version,
            lambda: _cooperation_out(found) if found is not None else None,
            _("samarbeidet"),
        )
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
        uow.audit(action, "cooperation", coop.id, data.model_dump(exclude={"expected_version"}))
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
