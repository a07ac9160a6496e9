"""The sender this installation's notices go out from (issue 20), for every calendar file
it writes: the ORGANIZER of an exported calendar is the same address the e-mails come
from, when one is set up (Innstillingar → E-post …). Read from the settings file of
`services/mail`; a missing or damaged file gives none (the mail settings say why)."""

from __future__ import annotations

import json
from pathlib import Path

from dvmeet.paths import user_data_dir

SETTINGS_FILE = "mail-settings.json"


def settings_path() -> Path:
    return user_data_dir() / SETTINGS_FILE


def configured_sender() -> tuple[str, str] | None:
    """(address, name) of the configured sender, or None."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    address, name = data.get("sender_address"), data.get("sender_name")
    if isinstance(address, str) and "@" in address and isinstance(name, str):
        return address, name
    return None
