"""Presets by legal form: data files in resources/presets/*.toml, validated on load, and
the service that applies one (creates its bodies; everything stays editable after)."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import func, or_, select

from dvmeet import i18n
from dvmeet.db.models import Body, Cooperation, Municipality
from dvmeet.errors import Conflict, DvmeetError, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.resources import resources_dir
from dvmeet.services._lookup import find_body
from dvmeet.services.context import Context
from dvmeet.services.models import explain_validation
from dvmeet.services.setup.models import (
    AppliedPresetOut,
    ApplyPresetIn,
    Preset,
    PresetOut,
)

PRESET_DIR = "presets"


class BrokenPreset(DvmeetError):
    """A preset file that cannot be read or does not follow the form."""


def load_preset(path: Path) -> Preset:
    """One preset file, validated; a broken file raises BrokenPreset naming the file and
    every problem in it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BrokenPreset(
            _("Oppsettfila {file} kan ikkje lesast: {reason}").format(file=path.name, reason=exc)
        ) from exc
    try:
        preset = Preset.model_validate(data)
    except ValidationError as exc:
        raise BrokenPreset(
            _("Oppsettfila {file} er ikkje i orden: {problems}").format(
                file=path.name, problems="; ".join(explain_validation(exc))
            )
        ) from exc
    if preset.key != path.stem:
        raise BrokenPreset(
            _("Oppsettfila {file} har nøkkelen «{key}»; nøkkelen skal vere filnamnet.").format(
                file=path.name, key=preset.key
            )
        )
    return preset


@lru_cache(maxsize=4)
def _presets_in(directory: Path) -> tuple[Preset, ...]:
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise BrokenPreset(
            _("Det finst ingen oppsettfiler i {path}. Installer dvmeet på nytt.").format(
                path=directory
            )
        )
    return tuple(sorted((load_preset(f) for f in files), key=lambda p: (p.order, p.key)))


def shipped_presets() -> tuple[Preset, ...]:
    return _presets_in(resources_dir() / PRESET_DIR)


def _out(p: Preset) -> PresetOut:
    nb = i18n.language() == "nb"
    return PresetOut(
        key=p.key,
        legal_form=p.legal_form,
        name=p.name_nb if nb else p.name,
        description=p.description_nb if nb else p.description,
        references=list(p.references),
        bodies=list(p.bodies),
    )


def list_presets(ctx: Context) -> list[PresetOut]:
    """The shipped presets in their order, in the interface language."""
    return [_out(p) for p in shipped_presets()]


def _find(key: str) -> Preset:
    for preset in shipped_presets():
        if preset.key == key:
            return preset
    raise NotFound(_("Oppsettet «{key}» finst ikkje.").format(key=key))


def apply_preset(
    ctx: Context, data: ApplyPresetIn, today: dt.date | None = None
) -> AppliedPresetOut:
    """Create the preset's bodies in one unit of work, and record its legal form on the
    cooperation if one is recorded. A body counted per municipality gets that many seats
    per municipality participating on `today` or later. Refused, changing nothing, when a
    body with one of the codes exists or when such a body has no participant to count."""
    preset = _find(data.key)
    day = today or dt.date.today()
    with ctx.unit_of_work() as uow:
        s = uow.session
        taken = [b.code for b in preset.bodies if find_body(s, b.code) is not None]
        if taken:
            raise Conflict(
                _(
                    "Det finst alt organ med kodane {codes}. Oppsettet lagar organ berre i "
                    "ein database utan dei; endre eller lag organa under Innstillingar → Organ."
                ).format(codes=", ".join(taken))
            )
        participants = (
            s.scalar(
                select(func.count())
                .select_from(Municipality)
                .where(
                    Municipality.participant_from.is_not(None),
                    or_(Municipality.participant_to.is_(None), Municipality.participant_to >= day),
                )
            )
            or 0
        )
        if participants == 0 and any(b.seats_per_municipality for b in preset.bodies):
            raise InvalidInput(
                _(
                    "Ingen kommunar er registrerte som deltakarar, så talet på plassar kan "
                    "ikkje reknast ut. Vel dei deltakande kommunane fyrst (Innstillingar → "
                    "Deltakande kommunar …)."
                )
            )
        created = []
        for spec in preset.bodies:
            seats = spec.seats or (spec.seats_per_municipality or 0) * participants
            values = {
                "code": spec.code,
                "name": spec.name,
                "kind": spec.kind,
                "seats": seats,
                "notice_days": spec.notice_days,
                "remote_allowed": spec.remote_allowed,
                "qualified_numerator": spec.qualified_numerator,
                "qualified_denominator": spec.qualified_denominator,
                "weighted_votes": False,
                "case_prefix": spec.case_prefix,
            }
            body = Body(**values)
            s.add(body)
            s.flush()
            uow.audit("body.create", "body", body.id, {**values, "preset": preset.key})
            created.append(body.code)
        coop = s.scalar(select(Cooperation).order_by(Cooperation.id).limit(1))
        if coop is not None and coop.legal_form is not preset.legal_form:
            coop.legal_form = preset.legal_form
            s.flush()
            uow.audit(
                "cooperation.update",
                "cooperation",
                coop.id,
                {"legal_form": preset.legal_form, "preset": preset.key},
            )
        return AppliedPresetOut(
            key=preset.key,
            legal_form=preset.legal_form,
            created=created,
            participants=participants,
        )
