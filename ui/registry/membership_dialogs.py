"""Dialogs that change a seat: add a member or deputy, fritak, end a term, reorder deputies."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import MembershipEnd, Role
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services.registry import (
    add_membership,
    end_membership,
    release_member,
    reorder_deputies,
    search_persons,
)
from dvmeet.services.registry.models import (
    BodyOut,
    ChangeResult,
    EndMembershipIn,
    MembershipIn,
    MembershipOut,
    MunicipalityOut,
    PersonOut,
    ReleaseIn,
    ReorderDeputiesIn,
    SeatOut,
    default_term_end,
)
from ui.conflict import ConflictDialog, differences, open_conflict
from ui.registry.formats import end_label, fmt_date, role_label, seat_label
from ui.registry.forms import FormDialog, date_edit, date_of
from ui.registry.person_dialog import PersonDialog
from ui.registry.undo import membership_command, remember, reorder_command
from ui.state import AppState
from ui.table import Column, RowsModel, make_table, select_where, selected_row

FOUND_LIMIT = 50  # persons shown for a search; more says: narrow the search


def decision_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName("electing_decision")
    edit.setAccessibleName(_("Vedtak"))
    edit.setPlaceholderText(_("til dømes Kommunestyresak 2025/12"))
    edit.setMaxLength(200)
    return edit


def person_columns() -> list[Column[PersonOut]]:
    return [
        Column(_("Namn"), lambda p: p.name),
        Column(_("Kommune"), lambda p: p.municipality_name or "", width=16),
        Column(_("E-post"), lambda p: p.email or "", width=26),
    ]


class AddMembershipDialog(FormDialog):
    """Record an elected term for the seat's municipality (medlem, leiar, varamedlem …)."""

    def __init__(
        self,
        state: AppState,
        municipalities: list[MunicipalityOut],
        body: BodyOut,
        seat: SeatOut,
        role: Role,
        on_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Legg til varamedlem") if role is Role.VARAMEDLEM else _("Legg til medlem")
        super().__init__(state, title, _("Legg til"), parent)
        self.setObjectName("membership_dialog")
        self.municipalities = municipalities
        self.body = body
        self.seat = seat
        self.set_intro(
            _("<b>{municipality}</b> i {body}").format(
                municipality=seat.municipality_name, body=body.name
            )
        )
        # Person: search, results, or a new person.
        self.search = QLineEdit()
        self.search.setObjectName("person_search")
        self.search.setAccessibleName(_("Søk etter person"))
        self.search.setPlaceholderText(_("Søk etter namn, e-post eller kommune"))
        self.search.setClearButtonEnabled(True)
        self.search.setText(seat.municipality_name)
        self.persons = RowsModel(person_columns(), self)
        self.person_table, self.person_proxy = make_table(self.persons, "person_results", self)
        self.person_table.setAccessibleName(_("Personar som passar søket"))
        self.person_table.setMinimumHeight(150)
        self.new_person = QPushButton(_("Ny person …"))
        self.new_person.setObjectName("new_person")
        self.new_person.setAccessibleName(_("Ny person"))
        self.more_hint = QLabel(
            _("Berre dei første {n} er viste: skriv meir av namnet for å finne andre.").format(
                n=FOUND_LIMIT
            )
        )
        self.more_hint.setObjectName("more_persons_hint")
        self.more_hint.setWordWrap(True)
        self.more_hint.setVisible(False)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosen_person")
        picker = QWidget()
        column = QVBoxLayout(picker)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.new_person)
        column.addLayout(row)
        column.addWidget(self.person_table)
        column.addWidget(self.more_hint)
        column.addWidget(self.chosen)
        self.add_field("person_id", _("&Person"), picker)

        self.role = QComboBox()
        self.role.setObjectName("role")
        self.role.setAccessibleName(_("Rolle"))
        for r in (Role.MEDLEM, Role.LEIAR, Role.NESTLEIAR, Role.VARAMEDLEM):
            self.role.addItem(role_label(r), r)
        self.role.setCurrentIndex(self.role.findData(role))
        self.add_field("role", _("&Rolle"), self.role)
        self.rank = QSpinBox()
        self.rank.setObjectName("deputy_rank")
        self.rank.setAccessibleName(_("Vararang"))
        self.rank.setRange(1, 20)
        self.rank.setValue(len(seat.deputies) + 1)
        self.add_field(
            "deputy_rank", _("V&ararang"), self.rank, _("1 er første varamedlem, som møter først.")
        )
        self.valid_from = date_edit("valid_from", _("Gjeld frå"), on_date)
        self.valid_to = date_edit("valid_to", _("Gjeld til"), default_term_end(on_date))
        self.add_field("valid_from", _("Gjeld &frå"), self.valid_from)
        self.add_field(
            "valid_to", _("Gjeld &til"), self.valid_to, _("Ein periode er normalt fire år.")
        )
        self.decision = decision_edit()
        self.add_field("electing_decision", _("&Vedtak"), self.decision)
        self.setMinimumWidth(560)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(self._timer.start)
        self.person_table.selectionModel().selectionChanged.connect(self._show_chosen)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.valid_from.dateChanged.connect(self._from_changed)
        self.new_person.clicked.connect(self._new_person)
        self._role_changed()
        self._show_chosen()
        self._search()
        self.search.setFocus()

    # --- person -------------------------------------------------------------------

    def _search(self) -> None:
        if not self.state.is_open:
            return  # the typing pause ended after the database closed (the dialog goes too)
        # one more than shown, to know whether the search should be narrowed
        self.state.call(search_persons, self.search.text(), FOUND_LIMIT + 1, on_done=self._found)

    def _found(self, persons: list[PersonOut]) -> None:
        chosen = self.chosen_person()
        self.more_hint.setVisible(len(persons) > FOUND_LIMIT)
        persons = persons[:FOUND_LIMIT]
        self.persons.set_rows(persons)
        if chosen is not None:
            select_where(self.person_table, lambda p: p.id == chosen.id)
        elif len(persons) == 1:
            self.person_table.selectRow(0)

    def chosen_person(self) -> PersonOut | None:
        person = selected_row(self.person_table)
        return person if isinstance(person, PersonOut) else None

    def _show_chosen(self) -> None:
        person = self.chosen_person()
        if person is None:
            self.chosen.setText(_("Vel ein person i lista, eller legg til ein ny."))
        else:
            where = f", {person.municipality_name}" if person.municipality_name else ""
            self.chosen.setText(
                _("Vald: <b>{name}</b>{where}").format(name=person.name, where=where)
            )

    def _new_person(self) -> None:
        dialog = PersonDialog(
            self.state,
            self.municipalities,
            parent=self,
            default_municipality=self.seat.municipality_number,
        )
        dialog.accepted.connect(lambda: self._person_created(dialog.saved))
        dialog.open()

    def _person_created(self, person: PersonOut | None) -> None:
        if person is None:
            return
        self.persons.set_rows([person])
        self.person_table.selectRow(0)
        self.search.blockSignals(True)
        self.search.setText(person.name)
        self.search.blockSignals(False)

    # --- the rest -------------------------------------------------------------------

    def _role_changed(self) -> None:
        self.rank.setEnabled(self.role.currentData() == Role.VARAMEDLEM)

    def _from_changed(self) -> None:
        end = default_term_end(date_of(self.valid_from))
        self.valid_to.setDate(QDate(end.year, end.month, end.day))

    def submit(self) -> None:
        person = self.chosen_person()
        if person is None:
            self.clear_errors()
            self.show_problem("person_id", _("Vel ein person."))
            self.search.setFocus()
            return
        role = Role(self.role.currentData())
        data = MembershipIn(
            person_id=person.id,
            body_code=self.body.code,
            municipality_number=self.seat.municipality_number,
            role=role,
            deputy_rank=self.rank.value() if role is Role.VARAMEDLEM else None,
            valid_from=date_of(self.valid_from),
            valid_to=date_of(self.valid_to),
            electing_decision=self.decision.text().strip() or None,
        )
        self.run(add_membership, data, done=lambda m: self._added(data, m))

    def _added(self, data: MembershipIn, m: MembershipOut) -> None:
        remember(self.state, membership_command(self.state, data, m))
        self.state.message.emit(
            _("{name} er ført inn som {what} for {municipality}.").format(
                name=m.person_name,
                what=seat_label(m.role, m.deputy_rank).lower(),
                municipality=m.municipality_name,
            )
        )

    def field_of(self, message: str) -> str | None:
        if "varamedlem" in message and "rang" in message:
            return "deputy_rank"
        return None

    def focus_field(self, key: str) -> None:
        widget = {
            "person_id": self.search,
            "role": self.role,
            "deputy_rank": self.rank,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "electing_decision": self.decision,
        }.get(key)
        if widget is not None:
            widget.setFocus()


