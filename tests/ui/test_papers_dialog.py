"""«Saksframlegg …» and «Lagre sakspapir …» in the Møte view (issue 19), through the real
buttons: a paper that starts from the body's template, attachments added (a PDF; a text
file named .pdf refused with its reason), renamed, closed, moved, opened and removed, and
the internal and public sakspapir saved into the folder chosen."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pikepdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.services import meetings, papers
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from ui import errors as ui_errors
from ui.meetings import export, papers_dialog
from ui.meetings.papers_dialog import PapersDialog, TemplateDialog
from ui.meetings.view import MeetingsView
from ui.state import AppState

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from papers_kit import make_pdf

SHOTS = os.environ.get("DVMEET_PAPERS_SHOTS")  # a folder: save the screenshots there


def planned(ctx: Context) -> tuple[int, int]:
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=dt.date.today() + dt.timedelta(days=30),
            start_time=dt.time(10),
            place="Bergen rådhus",
        ),
    )
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Handlingsplan for digitalisering",
            recommendation="Handlingsplanen vert vedteken.",
        ),
    )
    return meeting.id, case.id


def shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def open_dialog(qtbot: QtBot, state: AppState, view: MeetingsView) -> PapersDialog:
    assert view.paper_button.isEnabled()
    qtbot.mouseClick(view.paper_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PapersDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PapersDialog)
    return dialog


def test_papers_and_attachments_of_a_case(
    qtbot: QtBot, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert state.ctx is not None
    meeting_id, case_id = planned(state.ctx)
    papers.update_template(
        state.ctx,
        papers.TemplateIn(body_code="RS", background="Bakgrunn frå malen.", economy="Ingen."),
    )
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(meeting_id, case_id)
    for _n in range(3):
        wait_idle(qtbot, state)
    assert view.meeting is not None and view.meeting.id == meeting_id
    view.select_case(case_id)
    dialog = open_dialog(qtbot, state, view)
    assert dialog.edits["background"].toPlainText() == "Bakgrunn frå malen."
    assert dialog.template_note.isVisible() and "malen" in dialog.template_note.text()
    assert dialog.recommendation.text() == "Handlingsplanen vert vedteken."

    # Attach a PDF, then a text file named .pdf (refused, nothing added).
    good = tmp_path / "Kostnadsoverslag.pdf"
    good.write_bytes(make_pdf("Kostnadsoverslag", pages=2))
    bad = tmp_path / "Notat.pdf"
    bad.write_bytes(b"Berre tekst, ikkje PDF.\n" * 20)
    second = tmp_path / "Risikovurdering.pdf"
    second.write_bytes(make_pdf("Risikovurdering"))
    chosen = iter([good, bad, second])
    monkeypatch.setattr(papers_dialog, "choose_file", lambda _parent: next(chosen))
    dialog.tabs.setCurrentIndex(1)
    for _n in range(3):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, state)
        wait_idle(qtbot, state)
        if _n == 1:
            assert dialog.attachment_message.isVisible()
            assert "ikkje ein PDF-fil" in dialog.attachment_message.text()
            assert dialog.table.rowCount() == 1
    assert [a.title for a in dialog.attachments] == ["Kostnadsoverslag", "Risikovurdering"]
    assert dialog.current_attachment() is not None
    assert dialog.current_attachment().title == "Risikovurdering"  # type: ignore[union-attr]

    # Close the selected one, move it up, rename it.
    qtbot.mouseClick(dialog.closed_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert dialog.current_attachment().closed  # type: ignore[union-attr]
    assert dialog.closed_button.text() == "Gjer open"
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert [a.title for a in dialog.attachments] == ["Risikovurdering", "Kostnadsoverslag"]
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()
    monkeypatch.setattr(papers_dialog, "ask_title", lambda _p, _t: "Risikovurdering (u.off.)")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    assert dialog.attachments[0].title == "Risikovurdering (u.off.)"
    assert dialog.table.item(0, 3).text() == "Nei – lukka"

    # Open it: the stored bytes, in a private file.
    opened: list[Path] = []
    monkeypatch.setattr(papers_dialog, "open_file", lambda path: opened.append(path) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert len(opened) == 1 and opened[0].read_bytes() == second.read_bytes()
    assert opened[0].stat().st_mode & 0o777 == 0o600
    shot(dialog, "papers_attachments.png")

    # Write the paper and save.
    dialog.tabs.setCurrentIndex(0)
    dialog.edits["assessment"].setPlainText("Planen gjev betre tenester.")
    shot(dialog, "papers_paper.png")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: not isinstance(QApplication.activeModalWidget(), PapersDialog))
    saved = papers.get_paper(state.ctx, case_id)
    assert saved.version >= 1 and not saved.from_template
    assert saved.background == "Bakgrunn frå malen."
    assert saved.assessment == "Planen gjev betre tenester."

    # Remove the closed one (confirmed), in a new dialog.
    dialog = open_dialog(qtbot, state, view)
    assert not dialog.template_note.isVisible()
    dialog.tabs.setCurrentIndex(1)
    dialog.table.selectRow(0)
    monkeypatch.setattr(ui_errors, "confirm", lambda *_a: True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert [a.title for a in dialog.attachments] == ["Kostnadsoverslag"]
    assert [a.title for a in papers.list_attachments(state.ctx, case_id)] == ["Kostnadsoverslag"]

    # The body's template from the dialog.
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TemplateDialog))
    template = QApplication.activeModalWidget()
    assert isinstance(template, TemplateDialog)
    assert template.edits["economy"].toPlainText() == "Ingen."
    template.edits["assessment"].setPlainText("Vurdering frå sekretariatet.")
    shot(template, "papers_template.png")
    qtbot.mouseClick(template.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: not template.isVisible())
    assert papers.get_template(state.ctx, "RS").assessment == "Vurdering frå sekretariatet."
    dialog.reject()

    # The sakspapir, internal and public, into the folder chosen.
    folder = tmp_path / "sakspapir"
    folder.mkdir()
    monkeypatch.setattr(export, "choose_folder", lambda _parent, _title: folder)
    assert view.export_sakspapir_button.isVisible()
    qtbot.mouseClick(view.export_sakspapir_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    wait_idle(qtbot, state)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and all(n.startswith("Sakspapir RS ") for n in names)
    assert view.action_message.isVisible()
    shot(view, "papers_view.png")
    for name in names:
        with pikepdf.open(io.BytesIO((folder / name).read_bytes())) as pdf:
            assert len(pdf.pages) >= 3  # notice, paper, the attachment's two pages


def test_an_approved_meetings_papers_are_shown_locked(
    qtbot: QtBot, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's constituent meeting is approved: its document case lists the adopted
    document as its automatic attachment, and nothing can be changed."""
    assert state.ctx is not None
    from dvmeet.domain.enums import MeetingStatus

    meeting, case = next(
        (m, c)
        for summary in meetings.list_meetings(state.ctx, "RS")
        if summary.status is MeetingStatus.APPROVED
        for m in [meetings.get_meeting(state.ctx, summary.id)]
        for c in m.cases
        if c.document_version_id is not None
    )
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(meeting.id, case.id)
    for _n in range(3):
        wait_idle(qtbot, state)
    view.select_case(case.id)
    dialog = open_dialog(qtbot, state, view)
    assert not dialog.ok_button.isEnabled()
    assert dialog.template_note.isVisible() and "låste" in dialog.template_note.text()
    assert all(edit.isReadOnly() for edit in dialog.edits.values())
    dialog.tabs.setCurrentIndex(1)
    assert dialog.attachments and dialog.attachments[0].automatic
    assert "(automatisk)" in dialog.table.item(0, 0).text()
    assert not dialog.add_button.isEnabled()
    for b in (dialog.rename_button, dialog.remove_button, dialog.up_button):
        assert not b.isEnabled()
    # the adopted document opens, rendered from its version
    opened: list[Path] = []
    monkeypatch.setattr(papers_dialog, "open_file", lambda path: opened.append(path) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, state)
    assert len(opened) == 1 and opened[0].read_bytes().startswith(b"%PDF")
    with pikepdf.open(opened[0]) as pdf:
        assert "Mandat" in str(pdf.docinfo.get("/Title"))
    shot(dialog, "papers_locked.png")
    dialog.reject()
