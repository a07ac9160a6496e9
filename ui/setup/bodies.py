"""The bodies of the cooperation (representantskap, styre, kommunedirektørmøte, …): a list
to choose from, and the form that creates or changes one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import BodyKind, SeatOrder
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.registry import (
    create_body,
    list_bodies,
    list_municipalities,
    retire_body,
    update_body,
)
from dvmeet.services.registry.models import BodyIn, BodyOut, BodyUpdate, RetireBodyIn
from ui.errors import show_error
from ui.registry.formats import fmt_date
from ui.registry.forms import FormDialog, OptionalDate
from ui.state import AppState
from ui.table import Column, RowsModel, date_sort, make_table

_FIELDS = (
    "name",
    "kind",
    "seats",
    "notice_days",
    "remote_allowed",
    "qualified_numerator",
    "qualified_denominator",
    "weighted_votes",
    "case_prefix",
    "seat_order",
    "seat_places",
)


def participants_today(ctx: Context) -> int:
    """How many municipalities take part today: the seats a new body starts with."""
    today = dt.date.today()
    return sum(
        1
        for m in list_municipalities(ctx)
        if m.participant_from is not None
        and m.participant_from <= today
        and (m.participant_to is None or m.participant_to >= today)
    )


def _spin(name: str, accessible: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setAccessibleName(accessible)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setMaximumWidth(spin.fontMetrics().averageCharWidth() * 14)
    return spin


class BodyDialog(FormDialog):
    """`body` None creates a new body; `saved` holds the BodyOut afterwards."""

    def __init__(
        self,
        state: AppState,
        body: BodyOut | None = None,
        parent: QWidget | None = None,
        default_seats: int = 0,
    ) -> None:
        title = (
            _("Nytt organ") if body is None else _("Endre organet {code}").format(code=body.code)
        )
        super().__init__(state, title, _("Lagre"), parent)
        self.setObjectName("body_dialog")
        self.body = body
        self.saved: BodyOut | None = None
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("code")
        self.code_edit.setAccessibleName(_("Kode"))
        self.code_edit.setMaxLength(16)
        self.code_edit.setPlaceholderText(_("til dømes RS"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setAccessibleName(_("Namn"))
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(_("til dømes Representantskapet"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName(_("Slag organ"))
        for kind in BodyKind:
            self.kind.addItem(label(kind), kind)
        self.seats = _spin("seats", _("Plassar"), 0, 999, default_seats)
        self.notice_days = _spin("notice_days", _("Innkalling, dagar før"), 0, 120, 14)
        self.notice_days.setSuffix(_(" dagar"))
        self.remote = QCheckBox(_("Organet kan halde fjernmøte"))
        self.remote.setObjectName("remote_allowed")
        self.remote.setChecked(True)
        self.numerator = _spin("qualified_numerator", _("Kvalifisert fleirtal, teljar"), 1, 99, 2)
        self.denominator = _spin(
            "qualified_denominator", _("Kvalifisert fleirtal, nemnar"), 1, 99, 3
        )
        fraction = QWidget()
        row = QHBoxLayout(fraction)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.numerator)
        row.addWidget(QLabel(_("av")))
        row.addWidget(self.denominator)
        row.addStretch(1)
        self.weighted = QCheckBox(_("Røystene er vekta (avtalen set vekter per plass)"))
        self.weighted.setObjectName("weighted_votes")
        self.case_prefix = QLineEdit()
        self.case_prefix.setObjectName("case_prefix")
        self.case_prefix.setAccessibleName(_("Tekst framfor saksnummeret"))
        self.case_prefix.setMaxLength(16)
        self.case_prefix.setPlaceholderText(_("(ingen)"))
        # issue 17: the one order of the roll call and the vote grid in the console
        self.seat_order = QComboBox()
        self.seat_order.setObjectName("seat_order")
        self.seat_order.setAccessibleName(_("Rekkjefølgje av plassane"))
        for order in SeatOrder:
            self.seat_order.addItem(label(order), order)
        self.seat_places = QLineEdit()
        self.seat_places.setObjectName("seat_places")
        self.seat_places.setAccessibleName(_("Kommunenummer i eiga rekkjefølgje"))
        self.seat_places.setPlaceholderText(_("kommunenummer med komma, til dømes 4602, 4601"))
        self.seat_order.currentIndexChanged.connect(self._seat_order_changed)
        self.add_field(
            "code", _("&Kode"), self.code_edit, _("Kort og fast: står i saksnummer og filnamn.")
        )
        self.add_field("name", _("&Namn"), self.name_edit)
        self.add_field(
            "kind",
            _("S&lag"),
            self.kind,
            _(
                "Eit folkevalt organ følgjer reglane i kommunelova kap. 11 (kor mange som må "
                "vere til stades, fleirtal, inhabilitet); i eit administrativt organ gir dei "
                "same reglane berre åtvaringar."
            ),
        )
        self.add_field(
            "seats",
            _("&Plassar"),
            self.seats,
            _("Organet kan gjere vedtak når minst halvparten av plassane er til stades."),
        )
        self.add_field("notice_days", _("&Innkalling"), self.notice_days)
        self.add_field("remote_allowed", _("&Fjernmøte"), self.remote)
        self.add_field(
            "qualified_denominator",
            _("K&valifisert fleirtal"),
            fraction,
            _("For saker som krev meir enn vanleg fleirtal, til dømes endring av avtalen."),
        )
        self.add_field("weighted_votes", _("&Vekting"), self.weighted)
        self.add_field(
            "case_prefix",
            _("&Saksnummer"),
            self.case_prefix,
            _("Tekst framfor nummeret på kvar sak i dette organet; oftast tom."),
        )
        self.add_field(
            "seat_order",
            _("&Rekkjefølgje"),
            self.seat_order,
            _("Opprop og røystegrid i møtekonsollen viser plassane i denne rekkjefølgja."),
        )
        self.add_field("seat_places", _("&Eiga rekkjefølgje"), self.seat_places)
        self.setMinimumWidth(600)
        if body is not None:
            self.code_edit.setText(body.code)
            self.code_edit.setEnabled(False)
            self.name_edit.setText(body.name)
            self.kind.setCurrentIndex(max(self.kind.findData(body.kind), 0))
            self.seats.setValue(body.seats)
            self.notice_days.setValue(body.notice_days)
            self.remote.setChecked(body.remote_allowed)
            self.numerator.setValue(body.qualified_numerator)
            self.denominator.setValue(body.qualified_denominator)
            self.weighted.setChecked(body.weighted_votes)
            self.case_prefix.setText(body.case_prefix)
            self.seat_order.setCurrentIndex(max(self.seat_order.findData(body.seat_order), 0))
            self.seat_places.setText(", ".join(body.seat_places))
            self.name_edit.setFocus()
        else:
            self.code_edit.setFocus()
        self._seat_order_changed()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "kind": self.kind.currentData(),
            "seats": self.seats.value(),
            "notice_days": self.notice_days.value(),
            "remote_allowed": self.remote.isChecked(),
            "qualified_numerator": self.numerator.value(),
            "qualified_denominator": self.denominator.value(),
            "weighted_votes": self.weighted.isChecked(),
            "case_prefix": self.case_prefix.text().strip(),
            "seat_order": SeatOrder(self.seat_order.currentData()),
            "seat_places": [
                n.strip() for n in self.seat_places.text().replace(";", ",").split(",") if n.strip()
            ]
            if self.seat_order.currentData() == SeatOrder.CUSTOM
            else [],
        }

    def _seat_order_changed(self, *args: Any) -> None:
        self.seat_places.setEnabled(self.seat_order.currentData() == SeatOrder.CUSTOM)

    def submit(self) -> None:
        values = self.values()
        if self.body is None:
            data = BodyIn(code=self.code_edit.text().strip(), **values)
            self.run(create_body, data, done=self._saved)
            return
        old = self.body.model_dump(include=set(_FIELDS))
        changed = {k: v for k, v in values.items() if v != old[k]}
        if not changed:
            self.reject()
            return
        update = BodyUpdate(code=self.body.code, expected_version=self.body.version, **changed)
        self.run(update_body, update, done=self._saved)

    def _saved(self, body: BodyOut) -> None:
        self.saved = body
        self.state.message.emit(
            _("Lagra organet {code} {name}.").format(code=body.code, name=body.name)
        )

    def field_of(self, message: str) -> str | None:
        lowered = message.casefold()
        if "koden" in lowered:
            return "code"
        if "kvalifisert" in lowered:
            return "qualified_denominator"
        if "rekkjefølgja" in lowered or "seat_places" in lowered:
            return "seat_places"
        return None

    def focus_field(self, key: str) -> None:
        widget = {
            "code": self.code_edit,
            "name": self.name_edit,
            "seats": self.seats,
            "notice_days": self.notice_days,
            "qualified_denominator": self.denominator,
            "case_prefix": self.case_prefix,
            "seat_places": self.seat_places,
        }.get(key)
        if widget is not None:
            widget.setFocus()


class RetireBodyDialog(FormDialog):
    """Retire a body after a last day, or take it into use again."""

    def __init__(self, state: AppState, body: BodyOut, parent: QWidget | None = None) -> None:
        super().__init__(
            state, _("Avvikle organet {code}").format(code=body.code), _("Lagre"), parent
        )
        self.setObjectName("retire_body_dialog")
        self.body = body
        self.saved: BodyOut | None = None
        self.set_intro(
            _(
                "Eit avvikla organ held ingen møte etter siste dagen sin. Møta, sakene og "
                "medlemene blir verande som dei er. Ta bort krysset for å ta organet i bruk att."
            )
        )
        self.last_day = OptionalDate("retired_on", _("Siste dag"), body.retired_on, dt.date.today())
        self.last_day.check.setText(_("Avvikla"))
        self.add_field("retired_on", _("&Siste dag"), self.last_day)
        self.setMinimumWidth(480)

    def submit(self) -> None:
        day = self.last_day.value()
        if day == self.body.retired_on:
            self.reject()
            return
        data = RetireBodyIn(code=self.body.code, retired_on=day, expected_version=self.body.version)
        self.run(retire_body, data, done=self._saved)

    def _saved(self, body: BodyOut) -> None:
        self.saved = body
        self.state.message.emit(
            _("Organet {code} er avvikla etter {day}.").format(
                code=body.code, day=fmt_date(body.retired_on)
            )
            if body.retired_on
            else _("Organet {code} er i bruk att.").format(code=body.code)
        )


def body_columns() -> list[Column[BodyOut]]:
    return [
        Column(_("Kode"), lambda b: b.code, width=6),
        Column(_("Namn"), lambda b: b.name),
        Column(
            _("Slag"),
            lambda b: _("Folkevalt") if b.kind is BodyKind.ELECTED else _("Administrativt"),
            width=16,
        ),
        Column(_("Plassar"), lambda b: str(b.seats), lambda b: b.seats, width=7, right=True),
        Column(
            _("Innkalling"),
            lambda b: _("{n} dagar").format(n=b.notice_days),
            lambda b: b.notice_days,
            width=10,
            right=True,
        ),
        Column(
            _("Avvikla"),
            lambda b: fmt_date(b.retired_on),
            lambda b: date_sort(b.retired_on),
            width=11,
            muted=lambda b: b.retired_on is not None,
        ),
    ]


class BodiesDialog(QDialog):
    """The bodies, with «Nytt organ …» and «Endre …»; follows changes to the registry."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("bodies_dialog")
        self.setWindowTitle(_("Organ"))
        self.setAccessibleName(_("Organ"))
        self.setModal(True)
        self.setMinimumSize(640, 380)
        self.body_dialog: BodyDialog | RetireBodyDialog | None = None
        intro = QLabel(
            _(
                "Eit møte høyrer til eit organ: representantskapet, styret, "
                "kommunedirektørmøtet eller eit anna. Medlemer og varamedlemer blir registrerte "
                "per organ."
            )
        )
        intro.setWordWrap(True)
        self.model: RowsModel[BodyOut] = RowsModel(body_columns(), self)
        self.table, self.proxy = make_table(self.model, "bodies", self)
        self.table.setAccessibleName(_("Organ"))
        self.table.doubleClicked.connect(lambda _index: self.edit_body())
        self.empty = QLabel(
            _("Det finst ikkje noko organ enno. Lag det første med «Nytt organ …».")
        )
        self.empty.setObjectName("bodies_empty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        self.new_button = QPushButton(_("&Nytt organ …"))
        self.new_button.setObjectName("new_body")
        self.new_button.clicked.connect(self.new_body)
        self.edit_button = QPushButton(_("&Endre …"))
        self.edit_button.setObjectName("edit_body")
        self.edit_button.clicked.connect(self.edit_body)
        self.retire_button = QPushButton(_("&Avvikle …"))
        self.retire_button.setObjectName("retire_body")
        self.retire_button.setToolTip(
            _("Avvikle organet etter ein siste dag, eller ta det i bruk att.")
        )
        self.retire_button.clicked.connect(self.retire)
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close")
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.retire_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        self._seats = 0
        state.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, area: str) -> None:
        if area == "registry":
            self.reload()

    def reload(self) -> None:
        if self.state.is_open:
            self.state.call(_bodies_and_seats, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, found: tuple[list[BodyOut], int]) -> None:
        bodies, self._seats = found
        self.model.set_rows(bodies)
        self.empty.setVisible(not bodies)
        self.edit_button.setEnabled(bool(bodies))
        self.retire_button.setEnabled(bool(bodies))
        if bodies and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def current(self) -> BodyOut | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index))

    def new_body(self) -> None:
        self._open(BodyDialog(self.state, None, self, default_seats=self._seats))

    def edit_body(self) -> None:
        body = self.current()
        if body is not None:
            self._open(BodyDialog(self.state, body, self))

    def retire(self) -> None:
        body = self.current()
        if body is not None:
            self._open(RetireBodyDialog(self.state, body, self))

    def _open(self, dialog: BodyDialog | RetireBodyDialog) -> None:
        from ui.setup import show_dialog

        self.body_dialog = dialog
        show_dialog(dialog)


def _bodies_and_seats(ctx: Context) -> tuple[list[BodyOut], int]:
    return list_bodies(ctx), participants_today(ctx)


def new_body_dialog(state: AppState, parent: QWidget) -> None:
    """The form for a new body, its seats set to the municipalities taking part today."""
    from ui.setup import load_then, show_dialog

    def opened(seats: int) -> None:
        show_dialog(BodyDialog(state, None, parent, default_seats=seats))

    load_then(state, parent, participants_today, opened)
