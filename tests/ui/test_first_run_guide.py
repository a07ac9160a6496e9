"""Done-when of issue 16: from no database, only through the first-run choice, the «Kom i
gang» guide and the set-up dialogs it opens: a cooperation with its details, the 43
municipalities, the bodies of a preset, members imported from the template the guide
saves, a planned meeting and its exported notice (with the letterhead). Once for a
kommunalt oppgåvefellesskap, once for an IKS. And the help window (F1) and Qt's own file
dialog in the interface language."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QToolButton
from pytestqt.qtbot import QtBot
from test_setup_dialogs import click, gone, meetings_view, shown
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.domain.enums import LegalForm
from dvmeet.services import registry
from ui.main_window import MainWindow
from ui.meetings.plan_dialog import PlanMeetingDialog
from ui.registry.import_dialog import ImportPreviewDialog
from ui.setup.cooperation_dialog import CooperationDialog
from ui.setup.guide import SetupGuide
from ui.setup.participation_dialog import ParticipationDialog
from ui.state import AppState


def _choose(name: str):  # type: ignore[no-untyped-def]
    def handle(dialog: QDialog) -> None:
        button = dialog.findChild(QPushButton, name)
        assert button is not None, name
        button.click()

    return handle


@pytest.fixture
def fresh(
    qtbot: QtBot, tmp_path: Path, ui_settings: QSettings
) -> Iterator[tuple[MainWindow, AppState, SetupGuide]]:
    """No database yet: the first-run dialog, «Opprett ny database», and the guide."""
    target = tmp_path / "ny.sqlite"
    assert not target.exists()
    state = AppState(ui_settings)
    main = MainWindow(state, str(target))
    main.resize(1200, 780)
    main.show()
    when_dialog_opens(qtbot, _choose("choice_create"))
    main.start()
    qtbot.waitUntil(lambda: state.is_open, timeout=30_000)
    guide = shown(qtbot, SetupGuide)  # opened by itself after the database was made
    wait_idle(qtbot, state)
    yield main, state, guide
    wait_idle(qtbot, state)
    main.close()


def _logo(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (160, 60), (31, 58, 95)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _step(qtbot: QtBot, guide: SetupGuide, row: int) -> None:
    click(qtbot, guide.next_button)
    assert guide.step == row


@pytest.mark.parametrize(
    ("preset", "form", "codes"),
    [
        ("oppgavefellesskap", LegalForm.OPPGAVEFELLESSKAP, ["KDM", "RS", "SG"]),
        ("iks", LegalForm.IKS, ["RS", "STY"]),
    ],
)
def test_from_no_database_to_an_exported_notice_through_the_guide(
    qtbot: QtBot,
    fresh: tuple[MainWindow, AppState, SetupGuide],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    preset: str,
    form: LegalForm,
    codes: list[str],
) -> None:
    main, state, guide = fresh
    ctx = state.ctx
    assert ctx is not None
    assert guide.state_labels["cooperation"].text() == "Ikkje registrert enno."

    # 1. The cooperation and its details
    click(qtbot, guide.findChild(QPushButton, "guide_open_cooperation"))
    coop = shown(qtbot, CooperationDialog)
    wait_idle(qtbot, state)
    qtbot.keyClicks(coop.name_edit, "Testregionen")
    coop.legal_form.setCurrentIndex(coop.legal_form.findData(form))
    coop.host.setCurrentIndex(coop.host.findData("4601"))
    qtbot.keyClicks(coop.org_number, "974 760 674")  # wrong check digit: said, not saved
    click(qtbot, coop.ok_button)
    assert coop.isVisible() and "kontrollsiffer" in coop.field_errors["org_number"].text()
    coop.org_number.setText("974 760 673")
    qtbot.keyClicks(coop.address, "Postboks 7900, 5020 Bergen")
    qtbot.keyClicks(coop.contact_name, "Randi Hope")
    qtbot.keyClicks(coop.letterhead, "Saman om tenestene")
    coop.set_logo_file(_logo(tmp_path / "logo.png"))
    assert coop.logo_preview.pixmap() is not None and not coop.logo_preview.pixmap().isNull()
    click(qtbot, coop.ok_button)
    qtbot.waitUntil(lambda: gone(coop), timeout=10_000)
    qtbot.waitUntil(
        lambda: guide.state_labels["cooperation"].text() == "Registrert: Testregionen.",
        timeout=10_000,
    )

    # 2. All 43 municipalities take part
    _step(qtbot, guide, 1)
    click(qtbot, guide.findChild(QPushButton, "guide_open_participation"))
    part = shown(qtbot, ParticipationDialog)
    wait_idle(qtbot, state)
    click(qtbot, part.all_button)
    assert len(part.checked()) == 43
    part.start.setDate(dt.date(2025, 1, 1))
    click(qtbot, part.ok_button)
    qtbot.waitUntil(lambda: gone(part), timeout=10_000)
    qtbot.waitUntil(
        lambda: guide.state_labels["participation"].text() == "43 kommunar deltek.",
        timeout=10_000,
    )

    # 3. The bodies of the preset: the one of the legal form is chosen already
    _step(qtbot, guide, 2)
    qtbot.waitUntil(lambda: guide.chosen_preset() is not None, timeout=10_000)
    assert guide.chosen_preset().key == preset  # type: ignore[union-attr]
    guide.choose_preset(preset)
    assert guide.chosen_preset() is not None and guide.chosen_preset().key == preset
    assert "Heimel" in guide.preset_text.text()
    click(qtbot, guide.apply_button)
    qtbot.waitUntil(lambda: guide.preset_message.text().startswith("Laga organa"), timeout=10_000)
    wait_idle(qtbot, state)
    bodies = {b.code: b for b in registry.list_bodies(ctx)}
    assert sorted(bodies) == codes
    assert bodies["RS"].seats == 43
    qtbot.waitUntil(lambda: not guide.apply_button.isEnabled(), timeout=10_000)

    # 4. Members from the template the guide saves
    _step(qtbot, guide, 3)
    template = tmp_path / "medlemer.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(template), ""))
    )
    click(qtbot, guide.findChild(QPushButton, "guide_save_template"))
    qtbot.waitUntil(lambda: "Malen er lagra" in guide.template_message.text(), timeout=10_000)
    assert template.exists()
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.max_row == 1 and header[:5] == [
        "namn",
        "e-post",
        "telefon",
        "kommunenummer",
        "organ",
    ]
    assert "RS" in [row[0].value for row in book.worksheets[1].iter_rows()]
    numbers = [m.number for m in registry.list_municipalities(ctx)]
    for i, number in enumerate(numbers):
        role = "leiar" if i == 0 else "nestleiar" if i == 1 else "medlem"
        sheet.append([f"Medlem {number}", None, None, number, "RS", role, None, "2025-01-01"])
    filled = tmp_path / "medlemer-utfylt.xlsx"
    book.save(filled)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(filled), ""))
    )
    click(qtbot, guide.findChild(QPushButton, "guide_import"))
    preview = shown(qtbot, ImportPreviewDialog)
    wait_idle(qtbot, state)
    click(qtbot, preview.import_button)
    qtbot.waitUntil(lambda: gone(preview), timeout=20_000)
    qtbot.waitUntil(
        lambda: guide.state_labels["members"].text() == "43 medlemskap er registrerte.",
        timeout=10_000,
    )

    # 5. The first meeting, and its notice
    _step(qtbot, guide, 4)
    click(qtbot, guide.findChild(QPushButton, "guide_plan"))
    view = meetings_view(main)
    plan = view.dialog
    assert isinstance(plan, PlanMeetingDialog)
    plan.body.setCurrentIndex(plan.body.findData("RS"))
    plan.date.setDate(dt.date.today() + dt.timedelta(days=40))
    qtbot.keyClicks(plan.place, "Bergen rådhus")
    click(qtbot, plan.ok_button)
    qtbot.waitUntil(lambda: gone(plan), timeout=10_000)
    qtbot.waitUntil(lambda: view.meeting is not None, timeout=10_000)
    wait_idle(qtbot, state)
    assert guide.state_labels["meeting"].text() == "1 møte er planlagt."
    folder = tmp_path / "innkalling"
    folder.mkdir()
    monkeypatch.setattr("ui.meetings.export.choose_folder", lambda *a: folder)

    # «Send innkalling …»: confirmed, marked as sent, then saved where the user chooses
    def send(box: QDialog) -> None:
        button = next(b for b in box.findChildren(QPushButton) if b.text() == "Send innkalling")
        button.click()

    when_dialog_opens(qtbot, send)
    click(qtbot, view.send_button)
    qtbot.waitUntil(lambda: any(folder.glob("*.pdf")), timeout=30_000)
    wait_idle(qtbot, state)
    pdf = sorted(folder.glob("*.pdf"))[0]
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Testregionen" in text and "Org.nr. 974 760 673" in text
    assert "Saman om tenestene" in text
    guide.close()


def test_each_step_can_be_skipped_and_the_guide_comes_back(
    qtbot: QtBot, fresh: tuple[MainWindow, AppState, SetupGuide]
) -> None:
    main, state, guide = fresh
    # every main view of the empty database says what to do next
    main.show_view("registry")
    hint = main.view("registry").findChild(QLabel, "registry_no_body")
    qtbot.waitUntil(lambda: hint is not None and hint.isVisible(), timeout=10_000)
    assert "Kom i gang" in hint.text()
    main.show_view("meetings")
    for row in range(1, 5):
        _step(qtbot, guide, row)
    assert not guide.next_button.isEnabled()
    guide.close()
    qtbot.waitUntil(lambda: gone(guide), timeout=5_000)
    action = next(
        a for a in main.findChildren(type(main.backup_action)) if a.text() == "&Kom i gang …"
    )
    action.trigger()
    again = shown(qtbot, SetupGuide)
    assert again.step == 0
    wait_idle(qtbot, state)
    # nothing done: every step says so, the preset button waits for participants
    assert again.state_labels["bodies"].text() == "Ingen organ enno."
    again.steps.setCurrentRow(2)
    click(qtbot, again.apply_button)
    qtbot.waitUntil(
        lambda: "Vel dei deltakande kommunane fyrst" in again.preset_message.text(), timeout=10_000
    )
    assert state.ctx is not None and registry.list_bodies(state.ctx) == []
    again.close()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nn", "Brukarrettleiing for dvmeet"), ("nb", "Brukerveiledning for dvmeet")],
)
def test_f1_opens_the_guide_in_the_interface_language(
    qtbot: QtBot, fresh: tuple[MainWindow, AppState, SetupGuide], language: str, heading: str
) -> None:
    from dvmeet.i18n import set_language
    from ui.help import PAGES, HelpWindow

    main, _state, guide = fresh
    guide.close()
    set_language(language)
    try:
        main.install_shortcuts()
        action = next(
            a
            for a in main.findChildren(type(main.backup_action))
            if a.text() == "&Brukarrettleiing"
        )
        assert action.shortcut().toString() == "F1"
        action.trigger()
        window = shown(qtbot, HelpWindow)
        assert heading in window.browser.toPlainText()
        for page in PAGES:  # every page is there, in that language, and links back
            window.show_page(page)
            text = window.browser.toPlainText()
            assert len(text) > 200, page
            if page != "index":
                assert ("Til innhaldet" if language == "nn" else "Til innholdet") in text
        window.show_page("index")
        window.browser.setSource(window.browser.source().resolved(QUrl("motebok.html")))
        assert "Godkjenn" in window.browser.toPlainText()
        window.close()
    finally:
        set_language("nn")


ENGLISH = {
    "Look in:",
    "File name:",
    "Files of type:",
    "Open",
    "Save",
    "Cancel",
    "Back",
    "Forward",
    "Parent Directory",
    "Create New Folder",
    "List View",
    "Detail View",
    "Name",
    "Size",
    "Date Modified",
}  # fmt: skip  ("Type" is Norwegian too)


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_file_dialog_speaks_the_interface_language(qtbot: QtBot, language: str) -> None:
    from PySide6.QtWidgets import QApplication, QHeaderView

    from ui.help.qt_words import qt_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = qt_translators(language, app)
    for translator in installed:
        app.installTranslator(translator)
    try:
        for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
            dialog = QFileDialog(None, "x")
            qtbot.addWidget(dialog)
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.setAcceptMode(mode)
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            dialog.show()
            words = [w.text() for w in dialog.findChildren(QLabel)]
            words += [b.text() for b in dialog.findChildren(QPushButton)]
            words += [b.toolTip() for b in dialog.findChildren(QToolButton)]
            for header in dialog.findChildren(QHeaderView):
                model = header.model()
                words += [
                    str(model.headerData(i, Qt.Orientation.Horizontal))
                    for i in range(model.columnCount())
                ]
            shown_words = {w.replace("&", "") for w in words if w}
            assert shown_words, "the dialog shows words"
            assert not shown_words & ENGLISH, sorted(shown_words & ENGLISH)
            assert {"Avbryt"} <= shown_words
            dialog.close()
    finally:
        for translator in installed:
            app.removeTranslator(translator)


def test_a_municipality_not_in_the_list_is_added_from_the_participation_dialog(
    qtbot: QtBot, fresh: tuple[MainWindow, AppState, SetupGuide]
) -> None:
    from ui.setup.participation_dialog import AddMunicipalityDialog

    _main, state, guide = fresh
    click(qtbot, guide.findChild(QPushButton, "guide_next"))
    click(qtbot, guide.findChild(QPushButton, "guide_open_participation"))
    part = shown(qtbot, ParticipationDialog)
    wait_idle(qtbot, state)
    click(qtbot, part.add_button)
    add = shown(qtbot, AddMunicipalityDialog)
    qtbot.keyClicks(add.number_edit, "4601")  # there already: said under the number
    qtbot.keyClicks(add.name_edit, "Bergen")
    click(qtbot, add.ok_button)
    qtbot.waitUntil(lambda: "finst alt" in add.field_errors["number"].text(), timeout=10_000)
    add.number_edit.setText("1508")
    add.name_edit.setText("Ålesund")
    click(qtbot, add.ok_button)
    qtbot.waitUntil(lambda: gone(add), timeout=10_000)
    assert part.checked() == ["1508"] and part.ok_button.text() == "Lagre for 1 kommune"
    part.start.setDate(dt.date(2025, 1, 1))
    click(qtbot, part.ok_button)
    qtbot.waitUntil(lambda: gone(part), timeout=10_000)
    qtbot.waitUntil(
        lambda: guide.state_labels["participation"].text() == "1 kommune deltek.",
        timeout=10_000,
    )
    guide.close()
