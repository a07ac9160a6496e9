"""Kostnadsfordeling: settings of a budget year and a live preview of each share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import ChangedElsewhere, DvmeetError, NotFound
from dvmeet.i18n import _
from dvmeet.services import cost_shares
from dvmeet.services.cost_shares.models import (
    CostShareOut,
    CostShareSettingsIn,
    ParticipantSource,
    RecalculateIn,
    RecalculationOut,
)
from dvmeet.services.exports import export_cost_table
from dvmeet.services.models import explain_validation
from ui.agreement.files import choose_file
from ui.agreement.models import cost_columns
from ui.agreement.words import money
from ui.conflict import KEEP_MINE, USE_STORED, ConflictDialog, differences
from ui.errors import show_error
from ui.registry.forms import error_label, hint_label
from ui.state import AppState
from ui.table import RowsModel, make_table

DEBOUNCE_MS = 350
NORWEGIAN = QLocale(QLocale.Language.NorwegianNynorsk, QLocale.Country.Norway)


def source_words() -> dict[ParticipantSource, str]:
    """The choices of participants, in the order shown (translated when asked)."""
    return {
        ParticipantSource.AGREEMENT_NOT_DECLINED: _("Alle som ikkje har takka nei"),
        ParticipantSource.AGREEMENT: _("Berre dei som har slutta seg til"),
        ParticipantSource.REGISTRY: _("Deltakarkommunar i registeret 1. januar"),
        ParticipantSource.LAST_YEAR: _("Same deltakarar som i fjor"),
    }


def money_box(name: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, 2_000_000_000)
    box.setSingleStep(10_000)
    box.setLocale(NORWEGIAN)
    box.setGroupSeparatorShown(True)
    box.setSuffix(" kr")
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setKeyboardTracking(True)
    return box


def weight_box(name: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, 1000)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class CostPanel(QWidget):
    preview_shown = Signal()  # a preview or a stored result is in the table
    message_shown = Signal(str)  # the settings cannot be used: why

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result: CostShareOut | None = None
        self.stored: CostShareOut | None = None  # the saved calculation of the year
        self.conflict: ConflictDialog | None = None  # open while a save meets another's
        self._filling = False
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.preview)

        self.year = QSpinBox()
        self.year.setObjectName("budget_year")
        self.year.setAccessibleName(_("Budsjettår"))
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year + 1)
        self.stored_label = QLabel()
        self.stored_label.setObjectName("budget_stored")
        self.stored_label.setEnabled(False)
        self.total = money_box("total_budget", _("Totalbudsjett"))
        self.total.setSingleStep(100_000)
        self.base_weight = weight_box("base_weight", _("Vekt likt fordelt"))
        self.population_weight = weight_box("population_weight", _("Vekt etter folketal"))
        self.weights_hint = hint_label("")
        self.minimum = money_box("min_payment", _("Minstebeløp"))
        self.has_maximum = QCheckBox(_("Bruk"))
        self.has_maximum.setObjectName("has_max_payment")
        self.has_maximum.setAccessibleName(_("Har maksimumsbeløp"))
        self.maximum = money_box("max_payment", _("Maksimumsbeløp"))
        self.source = QComboBox()
        self.source.setObjectName("participant_source")
        self.source.setAccessibleName(_("Deltakarar"))
        for source, word in source_words().items():
            self.source.addItem(word, source)
        self.note = QLineEdit()
        self.note.setObjectName("budget_note")
        self.note.setAccessibleName(_("Merknad"))
        self.note.setPlaceholderText(_("Valfritt, til dømes kva saka gjeld"))
        self.message = error_label("cost_message")
        self.summary = QLabel()
        self.summary.setObjectName("cost_summary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(_("&Lagre fordelinga"))
        self.save_button.setObjectName("save_budget")
        self.recalculate_button = QPushButton(_("Rekn &om med nye deltakarar"))
        self.recalculate_button.setObjectName("recalculate_budget")
        self.recalculate_button.setToolTip(
            _("Rekn ut den lagra fordelinga på nytt med deltakarane slik dei er no, "
              "med same innstillingar og folketal.")
        )  # fmt: skip
        self.xlsx_button = QPushButton(_("E&ksporter XLSX …"))
        self.xlsx_button.setObjectName("export_cost_xlsx")
        self.pdf_button = QPushButton(_("Eksporter &PDF …"))
        self.pdf_button.setObjectName("export_cost_pdf")

        settings = QWidget()
        settings.setObjectName("cost_settings")
        settings.setMaximumWidth(400)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.stored_label, 1)
        self._add_row(form, _("&Budsjettår"), year_row, self.year)
        self._add_row(form, _("&Totalbudsjett"), self.total)
        self._add_row(form, _("Vekt &likt fordelt"), self.base_weight)
        self._add_row(form, _("Vekt etter &folketal"), self.population_weight)
        form.addRow("", self.weights_hint)
        self._add_row(form, _("&Minstebeløp"), self.minimum)
        max_row = QHBoxLayout()
        max_row.addWidget(self.has_maximum)
        max_row.addWidget(self.maximum, 1)
        self._add_row(form, _("Ma&ksimumsbeløp"), max_row, self.has_maximum)
        self._add_row(form, _("&Deltakarar"), self.source)
        self._add_row(form, _("Mer&knad"), self.note)
        buttons = QVBoxLayout()
        first = QHBoxLayout()
        first.addWidget(self.save_button)
        first.addWidget(self.recalculate_button)
        second = QHBoxLayout()
        second.addWidget(self.xlsx_button)
        second.addWidget(self.pdf_button)
        buttons.addLayout(first)
        buttons.addLayout(second)
        column = QVBoxLayout(settings)
        column.setContentsMargins(0, 0, 8, 0)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.summary)
        column.addStretch(1)
        column.addLayout(buttons)

        self.model: RowsModel[Any] = RowsModel(cost_columns(), self)
        self.table, self.proxy = make_table(self.model, "cost_table", self, sort_column=1)
        self.table.setAccessibleName(_("Kostnadsfordeling per kommune"))
        self.table_title = QLabel()
        self.table_title.setObjectName("cost_table_title")
        font = self.table_title.font()
        font.setBold(True)
        self.table_title.setFont(font)
        right = QVBoxLayout()
        right.addWidget(self.table_title)
        right.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(settings)
        layout.addLayout(right, 1)

        self.year.valueChanged.connect(lambda _v: self.load_year())
        for box in (self.total, self.base_weight, self.population_weight, self.minimum):
            box.valueChanged.connect(lambda _v: self.schedule())
        self.maximum.valueChanged.connect(lambda _v: self.schedule())
        self.has_maximum.toggled.connect(self._max_toggled)
        self.source.currentIndexChanged.connect(lambda _i: self.schedule())
        self.note.textChanged.connect(lambda _t: self._update_state())
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.recalculate_button.clicked.connect(lambda _c=False: self.recalculate())
        self.xlsx_button.clicked.connect(lambda _c=False: self.export_xlsx())
        self.pdf_button.clicked.connect(lambda _c=False: self.export_pdf())
        self._defaults()
        self._update_state()

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: Any, buddy: QWidget | None = None) -> None:
        caption = QLabel(text)
        caption.setBuddy(buddy if buddy is not None else field)
        form.addRow(caption, field)

    def _defaults(self) -> None:
        self._filling = True
        self.total.setValue(10_000_000)
        self.base_weight.setValue(30)
        self.population_weight.setValue(70)
        self.minimum.setValue(0)
        self.has_maximum.setChecked(False)
        self.maximum.setValue(1_000_000)
        self.maximum.setEnabled(False)
        self._filling = False
        self._show_weights()

    # --- settings -----------------------------------------------------------------------

    def _max_toggled(self, on: bool) -> None:
        self.maximum.setEnabled(on)
        self.schedule()

    def _show_weights(self) -> None:
        b, p = self.base_weight.value(), self.population_weight.value()
        if b + p == 0:
            self.weights_hint.setText(_("Minst éi av vektene må vere over 0."))
            return
        base = round(100 * b / (b + p))
        self.weights_hint.setText(
            _("{b} % av budsjettet blir delt likt, {p} % etter folketal.").format(
                b=base, p=100 - base
            )
        )

    def settings_in(self) -> CostShareSettingsIn:
        return CostShareSettingsIn(
            year=self.year.value(),
            total_budget=self.total.value(),
            base_weight=self.base_weight.value(),
            population_weight=self.population_weight.value(),
            min_payment=self.minimum.value(),
            max_payment=self.maximum.value() if self.has_maximum.isChecked() else None,
            participant_source=self.source.currentData(),
            note=self.note.text() or None,
        )

    def schedule(self) -> None:
        """A setting changed: preview after the secretary pauses typing."""
        self._show_weights()
        if self._filling:
            return
        self._update_state()
        self.timer.start()

    # --- loading and preview ------------------------------------------------------------

    def reload(self) -> None:
        self.load_year()

    def load_year(self) -> None:
        if not self.state.is_open:
            return
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        self.state.call(
            cost_shares.get_budget,
            self.year.value(),
            on_done=lambda out: self._year_loaded(out, generation),
            on_error=lambda exc: self._year_missing(exc, generation),
        )

    def _year_loaded(self, out: CostShareOut, generation: int) -> None:
        if generation != self._generation:
            return
        self.stored = out
        self._filling = True
        self.total.setValue(out.total_budget)
        self.base_weight.setValue(out.base_weight)
        self.population_weight.setValue(out.population_weight)
        self.minimum.setValue(out.min_payment)
        self.has_maximum.setChecked(out.max_payment is not None)
        self.maximum.setEnabled(out.max_payment is not None)
        if out.max_payment is not None:
            self.maximum.setValue(out.max_payment)
        self.note.setText(out.note or "")
        self._filling = False
        self._show_weights()
        self._show_result(out)

    def _year_missing(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        if not isinstance(exc, NotFound):
            show_error(self, exc)
        self.stored = None
        self.preview()

    def preview(self) -> None:
        if not self.state.is_open:
            return
        self.timer.stop()
        try:
            data = self.settings_in()
        except ValidationError as exc:
            self._show_message("\n".join(explain_validation(exc)))
            return
        self._generation += 1
        generation = self._generation
        self.state.call(
            cost_shares.preview,
            data,
            on_done=lambda out: self._previewed(out, generation),
            on_error=lambda exc: self._refused(exc, generation),
        )

    def _previewed(self, out: CostShareOut, generation: int) -> None:
        if generation == self._generation:
            self._show_result(out)

    def _refused(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, DvmeetError):
            self._show_message(exc.message)
        else:
            show_error(self, exc)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.table.setEnabled(False)
        self.table_title.setText(_("Førehandsvising (gjeld ikkje: sjå meldinga til venstre)"))
        self.summary.clear()
        self._update_state()
        self.message_shown.emit(text)

    def _show_result(self, out: CostShareOut) -> None:
        self.result = out
        self.message.clear()
        self.message.setVisible(False)
        self.table.setEnabled(True)
        self.model.set_rows(out.lines)
        if self.matches_stored():
            title = _("Lagra fordeling for {year}").format(year=out.year)
        else:
            title = _("Førehandsvising for {year} (ikkje lagra)").format(year=out.year)
        self.table_title.setText(title)
        summary = out.summary
        if out.last_year_total is not None:
            summary += " " + _("I fjor: {amount}.").format(amount=money(out.last_year_total))
        if out.locked:
            summary += " " + _(
                "Fordelinga er vedteken i ein godkjend møtebok og kan ikkje endrast."
            )
        self.summary.setText(summary)
        self._update_state()
        self.preview_shown.emit()

    def matches_stored(self) -> bool:
        s = self.stored
        if s is None:
            return False
        try:
            data = self.settings_in()
        except ValidationError:
            return False
        return (
            data.total_budget == s.total_budget
            and data.base_weight == s.base_weight
            and data.population_weight == s.population_weight
            and data.min_payment == s.min_payment
            and data.max_payment == s.max_payment
            and (data.note or None) == (s.note or None)
        )

    def _update_state(self) -> None:
        stored = self.stored
        if stored is None:
            self.stored_label.setText(_("ikkje lagra"))
        elif self.matches_stored():
            when = stored.calculated_at.strftime("%d.%m.%Y") if stored.calculated_at else ""
            self.stored_label.setText(_("lagra {date}").format(date=when).strip())
        else:
            self.stored_label.setText(_("endra, ikkje lagra"))
        problem = self.message.isVisible()
        locked = stored is not None and stored.locked
        self.save_button.setEnabled(not problem and not locked)
        saved = stored is not None
        self.recalculate_button.setEnabled(saved and not locked)
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(saved)
            button.setToolTip("" if saved else _("Lagre fordelinga først."))

    # --- actions ------------------------------------------------------------------------

    def save(self) -> None:
        try:
            data = self.settings_in()
        except ValidationError as exc:
            self._show_message("\n".join(explain_validation(exc)))
            return
        # the stored calculation the settings were edited from (0: none was stored)
        stored = self.stored if self.stored is not None and self.stored.year == data.year else None
        data = data.model_copy(update={"expected_version": stored.version if stored else 0})
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        self.state.call(
            cost_shares.save_budget,
            data,
            on_done=self._saved,
            on_error=lambda exc: self._save_refused(exc, generation, stored, data),
        )

    def _save_refused(
        self,
        exc: BaseException,
        generation: int,
        opened: CostShareOut | None,
        mine: CostShareSettingsIn,
    ) -> None:
        """Someone else saved the year's calculation first: the ConflictDialog asks whether
        to save these settings over theirs, use theirs, or go back to the form."""
        if generation != self._generation:
            return
        current = exc.current if isinstance(exc, ChangedElsewhere) else None
        if not isinstance(current, CostShareOut):
            self._refused(exc, generation)
            return
        fields = [
            ("total_budget", _("Totalbudsjett")),
            ("base_weight", _("Vekt likt fordelt")),
            ("population_weight", _("Vekt etter folketal")),
            ("min_payment", _("Minstebeløp")),
            ("max_payment", _("Maksimumsbeløp")),
            ("note", _("Merknad")),
        ]
        rows = differences(
            fields,
            opened.model_dump() if opened else {},
            mine.model_dump(),
            current.model_dump(),
        )
        dialog = ConflictDialog(
            _("kostnadsfordelinga for {year}").format(year=current.year), rows, self
        )

        def chosen(choice: str) -> None:
            self.conflict = None
            if choice == KEEP_MINE:
                # the fields I changed go over theirs; the others stay as they saved them
                before = opened.model_dump() if opened else {}
                typed = mine.model_dump()
                self._filling = True
                for key, _label in fields:
                    if typed.get(key) == before.get(key):
                        self._set_setting(key, getattr(current, key))
                self._filling = False
                self.stored = current  # overwrite knowingly, on what is saved now
                self.save()
            elif choice == USE_STORED:
                self._generation += 1
                self._year_loaded(current, self._generation)
            else:
                self._show_message(
                    _(
                        "Ikkje lagra: nokon andre har lagra {what} medan du arbeidde. Det du har "
                        "skrive, står her framleis; trykk Lagre for å velje på nytt."
                    ).format(what=_("kostnadsfordelinga for {year}").format(year=current.year))
                )

        dialog.chosen.connect(chosen)
        self.conflict = dialog
        dialog.open()

    def _saved(self, out: CostShareOut) -> None:
        self.stored = out
        self._show_result(out)
        self.state.message.emit(_("Kostnadsfordelinga for {year} er lagra.").format(year=out.year))

    def recalculate(self) -> None:
        if self.stored is None:
            return
        self._generation += 1
        self.state.call(
            cost_shares.recalculate,
            RecalculateIn(
                year=self.stored.year,
                participant_source=self.source.currentData(),
                expected_version=self.stored.version,
            ),
            on_done=self._recalculated,
            on_error=self._recalculate_refused,
        )

    def _set_setting(self, key: str, value: Any) -> None:
        """Show a stored setting in its input field."""
        boxes = {
            "total_budget": self.total,
            "base_weight": self.base_weight,
            "population_weight": self.population_weight,
            "min_payment": self.minimum,
        }
        if key in boxes:
            boxes[key].setValue(value)
        elif key == "max_payment":
            self.has_maximum.setChecked(value is not None)
            self.maximum.setEnabled(value is not None)
            if value is not None:
                self.maximum.setValue(value)
        elif key == "note":
            self.note.setText(value or "")

    def _recalculate_refused(self, exc: BaseException) -> None:
        show_error(self, exc)
        if isinstance(exc, ChangedElsewhere):
            self.load_year()  # show the calculation as it is saved now

    def _recalculated(self, out: RecalculationOut) -> None:
        self.stored = out.result
        self._show_result(out.result)
        parts = []
        if out.added:
            parts.append(_("{n} nye").format(n=len(out.added)))
        if out.removed:
            parts.append(_("{n} ute").format(n=len(out.removed)))
        parts.append(_("{n} fekk nytt beløp").format(n=len(out.changed)))
        self.state.message.emit(
            _("Fordelinga for {year} er rekna om: {what}.").format(
                year=out.result.year, what=", ".join(parts)
            )
        )

    def export_xlsx(self) -> None:
        if self.stored is None:
            return
        year = self.stored.year
        path = choose_file(
            self,
            _("Eksporter kostnadsfordeling"),
            _("Kostnadsfordeling {year}.xlsx").format(year=year),
            _("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        self.state.call(
            export_cost_table,
            year,
            path,
            on_done=lambda r: self.state.message.emit(_("Lagra: {path}").format(path=r.path)),
            on_error=lambda exc: show_error(self, exc),
        )

    def export_pdf(self) -> None:
        if self.stored is None:
            return
        year = self.stored.year
        path = choose_file(
            self,
            _("Eksporter kostnadsfordeling"),
            _("Kostnadsfordeling {year}.pdf").format(year=year),
            _("PDF (*.pdf)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.state.call(
            export_cost_table,
            year,
            path,
            on_done=lambda r: self.state.message.emit(_("Lagra: {path}").format(path=r.path)),
            on_error=lambda exc: show_error(self, exc),
        )
