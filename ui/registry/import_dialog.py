"""The preview of an import: the rows that are ready, and a table of rejected rows.

Nothing is written until the secretary presses Importer, and that button is only enabled
when no row is rejected (an import is all rows or none).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import ImportRejected
from dvmeet.i18n import _
from dvmeet.services.registry import (
    ImportPreview,
    ImportResult,
    ImportRowOut,
    RejectedRow,
    import_members,
)
from ui.errors import describe
from ui.progress import run_with_progress
from ui.registry.formats import fmt_date, seat_label
from ui.registry.forms import error_label
from ui.state import AppState
from ui.table import Column, RowsModel, date_sort, make_table


def row_columns() -> list[Column[ImportRowOut]]:
    return [
        Column(_("Linje"), lambda r: str(r.line), lambda r: r.line, width=5, right=True),
        Column(_("Namn"), lambda r: r.name),
        Column(_("Kommune"), lambda r: r.municipality_name, width=14),
        Column(_("Organ"), lambda r: r.body_code, width=6),
        Column(_("Plass"), lambda r: seat_label(r.role, r.deputy_rank), width=14),
        Column(_("Gjeld frå"), lambda r: fmt_date(r.valid_from),
               lambda r: date_sort(r.valid_from), width=10),
        Column(_("Gjeld til"), lambda r: fmt_date(r.valid_to),
               lambda r: date_sort(r.valid_to), width=10),
        Column(
            _("Merknad"),
            lambda r: _("finst alt") if r.already_registered
            else (_("ny person") if r.person_id is None else ""),
            width=12,
        ),
    ]  # fmt: skip


def rejected_columns() -> list[Column[RejectedRow]]:
    return [
        Column(_("Linje"), lambda r: str(r.line), lambda r: r.line, width=5, right=True),
        Column(_("Grunn"), lambda r: r.reason, tooltip=lambda r: r.reason),
    ]


class ImportPreviewDialog(QDialog):
    """Either a preview (maybe with rejected rows) or a file refused as a whole."""

    def __init__(
        self,
        state: AppState,
        path: Path,
        preview: ImportPreview | None,
        refused: ImportRejected | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.path = path
        self.setObjectName("import_dialog")
        self.setWindowTitle(_("Importer medlemer – {name}").format(name=path.name))
        self.setAccessibleName(_("Førehandsvising av import"))
        self.setModal(True)
        self.resize(900, 560)
        rows = preview.rows if preview else []
        rejected = (
            preview.rejected
            if preview
            else [RejectedRow(line=line, reason=reason) for line, reason in refused.rows]
            if refused
            else []
        )
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setText(self._summary(preview, refused, rows, rejected))

        self.row_model = RowsModel(row_columns(), self)
        self.row_model.set_rows(rows)
        self.row_table, self.row_proxy = make_table(self.row_model, "import_rows", self)
        self.row_table.setAccessibleName(_("Rader som er klare"))
        self.rows_box = QGroupBox(_("Rader som er klare ({n})").format(n=len(rows)))
        QVBoxLayout(self.rows_box).addWidget(self.row_table)

        self.rejected_model = RowsModel(rejected_columns(), self)
        self.rejected_model.set_rows(rejected)
        self.rejected_table, self.rejected_proxy = make_table(
            self.rejected_model, "rejected_rows", self
        )
        self.rejected_table.setWordWrap(True)
        self.rejected_table.setAccessibleName(_("Avviste rader"))
        self.rejected_box = QGroupBox(_("Avviste rader ({n})").format(n=len(rejected)))
        QVBoxLayout(self.rejected_box).addWidget(self.rejected_table)
        self.rejected_box.setVisible(bool(rejected))
        self.rows_box.setVisible(bool(rows) or not rejected)

        self.error = error_label("import_error")
        self.buttons = QDialogButtonBox()
        self.import_button: QPushButton = self.buttons.addButton(
            _("Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("do_import")
        self.import_button.setEnabled(bool(rows) and not rejected and refused is None)
        close = self.buttons.addButton(_("Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close")
        if not self.import_button.isEnabled():
            close.setDefault(True)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        layout.addWidget(self.rejected_box, 1)
        layout.addWidget(self.rows_box, 2)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.rejected_table.resizeRowsToContents()

    @staticmethod
    def _summary(
        preview: ImportPreview | None,
        refused: ImportRejected | None,
        rows: list[ImportRowOut],
        rejected: list[RejectedRow],
    ) -> str:
        if refused is not None:
            return refused.message + " " + _("Ingenting er importert.")
        new = sum(1 for r in rows if not r.already_registered)
        text = _("{n} rader er klare, {new} av dei er nye i registeret.").format(
            n=len(rows), new=new
        )
        if rejected:
            text = _(
                "{bad} rader har feil, så fila kan ikkje importerast slik ho er. Rett radene "
                "under i fila og prøv igjen. (Ei fil blir importert heil eller ikkje i det "
                "heile.)"
            ).format(bad=len(rejected))
        if preview is not None and preview.ignored_columns:
            text += " " + _("Desse kolonnane blir ikkje lesne: {cols}.").format(
                cols=", ".join(preview.ignored_columns)
            )
        return text

    def do_import(self) -> None:
        if not self.import_button.isEnabled():
            return
        self.import_button.setEnabled(False)
        self.error.setVisible(False)
        run = run_with_progress(
            self.state,
            self,
            _("Importerer {name} …").format(name=self.path.name),
            import_members,
            self.path,
            on_done=self._imported,
            on_error=self._failed,
        )
        run.cancelled.connect(lambda: self.import_button.setEnabled(True))

    def _imported(self, result: ImportResult) -> None:
        self.result_value = result
        self.state.message.emit(
            _(
                "Importerte {file}: {created} nye verv, {persons} nye personar, "
                "{unchanged} fanst frå før."
            ).format(
                file=result.file_name,
                created=result.memberships_created,
                persons=result.persons_created,
                unchanged=result.unchanged,
            )
        )
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(describe(exc))
        self.error.setVisible(True)
