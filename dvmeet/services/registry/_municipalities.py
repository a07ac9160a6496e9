"""The municipalities: the shipped list of Vestland's municipalities, lookups, participation."""

from __future__ import annotations

import csv
import io
from functools import partial

from sqlalchemy import select

from dvmeet.db.models import Municipality
from dvmeet.domain.enums import CouncilKind
from dvmeet.i18n import _
from dvmeet.paths import package_data
from dvmeet.services._concurrency import ensure_version
from dvmeet.services._lookup import ref_municipality
from dvmeet.services.context import Context
from dvmeet.services.registry.models import (
    LoadResult,
    MunicipalityOut,
    ParticipationIn,
    ParticipationManyIn,
)

MUNICIPALITIES_CSV = "vestland-municipalities.csv"


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
        muni = ref_municipality(uow.session, data.number)
        ensure_version(
            uow.session,
            muni,
            data.expected_version,
            lambda: _municipality_out(muni),
            _("deltakinga til {name}").format(name=muni.name),
        )
        muni.participant_from = data.participant_from
        muni.participant_to = data.participant_to
        uow.session.flush()
        uow.audit(
            "municipality.participation",
            "municipality",
            muni.id,
            data.model_dump(exclude={"expected_version"}),
        )
        return _municipality_out(muni)


def set_participations(ctx: Context, data: ParticipationManyIn) -> list[MunicipalityOut]:
    """The same participation period for several municipalities in one unit of work: an
    unknown number or a stale version refuses the whole call and changes nothing."""
    versions = data.expected_versions or {}
    with ctx.unit_of_work() as uow:
        changed: list[Municipality] = []
        # Locked in number order, so two savers never wait for each other crosswise.
        for number in sorted(data.numbers):
            muni = ref_municipality(uow.session, number)
            ensure_version(
                uow.session,
                muni,
                versions.get(number),
                partial(_municipality_out, muni),
                _("deltakinga til {name}").format(name=muni.name),
            )
            changed.append(muni)
        for muni in changed:
            muni.participant_from = data.participant_from
            muni.participant_to = data.participant_to
        uow.session.flush()
        for muni in changed:
            uow.audit(
                "municipality.participation",
                "municipality",
                muni.id,
                {
                    "number": muni.number,
                    "participant_from": data.participant_from,
                    "participant_to": data.participant_to,
                },
            )
        return [_municipality_out(m) for m in sorted(changed, key=lambda m: m.number)]
