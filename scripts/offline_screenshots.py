"""Save PNGs of the offline meeting file in the window (issue 18), offscreen, on demo data:
the Møte menu, «Ta med møtet» done, the laptop's limited view, the checkin preview and the
conflict view.

    uv run python scripts/offline_screenshots.py OUTDIR [nn|nb]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as shots
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from sqlalchemy import text

from dvmeet.domain.enums import MeetingForm
from dvmeet.i18n import set_language
from dvmeet.services import attendance, meetings
from dvmeet.services.attendance.models import PresenceIn
from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from ui.app import make_application
from ui.main_window import MainWindow
from ui.offline.checkin_dialog import CheckinDialog
from ui.state import AppState


def open_window(db: Path, tag: str) -> tuple[AppState, MainWindow]:
    settings = QSettings(str(shots.WORK / f"ui-{tag}.ini"), QSettings.Format.IniFormat)
    state = AppState(settings)
    window = MainWindow(state, str(db))
    window.resize(*shots.SIZE)
    window.show()
    window.start()
    end = time.monotonic() + 60
    while not state.is_open and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    shots.settle(state)
    return state, window


def close_box(out: Path, name: str) -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            w.adjustSize()
            shots.save(w, out, name)
            w.close()


def members(file: Path, meeting_id: int) -> list[int]:
    ctx = open_context(file)
    try:
        with ctx.reading() as s:
            return list(
                s.execute(
                    text(
                        "SELECT person_id FROM membership WHERE role <> 'varamedlem' AND body_id "
                        "= (SELECT body_id FROM meeting WHERE id = :m) ORDER BY id"
                    ),
                    {"m": meeting_id},
                ).scalars()
            )
    finally:
        ctx.close()


def main(out: Path, language: str = "nn") -> int:
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    set_language(language)
    db = shots.WORK / "demo.sqlite"
    ctx = open_context(db)
    fill_demo(ctx, years=1)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=dt.date(2026, 12, 17),
            start_time=dt.time(10),
            place="Bergen rådhus",
            form=MeetingForm.FYSISK,
            title="Budsjettmøte",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Budsjett 2027",
            recommendation="Representantskapet vedtek budsjettet.",
        ),
    )
    ctx.close()
    file = shots.WORK / "budsjettmøte.dvmeet"

    state, window = open_window(db, "home")
    view = window.view("meetings")
    window.show_view("meetings")
    view.show_case(meeting.id)  # type: ignore[attr-defined]
    shots.settle(state)
    menu = window.findChild(QMenu, "meeting_menu")
    assert menu is not None
    menu.popup(window.mapToGlobal(QPoint(120, 30)))
    QApplication.processEvents()
    shots.save(menu, out, "offline-menu.png")
    menu.hide()
    current = view.meeting  # type: ignore[attr-defined]
    window.offline.checkout_to(current, file)
    shots.settle(state)
    close_box(out, "offline-checkout-done.png")
    menu.popup(window.mapToGlobal(QPoint(120, 30)))
    shots.settle(state)
    menu.adjustSize()
    shots.save(menu, out, "offline-menu-out.png")
    menu.hide()
    view.reload_list()  # type: ignore[attr-defined]
    shots.settle(state)
    shots.save(window, out, "offline-home-badge.png")  # the list's mark and the badge
    window.close()
    shots.settle(state)
    state.close()

    laptop_state, laptop = open_window(file, "laptop")
    laptop.show_view("meetings")
    laptop.view("meetings").show_case(meeting.id)  # type: ignore[attr-defined]
    shots.settle(laptop_state)
    shots.save(laptop, out, "offline-laptop-limited.png")
    laptop_menu = laptop.findChild(QMenu, "meeting_menu")
    assert laptop_menu is not None
    laptop_menu.popup(laptop.mapToGlobal(QPoint(120, 30)))
    shots.settle(laptop_state)
    laptop_menu.adjustSize()
    shots.save(laptop_menu, out, "offline-laptop-menu.png")
    laptop_menu.hide()
    laptop.close()
    shots.settle(laptop_state)
    laptop_state.close()

    people = members(file, meeting.id)
    lap = open_context(file)
    for person in people[:5]:
        attendance.mark_present(lap, PresenceIn(meeting_id=meeting.id, person_id=person))
    with lap.unit_of_work() as uow:
        uow.session.execute(text("UPDATE meeting SET place = 'Møterom 2, Voss'"))
    lap.close()

    state, window = open_window(db, "home2")
    window.offline.preview(file)
    shots.settle(state)
    dialog = window.offline.dialog
    assert isinstance(dialog, CheckinDialog)
    shots.save(dialog, out, "offline-checkin-preview.png")
    dialog.reject()
    shots.settle(state)
    assert state.ctx is not None
    with state.ctx.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE meeting SET place = 'Os kulturhus', secretariat = 'Kari' WHERE id = :m"),
            {"m": meeting.id},
        )
    window.offline.preview(file)
    shots.settle(state)
    dialog = window.offline.dialog
    assert isinstance(dialog, CheckinDialog)
    shots.save(dialog, out, "offline-checkin-conflicts.png")
    for group in list(dialog.groups.values())[:1]:
        group.buttons()[1].click()
    for group in list(dialog.groups.values())[1:]:
        group.buttons()[0].click()
    QApplication.processEvents()
    shots.save(dialog, out, "offline-checkin-conflicts-chosen.png")
    dialog.ok.click()
    shots.settle(state)
    close_box(out, "offline-checkin-done.png")
    window.close()
    shots.settle(state)
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), *(sys.argv[2:3] or ["nn"])))
