"""Which municipalities take part, and when: several chosen at once, one period, one
service call that saves all of them or none."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.registry import set_participations
from dvmeet.services.registry.models import MunicipalityOut, ParticipationManyIn
from dvmeet.services.setup import add_municipality
from dvmeet.services.setup.models import NewMunicipalityIn
from ui.registry.formats import fmt_date, nb_key
from ui.registry.forms import FormDialog, OptionalDate, date_edit, date_of
from ui.state import AppState

NUMBER_ROLE = 256  # Qt.ItemDataRole.UserRole


def period_text(m: MunicipalityOut) -> str:
    """What is saved for a municipality today, in words."""
    if m.participant_from is None:
        return _("deltek ikkje")
    if m.participant_to is None:
        return _("deltek frå {day}").format(day=fmt_date(m.participant_from))
    return _("deltek {start}–{end}").format(
        start=fmt_date(m.participant_from), end=fmt_date(m.participant_to)
    )


class ParticipationDialog(FormDialog):
    """`saved` holds the municipalities changed, afterwards."""

    def __init__(
        self,
        state: AppState,
        municipalities: list[MunicipalityOut],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Deltakande kommunar"), _("Lagre"), parent)
        self.setObjectName("participation_dialog")
        self.municipalities = {m.number: m for m in municipalities}
        self.saved: list[MunicipalityOut] = []
        self.set_intro(
            _(
                "Kryss av kommunane som skal få same deltaking, og set når ho tek til og "
                "sluttar. Alle blir lagra, eller ingen."
            )
        )
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setAccessibleName(_("Finn kommune"))
        self.filter_edit.setPlaceholderText(_("Finn kommune …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("municipalities")
        self.list.setAccessibleName(_("Kommunar"))
        for m in sorted(municipalities, key=lambda m: nb_key(m.name)):
            self._add_item(m)
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 14)
        self.all_button = QPushButton(_("Vel &alle"))
        self.all_button.setObjectName("select_all")
        self.none_button = QPushButton(_("Vel &ingen"))
        self.none_button.setObjectName("select_none")
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.filter_edit.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._count_changed())
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter_edit)
        column.addWidget(self.list)
        self.add_button = QPushButton(_("&Legg til kommune …"))
        self.add_button.setObjectName("add_municipality")
        self.add_button.setToolTip(
            _("Ein kommune som ikkje står i lista (til dømes i eit anna fylke)")
        )
        self.add_button.clicked.connect(self.open_add_municipality)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        column.addLayout(row)
        today = dt.date.today()
        self.start = date_edit("participant_from", _("Frå"), dt.date(today.year, 1, 1))
        self.start.setMaximumWidth(self.start.fontMetrics().averageCharWidth() * 18)
        self.end = OptionalDate("participant_to", _("Til"), None, dt.date(today.year + 3, 12, 31))
        self.add_field("numbers", _("&Kommunar"), box)
        self.add_field("participant_from", _("&Frå"), self.start)
        self.add_field(
            "participant_to",
            _("&Til"),
            self.end,
            _("Utan sluttdato deltek kommunane til noko anna blir lagra."),
        )
        self.setMinimumWidth(560)
        self._count_changed()

    def _add_item(self, m: MunicipalityOut, checked: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(f"{m.name} ({m.number}) – {period_text(m)}")
        item.setData(NUMBER_ROLE, m.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def open_add_municipality(self) -> None:
        dialog = AddMunicipalityDialog(self.state, self)
        dialog.added.connect(self.municipality_added)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def municipality_added(self, m: MunicipalityOut) -> None:
        """The new municipality joins the list, checked (it was added to take part)."""
        self.municipalities[m.number] = m
        self.list.blockSignals(True)
        item = self._add_item(m, checked=True)
        self.list.blockSignals(False)
        self.list.scrollToItem(item)
        self._count_changed()

    def checked(self) -> list[str]:
        return [
            str(self.list.item(i).data(NUMBER_ROLE))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check_all(self, on: bool) -> None:
        """Check (or clear) every municipality shown by the filter."""
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(state)
        self.list.blockSignals(False)
        self._count_changed()

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def _count_changed(self) -> None:
        n = len(self.checked())
        self.ok_button.setText(
            _("Lagre for {n} kommunar").format(n=n) if n != 1 else _("Lagre for 1 kommune")
        )

    def submit(self) -> None:
        numbers = self.checked()
        data = ParticipationManyIn(
            numbers=numbers,
            participant_from=date_of(self.start),
            participant_to=self.end.value(),
            expected_versions={n: self.municipalities[n].version for n in numbers},
        )
        self.run(set_participations, data, done=self._saved)

    def _saved(self, changed: list[MunicipalityOut]) -> None:
        self.saved = changed
        self.state.message.emit(_("Lagra deltakinga for {n} kommunar.").format(n=len(changed)))

    def focus_field(self, key: str) -> None:
        widget = {"numbers": self.list, "participant_from": self.start}.get(key)
        if widget is not None:
            widget.setFocus()


class AddMunicipalityDialog(FormDialog):
    """A municipality outside the shipped list: number, name, population."""

    added = Signal(object)  # MunicipalityOut

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, _("Legg til kommune"), _("Legg til"), parent)
        self.setObjectName("add_municipality_dialog")
        self.set_intro(
            _(
                "Dei 43 kommunane i Vestland står i lista frå før. Legg til ein kommune "
                "som er med i samarbeidet, men ikkje står der."
            )
        )
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("number")
        self.number_edit.setAccessibleName(_("Kommunenummer"))
        self.number_edit.setMaxLength(4)
        self.number_edit.setPlaceholderText(_("fire siffer, til dømes 1508"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setAccessibleName(_("Namn"))
        self.name_edit.setMaxLength(100)
        self.population = QSpinBox()
        self.population.setObjectName("population")
        self.population.setAccessibleName(_("Innbyggjarar"))
        self.population.setRange(0, 2_000_000)
        self.population.setSpecialValueText(_("ukjent"))
        self.population.setGroupSeparatorShown(True)
        self.add_field("number", _("Kommune&nummer"), self.number_edit)
        self.add_field("name", _("&Namn"), self.name_edit)
        self.add_field("population", _("&Innbyggjarar"), self.population)
        self.setMinimumWidth(460)
        self.number_edit.setFocus()

    def submit(self) -> None:
        data = NewMunicipalityIn(
            number=self.number_edit.text().strip(),
            name=self.name_edit.text().strip(),
            population=self.population.value() or None,
        )
        self.run(add_municipality, data, done=self._added)

    def _added(self, m: MunicipalityOut) -> None:
        self.state.message.emit(_("La til {name} ({number}).").format(name=m.name, number=m.number))
        self.added.emit(m)

    def field_of(self, message: str) -> str | None:
        return "number" if "kommunenummer" in message.casefold() else None

    def focus_field(self, key: str) -> None:
        widget = {"number": self.number_edit, "name": self.name_edit}.get(key)
        if widget is not None:
            widget.setFocus()
