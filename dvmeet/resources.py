"""The one place that finds files shipped in `resources/` (fonts, icons, translations).

Three layouts, one rule: `resources/` sits next to the `dvmeet` package directory.
- source tree:   <repo>/dvmeet/ and <repo>/resources/
- wheel install: site-packages/dvmeet/ and site-packages/resources/ (hatch force-include)
- frozen app:    PyInstaller's bundle directory (sys._MEIPASS)/resources/
`DVMEET_RESOURCES` overrides all three (for packagers and tests).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dvmeet.errors import DvmeetError, _


def resources_dir() -> Path:
    override = os.environ.get("DVMEET_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """Path of a shipped resource, for example ``resource_path("fonts/DejaVuSans.ttf")``."""
    path = resources_dir() / name
    if not path.is_file():
        raise DvmeetError(
            _("Fila «{name}» manglar i installasjonen ({path}). Installer dvmeet på nytt.").format(
                name=name, path=path
            )
        )
    return path
