"""«Saksgang …» of a case (issue 19): the bodies the matter goes through in order, each
handling with its meeting date and number, and the next handling planned into a meeting
of the next body.

Every change is one service call at once (add a body, remove, move, plan the next
handling, use the earlier decision as innstilling), made on the route's version the dialog
shows; a refusal is shown above the buttons and the dialog reads the saksgang again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import (
    CarryInnstillingIn,
    PlanHandlingIn,
    SaksgangIn,
    SaksgangOut,
    SaksgangStepIn,
    SaksgangStepOut,
)
from ui.meetings.form import error_label, problem_text
from ui.state import AppState

COLUMNS = ("Utval", "Møtedato", "Saksnummer", "Innstilling")


def column_words() -> list[str]:
    return [_("Utval"), _("Møtedato"), _("Saksnummer"), _("Innstilling")]


def innstilling_word(step: SaksgangStepOut, before: SaksgangStepOut | None) -> str:
    """What the table says of a handling's innstilling."""
    if step.case_id is None:
        return ""
    if before is not None and step.carried:
        return _("vedtaket i {body}").format(body=before.body_name)
    if step.decision_differs and not step.recommendation:
        return _("inga (vedtaket i {body} er ikkje ført inn)").format(
            body=before.body_name if before else ""
        )
    if step.decision_differs:
        return _("skriven for hand (ulik vedtaket i {body})").format(
            body=before.body_name if before else ""
        )
    if step.recommendation:
        return _("framlegg til vedtak")
    if before is not None:
        return _("kjem frå vedtaket i {body}").format(body=before.body_name)
    return _("(inga innstilling)")


