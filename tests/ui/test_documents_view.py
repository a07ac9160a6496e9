"""Dokument: create a document, add two versions, see the differences (real widgets)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from ui.documents.dialogs import NewVersionDialog, read_text_file
from ui.documents.diff import diff_html
from ui.documents.view import DocumentsView
from ui.state import AppState


def make_view(qtbot: QtBot, state: AppState) -> DocumentsView:
    view = DocumentsView(state)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    wait_idle(qtbot, state)
    return view


def press_ok(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_demo_documents_show_versions_and_adoptions(
    qtbot: QtBot, state: AppState, qtmodeltester
) -> None:
    view = make_view(qtbot, state)
    titles = [d.title for d in view.document_model.rows]
    assert titles, "the demo has governing documents"
    qtmodeltester.check(view.document_model)
    qtmodeltester.check(view.document_proxy)
    qtmodeltester.check(view.version_model)
    adopted = [d for d in view.document_model.rows if any(v.adopted_in for v in d.versions)]
    assert adopted, "the constituent meeting adopted versions"
    view.show_version(adopted[0].id)
    wait_idle(qtbot, state)
    assert view.current_document() is not None
    assert view.current_document().id == adopted[0].id  # type: ignore[union-attr]
    assert "Vedteken" in " ".join(
        view.version_model.data(view.version_model.index(r, 2))
        for r in range(view.version_model.rowCount())
    )
    assert view.text.toPlainText().strip()


def test_create_a_document_add_two_versions_and_see_the_difference(
    qtbot: QtBot, state: AppState, qtmodeltester
) -> None:
    view = make_view(qtbot, state)
    before = len(view.document_model.rows)

    def create(dialog: QDialog) -> None:
        title = dialog.findChild(QLineEdit, "title")
        assert isinstance(title, QLineEdit)
        title.setText("Retningsliner for innkjøp")
        press_ok(dialog)

    when_dialog_opens(qtbot, create)
    view.new_document_button.click()
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: len(view.document_model.rows) == before + 1)
    doc = view.current_document()
    assert doc is not None and doc.title == "Retningsliner for innkjøp"
    assert "ingen tekst" in view.text_heading.text()

    def first_version(dialog: QDialog) -> None:
        text = dialog.findChild(QPlainTextEdit, "text")
        assert isinstance(text, QPlainTextEdit) and text.toPlainText() == ""
        text.setPlainText("Innkjøp over 100 000 kr går til styringsgruppa.\nÅrleg rapport.")
        note = dialog.findChild(QLineEdit, "note")
        assert isinstance(note, QLineEdit)
        note.setText("Første utkast")
        press_ok(dialog)

    when_dialog_opens(qtbot, first_version)
    view.new_version_button.click()
    wait_idle(qtbot, state)
    qtbot.waitUntil(lambda: view.current_version() is not None)
    assert view.current_version().version_no == 1  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "Årleg rapport." in view.text.toPlainText())

    seen: list[str] = []

    def second_version(dialog: QDialog) -> None:
        text = dialog.findChild(QPlainTextEdit, "text")
        assert isinstance(text, QPlainTextEdit)
        seen.append(text.toPlainText())  # starts from the latest version's text
        text.setPlainText(
            "Innkjøp over 200 000 kr går til styringsgruppa.\nÅrleg rapport.\nKlage til leiar."
        )
        press_ok(dialog)

    when_dialog_opens(qtbot, second_version)
    view.new_version_button.click()
    qtbot.waitUntil(
        lambda: view.current_version() is not None and view.current_version().version_no == 2,  # type: ignore[union-attr]
        timeout=10_000,
    )
    wait_idle(qtbot, state)
    assert seen == ["Innkjøp over 100 000 kr går til styringsgruppa.\nÅrleg rapport."]
    qtmodeltester.check(view.version_model)
    assert view.version_model.rowCount() == 2

    with qtbot.waitSignal(view.diff_shown, timeout=10_000):
        view.tabs.setCurrentIndex(1)
    assert view.old_combo.currentIndex() == 0 and view.new_combo.currentIndex() == 1
    shown = view.diff.toPlainText()
    assert "2 linjer lagde til, 1 linjer fjerna." in shown
    assert "200 000" in shown and "100 000" in shown and "Klage til leiar." in shown
    html = view.diff.toHtml().lower()
    assert "#e6f4ea" in html and "#fce8e6" in html

    # The same version compared with itself
    with qtbot.waitSignal(view.diff_shown, timeout=10_000):
        view.old_combo.setCurrentIndex(1)
    assert "to ulike versjonar" in view.diff.toPlainText()


def test_identical_text_is_refused_inside_the_dialog(qtbot: QtBot, state: AppState) -> None:
    view = make_view(qtbot, state)
    doc = next(d for d in view.document_model.rows if d.versions)
    view.show_version(doc.id)
    wait_idle(qtbot, state)
    messages: list[str] = []

    def same_again(dialog: QDialog) -> None:
        press_ok(dialog)  # the text is the latest version's, unchanged
        error = dialog.findChild(QLabel, "error")
        assert isinstance(error, QLabel)
        qtbot.waitUntil(error.isVisible, timeout=10_000)
        messages.append(error.text())
        dialog.reject()

    when_dialog_opens(qtbot, same_again)
    view.new_version_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    wait_idle(qtbot, state)
    assert "Teksten er lik versjon" in messages[0]
    assert len(view.current_document().versions) == len(doc.versions)  # type: ignore[union-attr]


def test_text_is_read_from_a_file(qtbot: QtBot, state: AppState, tmp_path: Path) -> None:
    md = tmp_path / "strategi.md"
    md.write_text("# Strategi\n\nMål: open og trygg forvaltning.\n", encoding="utf-8")
    legacy = tmp_path / "gammal.txt"
    legacy.write_bytes("Tiltak for året: økonomi.".encode("cp1252"))
    assert read_text_file(str(legacy)) == "Tiltak for året: økonomi."
    view = make_view(qtbot, state)
    doc = view.document_model.rows[0]
    dialog = NewVersionDialog(state, doc, "", view)
    qtbot.addWidget(dialog)
    dialog.load_file(str(md))
    assert dialog.text.toPlainText().startswith("# Strategi")
    assert dialog.file_label.text() == "strategi.md"
    dialog.load_file(str(tmp_path / "finst-ikkje.txt"))
    assert dialog.error.isVisibleTo(dialog)
    assert "kunne ikkje lesast" in dialog.error.text()


def test_diff_html_marks_without_relying_on_colour() -> None:
    html = diff_html(
        ["--- versjon 1", "+++ versjon 2", "@@ -1,2 +1,2 @@", " same", "-old <b>", "+new"]
    )
    assert "Frå linje 1" in html and "&lt;b&gt;" in html
    assert ">+<" in html and ">−<" in html
    assert "same tekst" in diff_html([])


def test_titles_and_notes_are_shown_as_typed_not_as_markup(qtbot: QtBot, state: AppState) -> None:
    from dvmeet.domain.enums import DocumentKind
    from dvmeet.services import governing

    assert state.ctx is not None
    title = "<i>Avtale</i> & <b>plan</b>"
    doc = governing.create_document(
        state.ctx, governing.DocumentIn(kind=next(iter(DocumentKind)), title=title)
    )
    governing.add_version(
        state.ctx, governing.VersionIn(document_id=doc.id, content="Tekst.", note="<u>utkast</u>")
    )
    view = make_view(qtbot, state)
    view.show_version(doc.id)
    wait_idle(qtbot, state)
    heading = view.findChild(QLabel, "text_heading")
    assert heading is not None
    assert heading.text().count("&lt;i&gt;Avtale&lt;/i&gt; &amp; &lt;b&gt;plan&lt;/b&gt;") == 1
    assert "&lt;u&gt;utkast&lt;/u&gt;" in heading.text()
    assert view.versions_heading.textFormat() == Qt.TextFormat.PlainText
    assert title in view.versions_heading.text()
