"""Dialogs of the Dokument view: a new governing document, and a new version of one.

Each dialog calls its service itself when the user presses OK, stays open while the
worker runs, and shows a refusal (for example "identical to version 2") inside the dialog,
next to the fields, instead of closing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import DocumentKind
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services import governing
from dvmeet.services.governing import DocumentIn, DocumentOut, VersionIn, VersionOut
from ui.colours import accent
from ui.errors import describe
from ui.state import AppState


def kind_word(kind: DocumentKind) -> str:
    """The kind of a governing document (translated when asked)."""
    return label(kind)


def read_text_file(path: str) -> str:
    """A .txt or .md file as text: UTF-8 (with or without BOM), else Windows-1252."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class _ServiceDialog(QDialog):
    """OK runs a service call; the dialog closes only when it succeeds."""

    def __init__(self, state: AppState, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.state = state
        self.result_value: Any = None
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {accent('error')};")
        self.error.setAccessibleName(_("Feilmelding"))
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def problem(self) -> str | None:
        return None

    def call(self) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        message = self.problem()
        if message:
            self.show_error(message)
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self.call()

    def succeeded(self, result: object) -> None:
        self.result_value = result
        self.buttons.setEnabled(True)
        self.accept()

    def failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_error(describe(exc))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class NewDocumentDialog(_ServiceDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setWindowTitle(_("Nytt styringsdokument"))
        self.setMinimumWidth(460)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(_("Til dømes «Mandat for styringsgruppa»"))
        self.title.setAccessibleName(_("Tittel"))
        self.title.setMaxLength(300)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName(_("Type dokument"))
        for kind in DocumentKind:
            self.kind.addItem(kind_word(kind), kind.value)
        form = QFormLayout()
        form.addRow(_("&Tittel:"), self.title)
        form.addRow(_("T&ype:"), self.kind)
        hint = QLabel(_("Teksten legg du inn etterpå, som første versjon."))
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Opprett"))

    def problem(self) -> str | None:
        return None if self.title.text().strip() else _("Skriv ein tittel på dokumentet.")

    def call(self) -> None:
        data = DocumentIn(kind=DocumentKind(self.kind.currentData()), title=self.title.text())
        self.state.call(
            governing.create_document,
            data,
            on_done=self.succeeded,
            on_error=self.failed,
        )

    @property
    def document(self) -> DocumentOut | None:
        return self.result_value if isinstance(self.result_value, DocumentOut) else None


class NewVersionDialog(_ServiceDialog):
    """The text of the new version: pasted, typed or read from a .txt/.md file."""

    def __init__(
        self,
        state: AppState,
        document: DocumentOut,
        start_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.document = document
        number = len(document.versions) + 1
        self.setWindowTitle(_("Ny versjon av «{title}»").format(title=document.title))
        self.resize(760, 620)
        intro = QLabel(
            _(
                "Versjon {number}. Lim inn eller skriv teksten, eller hent han frå ei "
                "tekstfil (.txt eller .md)."
            ).format(number=number)
            + (
                _(" Teksten i versjon {last} står der alt; endre det som er nytt.").format(
                    last=number - 1
                )
                if start_text
                else ""
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setAccessibleName(_("Tekst"))
        self.text.setPlainText(start_text)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.text.setFont(font)
        self.from_file = QPushButton(_("&Hent frå fil …"))
        self.from_file.setObjectName("from_file")
        self.from_file.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setEnabled(False)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(500)
        self.note.setAccessibleName(_("Merknad"))
        self.note.setPlaceholderText(_("Til dømes «Framlegg til representantskapet, mars»"))
        top = QHBoxLayout()
        top.addWidget(self.from_file)
        top.addWidget(self.file_label, 1)
        form = QFormLayout()
        form.addRow(_("&Merknad:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lagre versjonen"))
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Hent tekst frå fil"), "", _("Tekstfiler (*.txt *.md);;Alle filer (*)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        try:
            self.text.setPlainText(read_text_file(path))
        except OSError as exc:
            self.show_error(_("Fila kunne ikkje lesast: {error}").format(error=exc.strerror))
            return
        self.file_label.setText(Path(path).name)
        self.error.hide()

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return _("Versjonen har ingen tekst. Lim inn teksten eller hent han frå ei fil.")
        return None

    def call(self) -> None:
        data = VersionIn(
            document_id=self.document.id,
            content=self.text.toPlainText(),
            note=self.note.text().strip() or None,
        )
        self.state.call(
            governing.add_version,
            data,
            on_done=self.succeeded,
            on_error=self.failed,
        )

    @property
    def version(self) -> VersionOut | None:
        return self.result_value if isinstance(self.result_value, VersionOut) else None