def _who(m: MembershipOut) -> str:
    return _("{name} ({what} for {municipality} i {body}, {start}–{end})").format(
        name=m.person_name,
        what=seat_label(m.role, m.deputy_rank).lower(),
        municipality=m.municipality_name,
        body=m.body_code,
        start=fmt_date(m.valid_from),
        end=fmt_date(m.valid_to),
    )


def release_consequence(m: MembershipOut, seat: SeatOut) -> str:
    """What a fritak will do, in words, before the secretary confirms it (R-3)."""
    if m.role is Role.VARAMEDLEM:
        below = [d for d in seat.deputies if (d.deputy_rank or 0) > (m.deputy_rank or 0)]
        if not below:
            return _("Det er ingen varamedlemer etter, så ingen rykkjer opp.")
        return _("Varamedlemene etter rykkjer opp ein plass kvar.")
    if not seat.deputies:
        return _(
            "{municipality} har ingen varamedlem som kan rykkje opp, så plassen står tom til "
            "kommunen har valt ein ny medlem."
        ).format(municipality=seat.municipality_name)
    first = seat.deputies[0]
    text = _("{name} (1. varamedlem) rykkjer opp som medlem.").format(name=first.person_name)
    if len(seat.deputies) > 1:
        text += " " + _("Dei andre varamedlemene rykkjer opp ein plass kvar.")
    return text


class ReleaseDialog(FormDialog):
    """Fritak (R-3): the term ends the day before the date; the next deputy moves up."""

    def __init__(
        self,
        state: AppState,
        membership: MembershipOut,
        seat: SeatOut,
        on_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Fritak"), _("Gje fritak"), parent)
        self.setObjectName("release_dialog")
        self.membership = membership
        self.set_intro(
            _("<p><b>{who}</b> får fritak.</p><p>{consequence}</p>"
              "<p>Perioden sluttar dagen før datoen under. Historikken blir ståande.</p>").format(
                who=_who(membership), consequence=release_consequence(membership, seat)
            )
        )  # fmt: skip
        start = max(on_date, membership.valid_from + dt.timedelta(days=1))
        self.from_date = date_edit("from_date", _("Fritak frå"), start)
        self.add_field("from_date", _("Fritak &frå"), self.from_date)
        self.decision = decision_edit()
        self.add_field("electing_decision", _("&Vedtak"), self.decision)
        self.setMinimumWidth(520)
        self.from_date.setFocus()

    def submit(self) -> None:
        data = ReleaseIn(
            membership_id=self.membership.id,
            from_date=date_of(self.from_date),
            electing_decision=self.decision.text().strip() or None,
        )
        self.run(release_member, data, done=self._released)

    def _released(self, result: ChangeResult) -> None:
        lines = [_("Fritak registrert for {name}.").format(name=self.membership.person_name)]
        self.state.message.emit(" ".join(lines + list(result.notes)))


_END_REASONS = (MembershipEnd.TERM, MembershipEnd.REPLACED, MembershipEnd.CORRECTED)


class EndMembershipDialog(FormDialog):
    """End a term early, or record why it ended; nobody moves up (use fritak for that)."""

    def __init__(
        self,
        state: AppState,
        membership: MembershipOut,
        on_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Avslutt periode"), _("Avslutt perioden"), parent)
        self.setObjectName("end_dialog")
        self.membership = membership
        self.set_intro(
            _("<p>Perioden til <b>{who}</b> blir avslutta. Ingen rykkjer opp; bruk "
              "<i>Fritak</i> når ein varamedlem skal ta over.</p>"
              "<p>Historikken blir ståande.</p>").format(who=_who(membership))
        )  # fmt: skip
        last = max(min(on_date, membership.valid_to or on_date), membership.valid_from)
        self.last_day = date_edit("valid_to", _("Siste dag"), last)
        self.add_field("valid_to", _("&Siste dag"), self.last_day)
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(_("Grunn"))
        for reason in _END_REASONS:
            self.reason.addItem(end_label(reason).capitalize(), reason)
        self.add_field("reason", _("&Grunn"), self.reason)
        self.setMinimumWidth(520)
        self.last_day.setFocus()

    def submit(self) -> None:
        data = EndMembershipIn(
            membership_id=self.membership.id,
            valid_to=date_of(self.last_day),
            reason=MembershipEnd(self.reason.currentData()),
        )
        self.run(end_membership, data, done=self._ended)

    def _ended(self, m: MembershipOut) -> None:
        self.state.message.emit(
            _("Perioden til {name} er avslutta {day}.").format(
                name=m.person_name, day=fmt_date(m.valid_to)
            )
        )


class ReorderDialog(FormDialog):
    """A new rank order for a municipality's deputies, from a date (R-1)."""

    def __init__(
        self,
        state: AppState,
        body: BodyOut,
        seat: SeatOut,
        on_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Endre vararekkjefølgje"), _("Lagre rekkjefølgja"), parent)
        self.setObjectName("reorder_dialog")
        self.body = body
        self.seat = seat
        # the deputies' terms the order is based on (id -> version; after a conflict: the
        # terms as saved then)
        self.based_on = {d.id: d.version for d in seat.deputies}
        self.conflict: ConflictDialog | None = None
        self.set_intro(
            _("Varamedlemene for <b>{municipality}</b> i {body}. Den øvste møter først.").format(
                municipality=seat.municipality_name, body=body.name
            )
        )
        self.order = QListWidget()
        self.order.setObjectName("deputy_order")
        self.order.setAccessibleName(_("Varamedlemer i rekkjefølgje"))
        for d in seat.deputies:
            item = QListWidgetItem(d.person_name)
            item.setData(Qt.ItemDataRole.UserRole, d.person_id)
            self.order.addItem(item)
        self.order.setCurrentRow(0)
        self.up = QPushButton(_("Flytt &opp"))
        self.up.setObjectName("move_up")
        self.up.setAccessibleName(_("Flytt opp"))
        self.down = QPushButton(_("Flytt &ned"))
        self.down.setObjectName("move_down")
        self.down.setAccessibleName(_("Flytt ned"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.order, 1)
        row.addLayout(buttons)
        self.add_field("person_ids_in_new_order", _("&Rekkjefølgje"), box)
        self.from_date = date_edit("from_date", _("Gjeld frå"), on_date)
        self.add_field(
            "from_date",
            _("Gjeld &frå"),
            self.from_date,
            _("Dei som får ny rang, får ein ny periode frå denne datoen."),
        )
        self.decision = decision_edit()
        self.add_field("electing_decision", _("&Vedtak"), self.decision)
        self.setMinimumWidth(520)
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        QShortcut(QKeySequence("Ctrl+Up"), self.order, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.order, lambda: self.move_selected(1))
        self.order.currentRowChanged.connect(self._update)
        self._update()
        self.order.setFocus()

    def person_ids(self) -> list[int]:
        return [
            int(self.order.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.order.count())
        ]

    def move_selected(self, step: int) -> None:
        row = self.order.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.order.count()):
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)
        self._update()

    def _update(self) -> None:
        row = self.order.currentRow()
        for i in range(self.order.count()):
            item = self.order.item(i)
            pid = item.data(Qt.ItemDataRole.UserRole)
            name = next(d.person_name for d in self.seat.deputies if d.person_id == pid)
            item.setText(f"{i + 1}. {name}")
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < self.order.count() - 1)
        original = [d.person_id for d in self.seat.deputies]
        self.ok_button.setEnabled(self.person_ids() != original)

    def submit(self) -> None:
        data = ReorderDeputiesIn(
            body_code=self.body.code,
            municipality_number=self.seat.municipality_number,
            person_ids_in_new_order=self.person_ids(),
            from_date=date_of(self.from_date),
            electing_decision=self.decision.text().strip() or None,
            expected_versions=self.based_on,
        )
        self.run(reorder_deputies, data, done=lambda result: self._reordered(data, result))

    def show_service_error(self, exc: BaseException) -> None:
        current = exc.current if isinstance(exc, ChangedElsewhere) else None
        if not isinstance(current, list) or not all(isinstance(m, MembershipOut) for m in current):
            super().show_service_error(exc)
            return
        self.ok_button.setEnabled(True)
        self.clear_errors()
        stored = sorted(current, key=lambda m: m.deputy_rank or 0)
        names = {d.person_id: d.person_name for d in [*self.seat.deputies, *stored]}

        def listed(ids: list[int]) -> str:
            return ", ".join(f"{i}. {names.get(p, p)}" for i, p in enumerate(ids, start=1))

        rows = differences(
            [("order", _("Rekkjefølgje"))],
            {"order": listed([d.person_id for d in self.seat.deputies])},
            {"order": listed(self.person_ids())},
            {"order": listed([m.person_id for m in stored])},
        )

        def save_mine() -> None:
            self.based_on = {m.id: m.version for m in stored}  # knowingly, on what is saved
            self._on_ok()

        open_conflict(
            self,
            self.state,
            _("vararekkjefølgja for {municipality}").format(
                municipality=self.seat.municipality_name
            ),
            rows,
            area="registry",
            save_mine=save_mine,
            back_to_form=lambda text: self.show_problem(None, text),
        )

    def _reordered(self, data: ReorderDeputiesIn, result: ChangeResult) -> None:
        command = reorder_command(self.state, data, result, self.seat.municipality_name)
        remember(self.state, command)
        self.state.message.emit(
            _("Ny vararekkjefølgje for {municipality} frå {day}.").format(
                municipality=self.seat.municipality_name, day=fmt_date(date_of(self.from_date))
            )
        )