class SaksgangDialog(QDialog):
    """The saksgang of one case (`route` as read)."""

    def __init__(self, state: AppState, route: SaksgangOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.route = route
        self._running = False
        title = _("Saksgang – {label} {title}").format(label=route.label, title=route.title)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setObjectName("saksgang_dialog")
        self.setModal(True)
        self.setMinimumSize(720, 460)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)

        self.hint = QLabel()
        self.hint.setObjectName("saksgang_hint")
        self.hint.setWordWrap(True)
        outer.addWidget(self.hint)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("saksgang_table")
        self.table.setAccessibleName(_("Saksgang"))
        self.table.setHorizontalHeaderLabels(column_words())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        outer.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.body = QComboBox()
        self.body.setObjectName("route_body")
        self.body.setAccessibleName(_("Organ som skal handsame saka"))
        self.add_button = QPushButton(_("&Legg til organ"))
        self.add_button.setObjectName("add_step")
        self.add_button.setToolTip(_("Legg organet til sist i saksgangen"))
        self.add_button.clicked.connect(self.add_step)
        self.remove_button = QPushButton(_("&Fjern"))
        self.remove_button.setObjectName("remove_step")
        self.remove_button.setToolTip(
            _(
                "Tek organet ut av saksgangen. Ei sak som alt er sett opp i eit møte, "
                "står att i saklista der."
            )
        )
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button = QPushButton(_("Flytt &opp"))
        self.up_button.setObjectName("step_up")
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button = QPushButton(_("Flytt &ned"))
        self.down_button.setObjectName("step_down")
        self.down_button.clicked.connect(lambda: self.move_step(1))
        body_label = QLabel(_("&Organ:"))
        body_label.setBuddy(self.body)
        row.addWidget(body_label)
        row.addWidget(self.body, 1)
        row.addWidget(self.add_button)
        row.addSpacing(12)
        row.addWidget(self.remove_button)
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        outer.addLayout(row)

        self.plan_box = QGroupBox(_("Neste handsaming"))
        self.plan_box.setObjectName("plan_box")
        plan = QHBoxLayout(self.plan_box)
        self.next_label = QLabel()
        self.next_label.setObjectName("next_label")
        self.meeting = QComboBox()
        self.meeting.setObjectName("next_meeting")
        self.meeting.setAccessibleName(_("Møtet den neste handsaminga skal vere i"))
        self.plan_button = QPushButton(_("&Set opp i møtet"))
        self.plan_button.setObjectName("plan_handling")
        self.plan_button.setToolTip(
            _("Legg saka til i saklista til møtet, med nytt saksnummer i organet")
        )
        self.plan_button.clicked.connect(self.plan_next)
        plan.addWidget(self.next_label)
        plan.addWidget(self.meeting, 1)
        plan.addWidget(self.plan_button)
        outer.addWidget(self.plan_box)

        carry = QHBoxLayout()
        self.carry_note = QLabel()
        self.carry_note.setObjectName("carry_note")
        self.carry_note.setWordWrap(True)
        self.carry_button = QPushButton(_("&Bruk vedtaket som innstilling"))
        self.carry_button.setObjectName("carry_innstilling")
        self.carry_button.clicked.connect(self.carry)
        carry.addWidget(self.carry_note, 1)
        carry.addWidget(self.carry_button)
        outer.addLayout(carry)

        self.error = error_label(self)
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.show_route(route)

    # --- showing ----------------------------------------------------------------------

    def show_route(self, route: SaksgangOut, select: int | None = None) -> None:
        self.route = route
        steps = route.steps
        if steps:
            self.hint.setText(
                _(
                    "Saka går gjennom organa i denne rekkjefølgja. "
                    "Kvart organ gir saka eit eige saksnummer."
                )
            )
        else:
            self.hint.setText(
                _(
                    "Saka går berre gjennom {body}. Legg til organa ho skal vidare til, "
                    "til dømes representantskapet etter tilrådinga frå kommunedirektørmøtet."
                ).format(body=route.body_name)
            )
        shown: list[SaksgangStepOut | None] = list(steps) or [None]
        self.table.setRowCount(len(shown))
        for r, step in enumerate(shown):
            if step is None:
                cells = [route.body_name, f"{route.meeting_date:%d.%m.%Y}", route.label, ""]
                bold = True
            else:
                before = steps[r - 1] if r else None
                cells = [
                    step.body_name,
                    f"{step.meeting_date:%d.%m.%Y}" if step.meeting_date else _("ikkje sett opp"),
                    step.label or "",
                    innstilling_word(step, before),
                ]
                bold = step.this_case
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        if select is not None and 0 <= select < len(shown):
            self.table.setCurrentCell(select, 0)
        self.body.clear()
        for body in route.bodies:
            self.body.addItem(f"{body.name} ({body.code})", body.code)
        last = steps[-1].body_code if steps else route.body_code
        # offered first: a body other than the one the route ends with
        self.body.setCurrentIndex(
            next((i for i, b in enumerate(route.bodies) if b.code != last), 0)
        )
        nxt = next((s for s in steps if s.id == route.next_step_id), None)
        self.plan_box.setVisible(nxt is not None)
        self.meeting.clear()
        if nxt is not None:
            self.next_label.setText(f"{nxt.body_name}:")
            for m in route.next_meetings:
                self.meeting.addItem(m.label, m.id)
            if not route.next_meetings:
                self.meeting.addItem(
                    _("Ingen møte i {body} er planlagt etter førre handsaming").format(
                        body=nxt.body_name
                    ),
                    None,
                )
        this = next((s for s in steps if s.this_case), None)
        i = steps.index(this) if this is not None else -1
        before = steps[i - 1] if i > 0 else None
        # offered while the innstilling can still change: the meeting has not started
        differs = (
            this is not None and this.decision_differs and not this.locked and before is not None
        )
        self.carry_note.setVisible(differs)
        self.carry_button.setVisible(differs)
        if differs and before is not None and this is not None and not this.recommendation:
            self.carry_note.setText(
                _(
                    "Vedtaket i {body} ({label}) er ikkje ført inn som innstilling i denne saka."
                ).format(body=before.body_name, label=before.label or "")
            )
        elif differs and before is not None:
            self.carry_note.setText(
                _(
                    "Innstillinga i denne saka er skriven for hand og er ulik vedtaket i "
                    "{body} ({label}). Ho vert ikkje endra utan at du ber om det."
                ).format(body=before.body_name, label=before.label or "")
            )
        self._update_buttons()

    def _row_step(self) -> int | None:
        r = self.table.currentRow()
        return r if 0 <= r < len(self.route.steps) else None

    def _update_buttons(self) -> None:
        idle = not self._running
        r = self._row_step()
        steps = self.route.steps
        step = steps[r] if r is not None else None
        self.add_button.setEnabled(idle and self.body.count() > 0)
        self.remove_button.setEnabled(
            idle and step is not None and not step.this_case and not step.locked
        )
        # a handling whose meeting has started stays where it is, and nothing passes it
        up = r is not None and r > 0 and not steps[r].locked and not steps[r - 1].locked
        down = (
            r is not None and r + 1 < len(steps) and not steps[r].locked and not steps[r + 1].locked
        )
        self.up_button.setEnabled(idle and up)
        self.down_button.setEnabled(idle and down)
        self.plan_button.setEnabled(idle and self.meeting.currentData() is not None)
        self.carry_button.setEnabled(idle)

    # --- changing ---------------------------------------------------------------------

    def _steps(self) -> list[SaksgangStepIn]:
        if not self.route.steps:
            return [SaksgangStepIn(body_code=self.route.body_code, case_id=self.route.case_id)]
        return [SaksgangStepIn(body_code=s.body_code, case_id=s.case_id) for s in self.route.steps]

    def _set(self, steps: list[SaksgangStepIn], select: int | None) -> None:
        data = SaksgangIn(
            case_id=self.route.case_id, steps=steps, expected_version=self.route.version
        )
        self._run(lambda ctx: meetings.set_saksgang(ctx, data), select)

    def add_step(self) -> None:
        code = self.body.currentData()
        if not code:
            return
        steps = [*self._steps(), SaksgangStepIn(body_code=code)]
        self._set(steps, len(steps) - 1)

    def remove_step(self) -> None:
        r = self._row_step()
        if r is None:
            return
        steps = self._steps()
        del steps[r]
        self._set(steps, min(r, len(steps) - 1))

    def move_step(self, delta: int) -> None:
        r = self._row_step()
        if r is None or not 0 <= r + delta < len(self.route.steps):
            return
        steps = self._steps()
        steps[r], steps[r + delta] = steps[r + delta], steps[r]
        self._set(steps, r + delta)

    def plan_next(self) -> None:
        meeting_id = self.meeting.currentData()
        step_id = self.route.next_step_id
        if meeting_id is None or step_id is None:
            return
        data = PlanHandlingIn(
            case_id=self.route.case_id,
            step_id=step_id,
            meeting_id=meeting_id,
            expected_version=self.route.version,
        )
        self._run(lambda ctx: meetings.plan_handling(ctx, data), None)

    def carry(self) -> None:
        this = next((s for s in self.route.steps if s.this_case), None)
        if this is None or this.case_id is None:
            return
        data = CarryInnstillingIn(case_id=this.case_id, expected_version=this.case_version)
        self._run(lambda ctx: meetings.carry_innstilling(ctx, data), None)

    def _run(self, call: object, select: int | None) -> None:
        if self._running:
            return
        self._running = True
        self.show_problem("")
        self._update_buttons()

        def done(route: SaksgangOut) -> None:
            self._running = False
            self.show_route(route, select)

        def failed(exc: BaseException) -> None:
            self._running = False
            self.show_problem(problem_text(exc))
            self.reload()

        self.state.call(call, on_done=done, on_error=failed)  # type: ignore[arg-type]

    def reload(self) -> None:
        case_id = self.route.case_id
        self.state.call(
            lambda ctx: meetings.saksgang(ctx, case_id),
            on_done=lambda route: self.show_route(route),
            on_error=lambda exc: self.show_problem(problem_text(exc)),
        )

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def open_saksgang(state: AppState, parent: QWidget, case_id: int) -> None:
    """Read the case's saksgang on the worker, then show the dialog."""

    def read(ctx: Context) -> SaksgangOut:
        return meetings.saksgang(ctx, case_id)

    def show(route: SaksgangOut) -> None:
        dialog = SaksgangDialog(state, route, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    state.call(read, on_done=show, on_error=lambda exc: state.message.emit(problem_text(exc)))
