"""The set-up of a new installation (issue 16): presets by legal form (data files in
resources/presets/, validated on load) that create the bodies, and the cooperation's
details printed on every document (organisation number, address, secretariat contact,
logo, letterhead). The cooperation's name and form, participation and bodies one by one
are in the registry.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.setup._details import (
        get_cooperation_details,
        logo_type,
        set_cooperation_details,
    )
    from dvmeet.services.setup._guide import member_template, setup_status
    from dvmeet.services.setup._municipalities import add_municipality
    from dvmeet.services.setup._presets import (
        BrokenPreset,
        apply_preset,
        list_presets,
        load_preset,
    )
    from dvmeet.services.setup.models import (
        AppliedPresetOut,
        ApplyPresetIn,
        CooperationDetailsIn,
        CooperationDetailsOut,
        NewMunicipalityIn,
        PresetOut,
        SetupStatusOut,
    )

__all__ = [
    "AppliedPresetOut",
    "ApplyPresetIn",
    "BrokenPreset",
    "CooperationDetailsIn",
    "CooperationDetailsOut",
    "NewMunicipalityIn",
    "PresetOut",
    "SetupStatusOut",
    "add_municipality",
    "apply_preset",
    "get_cooperation_details",
    "list_presets",
    "load_preset",
    "logo_type",
    "member_template",
    "set_cooperation_details",
    "setup_status",
]
__getattr__ = open_door(__name__, __all__)
