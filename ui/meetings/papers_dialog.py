"""«Saksframlegg …» of a case (issue 19): the paper's parts, the case's attachments, and
the body's template for new papers.

The texts are saved with «Lagre» on the version the dialog was opened with; someone
else's save meanwhile is shown in the conflict dialog. Attachments are changed at once,
each change one service call (add, rename, closed/open, move, remove); a file opens in the
program the desktop uses for PDF."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import papers
from dvmeet.services.context import Context
from dvmeet.services.papers.models import (
    AttachmentIn,
    AttachmentOut,
    AttachmentUpdate,
    MoveAttachmentIn,
    PaperIn,
    PaperOut,
    TemplateIn,
    TemplateOut,
)
from ui.conflict import ConflictDialog, differences, open_conflict
from ui.meetings.form import ServiceDialog, error_label, problem_text
from ui.state import AppState

PARTS = ("background", "assessment", "economy")
FILE_FILTER = "PDF, Word, Excel, OpenDocument (*.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.rtf)"


def part_labels() -> list[tuple[str, str]]:
    return [
        ("background", _("Saksopplysningar")),
        ("assessment", _("Vurdering")),
        ("economy", _("Økonomi")),
    ]


def choose_file(parent: QWidget | None) -> Path | None:
    """Ask which file to attach (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(parent, _("Legg ved fil"), "", FILE_FILTER)
    return Path(path) if path else None


def ask_title(parent: QWidget | None, title: str) -> str | None:
    """Ask for an attachment's new title (tests replace this function)."""
    text, ok = QInputDialog.getText(parent, _("Tittel på vedlegget"), _("Tittel:"), text=title)
    return text if ok else None


def open_file(path: Path) -> bool:
    """Open a file in the desktop's program for it (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}".replace(".", ","))
    return _("{n} kB").format(n=max(1, round(size / 1024)))


def _text_edit(name: str, accessible: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(90)
    return edit


def _attach(ctx: Context, case_id: int, path: Path, closed: bool) -> AttachmentOut:
    """Read the file on the worker (it may be large) and attach it."""
    from dvmeet.errors import InvalidInput

    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Fila «{name}» kunne ikkje lesast: {reason}").format(
                name=path.name, reason=exc.strerror or exc
            )
        ) from exc
    return papers.add_attachment(
        ctx,
        AttachmentIn(
            case_id=case_id, title=path.stem, filename=path.name, content=content, closed=closed
        ),
    )


def _saved_copy(ctx: Context, attachment_id: int, filename: str) -> Path:
    """The attachment written to a private temporary folder, to open."""
    data = papers.attachment_content(ctx, attachment_id)
    folder = Path(tempfile.mkdtemp(prefix="dvmeet-vedlegg-"))
    path = folder / (Path(filename).name or "vedlegg.pdf")
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def _adopted_copy(ctx: Context, case_id: int, filename: str) -> Path:
    """The document the case adopts, rendered, in a private temporary folder, to open."""
    data = papers.adopted_document_pdf(ctx, case_id)
    folder = Path(tempfile.mkdtemp(prefix="dvmeet-vedlegg-"))
    path = folder / (Path(filename).name or "dokument.pdf")
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def _paper_copy(ctx: Context, case_id: int, label: str) -> Path:
    data = papers.saksframlegg_pdf(ctx, case_id, public=False)
    folder = Path(tempfile.mkdtemp(prefix="dvmeet-saksframlegg-"))
    path = folder / f"{_('Saksframlegg')} {label.replace('/', '-')}.pdf"
    path.write_bytes(data)
    path.chmod(0o600)
    return path


class PapersDialog(ServiceDialog):
    """The saksframlegg and attachments of one case (`paper` as read)."""

    def __init__(
        self,
        state: AppState,
        paper: PaperOut,
        attachments: list[AttachmentOut],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            state,
            _("Saksframlegg – {label} {title}").format(label=paper.label, title=paper.title),
            parent,
        )
        self.setObjectName("papers_dialog")
        self.setMinimumSize(760, 620)
        self.paper = paper
        self.based_on = paper
        self.conflict: ConflictDialog | None = None
        self.attachments = attachments
        self.tabs = QTabWidget()
        self.tabs.setObjectName("papers_tabs")
        self.tabs.addTab(self._build_paper(), _("Saksframlegg"))
        self.tabs.addTab(self._build_attachments(), _("Vedlegg"))
        self.form_area.addWidget(self.tabs, 1)
        self.ok_button.setEnabled(paper.editable)
        if not paper.editable:
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText(_("Lukk"))
        self._fill(paper)
        self._show_attachments(attachments)

    # --- the paper ------------------------------------------------------------------

    def _build_paper(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.template_note = QLabel()
        self.template_note.setObjectName("template_note")
        self.template_note.setWordWrap(True)
        layout.addWidget(self.template_note)
        form = QFormLayout()
        self.edits: dict[str, QPlainTextEdit] = {}
        mnemonics = {
            "background": _("Saks&opplysningar:"),
            "assessment": _("&Vurdering:"),
            "economy": _("Øk&onomi:"),
        }
        for key, label in part_labels():
            edit = _text_edit(key, label)
            self.edits[key] = edit
            form.addRow(mnemonics[key], edit)
        self.recommendation = QLabel()
        self.recommendation.setObjectName("recommendation")
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Framlegg til vedtak:"), self.recommendation)
        hint = QLabel(_("Innstillinga er saka si eiga og blir endra med «Endre …» i saklista."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.template_button = QPushButton(_("Mal for organet …"))
        self.template_button.setObjectName("edit_template")
        self.template_button.setToolTip(_("Standardtekstane for nye saksframlegg i organet"))
        self.template_button.clicked.connect(self.edit_template)
        self.view_pdf_button = QPushButton(_("Vis PDF"))
        self.view_pdf_button.setObjectName("view_paper_pdf")
        self.view_pdf_button.setToolTip(_("Opne saksframlegget slik det er lagra, som PDF"))
        self.view_pdf_button.clicked.connect(self.view_pdf)
        row.addWidget(self.template_button)
        row.addStretch(1)
        row.addWidget(self.view_pdf_button)
        layout.addLayout(row)
        return page

    def _fill(self, paper: PaperOut) -> None:
        for key in PARTS:
            self.edits[key].setPlainText(getattr(paper, key) or "")
            self.edits[key].setReadOnly(not paper.editable)
        self.recommendation.setText(paper.recommendation or _("(inga innstilling)"))
        if not paper.editable:
            note = _("Møteboka er godkjend: saksframlegget og vedlegga er låste.")
        elif paper.from_template:
            note = _(
                "Tekstane er henta frå malen til organet og blir lagra med saka når du lagrar."
            )
        else:
            note = ""
        self.template_note.setText(note)
        self.template_note.setVisible(bool(note))

    def values(self) -> dict[str, str | None]:
        return {key: self.edits[key].toPlainText().strip() or None for key in PARTS}

    @staticmethod
    def stored_values(paper: PaperOut) -> dict[str, str | None]:
        return {key: getattr(paper, key) for key in PARTS}

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        if not self.paper.editable:
            return None
        values = self.values()
        base = self.based_on
        if base.version > 0 and values == self.stored_values(base):
            return None
        data = PaperIn(case_id=self.paper.case_id, expected_version=base.version, **values)
        return papers.update_paper, (data,)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, PaperOut):
            self._running = False
            self.ok_button.setEnabled(True)
            self.show_problem("")
            current = exc.current
            rows = differences(
                part_labels(),
                self.stored_values(self.paper),
                self.values(),
                self.stored_values(current),
            )
            open_conflict(
                self,
                self.state,
                _("saksframlegget til {label}").format(label=current.label),
                rows,
                area="meetings",
                save_mine=lambda: self._save_on(current),
                back_to_form=self.show_problem,
            )
            return
        super()._failed(exc)

    def _save_on(self, current: PaperOut) -> None:
        self.based_on = current
        self.submit()

    def view_pdf(self) -> None:
        self.state.call(
            _paper_copy,
            self.paper.case_id,
            self.paper.label,
            on_done=self._open_path,
            on_error=self._attachment_failed,
        )

    def edit_template(self) -> None:
        self.state.call(
            papers.get_template,
            self.paper.body_code,
            on_done=self._open_template,
            on_error=self._attachment_failed,
        )

    def _open_template(self, template: TemplateOut) -> None:
        dialog = TemplateDialog(self.state, template, self)
        dialog.saved.connect(self._template_saved)
        self.template_dialog = dialog
        dialog.open()

    def _template_saved(self, template: TemplateOut) -> None:
        self.state.message.emit(_("Malen for {body} er lagra.").format(body=template.body_name))

    # --- the attachments ------------------------------------------------------------

    def _build_attachments(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("attachment_list")
        self.table.setAccessibleName(_("Vedlegg"))
        self.table.setHorizontalHeaderLabels([_("Tittel"), _("Fil"), _("Storleik"), _("Offentleg")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.open_attachment())
        layout.addWidget(self.table, 1)
        self.attachment_message = error_label()
        self.attachment_message.setObjectName("attachment_message")
        layout.addWidget(self.attachment_message)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Legg ved …"))
        self.add_button.setObjectName("add_attachment")
        self.add_button.setToolTip(
            _("PDF, eller Word, Excel og OpenDocument som blir gjorde om til PDF")
        )
        self.open_button = QPushButton(_("Opne"))
        self.open_button.setObjectName("open_attachment")
        self.rename_button = QPushButton(_("Endre tittel …"))
        self.rename_button.setObjectName("rename_attachment")
        self.closed_button = QPushButton(_("Lukk"))
        self.closed_button.setObjectName("toggle_closed")
        self.up_button = QPushButton(_("Flytt opp"))
        self.up_button.setObjectName("attachment_up")
        self.down_button = QPushButton(_("Flytt ned"))
        self.down_button.setObjectName("attachment_down")
        self.remove_button = QPushButton(_("Fjern"))
        self.remove_button.setObjectName("remove_attachment")
        self.add_button.clicked.connect(self.add_attachment)
        self.open_button.clicked.connect(self.open_attachment)
        self.rename_button.clicked.connect(self.rename_attachment)
        self.closed_button.clicked.connect(self.toggle_closed)
        self.up_button.clicked.connect(lambda: self.move_attachment(-1))
        self.down_button.clicked.connect(lambda: self.move_attachment(1))
        self.remove_button.clicked.connect(self.remove_attachment)
        for b in (
            self.add_button,
            self.open_button,
            self.rename_button,
            self.closed_button,
            self.remove_button,
        ):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        layout.addLayout(row)
        note = QLabel(
            _(
                "Dokumentet saka vedtek (mandat, strategi, oppdragsbrev) kjem med som første "
                "vedlegg av seg sjølv. Lukka vedlegg kjem berre med i den interne utgåva av "
                "sakspapira."
            )
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        return page

    def _show_attachments(
        self, attachments: list[AttachmentOut], select: int | None = None
    ) -> None:
        self.attachments = attachments
        self.table.setRowCount(len(attachments))
        for row, a in enumerate(attachments):
            title = a.title + (" " + _("(automatisk)") if a.automatic else "")
            cells = [
                title,
                a.filename,
                _size_text(a.size) if not a.automatic else "",
                _("Nei – lukka") if a.closed else _("Ja"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        target = next((i for i, a in enumerate(attachments) if a.id == select), None)
        if target is None and attachments:
            target = 0
        if target is not None:
            self.table.selectRow(target)
        self._update_buttons()

    def current_attachment(self) -> AttachmentOut | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.attachments[rows[0].row()]

    def _stored(self) -> list[AttachmentOut]:
        return [a for a in self.attachments if not a.automatic]

    def _update_buttons(self) -> None:
        current = self.current_attachment()
        editable = self.paper.editable
        stored = current is not None and not current.automatic
        self.add_button.setEnabled(editable)
        self.open_button.setEnabled(current is not None)
        for b in (self.rename_button, self.closed_button, self.remove_button):
            b.setEnabled(editable and stored)
        files = self._stored()
        at = files.index(current) if stored and current in files else -1
        self.up_button.setEnabled(editable and at > 0)
        self.down_button.setEnabled(editable and 0 <= at < len(files) - 1)
        if stored and current is not None:
            self.closed_button.setText(_("Gjer open") if current.closed else _("Lukk"))
            self.closed_button.setToolTip(
                _("Vedlegget blir offentleg")
                if current.closed
                else _("Vedlegget blir unnateke offentlegheit")
            )

    def _say(self, text: str, ok: bool = False) -> None:
        from ui.colours import message_style

        self.attachment_message.setStyleSheet(message_style("QLabel#attachment_message", ok=ok))
        self.attachment_message.setText(text)
        self.attachment_message.setVisible(bool(text))

    def _attachment_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(problem_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy and self.paper.editable)
        if not busy:
            self._update_buttons()

    def _reload(self, select: int | None = None) -> None:
        self.state.call(
            papers.list_attachments,
            self.paper.case_id,
            on_done=lambda found: self._show_attachments(found, select),
            on_error=self._attachment_failed,
        )

    def add_attachment(self) -> None:
        path = choose_file(self)
        if path is None:
            return
        self._set_busy(True)
        self._say(_("Legg ved «{name}» …").format(name=path.name), ok=True)

        def added(out: AttachmentOut) -> None:
            self._set_busy(False)
            self._say(_("«{title}» er lagd ved.").format(title=out.title), ok=True)
            self._reload(out.id)

        self.state.call(
            _attach,
            self.paper.case_id,
            path,
            self.paper.closed,
            on_done=added,
            on_error=self._attachment_failed,
        )

    def open_attachment(self) -> None:
        current = self.current_attachment()
        if current is None:
            return
        if current.id is None:  # the adopted document, rendered from its version
            self.state.call(
                _adopted_copy,
                current.case_id,
                current.filename,
                on_done=self._open_path,
                on_error=self._attachment_failed,
            )
            return
        self.state.call(
            _saved_copy,
            current.id,
            current.filename,
            on_done=self._open_path,
            on_error=self._attachment_failed,
        )

    def _open_path(self, path: Path) -> None:
        if not open_file(path):
            self._say(_("Fann ikkje noko program som opnar {name}.").format(name=path.name))

    def rename_attachment(self) -> None:
        current = self.current_attachment()
        if current is None or current.id is None:
            return
        title = ask_title(self, current.title)
        if title is None or title.strip() == current.title:
            return
        self._update(current, title=title.strip(), closed=current.closed)

    def toggle_closed(self) -> None:
        current = self.current_attachment()
        if current is None or current.id is None:
            return
        self._update(current, title=current.title, closed=not current.closed)

    def _update(self, current: AttachmentOut, *, title: str, closed: bool) -> None:
        assert current.id is not None
        try:
            data = AttachmentUpdate(
                attachment_id=current.id,
                expected_version=current.version,
                title=title,
                closed=closed,
            )
        except ValueError as exc:
            self._say(problem_text(exc))
            return
        self._say("")
        self.state.call(
            papers.update_attachment,
            data,
            on_done=lambda out: self._reload(out.id),
            on_error=self._changed_or_failed,
        )

    def move_attachment(self, step: int) -> None:
        current = self.current_attachment()
        if current is None or current.id is None:
            return
        self._say("")
        self.state.call(
            papers.move_attachment,
            MoveAttachmentIn(
                attachment_id=current.id,
                expected_version=current.version,
                step=1 if step > 0 else -1,
            ),
            on_done=lambda found: self._show_attachments(found, current.id),
            on_error=self._changed_or_failed,
        )

    def remove_attachment(self) -> None:
        from ui.errors import confirm

        current = self.current_attachment()
        if current is None or current.id is None:
            return
        if not confirm(
            self,
            _("Fjerne vedlegget?"),
            _("Vil du fjerne «{title}» frå saka?").format(title=current.title),
            _("Fjern vedlegget"),
        ):
            return
        self._say("")
        self.state.call(
            partial(papers.remove_attachment, expected_version=current.version),
            current.id,
            on_done=self._show_attachments,
            on_error=self._changed_or_failed,
        )

    def _changed_or_failed(self, exc: BaseException) -> None:
        self._attachment_failed(exc)
        if isinstance(exc, ChangedElsewhere):
            self._reload()


class TemplateDialog(ServiceDialog):
    """A body's default texts for new saksframlegg."""

    def __init__(
        self, state: AppState, template: TemplateOut, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            state, _("Mal for saksframlegg – {body}").format(body=template.body_name), parent
        )
        self.setObjectName("template_dialog")
        self.setMinimumWidth(640)
        self.template = template
        self.conflict: ConflictDialog | None = None
        intro = QLabel(
            _(
                "Eit nytt saksframlegg i organet byrjar med desse tekstane. Saksframlegg som "
                "alt er lagra, endrar seg ikkje."
            )
        )
        intro.setWordWrap(True)
        self.form_area.addWidget(intro)
        form = QFormLayout()
        self.edits: dict[str, QPlainTextEdit] = {}
        for key, label in part_labels():
            edit = _text_edit(f"template_{key}", label)
            edit.setPlainText(getattr(template, key) or "")
            self.edits[key] = edit
            form.addRow(label + ":", edit)
        self.form_area.addLayout(form)

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        values = {key: self.edits[key].toPlainText().strip() or None for key in PARTS}
        if self.template.version > 0 and values == {
            key: getattr(self.template, key) for key in PARTS
        }:
            return None
        data = TemplateIn(
            body_code=self.template.body_code, expected_version=self.template.version, **values
        )
        return papers.update_template, (data,)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, TemplateOut):
            self._running = False
            self.ok_button.setEnabled(True)
            self.show_problem("")
            current = exc.current
            mine = {key: self.edits[key].toPlainText().strip() or None for key in PARTS}
            rows = differences(
                part_labels(),
                {key: getattr(self.template, key) for key in PARTS},
                mine,
                {key: getattr(current, key) for key in PARTS},
            )
            open_conflict(
                self,
                self.state,
                _("malen for saksframlegg i {body}").format(body=current.body_name),
                rows,
                area="meetings",
                save_mine=lambda: self._save_on(current),
                back_to_form=self.show_problem,
            )
            return
        super()._failed(exc)

    def _save_on(self, current: TemplateOut) -> None:
        self.template = current
        self.submit()


