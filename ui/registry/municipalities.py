"""Municipalities and when each takes part in the cooperation (deltakarkommune frå/til)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services.registry import set_participation
from dvmeet.services.registry.models import MunicipalityOut, ParticipationIn
from ui.conflict import ConflictDialog, differences, open_conflict, shown
from ui.registry.formats import fmt_date, today
from ui.registry.forms import FormDialog, OptionalDate
from ui.registry.undo import participation_command, remember
from ui.state import AppState
from ui.table import Column, RowsModel, date_sort, make_table, select_where, selected_row


def participant_status(m: MunicipalityOut) -> str:
    day = today()
    if m.participant_from is None:
        return _("ikkje deltakar")
    if m.participant_from > day:
        return _("deltakar frå {day}").format(day=fmt_date(m.participant_from))
    if m.participant_to is not None and m.participant_to < day:
        return _("slutta")
    return _("deltakarkommune")


def _not_participating(m: MunicipalityOut) -> bool:
    return participant_status(m) != _("deltakarkommune")


def municipality_columns() -> list[Column[MunicipalityOut]]:
    return [
        Column(_("Nr."), lambda m: m.number, width=6),
        Column(_("Kommune"), lambda m: m.name, width=22),
        Column(_("Status"), participant_status, width=22, muted=_not_participating),
        Column(
            _("Deltakar frå"),
            lambda m: fmt_date(m.participant_from),
            lambda m: date_sort(m.participant_from),
            width=12,
        ),
        Column(
            _("Deltakar til"),
            lambda m: fmt_date(m.participant_to),
            lambda m: date_sort(m.participant_to),
            width=12,
        ),
        Column(_("Kommunestyre"), lambda m: m.council.value.capitalize()),
    ]


class ParticipationDialog(FormDialog):
    def __init__(self, state: AppState, m: MunicipalityOut, parent: QWidget | None = None) -> None:
        super().__init__(state, _("Deltaking – {name}").format(name=m.name), _("Lagre"), parent)
        self.setObjectName("participation_dialog")
        self.municipality = m
        self.based_on = m  # after a conflict: what is saved now (its version is sent)
        self.conflict: ConflictDialog | None = None
        self.set_intro(
            _("Kor lenge <b>{name}</b> er deltakarkommune i samarbeidet. Utan sluttdato "
              "gjeld deltakinga vidare.").format(name=m.name)
        )  # fmt: skip
        self.start = OptionalDate(
            "participant_from", _("Deltakar frå"), m.participant_from, today()
        )
        self.end = OptionalDate("participant_to", _("Deltakar til"), m.participant_to, today())
        self.add_field("participant_from", _("Deltakar &frå"), self.start)
        self.add_field("participant_to", _("Deltakar &til"), self.end)
        self.setMinimumWidth(440)

    def submit(self) -> None:
        data = ParticipationIn(
            number=self.municipality.number,
            participant_from=self.start.value(),
            participant_to=self.end.value(),
            expected_version=self.based_on.version,
        )
        self.run(set_participation, data, done=self._saved)

    def show_service_error(self, exc: BaseException) -> None:
        if not (isinstance(exc, ChangedElsewhere) and isinstance(exc.current, MunicipalityOut)):
            super().show_service_error(exc)
            return
        current = exc.current
        self.ok_button.setEnabled(True)
        self.clear_errors()
        fields = [("participant_from", _("Deltakar frå")), ("participant_to", _("Deltakar til"))]
        keys = {"participant_from", "participant_to"}
        rows = differences(
            fields,
            self.municipality.model_dump(include=keys),
            {"participant_from": self.start.value(), "participant_to": self.end.value()},
            current.model_dump(include=keys),
            lambda _key, value: fmt_date(value) if value else shown(value),
        )

        def save_mine() -> None:
            # the fields I changed go over theirs; the others stay as they saved them
            for field, opened, stored in (
                (self.start, self.municipality.participant_from, current.participant_from),
                (self.end, self.municipality.participant_to, current.participant_to),
            ):
                if field.value() == opened:
                    field.set_value(stored)
            self.municipality = self.based_on = current  # knowingly, on what is saved now
            self._on_ok()

        open_conflict(
            self,
            self.state,
            _("deltakinga til {name}").format(name=current.name),
            rows,
            area="registry",
            save_mine=save_mine,
            back_to_form=lambda text: self.show_problem(None, text),
        )

    def _saved(self, m: MunicipalityOut) -> None:
        remember(self.state, participation_command(self.state, self.based_on, m))
        self.state.message.emit(
            _("{name}: {status}.").format(name=m.name, status=participant_status(m))
        )

    def focus_field(self, key: str) -> None:
        (self.end if key == "participant_to" else self.start).check.setFocus()


class MunicipalitiesPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.filter = QLineEdit()
        self.filter.setObjectName("municipality_filter")
        self.filter.setAccessibleName(_("Filtrer kommunar"))
        self.filter.setPlaceholderText(_("Filtrer på namn eller nummer"))
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setEnabled(False)
        self.edit_button = QPushButton(_("&Endre deltaking …"))
        self.edit_button.setObjectName("edit_participation")
        self.edit_button.setAccessibleName(_("Endre deltaking"))
        header = QHBoxLayout()
        label = QLabel(_("&Filter"))
        label.setBuddy(self.filter)
        header.addWidget(label)
        header.addWidget(self.filter, 1)
        header.addWidget(self.count)
        header.addSpacing(12)
        header.addWidget(self.edit_button)
        self.model = RowsModel(municipality_columns(), self)
        self.table, self.proxy = make_table(self.model, "municipalities", self, sort_column=1)
        self.table.setAccessibleName(_("Kommunar"))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.proxy.set_filter_text)
        self.table.activated.connect(lambda _index: self.edit_dialog())
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_dialog())
        self.table.selectionModel().currentRowChanged.connect(self._update)
        self._update()

    def set_rows(self, rows: list[MunicipalityOut]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        taking_part = sum(1 for m in rows if not _not_participating(m))
        self.count.setText(_("{n} kommunar, {p} deltakarar").format(n=len(rows), p=taking_part))
        if current is None or not select_where(self.table, lambda m: m.number == current.number):
            self.table.selectRow(0)
        self._update()

    def current(self) -> MunicipalityOut | None:
        m = selected_row(self.table)
        return m if isinstance(m, MunicipalityOut) else None

    def _update(self) -> None:
        self.edit_button.setEnabled(self.current() is not None)

    def edit_dialog(self) -> ParticipationDialog | None:
        m = self.current()
        if m is None:
            return None
        dialog = ParticipationDialog(self.state, m, self)
        dialog.open()
        return dialog
