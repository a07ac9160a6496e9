"""Dokument: the governing documents, their versions, which meeting adopted which version,
the text of a version and the differences between two versions."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services import governing
from dvmeet.services.governing import DocumentOut, VersionOut
from ui.colours import accent_colour
from ui.documents.dialogs import NewDocumentDialog, NewVersionDialog, kind_word
from ui.documents.diff import ADDED, REMOVED, diff_html
from ui.errors import show_error
from ui.state import AppState
from ui.table import ROW_ROLE, Column, RowsModel, SortProxy


def date_text(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def local_date(moment: dt.datetime) -> dt.date:
    """created_at is stored in UTC without a zone; show the local calendar date."""
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


def adoption_text(version: VersionOut) -> str:
    if not version.adopted_in:
        return _("Ikkje vedteken")
    return ", ".join(
        _("Vedteken {date}").format(date=date_text(a.meeting_date)) for a in version.adopted_in
    )


def latest_adopted(doc: DocumentOut) -> VersionOut | None:
    adopted = [v for v in doc.versions if v.adopted_in]
    return adopted[-1] if adopted else None


def document_columns() -> list[Column[DocumentOut]]:
    def current(doc: DocumentOut) -> str:
        version = latest_adopted(doc)
        if version is None:
            return _("Ingen vedteken") if doc.versions else _("Ingen tekst enno")
        return _("{no} ({date})").format(
            no=version.version_no, date=date_text(version.adopted_in[-1].meeting_date)
        )

    return [
        Column(
            _("Dokument"),
            lambda d: d.title,
            tooltip=lambda d: _("{title}: {n} versjonar").format(title=d.title, n=len(d.versions)),
        ),
        Column(_("Type"), lambda d: kind_word(d.kind)),
        Column(
            _("Vedteken versjon"),
            current,
            sort=lambda d: v.version_no if (v := latest_adopted(d)) else 0,
            tooltip=lambda d: _("Den siste versjonen eit møte har vedteke."),
        ),
    ]


def version_columns() -> list[Column[VersionOut]]:
    return [
        Column(_("Versjon"), lambda v: str(v.version_no), sort=lambda v: v.version_no),
        Column(
            _("Lagra"),
            lambda v: date_text(local_date(v.created_at)),
            sort=lambda v: v.created_at.isoformat(),
        ),
        Column(
            _("Vedteken"),
            adoption_text,
            sort=lambda v: v.adopted_in[0].meeting_date.isoformat() if v.adopted_in else "",
            color=lambda v: accent_colour("adopted") if v.adopted_in else None,
        ),
        Column(_("Merknad"), lambda v: v.note or "", tooltip=lambda v: v.note),
    ]


def _table(name: str, model: SortProxy, stretch: int) -> QTableView:
    """A read-only table; column `stretch` takes the room left (and elides)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles are typed by users
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class DocumentsView(QWidget):
    documents_loaded = Signal()
    text_shown = Signal(int)  # version id
    diff_shown = Signal(int, int)  # old and new version id

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.documents: list[DocumentOut] = []
        self._pending_version: int | None = None  # version to select with the next document
        self._text_for: int | None = None
        self._diff_for: tuple[int, int] | None = None
        self._build()
        state.changed.connect(self._on_changed)
        self.reload()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_document_button = QPushButton(_("&Nytt dokument …"))
        self.new_document_button.setObjectName("new_document")
        self.new_document_button.clicked.connect(self.new_document)
        self.new_version_button = QPushButton(_("Ny &versjon …"))
        self.new_version_button.setObjectName("new_version")
        self.new_version_button.setToolTip(_("Legg inn ein ny versjon av det valde dokumentet."))
        self.new_version_button.clicked.connect(self.new_version)
        self.new_version_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_document_button)
        buttons.addWidget(self.new_version_button)
        buttons.addStretch(1)

        self.document_model: RowsModel[DocumentOut] = RowsModel(document_columns(), self)
        self.document_proxy = SortProxy(self.document_model, self)
        self.document_table = _table("documents", self.document_proxy, stretch=0)
        self.document_table.setAccessibleName(_("Styringsdokument"))
        self.document_table.selectionModel().selectionChanged.connect(self._document_selected)

        self.version_model: RowsModel[VersionOut] = RowsModel(version_columns(), self)
        self.version_proxy = SortProxy(self.version_model, self)
        self.version_table = _table("versions", self.version_proxy, stretch=3)
        self.version_table.setAccessibleName(_("Versjonar"))
        self.version_table.selectionModel().selectionChanged.connect(self._version_selected)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(_heading(_("Styringsdokument")))
        left_layout.addWidget(self.document_table, 3)
        self.versions_heading = _heading(_("Versjonar"))
        left_layout.addWidget(self.versions_heading)
        left_layout.addWidget(self.version_table, 2)

        # The text of the chosen version
        self.text_heading = QLabel()
        self.text_heading.setObjectName("text_heading")
        self.text_heading.setTextFormat(Qt.TextFormat.RichText)
        self.text_heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("version_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Teksten i versjonen"))
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.addWidget(self.text_heading)
        text_layout.addWidget(self.text, 1)

        # The differences between two versions
        self.old_combo = QComboBox()
        self.old_combo.setObjectName("old_version")
        self.old_combo.setAccessibleName(_("Eldre versjon"))
        self.new_combo = QComboBox()
        self.new_combo.setObjectName("new_version")
        self.new_combo.setAccessibleName(_("Nyare versjon"))
        for combo in (self.old_combo, self.new_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.old_combo.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.new_combo.currentIndexChanged.connect(lambda _i: self.show_diff())
        pick = QHBoxLayout()
        pick.addWidget(QLabel(_("Samanlikn versjon")))
        pick.addWidget(self.old_combo)
        pick.addWidget(QLabel(_("med versjon")))
        pick.addWidget(self.new_combo)
        pick.addStretch(1)
        legend = QLabel(
            "&nbsp;&nbsp;".join(
                f'<span style="background-color:{background}; color:{foreground};">'
                f"&nbsp;{html.escape(text)}&nbsp;</span>"
                for text, (background, foreground) in (
                    (_("+ lagt til"), ADDED),
                    (_("− fjerna"), REMOVED),
                )
            )
        )
        pick.addWidget(legend)
        self.diff = QTextBrowser()
        self.diff.setObjectName("diff")
        self.diff.setAccessibleName(_("Skilnader mellom versjonane"))
        diff_page = QWidget()
        diff_layout = QVBoxLayout(diff_page)
        diff_layout.addLayout(pick)
        diff_layout.addWidget(self.diff, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(text_page, _("&Tekst"))
        self.tabs.addTab(diff_page, _("&Skilnader"))
        self.tabs.currentChanged.connect(lambda _i: self.show_diff())
        self.version_table.doubleClicked.connect(lambda _i: self.tabs.setCurrentIndex(0))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 440])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_empty_text()

    # --- data -----------------------------------------------------------------------------

    def _on_changed(self, area: str) -> None:
        if area in ("documents", "meetings", "minutes"):
            self.reload()

    def reload(self, want: tuple[int | None, int | None] | None = None) -> None:
        """Load the documents again and select `want` (document, version), by default the
        document and version selected now."""
        if not self.state.is_open:
            return
        if want is None:
            doc, version = self.current_document(), self.current_version()
            want = (doc.id if doc else None, version.id if version else None)
        self.state.call(
            governing.list_documents,
            on_done=partial(self._loaded, want=want),
            on_error=lambda exc: show_error(self, exc),
        )

    def _loaded(self, documents: list[DocumentOut], want: tuple[int | None, int | None]) -> None:
        self.documents = documents
        want_doc, want_version = want
        self.document_table.selectionModel().clearSelection()
        self.document_model.set_rows(documents)
        if not documents:
            self._document_selected(QItemSelection(), QItemSelection())
        else:
            row = next((i for i, d in enumerate(documents) if d.id == want_doc), 0)
            self._pending_version = want_version
            self.document_table.selectRow(
                self.document_proxy.mapFromSource(self.document_model.index(row, 0)).row()
            )
        self.documents_loaded.emit()

    def show_version(self, document_id: int, version_id: int | None = None) -> None:
        """Select a document (and a version of it), for example from a search hit."""
        self.tabs.setCurrentIndex(0)
        for row, doc in enumerate(self.document_model.rows):
            if doc.id == document_id:
                current = self.current_document()
                if isinstance(current, DocumentOut) and current.id == document_id:
                    self._select_version(version_id)
                else:
                    self._pending_version = version_id
                    index = self.document_proxy.mapFromSource(self.document_model.index(row, 0))
                    self.document_table.selectRow(index.row())
                return
        self.reload((document_id, version_id))

    def current_document(self) -> DocumentOut | None:
        doc = self._selected(self.document_table)
        return doc if isinstance(doc, DocumentOut) else None

    def current_version(self) -> VersionOut | None:
        version = self._selected(self.version_table)
        return version if isinstance(version, VersionOut) else None

    @staticmethod
    def _selected(table: QTableView) -> object | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _document_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        doc = self.current_document()
        assert doc is None or isinstance(doc, DocumentOut)
        self.new_version_button.setEnabled(doc is not None)
        self.version_table.selectionModel().clearSelection()
        self.version_model.set_rows(doc.versions if doc else [])
        self.versions_heading.setText(
            _("Versjonar av «{title}»").format(title=doc.title) if doc else _("Versjonar")
        )
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
            for v in doc.versions if doc else []:
                combo.addItem(
                    _("{no} ({date})").format(
                        no=v.version_no, date=date_text(local_date(v.created_at))
                    ),
                    v.id,
                )
            combo.blockSignals(False)
        want_version, self._pending_version = self._pending_version, None
        self._select_version(want_version)

    def _select_version(self, version_id: int | None) -> None:
        rows = self.version_model.rows
        if not rows:
            self._show_empty_text()
            self.diff.setHtml(
                "<p>" + _("Dokumentet har ingen versjonar å samanlikne enno.") + "</p>"
            )
            return
        row = next((i for i, v in enumerate(rows) if v.id == version_id), len(rows) - 1)
        index = self.version_proxy.mapFromSource(self.version_model.index(row, 0))
        self.version_table.selectRow(index.row())

    def _version_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        version = self.current_version()
        doc = self.current_document()
        if not isinstance(version, VersionOut) or not isinstance(doc, DocumentOut):
            return
        self.text_heading.setText(
            _("<b>{title}</b>, versjon {no}, lagra {date}. {adopted}").format(
                title=html.escape(doc.title),
                no=version.version_no,
                date=date_text(local_date(version.created_at)),
                adopted=html.escape(adoption_text(version) + "."),
            )
            + (f"<br><i>{html.escape(version.note)}</i>" if version.note else "")
        )
        self.text.setPlainText(_("Hentar teksten …"))
        self._text_for = version.id
        self.state.call(
            governing.version_text,
            version.id,
            on_done=partial(self._text_loaded, version.id),
            on_error=lambda exc: show_error(self, exc),
        )
        # Compare the chosen version with the one before it, by default.
        position = doc.versions.index(version) if version in doc.versions else 0
        for combo, value in (
            (self.old_combo, doc.versions[max(0, position - 1)].id),
            (self.new_combo, version.id),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._diff_for = None
        self.show_diff()

    def _text_loaded(self, version_id: int, text: str) -> None:
        if version_id == self._text_for:
            self.text.setPlainText(text)
            self.text_shown.emit(version_id)

    def _show_empty_text(self) -> None:
        self._text_for = None
        if self.documents:
            self.text_heading.setText(_("Dokumentet har ingen tekst enno."))
            self.text.setPlainText(_("Vel «Ny versjon …» for å leggje inn teksten."))
        else:
            self.text_heading.setText(_("Det finst ingen styringsdokument enno."))
            self.text.setPlainText(
                _("Vel «Nytt dokument …» for å leggje inn mandat, strategi eller oppdragsbrev.")
            )

    def show_diff(self) -> None:
        """Show the differences between the two chosen versions (when that tab is shown)."""
        if self.tabs.currentIndex() != 1:
            return
        old, new = self.old_combo.currentData(), self.new_combo.currentData()
        if not isinstance(old, int) or not isinstance(new, int):
            return
        if (old, new) == self._diff_for:
            return
        self._diff_for = (old, new)
        if old == new:
            self.diff.setHtml(
                "<p>" + _("Vel to ulike versjonar for å sjå skilnadene mellom dei.") + "</p>"
            )
            self.diff_shown.emit(old, new)
            return
        self.state.call(
            governing.diff_versions,
            old,
            new,
            on_done=partial(self._diff_loaded, (old, new)),
            on_error=lambda exc: show_error(self, exc),
        )

    def _diff_loaded(self, pair: tuple[int, int], lines: list[str]) -> None:
        if pair == self._diff_for:
            self.diff.setHtml(diff_html(lines))
            self.diff_shown.emit(*pair)

    # --- actions --------------------------------------------------------------------------

    def new_document(self) -> None:
        dialog = NewDocumentDialog(self.state, self)
        if dialog.exec() and dialog.document is not None:
            self.reload((dialog.document.id, None))

    def new_version(self) -> None:
        doc = self.current_document()
        if not isinstance(doc, DocumentOut):
            return
        if not doc.versions:
            self._open_version_dialog(doc, "")
            return
        self.state.call(
            governing.version_text,
            doc.versions[-1].id,
            on_done=lambda text: self._open_version_dialog(doc, text),
            on_error=lambda exc: show_error(self, exc),
        )

    def _open_version_dialog(self, doc: DocumentOut, start: str) -> None:
        dialog = NewVersionDialog(self.state, doc, start, self)
        if dialog.exec() and dialog.version is not None:
            self.reload((doc.id, dialog.version.id))
