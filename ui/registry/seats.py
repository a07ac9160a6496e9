"""Each body's seats per municipality on a day: member, ranked deputies, terms, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import Gender, Role
from dvmeet.errors import ImportRejected
from dvmeet.i18n import _
from dvmeet.services.exports import export_members
from dvmeet.services.registry import (
    get_person,
    import_preview,
    list_bodies,
    person_history,
    seats_view,
)
from dvmeet.services.registry.models import (
    BodyOut,
    GenderBalanceOut,
    MembershipOut,
    MunicipalityOut,
    PersonOut,
    SeatOut,
    SeatsView,
    SeatsViewIn,
)
from ui.errors import show_error
from ui.progress import run_with_progress
from ui.registry.formats import end_label, fmt_date, gender_label, role_label, seat_label, today
from ui.registry.forms import date_edit, date_of
from ui.registry.import_dialog import ImportPreviewDialog
from ui.registry.membership_dialogs import (
    AddMembershipDialog,
    EndMembershipDialog,
    ReleaseDialog,
    ReorderDialog,
)
from ui.registry.person_dialog import PersonDialog
from ui.state import AppState
from ui.table import (
    ROW_ROLE,
    Column,
    RowsModel,
    date_sort,
    make_table,
    select_where,
    selected_row,
)


def seat_columns() -> list[Column[SeatOut]]:
    def member(s: SeatOut) -> str:
        if s.vacant:
            return _("ledig")
        return ", ".join(
            m.person_name if m.role is Role.MEDLEM else f"{m.person_name} ({role_label(m.role)})"
            for m in s.members
        )

    return [
        Column(_("Kommune"), lambda s: s.municipality_name, width=16),
        Column(_("Nr."), lambda s: s.municipality_number, width=5),
        Column(_("Medlem"), member, muted=lambda s: s.vacant),
        Column(
            _("Vara"),
            lambda s: str(len(s.deputies)),
            sort=lambda s: len(s.deputies),
            width=5,
            right=True,
            tooltip=lambda s: "\n".join(
                seat_label(d.role, d.deputy_rank) + ": " + d.person_name for d in s.deputies
            ),
        ),
    ]


def term_columns() -> list[Column[MembershipOut]]:
    return [
        Column(_("Plass"), lambda m: seat_label(m.role, m.deputy_rank), width=14),
        Column(_("Namn"), lambda m: m.person_name),
        Column(
            _("Gjeld frå"),
            lambda m: fmt_date(m.valid_from),
            lambda m: date_sort(m.valid_from),
            width=10,
        ),
        Column(
            _("Gjeld til"),
            lambda m: fmt_date(m.valid_to),
            lambda m: date_sort(m.valid_to),
            width=10,
        ),
        Column(
            _("Vedtak"),
            lambda m: m.electing_decision or "",
            width=22,
            tooltip=lambda m: m.electing_decision or "",
        ),
    ]


def history_columns() -> list[Column[MembershipOut]]:
    return [
        Column(_("Organ"), lambda m: m.body_code, width=6),
        Column(_("Kommune"), lambda m: m.municipality_name, width=14),
        Column(_("Plass"), lambda m: seat_label(m.role, m.deputy_rank), width=14),
        Column(
            _("Gjeld frå"),
            lambda m: fmt_date(m.valid_from),
            lambda m: date_sort(m.valid_from),
            width=10,
        ),
        Column(
            _("Gjeld til"),
            lambda m: fmt_date(m.valid_to),
            lambda m: date_sort(m.valid_to),
            width=10,
        ),
        Column(_("Slutta"), lambda m: end_label(m.ended_reason)),
    ]


def balance_text(b: GenderBalanceOut) -> str:
    def part(counts: dict[str, int]) -> str:
        words = [f"{counts.get(g.value, 0)} {gender_label(g).lower()}" for g in Gender]
        if counts.get("ukjent"):
            words.append(_("{n} ukjent").format(n=counts["ukjent"]))
        return ", ".join(words)

    return _("Kjønnsbalanse per {day} (til informasjon): medlemer {m}; varamedlemer {d}.").format(
        day=fmt_date(b.on_date), m=part(b.members), d=part(b.deputies)
    )


def _button(text: str, name: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class SeatsPanel(QWidget):
    def __init__(
        self,
        state: AppState,
        municipalities: Callable[[], list[MunicipalityOut]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.municipalities = municipalities
        self.bodies: list[BodyOut] = []
        self._seat_number: str | None = None
        self._person_id: int | None = None
        self._history_for: int | None = None

        # Header: body, date, filter, import/export.
        self.body = QComboBox()
        self.body.setObjectName("body")
        self.body.setAccessibleName(_("Organ"))
        self.body.setMinimumContentsLength(22)
        self.on_date = date_edit("on_date", _("Per dato"), today())
        self.on_date.setToolTip(_("Plassane slik dei var på denne dagen. Endringar gjeld frå han."))
        self.filter = QLineEdit()
        self.filter.setObjectName("seat_filter")
        self.filter.setAccessibleName(_("Filtrer kommunar og namn"))
        self.filter.setPlaceholderText(_("Filtrer kommune eller namn"))
        self.filter.setClearButtonEnabled(True)
        self.import_button = _button(_("Importer …"), "import", _("Importer"), self.choose_import)
        self.import_button.setToolTip(_("Importer medlemer og varamedlemer frå CSV eller Excel."))
        self.export_button = _button(_("Eksporter …"), "export", _("Eksporter"), self.choose_export)
        self.export_button.setToolTip(_("Lagre plassane på vald dato som CSV eller Excel."))
        header = QHBoxLayout()
        for text, widget in ((_("&Organ"), self.body), (_("Per &dato"), self.on_date)):
            label = QLabel(text)
            label.setBuddy(widget)
            header.addWidget(label)
            header.addWidget(widget)
            header.addSpacing(12)
        header.addWidget(self.filter, 1)
        header.addSpacing(12)
        header.addWidget(self.import_button)
        header.addWidget(self.export_button)

        # Left: the seats.
        self.seat_model = RowsModel(seat_columns(), self)
        self.seat_table, self.seat_proxy = make_table(self.seat_model, "seats", self)
        self.seat_table.setAccessibleName(_("Plassar per kommune"))

        # Right: the chosen municipality's terms, actions and a person's history.
        self.seat_title = QLabel()
        self.seat_title.setObjectName("seat_title")
        font = self.seat_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.seat_title.setFont(font)
        self.term_model = RowsModel(term_columns(), self)
        self.term_table, self.term_proxy = make_table(
            self.term_model, "terms", self, sortable=False
        )
        self.term_table.setAccessibleName(_("Medlem og varamedlemer"))
        self.add_member = _button(
            _("Legg til &medlem …"), "add_member", _("Legg til medlem"), self.add_member_dialog
        )
        self.add_deputy = _button(
            _("Legg til &varamedlem …"),
            "add_deputy",
            _("Legg til varamedlem"),
            self.add_deputy_dialog,
        )
        self.reorder = _button(
            _("&Rekkjefølgje for vara …"),
            "reorder",
            _("Endre vararekkjefølgje"),
            self.reorder_dialog,
        )
        self.release = _button(_("&Fritak …"), "release", _("Fritak"), self.release_dialog)
        self.release.setToolTip(_("Medlemen går ut; første varamedlem rykkjer opp."))
        self.end = _button(_("&Avslutt periode …"), "end", _("Avslutt periode"), self.end_dialog)
        self.end.setToolTip(_("Avslutt perioden utan at nokon rykkjer opp (Delete)."))
        self.edit_person = _button(
            _("&Endre person …"), "edit_person", _("Endre person"), self.edit_person_dialog
        )
        add_row = QHBoxLayout()
        for b in (self.add_member, self.add_deputy, self.reorder):
            add_row.addWidget(b)
        add_row.addStretch(1)
        selected_row_ = QHBoxLayout()
        for b in (self.release, self.end, self.edit_person):
            selected_row_.addWidget(b)
        selected_row_.addStretch(1)

        self.history_model = RowsModel(history_columns(), self)
        self.history_table, self.history_proxy = make_table(
            self.history_model, "history", self, sort_column=3
        )
        self.history_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.history_table.setAccessibleName(_("Historikk for personen"))
        self.history_box = QGroupBox(_("Historikk"))
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table)

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.seat_title)
        right.addWidget(self.term_table, 2)
        right.addLayout(add_row)
        right.addLayout(selected_row_)
        right.addSpacing(6)
        right.addWidget(self.history_box, 2)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.seat_table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([440, 560])

        self.balance = QLabel()
        self.balance.setObjectName("gender_balance")
        self.balance.setWordWrap(True)
        self.balance.setEnabled(False)

        # a new database: what to do first, instead of empty tables (issue 16)
        self.empty_hint = QLabel(
            _(
                "Det finst ikkje noko organ enno. Lag organa under Innstillingar → Kom i "
                "gang … (eller Organ …); så kan du importere medlemene med «Importer …»."
            )
        )
        self.empty_hint.setObjectName("registry_no_body")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("font-weight: bold; padding: 6px 0;")
        self.empty_hint.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.empty_hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.balance)

        self.body.currentIndexChanged.connect(self.reload)
        self.on_date.dateChanged.connect(self.reload)
        self.filter.textChanged.connect(self.seat_proxy.set_filter_text)
        self.seat_table.selectionModel().currentRowChanged.connect(self._seat_chosen)
        self.term_table.selectionModel().currentRowChanged.connect(self._term_chosen)
        self.seat_table.activated.connect(lambda _index: self.term_table.setFocus())
        self.term_table.activated.connect(lambda _index: self.edit_person_dialog())
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            self.term_table,
            self.end_dialog,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self._update_actions()

    # --- loading ------------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        return date_of(self.on_date)

    def current_body(self) -> BodyOut | None:
        code = self.body.currentData()
        return next((b for b in self.bodies if b.code == code), None)

    def reload(self) -> None:
        if not self.bodies:
            self.state.call(list_bodies, on_done=self._bodies_loaded)
            return
        body = self.current_body()
        if body is None:
            return
        self.state.call(
            seats_view,
            SeatsViewIn(body_code=body.code, on_date=self.day, person_id=self._history_for),
            on_done=self._view_loaded,
        )

    def _view_loaded(self, view: SeatsView) -> None:
        if view.person_id is not None and view.person_id == self._history_for:
            self._history_loaded(view.history)
        self._balance_loaded(view.balance)
        self._seats_loaded(view.seats)

    def _bodies_loaded(self, bodies: list[BodyOut]) -> None:
        self.bodies = bodies
        self.body.blockSignals(True)
        self.body.clear()
        for b in bodies:
            self.body.addItem(f"{b.name} ({b.code})", b.code)
        rs = self.body.findData("RS")
        self.body.setCurrentIndex(rs if rs >= 0 else 0)
        self.body.blockSignals(False)
        self.empty_hint.setVisible(not bodies)
        if bodies:
            self.reload()

    def _seats_loaded(self, rows: list[SeatOut]) -> None:
        keep, person = self._seat_number, self._person_id
        self.seat_model.set_rows(rows)
        if keep is None or not select_where(
            self.seat_table, lambda s: s.municipality_number == keep
        ):
            self.seat_table.selectRow(0)
        if person is not None:
            select_where(self.term_table, lambda m: m.person_id == person)

    def _balance_loaded(self, balance: GenderBalanceOut) -> None:
        self.balance.setText(balance_text(balance))

    def _history_loaded(self, rows: list[MembershipOut]) -> None:
        self.history_model.set_rows(rows)

    # --- selection ------------------------------------------------------------------

    def current_seat(self) -> SeatOut | None:
        seat = selected_row(self.seat_table)
        return seat if isinstance(seat, SeatOut) else None

    def current_term(self) -> MembershipOut | None:
        term = selected_row(self.term_table)
        return term if isinstance(term, MembershipOut) else None

    def _seat_chosen(self) -> None:
        index = self.seat_table.currentIndex()
        seat = index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None
        self._seat_number = seat.municipality_number if seat else None
        body = self.current_body()
        if seat is None or body is None:
            self.seat_title.setText(_("Vel ein kommune"))
            self.term_model.set_rows([])
        else:
            self.seat_title.setText(
                _("{municipality} i {body}").format(
                    municipality=seat.municipality_name, body=body.name
                )
            )
            self.term_model.set_rows([*seat.members, *seat.deputies])
            if self._person_id is None or not select_where(
                self.term_table, lambda m: m.person_id == self._person_id
            ):
                self.term_table.selectRow(0)
        self._term_chosen()

    def _term_chosen(self) -> None:
        index = self.term_table.currentIndex()
        term = index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None
        self._update_actions()
        if not isinstance(term, MembershipOut):
            self._history_for = None
            self.history_box.setTitle(_("Historikk"))
            self.history_model.set_rows([])
            return
        self._person_id = term.person_id
        self.history_box.setTitle(_("Historikk for {name}").format(name=term.person_name))
        if term.person_id != self._history_for:
            self._history_for = term.person_id
            self.history_model.set_rows([])
            self.state.call(person_history, term.person_id, on_done=self._history_loaded)

    def _update_actions(self) -> None:
        seat = self.current_seat()
        term = self.current_term()
        self.add_member.setEnabled(seat is not None)
        self.add_deputy.setEnabled(seat is not None)
        self.reorder.setEnabled(seat is not None and len(seat.deputies) > 1)
        for b in (self.release, self.end, self.edit_person):
            b.setEnabled(term is not None)

    # --- actions --------------------------------------------------------------------

    def _open_add(self, role: Role) -> AddMembershipDialog | None:
        seat, body = self.current_seat(), self.current_body()
        if seat is None or body is None:
            return None
        dialog = AddMembershipDialog(
            self.state, self.municipalities(), body, seat, role, self.day, self
        )
        dialog.open()
        return dialog

    def add_member_dialog(self) -> AddMembershipDialog | None:
        return self._open_add(Role.MEDLEM)

    def add_deputy_dialog(self) -> AddMembershipDialog | None:
        return self._open_add(Role.VARAMEDLEM)

    def reorder_dialog(self) -> ReorderDialog | None:
        seat, body = self.current_seat(), self.current_body()
        if seat is None or body is None or len(seat.deputies) < 2:
            return None
        dialog = ReorderDialog(self.state, body, seat, self.day, self)
        dialog.open()
        return dialog

    def release_dialog(self) -> ReleaseDialog | None:
        seat, term = self.current_seat(), self.current_term()
        if seat is None or term is None:
            return None
        dialog = ReleaseDialog(self.state, term, seat, self.day, self)
        dialog.open()
        return dialog

    def end_dialog(self) -> EndMembershipDialog | None:
        term = self.current_term()
        if term is None:
            return None
        dialog = EndMembershipDialog(self.state, term, self.day, self)
        dialog.open()
        return dialog

    def edit_person_dialog(self) -> None:
        term = self.current_term()
        if term is not None:
            self.state.call(
                get_person,
                term.person_id,
                on_done=self._open_person,
                on_error=lambda exc: show_error(self, exc),
            )

    def _open_person(self, person: PersonOut) -> None:
        self.person_dialog = PersonDialog(self.state, self.municipalities(), person, self)
        self.person_dialog.open()

    # --- import and export ----------------------------------------------------------

    def choose_import(self) -> None:
        if not self.bodies:  # a new database: members are imported into a body
            self._ask_for_body()
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Importer medlemer"),
            "",
            _("Rekneark (*.csv *.xlsx);;CSV (*.csv);;Excel (*.xlsx)"),
        )
        if path:
            self.preview_import(Path(path))

    def _ask_for_body(self) -> None:
        """Importing with no body: say why it cannot work yet, and offer to make one."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Importer medlemer"),
            _(
                "Medlemer og varamedlemer blir importerte til eit organ (kolonnen «organ» i "
                "fila, til dømes RS), men det finst ikkje noko organ enno. Lag organet fyrst, "
                "så kan du importere."
            ),
            parent=self,
        )
        box.setObjectName("import_needs_body")
        make = box.addButton(_("Lag eit organ …"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button: object) -> None:
            if button is make:
                from ui.setup import open_new_body

                open_new_body(self.state, self)

        box.buttonClicked.connect(clicked)
        box.open()

    def preview_import(self, path: Path) -> None:
        """Check the file on the worker; the preview dialog shows what an import would do."""
        run_with_progress(
            self.state,
            self,
            _("Kontrollerer {name} …").format(name=path.name),
            import_preview,
            path,
            on_done=lambda preview: self._show_preview(path, preview, None),
            on_error=lambda exc: self._preview_failed(path, exc),
        )

    def _preview_failed(self, path: Path, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            self._show_preview(path, None, exc)
        else:
            show_error(self, exc)

    def _show_preview(self, path: Path, preview: object, rejected: ImportRejected | None) -> None:
        self.import_dialog = ImportPreviewDialog(self.state, path, preview, rejected, self)  # type: ignore[arg-type]
        self.import_dialog.open()

    def choose_export(self) -> None:
        body = self.current_body()
        if body is None:
            return
        name = f"{body.code}-medlemer-{self.day.isoformat()}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Eksporter medlemer"), name, _("Excel (*.xlsx);;CSV (*.csv)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".xlsx"):
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        self.export_to(target)

    def export_to(self, path: Path) -> None:
        body = self.current_body()
        if body is None:
            return
        self.state.call(
            export_members,
            body.code,
            path,
            self.day,
            on_done=lambda result: self.state.message.emit(
                _("Eksporterte {rows} rader til {path}.").format(rows=result.rows, path=result.path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )
