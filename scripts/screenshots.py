"""Save a PNG of every main view and dialog of dvmeet, on fresh demo data, offscreen.

    uv run python scripts/screenshots.py OUTDIR [nn|nb]

In nynorsk unless bokmål (nb) is asked for.

Views at 1200x780; the chair's console at 1366x768 and the projector at 1920x1080.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="dvmeet-shots-"))
os.environ["DVMEET_DATA_DIR"] = str(WORK / "data")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget  # noqa: E402

import ui  # noqa: E402,F401  (installs the PySide6 guard)
from dvmeet.domain.enums import (  # noqa: E402
    BallotChoice,
    ClosureBasis,
    MeetingForm,
    MeetingStatus,
    VoteMethod,
)
from dvmeet.i18n import set_language  # noqa: E402
from dvmeet.services import attendance, meetings, voting  # noqa: E402
from dvmeet.services.attendance.models import (  # noqa: E402
    CloseMeetingIn,
    OpenMeetingIn,
    RollCallIn,
)
from dvmeet.services.context import Context, open_context  # noqa: E402
from dvmeet.services.maintenance import fill_demo  # noqa: E402
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn  # noqa: E402
from dvmeet.services.voting.models import DecisionIn, VoteIn  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.main_window import VIEWS, MainWindow  # noqa: E402
from ui.state import AppState  # noqa: E402

SIZE = (1200, 780)


def settle(state: AppState, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    QApplication.processEvents()
    while state.runner.busy:
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the worker did not finish")
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(out / name))
    print(f"  {name}")


def modal() -> QDialog | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            return w
    return None


def dialog_shot(state: AppState, out: Path, name: str, open_it: Callable[[], object]) -> None:
    """Open a dialog (shown with open() or exec()), save it, close it."""
    taken: list[bool] = []
    deadline = time.monotonic() + 30

    def poll() -> None:
        dialog = modal()
        if dialog is not None:
            for _ in range(5):
                QApplication.processEvents()
            dialog.adjustSize()
            save(dialog, out, name)
            taken.append(True)
            dialog.reject()
        elif time.monotonic() < deadline:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    open_it()
    while not taken and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if not taken:
        print(f"  ({name}: no dialog opened)")
    settle(state)


def prepare(ctx: Context) -> dict[str, int]:
    """Add what the demo lacks for the pictures: a planned meeting with warnings, a meeting
    in progress (for the console) and a held meeting awaiting approval."""
    today = dt.date.today()
    planned = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=today + dt.timedelta(days=9),
            start_time=dt.time(10),
            place="Fjernmøte (Teams)",
            form=MeetingForm.FJERNMOTE,
            title="Budsjettmøte",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=planned.id,
            title="Budsjett 2027 og økonomiplan 2027–2030",
            recommendation="Representantskapet vedtek budsjettet slik det ligg føre.",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=planned.id,
            title="Lønnsforhandlingar for dagleg leiar – Eli Brekke",
            public_title="Lønnsforhandlingar for dagleg leiar",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 25",
            recommendation="Lønna vert regulert i tråd med innstillinga.",
        ),
    )
    running = _meeting_with_votes(ctx, today - dt.timedelta(days=1), close=False)
    held = _meeting_with_votes(ctx, today - dt.timedelta(days=2), close=True)
    approved = max(
        (m for m in meetings.list_meetings(ctx, "RS") if m.status is MeetingStatus.APPROVED),
        key=lambda m: m.date,
    )
    return {"planned": planned.id, "running": running, "held": held, "approved": approved.id}


def _meeting_with_votes(ctx: Context, day: dt.date, close: bool) -> int:
    m = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Bergen rådhus"),
    )
    for title in ("Handlingsplan for 2027", "Felles skyløysing – vidare arbeid"):
        meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=m.id,
                title=title,
                recommendation=f"Representantskapet sluttar seg til: {title.lower()}.",
            ),
        )
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=day - dt.timedelta(days=15)))
    roll = attendance.roll_call(ctx, m.id)
    members = [s.members[0].person_id for s in roll.seats_list if s.members]
    attendance.record_roll_call(
        ctx,
        RollCallIn(
            meeting_id=m.id,
            present=members[:-3],
            forfall={p: None for p in members[-3:]},
        ),
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=m.id, opened_at=dt.datetime.combine(day, dt.time(10)))
    )
    full = meetings.get_meeting(ctx, m.id)
    first = full.cases[0]
    attendance.set_current_case(ctx, m.id, first.id)
    proposal = next(p for p in voting.proposals(ctx, first.id))
    vote = voting.record_vote(
        ctx, VoteIn(case_id=first.id, proposal_id=proposal.id, method=VoteMethod.UNANIMOUS)
    )
    voting.record_decision(ctx, DecisionIn(case_id=first.id, vote_id=vote.id))
    if close:
        for case in full.cases[1:]:
            props = voting.proposals(ctx, case.id)
            if props:
                voters = attendance.voters(ctx, case.id).voters
                ballots = {
                    v.person_id: BallotChoice.MOT if i % 5 == 0 else BallotChoice.FOR
                    for i, v in enumerate(voters)
                }
                chair = attendance.voters(ctx, case.id).chair_person_id
                if chair is not None:
                    ballots[chair] = BallotChoice.FOR
                v = voting.record_vote(
                    ctx,
                    VoteIn(
                        case_id=case.id,
                        proposal_id=props[0].id,
                        method=VoteMethod.ROLL_CALL,
                        ballots=ballots,
                    ),
                )
                voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=v.id))
            else:
                voting.record_decision(ctx, DecisionIn(case_id=case.id, text="Teke til vitande."))
        attendance.close_meeting(
            ctx,
            CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(day, dt.time(12, 5))),
        )
    else:
        attendance.set_current_case(ctx, m.id, full.cases[-2].id)  # a decision case
    return m.id


def main(out: Path, language: str = "nn") -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    set_language(language)
    db = WORK / "demo.sqlite"
    print(f"demo data in {db}")
    ctx = open_context(db)
    fill_demo(ctx, years=2)
    ids = prepare(ctx)
    ctx.close()

    settings = QSettings(str(WORK / "ui.ini"), QSettings.Format.IniFormat)
    state = AppState(settings)
    window = MainWindow(state, str(db))
    window.resize(*SIZE)

    def first_look() -> None:  # the Møte view filled from the file while the core loads
        if not state.is_open:  # (none when a meeting is under way: the console opens)
            save(window, out, "startup-first-look.png")

    window.data_shown.connect(first_look)
    window.show()
    window.start()
    end = time.monotonic() + 60
    while not state.is_open and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    settle(state)
    failures = 0

    def step(name: str, action: Callable[[], None]) -> None:
        nonlocal failures
        try:
            action()
        except Exception:
            failures += 1
            print(f"  FAILED {name}:\n{traceback.format_exc()}")

    for key, *_rest in VIEWS:

        def shot_view(key: str = key) -> None:
            window.show_view(key)
            settle(state)
            save(window, out, f"view-{key}.png")

        step(key, shot_view)

    meetings_view = window.view("meetings")

    def planned_meeting() -> None:
        window.show_view("meetings")
        meetings_view.show_case(ids["planned"])  # type: ignore[attr-defined]
        settle(state)
        save(window, out, "meeting-planned-with-warnings.png")
        dialog_shot(state, out, "dialog-plan-meeting.png", meetings_view.open_plan_dialog)  # type: ignore[attr-defined]
        dialog_shot(state, out, "dialog-case.png", meetings_view.add_case)  # type: ignore[attr-defined]
        dialog_shot(state, out, "dialog-edit-meeting.png", meetings_view.edit_meeting)  # type: ignore[attr-defined]

    def held_meeting() -> None:
        meetings_view.show_case(ids["held"])  # type: ignore[attr-defined]
        settle(state)
        meetings_view.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle(state)
        save(window, out, "minutes-draft.png")
        panel = meetings_view.minutes_panel  # type: ignore[attr-defined]
        dialog_shot(state, out, "dialog-approve-minutes.png", panel.open_approval)

    def export_progress() -> None:
        from ui.meetings import export

        meetings_view.show_case(ids["approved"])  # type: ignore[attr-defined]
        settle(state)
        meetings_view.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle(state)
        folder = WORK / "arkiv"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        export.choose_folder = lambda _parent, _title: folder  # type: ignore[assignment]
        meetings_view.minutes_panel.export_archive_package()  # type: ignore[attr-defined]
        end = time.monotonic() + 30
        while time.monotonic() < end:
            QApplication.processEvents()
            shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
            visible = [w for w in shown if w.isVisible() and w.value() > 0]
            if visible:
                save(visible[0], out, "dialog-progress-archive.png")
                break
            time.sleep(0.01)
        else:
            print("  the archive export finished before its progress dialog showed")
        settle(state)
        save(window, out, "minutes-exported.png")

    def conflict() -> None:  # as a case dialog's save meets someone else's save
        from ui.conflict import ConflictDialog, differences

        opened = {"title": "Budsjett 2027", "recommendation": "Budsjettet blir vedteke.",
                  "closed": False}  # fmt: skip
        mine = opened | {"recommendation": "Budsjettet blir vedteke slik det ligg føre."}
        stored = opened | {"title": "Budsjett 2027 og økonomiplan 2027–2030",
                           "recommendation": "Saka blir utsett."}  # fmt: skip
        fields = [("title", "Tittel"), ("recommendation", "Innstilling"), ("closed", "Lukka")]
        dialog = ConflictDialog(
            "saka «Budsjett 2027»", differences(fields, opened, mine, stored), window
        )
        dialog.show()
        settle(state)
        save(dialog, out, "dialog-conflict.png")
        dialog.reject()

    def registry_dialogs() -> None:
        window.show_view("registry")
        settle(state)
        view = window.view("registry")
        seats = view.seats  # type: ignore[attr-defined]
        dialog_shot(state, out, "dialog-add-member.png", seats.add_member_dialog)
        dialog_shot(state, out, "dialog-release.png", seats.release_dialog)
        dialog_shot(state, out, "dialog-reorder-deputies.png", seats.reorder_dialog)
        view.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle(state)
        save(window, out, "registry-persons.png")
        dialog_shot(state, out, "dialog-person.png", view.persons.new_dialog)  # type: ignore[attr-defined]

    def documents() -> None:
        window.show_view("documents")
        settle(state)
        view = window.view("documents")
        dialog_shot(state, out, "dialog-new-version.png", view.new_version)  # type: ignore[attr-defined]

    def search() -> None:
        window.show_view("search")
        view = window.view("search")
        view.field.setText("strategi")  # type: ignore[attr-defined]
        view.run_query()  # type: ignore[attr-defined]
        settle(state)
        save(window, out, "search-results.png")

    def console() -> None:
        from ui.console.screens import save_screens

        save_screens(state, ids["running"], out, type_ballots=5)
        print("  console-vote.png, projector.png")

    def agreement() -> None:
        try:
            from ui.agreement.screens import save_screens
        except ImportError:
            print("  (no Avtale view)")
            return
        window.show_view("agreement")
        settle(state)
        save_screens(window, out)

    for name, action in (
        ("planned meeting", planned_meeting),
        ("held meeting", held_meeting),
        ("export progress", export_progress),
        ("conflict", conflict),
        ("registry dialogs", registry_dialogs),
        ("documents", documents),
        ("search", search),
        ("console", console),
        ("agreement", agreement),
    ):
        step(name, action)
    settle(state)
    window.close()
    app.processEvents()
    print(f"screenshots in {out}" + (f"; {failures} step(s) failed" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["nn"], ["nb"]):
        print(__doc__)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]), *sys.argv[2:]))
