"""Municipalities beyond the shipped 43 of Vestland: a cooperation across the county line,
or a number made by a merger, is added by hand and takes part like the others."""

from __future__ import annotations

from dvmeet.db.models import Municipality
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services._lookup import find_municipality
from dvmeet.services.context import Context
from dvmeet.services.registry.models import MunicipalityOut
from dvmeet.services.setup.models import NewMunicipalityIn


def add_municipality(ctx: Context, data: NewMunicipalityIn) -> MunicipalityOut:
    """Add a municipality to the registry; refused when its number is there already."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        found = find_municipality(s, data.number)
        if found is not None:
            raise Conflict(
                _("Kommunenummeret {number} finst alt: {name}.").format(
                    number=data.number, name=found.name
                )
            )
        muni = Municipality(number=data.number, name=data.name, population=data.population)
        s.add(muni)
        s.flush()
        uow.audit("municipality.create", "municipality", muni.id, data.model_dump())
        return MunicipalityOut.model_validate(muni)
