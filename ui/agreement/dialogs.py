"""Starting the agreement process, and editing its milestones."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.agreement import default_milestones
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import agreement
from dvmeet.services.agreement.models import (
    MilestoneIn,
    MilestoneOut,
    MilestoneUpdate,
    ProcessOut,
    ReorderMilestonesIn,
    StartProcessIn,
)
from dvmeet.services.models import explain_validation
from dvmeet.services.registry import list_bodies
from dvmeet.services.registry.models import BodyOut
from ui.agreement.words import fmt_date, qdate, short_date, track_header
from ui.conflict import KEEP_MINE, USE_STORED, ConflictDialog, differences
from ui.errors import confirm, describe
from ui.registry.forms import (
    FormDialog,
    OptionalDate,
    date_edit,
    date_of,
    error_label,
    hint_label,
)
from ui.state import AppState
from ui.table import Column, RowsModel, make_table, select_where, selected_row


class AgreementForm(FormDialog):
    """A form dialog whose service call announces a change to the agreement."""

    def run(
        self,
        service: Any,
        *args: Any,
        done: Any = None,
    ) -> None:
        self.ok_button.setEnabled(False)

        def on_done(result: Any) -> None:
            self.result_value = result
            if done is not None:
                done(result)
            self.accept()

        self.state.call(service, *args, on_done=on_done, on_error=self.show_service_error)


def timeline_text(year: int) -> str:
    return "<br>".join(
        f"{short_date(t.due_on)}{t.due_on.year} – {t.name}" for t in default_milestones(year)
    )


class StartProcessDialog(AgreementForm):
    """Start the process with the seed letter's timeline for a year (editable afterwards)."""

    def __init__(self, state: AppState, year: int, parent: QWidget | None = None) -> None:
        super().__init__(state, _("Start avtaleprosessen"), _("Start prosessen"), parent)
        self.setObjectName("start_process_dialog")
        self.set_intro(
            _("Prosessen får milepælane frå informasjonsbrevet. Datoane kan endrast etterpå "
              "under <b>Milepælar</b>.")
        )  # fmt: skip
        self.title_edit = QLineEdit(_("Ny samarbeidsavtale"))
        self.title_edit.setObjectName("process_title")
        self.title_edit.setAccessibleName(_("Tittel"))
        self.year = QSpinBox()
        self.year.setObjectName("process_year")
        self.year.setAccessibleName(_("År"))
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.body = QComboBox()
        self.body.setObjectName("process_body")
        self.body.setAccessibleName(_("Organ som får sete"))
        self.body.addItem(_("Ingen"), None)
        self.timeline = QLabel()
        self.timeline.setObjectName("process_timeline")
        self.add_field("title", _("&Tittel"), self.title_edit)
        self.add_field("year", _("&År for tidsplanen"), self.year)
        self.add_field(
            "body_code",
            _("&Organ"),
            self.body,
            _("Organet som får eitt sete per kommune som sluttar seg til."),
        )
        self.add_field("milestones", _("Tidsplan"), self.timeline)
        self.year.valueChanged.connect(self._show_timeline)
        self._show_timeline(year)
        self.setMinimumWidth(560)
        state.call(list_bodies, on_done=self._bodies_loaded, on_error=self.show_service_error)

    def _bodies_loaded(self, bodies: list[BodyOut]) -> None:
        for b in bodies:
            self.body.addItem(f"{b.name} ({b.code})", b.code)
        codes = [b.code for b in bodies]
        if "RS" in codes:
            self.body.setCurrentIndex(codes.index("RS") + 1)

    def _show_timeline(self, year: int) -> None:
        self.timeline.setText(timeline_text(year))

    def submit(self) -> None:
        data = StartProcessIn(
            title=self.title_edit.text(),
            year=self.year.value(),
            body_code=self.body.currentData(),
        )
        self.run(agreement.start_process, data, done=self._started)

    def _started(self, process: ProcessOut) -> None:
        self.state.message.emit(_("Avtaleprosessen er starta."))

    def focus_field(self, key: str) -> None:
        {"title": self.title_edit, "year": self.year}.get(key, self.body).setFocus()


def _track_word(m: MilestoneOut) -> str:
    if m.track is None:
        return _("Sekretariatet")
    return _("Kommunane: {what}").format(what=track_header(m.track).lower())


