"""Which municipalities take part, and when: several chosen at once, one period, one
service call that saves all of them or none."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.registry import set_participations
from dvmeet.services.registry.models import MunicipalityOut, ParticipationManyIn
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
            item = QListWidgetItem(f"{m.name} ({m.number}) – {period_text(m)}")
            item.setData(NUMBER_ROLE, m.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
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
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
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
