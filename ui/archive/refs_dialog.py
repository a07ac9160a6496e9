"""«Arkivreferansar …» (issue 19): the archive's references of a meeting and each of its
cases, in a list; the selected one edited below it and saved on its own (with the version
read), or all of them read back from the archive's receipt. References are not part of
the record, so they can be set after the minutes are approved."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import archive
from dvmeet.services.archive.models import ArchiveRefIn, ArchiveRefOut, ArchiveRefs, ReceiptRead
from ui.colours import message_style
from ui.meetings.form import error_label, problem_text
from ui.state import AppState
from ui.table import Column, RowsModel, make_table, select_where, selected_row


def choose_receipt(parent: QWidget | None) -> Path | None:
    """Ask for the archive's receipt (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Vel kvitteringa frå arkivet"), "", _("Kvittering (*.xml);;Alle filer (*)")
    )
    return Path(path) if path else None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _columns() -> list[Column[ArchiveRefOut]]:
    return [
        Column(_("Gjeld"), lambda r: r.label),
        Column(_("Saksnummer"), lambda r: r.case_number or "", width=12),
        Column(_("Journalpost"), lambda r: _text(r.record_number), width=11, right=True),
        Column(_("Arkivdel"), lambda r: r.series or "", width=12),
        Column(_("Klasse"), lambda r: r.class_id or "", width=10),
    ]


class ArchiveRefsDialog(QDialog):
    def __init__(self, state: AppState, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.meeting_id = meeting_id
        self.setObjectName("archive_refs_dialog")
        title = _("Arkivreferansar")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setMinimumSize(760, 520)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)
        intro = QLabel(
            _(
                "Referansane arkivet gav møtet og sakene: saksnummer (saksår/sekvensnummer), "
                "journalpostnummer, arkivdel og klasse. Skriv dei inn for éi rad om gongen, "
                "eller les dei frå kvitteringa arkivet sende etter arkivmeldinga."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.model: RowsModel[ArchiveRefOut] = RowsModel(_columns(), self)
        self.table, self.proxy = make_table(self.model, "archive_refs", self, sortable=False)
        self.table.setAccessibleName(_("Møtet og sakene med arkivreferansane"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._fill_form())
        outer.addWidget(self.table, 1)

        self.editing = QLabel()
        self.editing.setObjectName("archive_ref_target")
        self.editing.setWordWrap(True)
        outer.addWidget(self.editing)
        form = QFormLayout()
        self.case_year = self._field("case_year", _("Saksår"), 4, _("til dømes 2025"))
        self.case_sequence = self._field("case_sequence", _("Sekvensnummer"), 9, _("til dømes 123"))
        number = QHBoxLayout()
        number.addWidget(self.case_year)
        number.addWidget(QLabel("/"))
        number.addWidget(self.case_sequence)
        number.addStretch(1)
        number_label = QLabel(_("&Saksnummer i arkivet:"))
        number_label.setBuddy(self.case_year)
        form.addRow(number_label, number)
        self.record_number = self._field("record_number", _("Journalpostnummer"), 9, "")
        form.addRow(_("&Journalpostnummer:"), self.record_number)
        self.series = self._field("series", _("Arkivdel"), 100, _("til dømes MØTEBØKER"))
        form.addRow(_("&Arkivdel:"), self.series)
        self.class_id = self._field("class_id", _("Klasse"), 100, _("til dømes 033"))
        form.addRow(_("&Klasse:"), self.class_id)
        outer.addLayout(form)
        self.message = error_label(self)
        outer.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.receipt_button = QPushButton(_("Les &kvittering …"))
        self.receipt_button.setObjectName("read_receipt")
        self.receipt_button.setToolTip(
            _("Les saksnummer og journalpostnummer frå kvitteringa arkivet sende (XML)")
        )
        self.receipt_button.clicked.connect(self.read_receipt)
        buttons.addButton(self.receipt_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = QPushButton(_("&Lagre"))
        self.save_button.setObjectName("save_archive_ref")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._busy = False
        self._keep: tuple[int | None, int | None] | None = None
        self._set_busy(True)
        self.reload()

    def _field(self, name: str, accessible: str, length: int, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(length)
        edit.setPlaceholderText(hint)
        if length <= 9:
            edit.setMaximumWidth(edit.fontMetrics().averageCharWidth() * (length + 10))
        return edit

    # --- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        self.state.call(
            archive.archive_references, self.meeting_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, refs: ArchiveRefs) -> None:
        current = selected_row(self.table)
        keep = self._keep or (
            (current.meeting_id, current.case_id)
            if current is not None
            else (refs.meeting.meeting_id, None)
        )
        self._keep = None
        self.model.set_rows([refs.meeting, *refs.cases])
        if not select_where(self.table, lambda r: (r.meeting_id, r.case_id) == keep):
            select_where(self.table, lambda r: True)
        self._fill_form()
        self._set_busy(False)

    def _fill_form(self) -> None:
        row = selected_row(self.table)
        self.editing.setText(_("Endrar: {what}").format(what=row.label) if row is not None else "")
        self.case_year.setText(_text(row.case_year) if row else "")
        self.case_sequence.setText(_text(row.case_sequence) if row else "")
        self.record_number.setText(_text(row.record_number) if row else "")
        self.series.setText(row.series or "" if row else "")
        self.class_id.setText(row.class_id or "" if row else "")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.receipt_button.setEnabled(not busy)

    # --- saving -------------------------------------------------------------------------

    def input(self) -> ArchiveRefIn | None:
        row = selected_row(self.table)
        if row is None:
            return None
        return ArchiveRefIn.model_validate(
            {
                "meeting_id": row.meeting_id,
                "case_id": row.case_id,
                "case_year": self.case_year.text().strip() or None,
                "case_sequence": self.case_sequence.text().strip() or None,
                "record_number": self.record_number.text().strip() or None,
                "series": self.series.text(),
                "class_id": self.class_id.text(),
                "expected_version": row.version,
            }
        )

    def save(self) -> None:
        if self._busy:
            return
        try:
            data = self.input()
        except ValidationError as exc:
            self.show_message(problem_text(exc))
            return
        if data is None:
            return
        self.show_message("")
        self._set_busy(True)
        self._keep = (data.meeting_id, data.case_id)
        self.state.call(
            archive.set_archive_reference, data, on_done=self._saved, on_error=self._failed
        )

    def _saved(self, out: ArchiveRefOut) -> None:
        self.show_message(_("Lagra arkivreferansane til {what}.").format(what=out.label), ok=True)
        self.reload()

    def read_receipt(self) -> None:
        if self._busy:
            return
        path = choose_receipt(self)
        if path is None:
            return
        self.show_message("")
        self._set_busy(True)
        self.state.call(
            archive.import_archive_receipt,
            self.meeting_id,
            path,
            on_done=self._receipt_read,
            on_error=self._failed,
        )

    def _receipt_read(self, read: ReceiptRead) -> None:
        self.show_message(
            _("Las {count} referansar frå «{file}».").format(
                count=len(read.changed), file=read.source.name
            ),
            ok=True,
        )
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.show_message(problem_text(exc))
        if isinstance(exc, ChangedElsewhere):
            self.reload()  # the stored references and their version, to edit again
        else:
            self._set_busy(False)

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style("QLabel#form_error", ok))
        self.message.setVisible(bool(text))
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft)
