"""Add or edit a case on the case list (M-8, O-1, O-2, H-2)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from dvmeet.domain.enums import CaseKind, ClosureBasis
from dvmeet.domain.legal import format_reference
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.meetings.models import CaseIn, CaseOut, ChoiceOut, UpdateCaseIn
from ui.conflict import ConflictDialog, differences, open_conflict, shown
from ui.meetings.form import ServiceDialog
from ui.meetings.words import case_kind_word, closure_text, closure_word
from ui.state import AppState

BASIS_TEXT_WIDTH = 72  # characters per line of the explanation under "Heimel"

OPTIONAL = (
    "public_title",
    "closure_basis",
    "closure_note",
    "recommendation",
    "description",
    "preparer_person_id",
    "document_version_id",
)


def field_labels() -> list[tuple[str, str]]:
    """The case's editable fields and their names, in the order of the form."""
    return [
        ("title", _("Tittel")),
        ("closed", _("Lukka sak")),
        ("public_title", _("Offentleg tittel")),
        ("closure_basis", _("Heimel for lukking")),
        ("closure_note", _("Merknad til heimelen")),
        ("recommendation", _("Innstilling")),
        ("description", _("Saksutgreiing")),
        ("preparer_person_id", _("Sakshandsamar")),
        ("document_version_id", _("Dokumentversjon")),
        ("qualified_majority", _("Kvalifisert fleirtal")),
        ("is_election", _("Val")),
        ("seats_to_fill", _("Tal som skal veljast")),
        ("decision_public", _("Vedtaket er offentleg")),
    ]


