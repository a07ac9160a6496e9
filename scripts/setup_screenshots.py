"""Save a PNG of each setup dialog, each step of the «Kom i gang» guide, every main view
while empty, and the help window, on a new empty database (as «Opprett ny database» makes
it), offscreen.

    uv run python scripts/setup_screenshots.py OUTDIR [nn|nb]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "dvmeet_screenshots", Path(__file__).with_name("screenshots.py")
)
assert _spec is not None and _spec.loader is not None
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)  # sets QT_QPA_PLATFORM and a private data directory

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from dvmeet.domain.enums import BodyKind  # noqa: E402
from dvmeet.i18n import set_language  # noqa: E402
from dvmeet.services import registry  # noqa: E402
from dvmeet.services.maintenance import create_database  # noqa: E402
from dvmeet.services.registry.models import BodyIn  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.help import show_help  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.meetings.view import MeetingsView  # noqa: E402
from ui.setup import open_bodies, open_cooperation, open_guide, open_participation  # noqa: E402
from ui.setup.bodies import BodyDialog, RetireBodyDialog  # noqa: E402
from ui.setup.cooperation_dialog import CooperationDialog  # noqa: E402
from ui.setup.guide import STEPS, SetupGuide  # noqa: E402
from ui.state import AppState  # noqa: E402


def main(out: Path, language: str = "nn") -> int:
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    set_language(language)
    db = shots.WORK / "ny.sqlite"
    create_database(db).close()
    settings = QSettings(str(shots.WORK / "ui.ini"), QSettings.Format.IniFormat)
    state = AppState(settings)
    window = MainWindow(state, str(db))
    window.resize(*shots.SIZE)
    window.show()
    window.start()
    while not state.is_open:
        QApplication.processEvents()
    shots.settle(state)
    view = window.view("meetings")
    assert isinstance(view, MeetingsView)
    shots.settle(state)
    shots.save(window, out, "setup-empty-meetings.png")
    for key in ("registry", "documents", "agreement", "search"):
        window.show_view(key)
        shots.settle(state)
        for _ in range(10):
            QApplication.processEvents()
        shots.save(window, out, f"setup-empty-{key}.png")
    window.show_view("meetings")
    shots.settle(state)
    guide = open_guide(state, window)
    assert isinstance(guide, SetupGuide)
    shots.settle(state)
    for row, step in enumerate(STEPS):
        guide.steps.setCurrentRow(row)
        for _ in range(10):
            QApplication.processEvents()
        shots.save(guide, out, f"setup-guide-{row + 1}-{step}.png")
    guide.close()
    help_window = show_help(window, "oppsett")
    for _ in range(10):
        QApplication.processEvents()
    shots.save(help_window, out, "setup-help.png")
    help_window.close()

    def message() -> None:
        view.plan_button.click()

    shots.dialog_shot(state, out, "setup-no-body-message.png", message)
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            w.reject()

    def body_errors() -> None:
        dialog = BodyDialog(state, None, window, default_seats=43)
        dialog.code_edit.setText("R S")
        dialog.open()
        dialog.ok_button.click()

    shots.dialog_shot(state, out, "setup-body-new-errors.png", body_errors)
    shots.dialog_shot(state, out, "setup-cooperation.png", lambda: open_cooperation(state, window))

    def cooperation_errors() -> None:
        dialog = CooperationDialog(state, None, registry.list_municipalities(state.ctx), window)
        dialog.name_edit.setText("Testregionen")
        dialog.org_number.setText("974 760 674")
        dialog.open()
        dialog.ok_button.click()

    assert state.ctx is not None
    shots.dialog_shot(state, out, "setup-cooperation-errors.png", cooperation_errors)

    def participation() -> None:
        open_participation(state, window)

    shots.dialog_shot(state, out, "setup-participation.png", participation)
    assert state.ctx is not None
    registry.create_body(
        state.ctx,
        BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43),
    )
    registry.create_body(
        state.ctx,
        BodyIn(
            code="KDM",
            name="Kommunedirektørmøtet",
            kind=BodyKind.ADMINISTRATIVE,
            seats=43,
            notice_days=7,
        ),
    )
    shots.dialog_shot(state, out, "setup-bodies.png", lambda: open_bodies(state, window))
    guide = open_guide(state, window)
    assert isinstance(guide, SetupGuide)
    shots.settle(state)
    guide.steps.setCurrentRow(2)
    for _ in range(10):
        QApplication.processEvents()
    shots.save(guide, out, "setup-guide-3-bodies-done.png")
    guide.close()
    kdm = registry.get_body(state.ctx, "KDM")
    shots.dialog_shot(
        state, out, "setup-body-retire.png", lambda: RetireBodyDialog(state, kdm, window).open()
    )
    window.close()
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "nn"))
