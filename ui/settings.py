"""Window and user settings, kept in an ini file in the user data directory."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dvmeet.paths import make_private_dir, user_data_dir


def open_settings() -> QSettings:
    folder = user_data_dir()
    make_private_dir(folder)
    return QSettings(str(folder / "dvmeet-ui.ini"), QSettings.Format.IniFormat)