def _text_edit(name: str, accessible: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


class CaseDialog(ServiceDialog):
    """With `case` given it edits that case; otherwise it adds a case to `meeting_id`.

    An edit is saved on the version the dialog was opened with (`based_on`); when someone
    else has saved the case since, a ConflictDialog (`conflict`) asks what to do."""

    def __init__(
        self,
        state: AppState,
        meeting_id: int,
        persons: Sequence[ChoiceOut],
        versions: Sequence[ChoiceOut],
        case: CaseOut | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Ny sak") if case is None else _("Endre {label}").format(label=case.label)
        super().__init__(state, title, parent)
        self.setObjectName("case_dialog")
        self.setMinimumWidth(640)
        self.meeting_id = meeting_id
        self.case = case
        self.based_on = case  # the saved version this edit builds on
        self.conflict: ConflictDialog | None = None
        form = QFormLayout()
        form.setSpacing(8)

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName(_("Sakstype"))
        for k in CaseKind:
            self.kind.addItem(case_kind_word(k), k.value)
        self.kind.setEnabled(case is None)  # the number follows the kind; it is kept once given
        form.addRow(_("Sakst&ype:"), self.kind)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setAccessibleName(_("Tittel"))
        form.addRow(_("&Tittel:"), self.title)

        self.closed = QGroupBox(_("Lukka sak – unnateke offentlegheit (u.off.)"))
        self.closed.setObjectName("closed")
        self.closed.setAccessibleName(_("Lukka sak"))
        self.closed.setCheckable(True)
        self.closed.setChecked(False)
        closed_form = QFormLayout(self.closed)
        self.public_title = QLineEdit()
        self.public_title.setObjectName("public_title")
        self.public_title.setAccessibleName(_("Offentleg tittel"))
        self.public_title.setPlaceholderText(_("Tittelen som står i offentlege dokument"))
        closed_form.addRow(_("&Offentleg tittel:"), self.public_title)
        self.basis = QComboBox()
        self.basis.setObjectName("closure_basis")
        self.basis.setAccessibleName(_("Heimel for lukking"))
        for b in ClosureBasis:
            self.basis.addItem(closure_word(b), b.value)
            self.basis.setItemData(
                self.basis.count() - 1, closure_text(b), Qt.ItemDataRole.ToolTipRole
            )
        self.note = QLineEdit()
        self.note.setObjectName("closure_note")
        self.note.setAccessibleName(_("Merknad til heimelen"))
        self.note.setPlaceholderText(_("til dømes offl. § 13 eller fvl. § 13"))
        basis_row = QHBoxLayout()
        basis_row.addWidget(self.basis)
        basis_row.addWidget(self.note, 1)
        closed_form.addRow(_("Heimel:"), basis_row)
        self.basis_text = QLabel()
        # Wrapped here, not by Qt: a word-wrapped label in a form inside a group box gets
        # the height of a wider label and its lines overlap the next row.
        self.basis_text.setWordWrap(False)
        self.basis_text.setEnabled(False)
        closed_form.addRow("", self.basis_text)
        self.basis.currentIndexChanged.connect(self._show_basis_text)
        self.note.textChanged.connect(self._show_basis_text)
        self._show_basis_text()
        # O-2: often only the case papers are exempt, and the decision itself is public
        self.decision_public = QCheckBox(
            _("Vedtaket er offentleg (berre saksdokumenta er unnatekne)")
        )
        self.decision_public.setObjectName("decision_public")
        closed_form.addRow("", self.decision_public)
        form.addRow(self.closed)

        self.recommendation = _text_edit(
            "recommendation",
            _("Innstilling"),
            70,
            _("Framlegg til vedtak – blir det fyrste framlegget i møtet"),
        )
        form.addRow(_("&Innstilling:"), self.recommendation)
        self.description = _text_edit("description", _("Saksutgreiing"), 70)
        form.addRow(_("Saks&utgreiing:"), self.description)

        self.preparer = QComboBox()
        self.preparer.setObjectName("preparer")
        self.preparer.setAccessibleName(_("Sakshandsamar"))
        self.preparer.setEditable(True)
        self.preparer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.preparer.addItem(_("(ingen)"), None)
        for p in persons:
            self.preparer.addItem(p.label, p.id)
        completer = self.preparer.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        form.addRow(_("Saks&handsamar:"), self.preparer)

        self.version = QComboBox()
        self.version.setObjectName("document_version")
        self.version.setAccessibleName(_("Dokumentversjon som blir vedteken"))
        self.version.addItem(_("(ingen)"), None)
        for v in versions:
            self.version.addItem(v.label, v.id)
        form.addRow(_("&Dokumentversjon:"), self.version)

        flags = QHBoxLayout()
        self.qualified = QCheckBox(_("Krev kvalifisert fleirtal"))
        self.qualified.setObjectName("qualified_majority")
        self.election = QCheckBox(_("Saka er eit val"))
        self.election.setObjectName("is_election")
        flags.addWidget(self.qualified)
        flags.addWidget(self.election)
        # Q-4, M-7: an election may elect several in one round (two signatories)
        self.seats_label = QLabel(_("Tal som skal veljast:"))
        self.seats_to_fill = QSpinBox()
        self.seats_to_fill.setObjectName("seats_to_fill")
        self.seats_to_fill.setAccessibleName(_("Tal som skal veljast"))
        self.seats_to_fill.setRange(1, 99)
        self.seats_label.setBuddy(self.seats_to_fill)
        flags.addWidget(self.seats_label)
        flags.addWidget(self.seats_to_fill)
        self.election.toggled.connect(self.seats_to_fill.setEnabled)
        self.seats_to_fill.setEnabled(False)
        flags.addStretch(1)
        form.addRow("", flags)
        self.form_area.addLayout(form)

        if case is not None:
            self._fill(case)
        self.ok_button.setText(_("Legg til") if case is None else _("Lagre"))
        self.title.setFocus()

    def set_read_only(self) -> None:
        """For a meeting that has started or is frozen: show the case, change nothing."""
        self.setWindowTitle(self.case.label if self.case else self.windowTitle())
        self.ok_button.setVisible(False)
        for edit in (self.title, self.public_title, self.note):
            edit.setReadOnly(True)
        for text in (self.recommendation, self.description):
            text.setReadOnly(True)
        for widget in (self.kind, self.basis, self.preparer, self.version):
            widget.setEnabled(False)
        if self.closed.isChecked():
            self.closed.setCheckable(False)  # shown, not changeable
        else:
            self.closed.setEnabled(False)
        self.qualified.setEnabled(False)
        self.election.setEnabled(False)
        self.seats_to_fill.setEnabled(False)
        self.decision_public.setEnabled(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Lukk"))

    def _show_basis_text(self) -> None:
        value = self.basis.currentData()
        if not value:
            self.basis_text.setText("")
            return
        basis = ClosureBasis(value)
        shown = _("I dokumenta: {reference}").format(
            reference=format_reference(basis, self.note.text())
        )
        explained = textwrap.fill(closure_text(basis), BASIS_TEXT_WIDTH)
        self.basis_text.setText(f"{explained}\n{shown}")

    def _fill(self, case: CaseOut) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(case.kind.value), 0))
        self.title.setText(case.title)
        self.closed.setChecked(case.closed)
        self.public_title.setText(case.public_title or "")
        if case.closure_basis is not None:
            self.basis.setCurrentIndex(max(self.basis.findData(case.closure_basis.value), 0))
        self.note.setText(self.note_of(case))
        self.recommendation.setPlainText(case.recommendation or "")
        self.description.setPlainText(case.description or "")
        self._select(self.preparer, case.preparer_person_id)
        self._select(self.version, case.document_version_id)
        self.qualified.setChecked(case.qualified_majority)
        self.election.setChecked(case.is_election)
        self.seats_to_fill.setValue(case.seats_to_fill)
        self.decision_public.setChecked(case.decision_public)

    @staticmethod
    def note_of(case: CaseOut) -> str:
        return case.closure_note or "" if case.closure_basis is not None else ""

    @staticmethod
    def _select(combo: QComboBox, value: int | None) -> None:
        i = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(i, 0))

    def _preparer_id(self) -> int | None:
        """The chosen person; a typed name that matches no one counts as none."""
        text = self.preparer.currentText().strip()
        i = self.preparer.findText(text, Qt.MatchFlag.MatchFixedString)
        if i < 0:
            return None
        value = self.preparer.itemData(i)
        return int(value) if value is not None else None

    def values(self) -> dict[str, Any]:
        closed = self.closed.isChecked()
        basis = self.basis.currentData() if closed else None
        version = self.version.currentData()
        return {
            "title": self.title.text().strip(),
            "closed": closed,
            "public_title": (self.public_title.text().strip() or None) if closed else None,
            "closure_basis": ClosureBasis(basis) if basis else None,
            "closure_note": (self.note.text().strip() or None) if closed else None,
            "recommendation": self.recommendation.toPlainText().strip() or None,
            "description": self.description.toPlainText().strip() or None,
            "preparer_person_id": self._preparer_id(),
            "document_version_id": int(version) if version is not None else None,
            "qualified_majority": self.qualified.isChecked(),
            "is_election": self.election.isChecked(),
            "seats_to_fill": self.seats_to_fill.value() if self.election.isChecked() else 1,
            "decision_public": closed and self.decision_public.isChecked(),
        }

    @classmethod
    def stored_values(cls, case: CaseOut) -> dict[str, Any]:
        """The saved case in the form's terms (the keys of `values`)."""
        return {
            "title": case.title,
            "closed": case.closed,
            "public_title": case.public_title,
            "closure_basis": case.closure_basis,
            "closure_note": cls.note_of(case) or None,
            "recommendation": case.recommendation,
            "description": case.description,
            "preparer_person_id": case.preparer_person_id,
            "document_version_id": case.document_version_id,
            "qualified_majority": case.qualified_majority,
            "is_election": case.is_election,
            "seats_to_fill": case.seats_to_fill,
            "decision_public": case.decision_public,
        }

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        values = self.values()
        if self.case is None:
            data = CaseIn(
                meeting_id=self.meeting_id, kind=CaseKind(self.kind.currentData()), **values
            )
            return meetings.add_case, (data,)
        old = self.case
        current = self.stored_values(old)
        changed = {k: v for k, v in values.items() if v != current[k]}
        if not changed:
            return None
        clear = frozenset(k for k, v in changed.items() if v is None and k in OPTIONAL)
        update = UpdateCaseIn(
            case_id=old.id,
            clear=clear,
            expected_version=(self.based_on or old).version,
            **{k: v for k, v in changed.items() if k not in clear},
        )
        return meetings.update_case, (update,)

    # --- saved by someone else meanwhile ------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, CaseOut):
            self._running = False
            self.ok_button.setEnabled(True)
            self.show_problem("")
            self._changed_elsewhere(exc.current)
            return
        super()._failed(exc)

    def shown_value(self, key: str, value: Any) -> str:
        combo = {"preparer_person_id": self.preparer, "document_version_id": self.version}.get(key)
        if combo is not None and value is not None:
            index = combo.findData(value)
            return combo.itemText(index) if index >= 0 else str(value)
        if key == "closure_basis" and value is not None:
            return closure_word(ClosureBasis(value))
        return shown(value)

    def _changed_elsewhere(self, current: CaseOut) -> None:
        assert self.case is not None
        rows = differences(
            field_labels(),
            self.stored_values(self.case),
            self.values(),
            self.stored_values(current),
            self.shown_value,
        )
        what = _("saka {label}").format(label=current.label)
        open_conflict(
            self,
            self.state,
            what,
            rows,
            area="meetings",
            save_mine=lambda: self._save_on(current),
            back_to_form=self.show_problem,
        )

    def _save_on(self, current: CaseOut) -> None:
        self.based_on = current  # overwrite knowingly: build on what is saved now
        self.submit()