def open_papers(state: AppState, parent: QWidget, case_id: int) -> None:
    """Read the case's paper and attachments on the worker, then show the dialog."""

    def read(ctx: Context) -> tuple[PaperOut, list[AttachmentOut]]:
        return papers.get_paper(ctx, case_id), papers.list_attachments(ctx, case_id)

    def show(found: tuple[PaperOut, list[AttachmentOut]]) -> None:
        dialog = PapersDialog(state, found[0], found[1], parent)
        dialog.saved.connect(
            lambda out: state.message.emit(
                _("Saksframlegget til {label} er lagra.").format(label=out.label)
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def failed(exc: BaseException) -> None:
        state.message.emit(problem_text(exc))

    state.call(read, on_done=show, on_error=failed)


def export_sakspapir(
    state: AppState,
    parent: QWidget,
    meeting_id: int,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Ask for a folder and write the internal and the public sakspapir there."""
    from ui.meetings import export
    from ui.progress import run_with_progress

    folder = export.choose_folder(parent, _("Vel mappe for sakspapira"))
    if folder is None:
        return
    run_with_progress(
        state,
        parent,
        _("Lagar sakspapira …"),
        papers.export_sakspapir_files,
        meeting_id,
        folder,
        on_done=on_done,
        on_error=on_error,
    )
