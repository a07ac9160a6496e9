"""Qt tests: offscreen, one QApplication, the real widgets on a copy of a demo database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo
from ui.state import AppState


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (constituent meeting, this year's meetings, one meeting under
    way today and one planned for next week), made once."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1)
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    return path


@pytest.fixture(scope="session")
def held_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo without its two meetings to practise on (none under way, none planned):
    for what the window does when no meeting takes over at start."""
    path = tmp_path_factory.mktemp("held") / "held.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1, practice=False)
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    return path


@pytest.fixture
def held_demo_copy(held_demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "held.sqlite"
    shutil.copyfile(held_demo_file, target)
    target.chmod(0o600)
    return target


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, target)
    target.chmod(0o600)
    return target


@pytest.fixture
def state(qtbot: QtBot, demo_copy: Path, ui_settings: QSettings) -> Iterator[AppState]:
    """An AppState with the demo database open."""
    app_state = AppState(ui_settings)
    app_state.set_context(open_context(demo_copy))
    yield app_state
    wait_idle(qtbot, app_state)
    app_state.close()
