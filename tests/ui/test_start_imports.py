"""What the window needs for its first paint (issue 21): the whole window built and shown,
its menus included, imports neither the core's libraries nor any document library; up to
the Møte view ready (built and filled from the file), not the core either."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

HEAVY = (
    "sqlalchemy", "pydantic", "alembic", "reportlab", "openpyxl", "pikepdf", "lxml", "pyhanko",
    "keyring", "icalendar", "pypdf",
)  # fmt: skip

CODE = f"""
import sys
from ui.app import make_application
app = make_application()
from ui.settings import open_settings
from ui.state import AppState
from ui.main_window import MainWindow
window = MainWindow(AppState(open_settings()), None)
window.show()
app.processEvents()
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))
documents = sorted(m for m in sys.modules if m.startswith('dvmeet.documents'))
print(heavy, documents, flush=True)
import os
os._exit(0)  # no teardown of the window at exit
"""


def test_the_window_paints_without_the_core_or_documents(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DVMEET_DATA_DIR=str(tmp_path))
    env.pop("DVMEET_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip().splitlines()[-1] == "[] []", out.stdout + out.stderr


READY = f"""
import atexit, sys
def report():
    heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY[2:]!r}))
    print("loaded", heavy, flush=True)
atexit.register(report)
from dvmeet.cli import main
main(["--database", sys.argv[1]])
"""


def test_the_meeting_view_is_ready_without_document_libraries(
    held_demo_copy: Path, tmp_path: Path
) -> None:
    """Up to the Møte view showing its meetings (the startup probe's «ready»): no document
    or archive library, no signing or keyring, no migration tool."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DVMEET_DATA_DIR=str(tmp_path),
        DVMEET_STARTUP_PROBE="ready",
    )
    env.pop("DVMEET_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", READY, str(held_demo_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines = out.stdout.splitlines()
    assert any(line.startswith("view_ready") for line in lines), out.stdout + out.stderr
    assert "loaded []" in lines, out.stdout + out.stderr


AT_READY = f"""
import sys
from ui import main_window

announce = main_window.MainWindow._first_view_loaded

def at_ready(self):
    if not self._ready_announced:
        heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))
        current = self.stack.currentWidget()
        print("at_ready", type(current).__name__, self.state.is_open, heavy, flush=True)
    announce(self)

main_window.MainWindow._first_view_loaded = at_ready
from dvmeet.cli import main
main(["--database", sys.argv[1]])
"""


def test_the_meeting_view_is_ready_before_the_core_is_imported(
    held_demo_copy: Path, tmp_path: Path
) -> None:
    """The startup probe's «ready» on a plain file: the Møte view is the current widget,
    built and filled from the file (services.peek), with the database not yet open and
    neither SQLAlchemy nor pydantic (nor any document library) imported."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DVMEET_DATA_DIR=str(tmp_path),
        DVMEET_STARTUP_PROBE="ready",
    )
    env.pop("DVMEET_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", AT_READY, str(held_demo_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("at_ready")]
    assert lines == ["at_ready MeetingsView False []"], out.stdout + out.stderr
