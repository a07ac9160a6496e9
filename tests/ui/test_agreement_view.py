"""The Avtale view driven through its real widgets on a copy of the demo database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.domain.enums import AgreementOutcome
from dvmeet.services import agreement, cost_shares, registry
from dvmeet.services.agreement.models import OverviewFilter, StartProcessIn
from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo
from ui.agreement import cost_tab, process_tab
from ui.agreement.dialogs import MilestonesDialog, StartProcessDialog
from ui.agreement.municipality_dialog import MunicipalityDialog
from ui.agreement.view import AgreementView
from ui.state import AppState
from ui.table import ROW_ROLE

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data without the agreement process: these tests start one themselves."""
    path = tmp_path_factory.mktemp("demo_no_process") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1, agreement=False)
    ctx.close()
    return path


@pytest.fixture
def view(qtbot: QtBot, state: AppState) -> AgreementView:
    widget = AgreementView(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    wait_idle(qtbot, state)
    return widget


def started(qtbot: QtBot, state: AppState) -> AgreementView:
    """A view on a process started (through the service) with the seed's 2024 timeline."""
    assert state.ctx is not None
    agreement.start_process(state.ctx, StartProcessIn(year=2024, body_code="RS"))
    widget = AgreementView(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    wait_idle(qtbot, state)
    return widget


def set_date(qtbot: QtBot, state: AppState, edit, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    edit.setDate(QDate(day.year, day.month, day.day))
    wait_idle(qtbot, state)


def test_start_then_decline_changes_counts_and_seats(
    qtbot: QtBot, state: AppState, view: AgreementView
) -> None:
    panel = view.process
    assert panel.stack.currentIndex() == 0  # the empty state
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(StartProcessDialog)
    assert isinstance(dialog, StartProcessDialog) and dialog.isVisible()
    wait_idle(qtbot, state)
    assert dialog.body.currentData() == "RS"
    dialog.year.setValue(2024)
    assert "30.06.2024" in dialog.timeline.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert panel.stack.currentIndex() == 1
    set_date(qtbot, state, panel.today_edit, dt.date(2024, 11, 12))
    assert panel.model.rowCount() == 43
    assert "0 har takka nei" in panel.counts.text()
    before = panel.seat_text.text()

    assert panel.select_municipality("4613")  # Bømlo
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    muni = panel.findChild(MunicipalityDialog)
    assert isinstance(muni, MunicipalityDialog)
    wait_idle(qtbot, state)
    assert "Bømlo" in muni.heading.text()
    muni.tabs.setCurrentIndex(1)
    muni.decision_outcome.setCurrentIndex(list(AgreementOutcome).index(AgreementOutcome.DECLINE))
    muni.decision_date.setDate(QDate(2024, 10, 24))
    qtbot.keyClicks(muni.decision_reference, "PS 77/24")
    qtbot.mouseClick(muni.decision_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert not muni.error.isVisible()
    assert "vedtaket er lagra" in muni.notice.text()
    assert "Takka nei" in muni.cells.text() or "Ikkje aktuell" in muni.cells.text()
    muni.close()

    assert "1 har takka nei" in panel.counts.text()
    assert panel.seat_text.text() != before
    assert "1 kommune" in panel.seat_text.text() or "takka nei" in panel.seat_text.text()
    status = agreement.municipality_detail(state.ctx, "4613").status  # type: ignore[arg-type]
    assert status.council_outcome is AgreementOutcome.DECLINE
    assert status.council_case_reference == "PS 77/24"

    # the filter asks the service for the declined only
    panel.filter_box.setCurrentIndex(panel.filter_box.findData(OverviewFilter.DECLINED))
    wait_idle(qtbot, state)
    assert panel.model.rowCount() == 1
    assert "Viser 1 av 43" in panel.counts.text()

    # no municipality has joined yet: the service refuses 0 seats, and says so
    def refuse(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        ok = next(b for b in box.buttons() if b.text() == "Oppdater sete")
        ok.click()

    when_dialog_opens(qtbot, refuse)
    qtbot.mouseClick(panel.apply_seats_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    errors = [w for w in view.findChildren(QMessageBox) if w.isVisible()]
    assert errors and "0 sete" in errors[-1].text()
    for box in errors:
        box.close()


def test_apply_seats_after_decisions(qtbot: QtBot, state: AppState) -> None:
    from dvmeet.services.agreement.models import DecisionIn

    assert state.ctx is not None
    agreement.start_process(state.ctx, StartProcessIn(year=2024, body_code="RS"))
    for number in ("4601", "4627", "4631"):
        agreement.record_decision(
            state.ctx,
            DecisionIn(
                number=number, decided_on=dt.date(2024, 10, 1), outcome=AgreementOutcome.JOIN
            ),
        )
    view = AgreementView(state)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, state)
    panel = view.process
    assert "3 har slutta seg til" in panel.counts.text()

    def accept(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        assert "3" in box.text()
        next(b for b in box.buttons() if b.text() == "Oppdater sete").click()

    when_dialog_opens(qtbot, accept)
    with qtbot.waitSignal(state.message, timeout=10_000) as said:
        qtbot.mouseClick(panel.apply_seats_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "→ 3 sete" in said.args[0]
    assert registry.get_body(state.ctx, "RS").seats == 3


def test_reminders_copy_and_export(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = started(qtbot, state)
    panel = view.process
    set_date(qtbot, state, panel.today_edit, dt.date(2024, 6, 25))
    panel.days.setValue(14)
    wait_idle(qtbot, state)
    text = panel.reminder_text.toPlainText()
    assert "43 kommunar ligg etter" in text
    assert "Tilbakemeldinga på utkastet til samarbeidsavtale skal vere send" in text
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text

    panel.days.setValue(2)  # the deadline (30 June) is five days away: nobody yet
    wait_idle(qtbot, state)
    assert "ingen kommunar ligg etter" in panel.reminder_text.toPlainText()
    assert not panel.copy_button.isEnabled()

    set_date(qtbot, state, panel.today_edit, dt.date(2024, 7, 3))
    assert "Fristen var 30. juni 2024" in panel.reminder_text.toPlainText()
    target = tmp_path / "påminningar.xlsx"
    monkeypatch.setattr(process_tab, "choose_file", lambda *a: target)
    qtbot.mouseClick(panel.export_reminders_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert target.stat().st_size > 0

    report = tmp_path / "status.pdf"
    monkeypatch.setattr(process_tab, "choose_file", lambda *a: report)
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert report.read_bytes().startswith(b"%PDF")


def test_feedback_then_amendment_in_the_dialog(qtbot: QtBot, state: AppState) -> None:
    view = started(qtbot, state)
    panel = view.process
    set_date(qtbot, state, panel.today_edit, dt.date(2024, 7, 5))
    muni = panel.open_municipality("4601")
    assert muni is not None
    wait_idle(qtbot, state)
    muni.feedback_date.setDate(QDate(2024, 6, 28))
    qtbot.keyClicks(muni.feedback_summary, "Støttar utkastet.")
    qtbot.keyClicks(muni.feedback_attachment, "https://example.org/innspel.pdf")
    qtbot.mouseClick(muni.record_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "Støttar utkastet." in muni.feedback_state.text()
    assert "innspel.pdf" in muni.feedback_state.text()
    assert muni.record_button.text().replace("&", "") == "Før som tillegg"

    qtbot.keyClicks(muni.feedback_summary, "Eitt punkt til.")
    muni.feedback_principle.setChecked(True)
    qtbot.mouseClick(muni.record_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "1 tillegg" in muni.feedback_state.text()
    assert "Eitt punkt til." in muni.log.toPlainText()

    # a correction is not a new submission
    qtbot.mouseClick(muni.correct_button, Qt.MouseButton.LeftButton)
    assert muni.feedback_summary.toPlainText() == "Støttar utkastet."
    muni.feedback_summary.setPlainText("Støttar utkastet fullt ut.")
    qtbot.mouseClick(muni.record_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    detail = agreement.municipality_detail(state.ctx, "4601")  # type: ignore[arg-type]
    assert detail.status.feedback_summary == "Støttar utkastet fullt ut."
    assert detail.status.amendments == 1

    qtbot.keyClicks(muni.note_text, "Ringde kommunedirektøren.")
    qtbot.mouseClick(muni.note_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert "Ringde kommunedirektøren." in muni.log.toPlainText()
    muni.close()
    row = next(
        panel.proxy.index(r, 0).data(ROW_ROLE)
        for r in range(panel.proxy.rowCount())
        if panel.proxy.index(r, 0).data() == "4601"
    )
    assert row.status.contacts == 1


def test_milestone_dates_are_editable(qtbot: QtBot, state: AppState) -> None:
    view = started(qtbot, state)
    qtbot.mouseClick(view.process.milestones_button, Qt.MouseButton.LeftButton)
    dialog = view.process.findChild(MilestonesDialog)
    assert isinstance(dialog, MilestonesDialog)
    dialog.table.selectRow(2)  # the feedback deadline
    current = dialog.current()
    assert current is not None and current.key == "feedback_deadline"
    dialog.due.setDate(QDate(2024, 7, 5))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    process = agreement.get_process(state.ctx)  # type: ignore[arg-type]
    assert process is not None
    assert process.milestones[2].due_on == dt.date(2024, 7, 5)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    process = agreement.get_process(state.ctx)  # type: ignore[arg-type]
    assert process is not None and process.milestones[3].key == "feedback_deadline"
    assert not dialog.error.isVisible()
    dialog.close()
    assert "05.07." in str(view.process.model.headerData(2, Qt.Orientation.Horizontal))


def _type_money(qtbot: QtBot, box, amount: int) -> None:  # type: ignore[no-untyped-def]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(amount))
    assert box.value() == amount


def test_cost_preview_follows_typing_and_saves(
    qtbot: QtBot,
    state: AppState,
    view: AgreementView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    costs = view.costs
    view.tabs.setCurrentIndex(1)
    wait_idle(qtbot, state)
    assert costs.result is not None  # the first preview is there
    with qtbot.waitSignal(costs.preview_shown, timeout=10_000):
        _type_money(qtbot, costs.total, 4_300_000)
    wait_idle(qtbot, state)
    assert sum(ln.amount or 0 for ln in costs.model.rows) == 4_300_000
    assert "ikkje lagra" in costs.table_title.text()

    # a maximum that cannot reach the total: a message next to the settings, no saving
    costs.has_maximum.setChecked(True)
    with qtbot.waitSignal(costs.message_shown, timeout=10_000) as said:
        _type_money(qtbot, costs.maximum, 1000)
    wait_idle(qtbot, state)
    assert costs.message.isVisible() and said.args[0] == costs.message.text()
    assert "Auk maksimumsbeløpet" in said.args[0]
    assert not costs.save_button.isEnabled()
    assert not costs.table.isEnabled()

    with qtbot.waitSignal(costs.preview_shown, timeout=10_000):
        _type_money(qtbot, costs.maximum, 300_000)
    wait_idle(qtbot, state)
    assert not costs.message.isVisible()
    assert costs.save_button.isEnabled()
    qtbot.mouseClick(costs.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    year = costs.year.value()
    stored = cost_shares.get_budget(state.ctx, year)  # type: ignore[arg-type]
    assert stored.total_budget == 4_300_000 and stored.max_payment == 300_000
    assert stored.total == 4_300_000
    assert "Lagra fordeling" in costs.table_title.text()
    assert costs.stored_label.text().startswith("lagra")

    xlsx = tmp_path / "kostnader.xlsx"
    monkeypatch.setattr(cost_tab, "choose_file", lambda *a: xlsx)
    qtbot.mouseClick(costs.xlsx_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert xlsx.stat().st_size > 0
    pdf = tmp_path / "kostnader.pdf"
    monkeypatch.setattr(cost_tab, "choose_file", lambda *a: pdf)
    qtbot.mouseClick(costs.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert pdf.read_bytes().startswith(b"%PDF")

    # another year has nothing stored; going back shows the stored one
    costs.year.setValue(year + 1)
    wait_idle(qtbot, state)
    assert costs.stored_label.text() == "ikkje lagra"
    costs.year.setValue(year)
    wait_idle(qtbot, state)
    assert costs.total.value() == 4_300_000
    assert costs.recalculate_button.isEnabled()
    qtbot.mouseClick(costs.recalculate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert cost_shares.get_budget(state.ctx, year).total == 4_300_000  # type: ignore[arg-type]


def test_screens(qtbot: QtBot, state: AppState, tmp_path: Path) -> None:
    from ui.agreement.screens import save_screens

    view = started(qtbot, state)
    paths = save_screens(view, tmp_path)
    assert [p.name for p in paths] == [
        "agreement.png",
        "agreement-municipality.png",
        "cost-table.png",
    ]
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_main_window_lists_the_view() -> None:
    from ui.main_window import VIEWS

    keys = [k for k, *_rest in VIEWS]
    assert keys.index("agreement") == keys.index("documents") + 1