def milestone_columns() -> list[Column[MilestoneOut]]:
    return [
        Column(_("Nr."), lambda m: str(m.position), sort=lambda m: m.position, width=4),
        Column(_("Milepæl"), lambda m: m.name, tooltip=lambda m: m.name),
        Column(_("Opnar"), lambda m: fmt_date(m.opens_on), width=11),
        Column(_("Frist / dato"), lambda m: fmt_date(m.due_on), width=11),
        Column(_("Gjeld"), _track_word, width=28),
        Column(_("Gjort"), lambda m: fmt_date(m.completed_on), width=11),
    ]


class MilestonesDialog(QDialog):
    """The process's milestones: dates and names editable, add, remove, reorder."""

    def __init__(self, state: AppState, process: ProcessOut, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.conflict: ConflictDialog | None = None  # open while a save meets another's
        self.setObjectName("milestones_dialog")
        self.setWindowTitle(_("Milepælar i avtaleprosessen"))
        self.setModal(True)
        self.model = RowsModel(milestone_columns(), self)
        self.table, self.proxy = make_table(self.model, "milestones", self, sortable=False)
        self.table.setAccessibleName(_("Milepælar"))
        self.name = QLineEdit()
        self.name.setObjectName("milestone_name")
        self.name.setAccessibleName(_("Namn på milepælen"))
        today = dt.date.today()
        self.opens = OptionalDate("milestone_opens", _("Opnar"), None, today)
        self.due = date_edit("milestone_due", _("Frist"), today)
        self.due.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.completed = OptionalDate("milestone_completed", _("Gjort"), None, today)
        self.completed_hint = hint_label(
            _("Milepælar som gjeld kommunane er gjorde når kvar kommune har gjort sitt.")
        )
        self.error = error_label("milestone_error")
        self.save_button = QPushButton(_("&Lagre endringa"))
        self.save_button.setObjectName("save_milestone")
        self.add_button = QPushButton(_("&Ny milepæl"))
        self.add_button.setObjectName("add_milestone")
        self.remove_button = QPushButton(_("&Fjern"))
        self.remove_button.setObjectName("remove_milestone")
        self.up_button = QPushButton(_("Flytt &opp"))
        self.up_button.setObjectName("milestone_up")
        self.down_button = QPushButton(_("Flytt n&ed"))
        self.down_button.setObjectName("milestone_down")

        form = QGridLayout()
        labels = [
            (_("&Namn"), self.name),
            (_("Op&nar"), self.opens),
            (_("F&rist / dato"), self.due),
            (_("&Gjort"), self.completed),
        ]
        for r, (text, widget) in enumerate(labels):
            caption = QLabel(text)
            caption.setBuddy(widget if not isinstance(widget, OptionalDate) else widget.check)
            form.addWidget(caption, r, 0)
            form.addWidget(widget, r, 1)
        form.addWidget(self.completed_hint, len(labels), 1)
        form.setColumnStretch(1, 1)
        row = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Lukk"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(820, 560)

        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        self.up_button.clicked.connect(lambda _c=False: self.move_milestone(-1))
        self.down_button.clicked.connect(lambda _c=False: self.move_milestone(1))
        self.set_process(process)

    def set_process(self, process: ProcessOut, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.process = process
        self.model.set_rows(process.milestones)
        if keep is None or not select_where(self.table, lambda m: m.id == keep):
            self.table.selectRow(0)
        self._show_current()

    def current(self) -> MilestoneOut | None:
        m = selected_row(self.table)
        return m if isinstance(m, MilestoneOut) else None

    def _show_current(self) -> None:
        m = self.current()
        for w in (self.save_button, self.remove_button, self.up_button, self.down_button):
            w.setEnabled(m is not None)
        if m is None:
            return
        self.name.setText(m.name)
        self.opens.check.setChecked(m.opens_on is not None)
        if m.opens_on:
            self.opens.edit.setDate(qdate(m.opens_on))
        self.due.setDate(qdate(m.due_on))
        self.completed.check.setChecked(m.completed_on is not None)
        if m.completed_on:
            self.completed.edit.setDate(qdate(m.completed_on))
        self.completed.setEnabled(m.track is None)
        self.completed_hint.setVisible(m.track is not None)
        self.up_button.setEnabled(m.position > 1)
        self.down_button.setEnabled(m.position < len(self.process.milestones))

    def _call(
        self,
        service: Any,
        *args: Any,
        select_id: int | None = None,
        failed: Any = None,
    ) -> None:
        self.error.setVisible(False)

        def done(process: ProcessOut) -> None:
            self.set_process(process, select_id)
            self.state.message.emit(_("Milepælane er lagra."))

        self.state.call(service, *args, on_done=done, on_error=failed or self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(describe(exc))
        self.error.setVisible(True)
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, ProcessOut):
            self.set_process(exc.current)  # a move or removal: show the list as it is now

    def _form_values(self, m: MilestoneOut) -> dict[str, Any]:
        values: dict[str, Any] = {"name": m.name, "due_on": m.due_on, "opens_on": m.opens_on}
        if m.track is None:
            values["completed_on"] = m.completed_on
        return values

    def _save_failed(self, opened: MilestoneOut, mine: dict[str, Any], exc: BaseException) -> None:
        """Someone else saved the milestone first: the ConflictDialog asks what to do."""
        current = None
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, ProcessOut):
            current = next((x for x in exc.current.milestones if x.id == opened.id), None)
        if current is None or not isinstance(exc, ChangedElsewhere):
            self._failed(exc)
            return
        assert isinstance(exc.current, ProcessOut)
        process = exc.current
        labels = [
            ("name", _("Namn")),
            ("opens_on", _("Opnar")),
            ("due_on", _("Frist / dato")),
            ("completed_on", _("Fullført")),
        ]
        rows = differences(
            [x for x in labels if x[0] in mine],
            self._form_values(opened),
            mine,
            self._form_values(current),
        )
        dialog = ConflictDialog(_("milepælen «{name}»").format(name=current.name), rows, self)

        def chosen(choice: str) -> None:
            self.conflict = None
            if choice == KEEP_MINE:
                # the fields I changed go over theirs; the others stay as they saved them
                opened_values = self._form_values(opened)
                changed = {k: v for k, v in mine.items() if v != opened_values.get(k)}
                data = MilestoneUpdate(id=current.id, expected_version=current.version, **changed)
                self._call(
                    agreement.update_milestone,
                    data,
                    select_id=current.id,
                    failed=lambda e: self._save_failed(current, mine, e),
                )
            elif choice == USE_STORED:
                self.set_process(process, current.id)
            else:
                self.error.setText(
                    _(
                        "Ikkje lagra: nokon andre har lagra {what} medan du arbeidde. Det du har "
                        "skrive, står her framleis; trykk Lagre for å velje på nytt."
                    ).format(what=_("milepælen «{name}»").format(name=current.name))
                )
                self.error.setVisible(True)

        dialog.chosen.connect(chosen)
        self.conflict = dialog
        dialog.open()

    def _validation(self, exc: ValidationError) -> None:
        self.error.setText("\n".join(explain_validation(exc)))
        self.error.setVisible(True)

    def save(self) -> None:
        m = self.current()
        if m is None:
            return
        try:
            fields: dict[str, Any] = {
                "id": m.id,
                "name": self.name.text(),
                "due_on": date_of(self.due),
                "opens_on": self.opens.value(),
            }
            if m.track is None:
                fields["completed_on"] = self.completed.value()
            data = MilestoneUpdate(**fields, expected_version=m.version)
        except ValidationError as exc:
            self._validation(exc)
            return
        mine = {k: v for k, v in fields.items() if k != "id"}
        self._call(
            agreement.update_milestone,
            data,
            select_id=m.id,
            failed=lambda e: self._save_failed(m, mine, e),
        )

    def add(self) -> None:
        last = self.process.milestones[-1].due_on if self.process.milestones else dt.date.today()
        data = MilestoneIn(name=_("Ny milepæl"), due_on=last)

        def done(process: ProcessOut) -> None:
            newest = max(process.milestones, key=lambda m: m.id)
            self.set_process(process, newest.id)
            self.name.setFocus()
            self.name.selectAll()

        self.state.call(agreement.add_milestone, data, on_done=done, on_error=self._failed)

    def remove(self) -> None:
        m = self.current()
        if m is None:
            return
        if not confirm(
            self,
            _("Fjern milepæl"),
            _("Fjerne «{name}» frå prosessen?").format(name=m.name),
            _("Fjern"),
        ):
            return
        self._call(partial(agreement.remove_milestone, expected_version=m.version), m.id)

    def move_milestone(self, step: int) -> None:
        m = self.current()
        if m is None:
            return
        ids = [x.id for x in self.process.milestones]
        i = ids.index(m.id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        versions = {x.id: x.version for x in self.process.milestones}
        self._call(
            agreement.reorder_milestones,
            ReorderMilestonesIn(ids=ids, expected_versions=versions),
            select_id=m.id,
        )
