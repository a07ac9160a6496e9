"""The Møte view driven through its real widgets: plan a meeting with a closed case, see the
warnings, send the notice, approve the minutes of a held meeting and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import ClosureBasis, MeetingStatus, MinutesStatus, Role
from dvmeet.services import attendance, meetings, minutes, registry
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, RollCallIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from ui.meetings import export
from ui.meetings.approve_dialog import ApproveMinutesDialog
from ui.meetings.case_dialog import CaseDialog
from ui.meetings.plan_dialog import PlanMeetingDialog
from ui.meetings.view import MeetingsView
from ui.state import AppState


def answer_message_box(qtbot: QtBot, button_text: str) -> list[str]:
    """Click `button_text` in the next QMessageBox (shown with exec()); returns its text."""
    seen: list[str] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
            raise AssertionError(f"no button {button_text!r} in {box.text()!r}")
        QTimer.singleShot(30, poll)

    QTimer.singleShot(0, poll)
    return seen


def open_view(qtbot: QtBot, state: AppState) -> MeetingsView:
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 740)
    view.show()
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    return view


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def body_members(ctx: Context, day: dt.date) -> list[int]:
    return [m.person_id for seat in registry.seats(ctx, "RS", day) for m in seat.members]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "ut"
    target.mkdir()
    monkeypatch.setattr(export, "choose_folder", lambda _parent, _title: target)
    return target


def test_plan_meeting_with_closed_case_and_send_notice(
    qtbot: QtBot, state: AppState, folder: Path
) -> None:
    assert state.ctx is not None
    day = dt.date.today() + dt.timedelta(days=5)  # shorter than the 14 days of notice (M-3)
    view = open_view(qtbot, state)
    assert view.body_code() == "RS"

    click(qtbot, view.plan_button)
    dialog = view.dialog
    assert isinstance(dialog, PlanMeetingDialog)
    click(qtbot, dialog.ok_button)  # no place yet: the problem is shown in the form
    assert dialog.isVisible() and "Stad" in dialog.error.text()
    dialog.date.setDate(day)
    qtbot.keyClicks(dialog.place, "Bergen rådhus")
    click(qtbot, dialog.findChild(QWidget, "form_fjernmote"))
    qtbot.keyClicks(dialog.title, "Ekstra møte om tilsetjing")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert view.dialog is None  # saved, closed and deleted
    assert view.meeting is not None and view.meeting.date == day
    assert view.meeting.title == "Ekstra møte om tilsetjing"
    assert view.year_spin.value() == day.year
    assert "Ekstra møte om tilsetjing" in view.heading.text()
    assert view.warnings.isVisible()
    assert any(f.rule_id == "M-3" for f in view.warnings.findings)

    # A closed case: § 11-5 (2) cannot be used in a remote meeting (M-6), § 11-5 (3) a can.
    click(qtbot, view.add_case_button)
    case_dialog = view.dialog
    assert isinstance(case_dialog, CaseDialog)
    qtbot.keyClicks(case_dialog.title, "Tilsetjing av dagleg leiar: Kari Nordmann")
    case_dialog.closed.setChecked(True)
    click(qtbot, case_dialog.ok_button)  # closed without a public title (O-2)
    assert case_dialog.isVisible() and "offentleg tittel" in case_dialog.error.text()
    qtbot.keyClicks(case_dialog.public_title, "Tilsetjing av dagleg leiar")
    case_dialog.basis.setCurrentIndex(case_dialog.basis.findData(ClosureBasis.KOML_11_5_2.value))
    click(qtbot, case_dialog.ok_button)
    wait_idle(qtbot, state)
    assert case_dialog.isVisible(), "M-6 must refuse a closed case of § 11-5 (2) in a fjernmøte"
    shown = case_dialog.error.text()
    assert "kan ikkje handsamast i fjernmøte" in shown and case_dialog.error.isVisible()
    assert "M-6" not in shown  # rule IDs are for logs and tests
    case_dialog.basis.setCurrentIndex(case_dialog.basis.findData(ClosureBasis.KOML_11_5_3A.value))
    qtbot.keyClicks(case_dialog.note, "jf. offl. § 25")
    qtbot.keyClicks(case_dialog.recommendation, "Kari Nordmann vert tilsett.")
    member = body_members(state.ctx, day)[0]
    case_dialog.preparer.setCurrentIndex(case_dialog.preparer.findData(member))
    click(qtbot, case_dialog.ok_button)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert view.dialog is None

    model = view.case_model
    closed = next(c for c in model.rows() if c.closed)
    row = model.row_of(closed.id)
    assert closed.label.startswith("PS ")
    assert model.index(row, model.COL_PUBLIC).data() == "Tilsetjing av dagleg leiar"
    assert model.index(row, model.COL_CLOSED).data() == "U.off., koml. § 11-5 (3) a"
    assert model.index(row, model.COL_PREPARER).data()
    assert view.current_case_id() == closed.id
    assert any(f.rule_id == "H-2" for f in view.warnings.findings)  # preparer sits in the body

    # Move the case up; it cannot pass the standing cases (M-7).
    before = [c.id for c in sorted(model.rows(), key=lambda c: c.position)]
    assert not view.up_button.isEnabled()
    view.case_table.setFocus()
    qtbot.keyClick(view.case_table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, state)
    assert [c.id for c in sorted(model.rows(), key=lambda c: c.position)] == before

    # Send the notice: confirm, then the files land in the chosen folder.
    seen = answer_message_box(qtbot, "Send innkalling")
    click(qtbot, view.send_button)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert seen and "Endringar i saklista" in seen[0]
    assert view.meeting.status is MeetingStatus.NOTICE_SENT
    assert meetings.get_meeting(state.ctx, view.meeting.id).notice_sent_at is not None
    assert not view.send_button.isVisible()
    names = sorted(p.name for p in folder.iterdir())
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 2 and any("offentleg" in n for n in pdfs)
    for name in pdfs:
        assert (folder / name).read_bytes().startswith(b"%PDF")
    public = next(folder / n for n in pdfs if "offentleg" in n)
    assert b"Kari Nordmann" not in public.read_bytes()
    calendars = [folder / n for n in names if n.endswith(".ics")]
    assert len(calendars) == 1
    assert calendars[0].read_bytes().count(b"BEGIN:VEVENT") == 1  # this meeting only
    assert not any(n.endswith(".part") for n in names)
    assert view.action_message.isVisible()


def held_meeting(ctx: Context) -> int:
    """A meeting held today whose minutes are not yet approved."""
    today = dt.date.today()
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=today, start_time=dt.time(9), place="Voss kulturhus"),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Orientering om skyløysingar",
            recommendation="Orienteringa vert teken til vitande.",
        ),
    )
    members = body_members(ctx, today)
    attendance.record_roll_call(ctx, RollCallIn(meeting_id=meeting.id, present=members))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(today, dt.time(9)))
    )
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(today, dt.time(11))),
    )
    return meeting.id


def test_approve_minutes_freezes_the_meeting(qtbot: QtBot, state: AppState, folder: Path) -> None:
    assert state.ctx is not None
    meeting_id = held_meeting(state.ctx)
    leader = next(
        m.person_name
        for seat in registry.seats(state.ctx, "RS", dt.date.today())
        for m in seat.members
        if m.role is Role.LEIAR
    )
    view = open_view(qtbot, state)
    view.select_meeting(meeting_id)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    panel = view.minutes_panel
    assert view.meeting is not None and view.meeting.id == meeting_id
    assert view.tabs.currentWidget() is panel
    assert "Møtebok – Representantskapet" in panel.preview.toPlainText()
    assert "UTKAST" in panel.preview.toPlainText()
    # As in the PDF: the two who sign are named by the case that elected them (M-7).
    assert "medlem vald i sak PS " in panel.preview.toPlainText()
    assert "Intern versjon" in panel.preview.toPlainText()
    qtbot.mouseClick(panel.public, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "Offentleg versjon" in panel.preview.toPlainText()
    qtbot.mouseClick(panel.internal, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "Intern versjon" in panel.preview.toPlainText()
    assert not view.add_case_button.isEnabled()
    assert not view.banner.isVisible()

    qtbot.keyClicks(panel.remarks, "Ingen merknader til innkallinga.")
    click(qtbot, panel.save_remarks)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert (
        minutes.minutes_draft(state.ctx, meeting_id).remarks == "Ingen merknader til innkallinga."
    )
    assert "Ingen merknader til innkallinga." in panel.preview.toPlainText()

    click(qtbot, panel.approve_button)
    wait_idle(qtbot, state)
    dialog = panel.dialog
    assert isinstance(dialog, ApproveMinutesDialog)
    labels = [dialog.signer1.itemText(i) for i in range(dialog.signer1.count())]
    assert not any(label.startswith(f"{leader},") for label in labels)  # the chair signs anyway
    # The meeting elected no signatories (M-7): nobody is proposed, the dialog says so.
    assert dialog.signer1.currentData() is None and dialog.signer2.currentData() is None
    assert dialog.findChild(QLabel, "signatories_missing") is not None
    dialog.signer1.setCurrentIndex(1)
    # The same person twice is refused by B-2, next to the form.
    dialog.signer2.setCurrentIndex(dialog.signer1.currentIndex())
    seen = answer_message_box(qtbot, "Godkjenn og lås")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert seen and "låst" in seen[0]
    assert dialog.isVisible() and "skal møteleiaren og to medlemer" in dialog.error.text()
    assert "B-2" not in dialog.error.text()
    dialog.signer2.setCurrentIndex(2)
    signers = {dialog.signer1.currentData(), dialog.signer2.currentData()}
    # Backing out of the confirmation saves nothing.
    answer_message_box(qtbot, "Avbryt")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    assert dialog.isVisible()
    assert minutes.minutes_draft(state.ctx, meeting_id).status is MinutesStatus.DRAFT
    answer_message_box(qtbot, "Godkjenn og lås")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert panel.dialog is None

    draft = minutes.minutes_draft(state.ctx, meeting_id)
    assert draft.status is MinutesStatus.APPROVED and draft.approval is not None
    assert len(signers) == 2
    assert view.meeting.status is MeetingStatus.APPROVED
    assert view.banner.isVisible()
    assert view.banner.text() == "Møteboka er godkjend – møtet er låst"
    assert not view.add_case_button.isEnabled()
    assert not view.remove_case_button.isEnabled()
    assert not view.up_button.isEnabled() and not view.down_button.isEnabled()
    assert panel.remarks.isReadOnly()
    assert not panel.approve_button.isVisible()
    assert panel.correct_button.isVisible()  # B-3: corrections are new, linked records
    assert "UTKAST" not in panel.preview.toPlainText()
    assert "Godkjenning" in panel.preview.toPlainText()

    # The case dialog now only shows the case.
    view.select_case(view.case_model.rows()[0].id)
    click(qtbot, view.edit_case_button)
    shown = view.dialog
    assert isinstance(shown, CaseDialog)
    assert not shown.ok_button.isVisible() and shown.title.isReadOnly()
    shown.reject()

    # Export: internal and public minutes, and the archive package.
    click(qtbot, panel.export_internal)
    wait_idle(qtbot, state)
    click(qtbot, panel.export_public)
    wait_idle(qtbot, state)
    pdfs = sorted(p.name for p in folder.glob("Møtebok*.pdf"))
    assert len(pdfs) == 2, pdfs
    assert all((folder / n).read_bytes().startswith(b"%PDF") for n in pdfs)
    click(qtbot, panel.export_archive)
    wait_idle(qtbot, state, timeout=60_000)
    packages = [p for p in folder.iterdir() if p.is_dir()]
    assert len(packages) == 1
    assert (packages[0] / "metadata.json").exists()
    assert (packages[0] / "SHA256SUMS").exists()
    assert len(list(packages[0].glob("*.pdf"))) >= 2
    assert panel.message.isVisible()
