"""The Møte view: meetings per body and year; a meeting's case list, notice and møtebok."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Union

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import MeetingKind, MeetingStatus
from dvmeet.errors import FrozenRecord
from dvmeet.i18n import _
from dvmeet.services import meetings, offline
from ui.colours import message_style
from ui.errors import confirm
from ui.meetings import export
from ui.meetings.form import error_label, problem_text
from ui.meetings.list_panel import (
    MARGINS,
    SPLIT,
    button,
    filter_bar,
    meeting_table,
    saved_year,
    table_view,
)
from ui.meetings.minutes_panel import MinutesPanel
from ui.meetings.models import ID_ROLE, CaseTableModel, sort_proxy
from ui.meetings.warnings_panel import WarningsPanel
from ui.meetings.words import date_text, form_word, kind_word, status_word, time_text, weekday
from ui.offline.badge import OutBadge, OutMeetingList
from ui.progress import run_with_progress
from ui.state import AppState
from ui.undo import ChainedCommand, push, versioned_edit

if TYPE_CHECKING:
    # The view is built, and filled from the file (services.peek), before the core is
    # imported: the models, the context and the dialogs are imported where they are used.
    from dvmeet.services.context import Context
    from dvmeet.services.exports import Written
    from dvmeet.services.meetings.models import (
        BodyChoice,
        CaseOut,
        ChoiceOut,
        MeetingListOut,
        MeetingOut,
        PlanningChoices,
        UpdateCaseIn,
    )
    from dvmeet.services.peek import CaseRow, MeetingDetail, MeetingListPeek
    from ui.meetings.case_dialog import CaseDialog
    from ui.meetings.plan_dialog import PlanMeetingDialog

    ShownMeeting = Union[MeetingOut, MeetingDetail]  # noqa: UP007 (a string at run time)
    ShownCase = Union[CaseOut, CaseRow]  # noqa: UP007


def meeting_still_editable(meeting_id: int) -> Callable[[Context], None]:
    """An undo check: the meeting has not been held or frozen since the edit."""

    def check(ctx: Context) -> None:
        m = meetings.get_meeting(ctx, meeting_id)
        if not m.editable:
            raise FrozenRecord(_("Møtet kan ikkje endrast lenger, så endringa kan ikkje angrast."))

    return check


def meeting_not_frozen(meeting_id: int) -> Callable[[Context], None]:
    """An undo check for a meeting's own facts: its minutes have not been approved since."""

    def check(ctx: Context) -> None:
        m = meetings.get_meeting(ctx, meeting_id)
        if m.minutes_frozen:
            raise FrozenRecord(_("Møteboka er godkjend, så endringa kan ikkje angrast."))

    return check


def case_values(case: CaseOut) -> UpdateCaseIn:
    """Every editable value of a case, as an update that sets them all back."""
    from dvmeet.services.meetings.models import UpdateCaseIn
    from ui.meetings.case_dialog import OPTIONAL as CASE_OPTIONAL
    from ui.meetings.case_dialog import CaseDialog

    values: dict[str, Any] = {
        "title": case.title,
        "closed": case.closed,
        "public_title": case.public_title,
        "closure_basis": case.closure_basis,
        "closure_note": CaseDialog.note_of(case) or None,
        "recommendation": case.recommendation,
        "description": case.description,
        "preparer_person_id": case.preparer_person_id,
        "document_version_id": case.document_version_id,
        "qualified_majority": case.qualified_majority,
        "is_election": case.is_election,
    }
    clear = frozenset(k for k, v in values.items() if v is None and k in CASE_OPTIONAL)
    return UpdateCaseIn(
        case_id=case.id, clear=clear, **{k: v for k, v in values.items() if k not in clear}
    )


def placeholder_text() -> str:
    """The words of the empty detail pane."""
    return _("Vel eit møte i lista, eller planlegg eit nytt.")


def no_body_sentence() -> str:
    return _(
        "Det finst ikkje noko organ enno. Eit møte høyrer til eit organ, til dømes "
        "representantskapet eller styret: lag organet fyrst, så kan du planleggje møte i det. "
        "Organa finn du seinare under Innstillingar → Organ …"
    )


class MeetingsView(QWidget):
    """The Møte view. Built with the database open, it loads through the services. Built
    before that with a first look (services.peek: the bodies, the year's meetings and the
    meeting it opens with, read straight from the file), it shows those at once; the core
    is imported and the database opened meanwhile, and the view then reloads through the
    services (the same values: nothing moves). What the user asks for in that second (a
    meeting chosen, a button, a key) waits, with the busy cursor and «Opnar databasen …»,
    and is done once when the view has reloaded; the Møtebok tab is disabled until then."""

    loaded = Signal()  # the meeting list has been shown (once per reload)
    # The list and the meeting it opens with are on the screen (painted), once: from the
    # first look, or else from the services (the startup benchmark's «ready»).
    shown = Signal()

    def __init__(
        self,
        state: AppState,
        parent: QWidget | None = None,
        first_look: MeetingListPeek | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.lookups: PlanningChoices | None = None
        # who may prepare a case: read after the list is shown (the case dialog picks from it)
        self.preparers: list[ChoiceOut] | None = None
        self.meeting: MeetingOut | None = None
        self.dialog: PlanMeetingDialog | CaseDialog | None = None
        self._wanted_meeting: int | None = None
        self._wanted_case: int | None = None
        self._meeting_request = 0
        self.console: QWidget | None = None
        self._open_minutes = False
        self._list_request = 0
        # Until the view has loaded through the services (the database open): the meeting
        # shown from the first look, and what the user asked for meanwhile (by name: each
        # once, in the order asked).
        self._live = state.is_open
        self.first_meeting: MeetingDetail | None = None
        self._waiting: dict[str, Callable[[], object]] = {}
        self._shown_announced = False
        self._build()
        state.changed.connect(self._on_changed)
        if state.is_open:
            self.reload_lookups()
        else:
            state.database_opened.connect(self._core_arrived)
            if first_look is not None:
                self.show_first_look(first_look)

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*MARGINS)
        outer.setSpacing(8)

        bar = filter_bar(self._saved_year())
        self.body_combo, self.year_spin = bar.body_combo, bar.year_spin
        self.plan_button = bar.plan_button
        self.plan_button.clicked.connect(self._when_live("plan", self.open_plan_dialog))
        outer.addLayout(bar.layout)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.meeting_model = OutMeetingList(self)  # marks a meeting out on a file (issue 18)
        self.meeting_table, self.meeting_proxy = meeting_table(self.meeting_model, self)
        self.meeting_table.selectionModel().currentRowChanged.connect(self._meeting_selected)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.meeting_table)
        self.empty_list = QLabel()
        self.empty_list.setObjectName("empty_list")
        self.empty_list.setWordWrap(True)
        self.empty_list.setEnabled(False)
        left_layout.addWidget(self.empty_list)
        # A new database has no body yet: the view says so and offers to make one.
        self.no_body = QWidget()
        self.no_body.setObjectName("no_body")
        no_body_layout = QVBoxLayout(self.no_body)
        no_body_layout.setContentsMargins(0, 4, 0, 0)
        self.no_body_text = QLabel(no_body_sentence())
        self.no_body_text.setObjectName("no_body_text")
        self.no_body_text.setWordWrap(True)
        self.create_body_button = QPushButton(_("Lag eit organ …"))
        self.create_body_button.setObjectName("create_body")
        self.create_body_button.clicked.connect(self._when_live("create_body", self.create_body))
        button_row = QHBoxLayout()
        button_row.addWidget(self.create_body_button)
        button_row.addStretch(1)
        heading = QLabel(_("Ingen organ enno"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        no_body_layout.addWidget(heading)
        no_body_layout.addWidget(self.no_body_text)
        no_body_layout.addLayout(button_row)
        no_body_layout.addStretch(1)
        self.no_body.setVisible(False)
        left_layout.addWidget(self.no_body)
        splitter.addWidget(left)

        self.detail_stack = QStackedWidget()
        self.placeholder = QLabel(placeholder_text())
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.detail_stack.addWidget(self.placeholder)
        self.detail = self._build_detail()
        self.detail_stack.addWidget(self.detail)
        splitter.addWidget(self.detail_stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(SPLIT)
        outer.addWidget(splitter, 1)

        self.body_combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.year_spin.valueChanged.connect(lambda _v: self._filters_changed())

    def _build_detail(self) -> QWidget:
        detail = QWidget()
        detail.setObjectName("meeting_detail")
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)

        self.heading = QLabel()
        self.heading.setObjectName("meeting_heading")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("meeting_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)

        self.banner = QLabel(_("Møteboka er godkjend – møtet er låst"))
        self.banner.setObjectName("frozen_banner")
        self.banner.setAccessibleName(_("Møtet er låst"))
        self.banner.setStyleSheet(
            "QLabel#frozen_banner { background: rgba(0, 90, 158, 0.10);"
            " border: 1px solid rgba(0, 90, 158, 0.40); border-left: 4px solid rgba(0, 90, 158,"
            " 0.75); border-radius: 4px; padding: 6px 10px; font-weight: bold; }"
        )
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.out_badge = OutBadge(self.state)  # out on a meeting file (issue 18)
        self.out_badge.changed.connect(self._update_case_buttons)
        layout.addWidget(self.out_badge)
        self.warnings = WarningsPanel()
        layout.addWidget(self.warnings)

        actions = QHBoxLayout()
        self.edit_meeting_button = button(
            _("Endre møtet …"), "edit_meeting", _("Dato, tid, stad, møteform, tittel, sekretariat")
        )
        self.edit_meeting_button.clicked.connect(self._when_live("edit_meeting", self.edit_meeting))
        actions.addWidget(self.edit_meeting_button)
        self.send_button = button(
            _("Send innkalling …"),
            "send_notice",
            _(
                "Send innkallinga på e-post når ein e-posttenar er sett opp; elles merk ho "
                "som send og lagre innkalling og kalenderfil"
            ),
        )
        self.send_button.clicked.connect(self._when_live("send_notice", self.send_notice))
        self.mail_button = button(
            _("Innkalling på e-post …"),
            "mail_notice",
            _("Send innkallinga (eller ei endra innkalling) på e-post og sjå sendeloggen"),
        )
        self.mail_button.clicked.connect(self._when_live("mail_notice", self.mail_notice))
        self.export_notice_button = button(
            _("Lagre innkalling …"),
            "export_notice",
            _("Intern og offentleg innkalling (PDF) og kalenderfil"),
        )
        self.export_notice_button.clicked.connect(
            self._when_live("export_notice", self.export_notice)
        )
        self.export_pages_button = button(
            _("Lagre nettsider …"),
            "export_pages",
            _("Offentleg innkalling og møtebok som nettsider (HTML) for nettstaden"),
        )
        self.export_pages_button.clicked.connect(self._when_live("export_pages", self.export_pages))
        self.export_sakspapir_button = button(
            _("Lagre sakspapir …"),
            "export_sakspapir",
            _("Innkalling, saksframlegg og vedlegg som éin PDF, intern og offentleg"),
        )
        self.export_sakspapir_button.clicked.connect(
            self._when_live("export_sakspapir", self.export_sakspapir)
        )
        self.console_button = button(
            _("Start møtet …"),
            "open_console",
            _("Opne møtekonsollen: opprop, saker, røysting og vedtak"),
        )
        self.console_button.clicked.connect(self._when_live("open_console", self.open_console))
        actions.addWidget(self.send_button)
        actions.addWidget(self.mail_button)
        actions.addWidget(self.export_notice_button)
        actions.addWidget(self.export_pages_button)
        actions.addWidget(self.export_sakspapir_button)
        actions.addWidget(self.console_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.action_message = error_label()
        self.action_message.setObjectName("action_message")
        layout.addWidget(self.action_message)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("meeting_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_cases(), _("Sakliste"))
        self.minutes_panel = MinutesPanel(self.state)
        self.minutes_panel.approved.connect(lambda _mid: self.reload_meeting())
        self.tabs.addTab(self.minutes_panel, _("Møtebok"))
        layout.addWidget(self.tabs, 1)
        return detail

    def _build_cases(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        self.case_model = CaseTableModel(self)
        self.case_proxy = sort_proxy(self.case_model, self)
        self.case_proxy.sort(CaseTableModel.COL_LABEL, Qt.SortOrder.AscendingOrder)
        self.case_table = table_view("case_list", _("Sakliste"))
        self.case_table.setModel(self.case_proxy)
        header = self.case_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            CaseTableModel.COL_LABEL, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(
            CaseTableModel.COL_KIND, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(CaseTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CaseTableModel.COL_PUBLIC, 180)
        header.resizeSection(CaseTableModel.COL_CLOSED, 150)
        header.resizeSection(CaseTableModel.COL_PREPARER, 130)
        header.resizeSection(CaseTableModel.COL_VERSION, 150)
        self.case_table.doubleClicked.connect(self._when_live("edit_case", self.edit_case))
        self.case_table.activated.connect(self._when_live("edit_case", self.edit_case))
        self.case_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_case_buttons()
        )
        layout.addWidget(self.case_table, 1)

        buttons = QHBoxLayout()
        self.add_case_button = button(_("Ny sak …"), "add_case", _("Legg til ei sak (Insert)"))
        self.edit_case_button = button(_("Endre …"), "edit_case", _("Endre saka (Enter)"))
        self.paper_button = button(
            _("Saksframlegg …"), "edit_paper", _("Saksframlegg og vedlegg til saka")
        )
        self.paper_button.clicked.connect(self._when_live("edit_paper", self.edit_paper))
        self.saksgang_button = button(
            _("Saksgang …"), "edit_saksgang", _("Organa saka går gjennom, i rekkjefølgje")
        )
        self.saksgang_button.clicked.connect(self._when_live("edit_saksgang", self.edit_saksgang))
        self.remove_case_button = button(_("Fjern"), "remove_case", _("Fjern saka (Delete)"))
        self.up_button = button(_("Flytt opp"), "move_up", _("Flytt saka opp (Ctrl+Opp)"))
        self.down_button = button(_("Flytt ned"), "move_down", _("Flytt saka ned (Ctrl+Ned)"))
        self.add_case_button.clicked.connect(self._when_live("add_case", self.add_case))
        self.edit_case_button.clicked.connect(self._when_live("edit_case", self.edit_case))
        self.remove_case_button.clicked.connect(self._when_live("remove_case", self.remove_case))
        self.up_button.clicked.connect(self._when_live("move_up", lambda: self.move_case(-1)))
        self.down_button.clicked.connect(self._when_live("move_down", lambda: self.move_case(1)))
        for b in (
            self.add_case_button,
            self.edit_case_button,
            self.paper_button,
            self.saksgang_button,
            self.remove_case_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        layout.addLayout(buttons)
        for keys, name, slot in (
            ("Ctrl+Up", "move_up", lambda: self.move_case(-1)),
            ("Ctrl+Down", "move_down", lambda: self.move_case(1)),
            ("Insert", "add_case", self.add_case),
            ("Delete", "remove_case", self.remove_case),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.case_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._when_live(name, slot))
        return page

    # --- loading ------------------------------------------------------------------------

    def _saved_year(self) -> int:
        return saved_year(self.state.settings)

    # --- the first look, before the database is open ------------------------------------

    def show_first_look(self, peek: MeetingListPeek) -> None:
        """Show what the file holds (services.peek) while the core loads: the bodies, the
        year's meetings and the meeting the view opens with, as the services would."""
        self.body_combo.blockSignals(True)
        self.body_combo.clear()
        for code, name in peek.bodies:
            self.body_combo.addItem(name, code)
        self.body_combo.setCurrentIndex(self.body_combo.findData(peek.body_code))
        self.body_combo.blockSignals(False)
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(peek.year)
        self.year_spin.blockSignals(False)
        self.meeting_model.set_rows(peek.meetings)
        self._show_empty_list(not peek.meetings)
        first = self.first_meeting = peek.opening
        if first is None:
            self.detail_stack.setCurrentWidget(self.placeholder)
        else:
            self.detail_stack.setCurrentWidget(self.detail)
            self._show_meeting(first)
            self.tabs.setCurrentIndex(1 if first.status is MeetingStatus.HELD else 0)
            self.case_model.set_version_labels(first.version_labels)
            self.case_model.set_rows(first.cases)
            self._update_case_buttons()
            self.select_meeting(first.id)
        self._announce_shown()

    def _when_live(self, name: str, action: Callable[[], object]) -> Callable[..., None]:
        """A slot for a user's action: done now once the view has loaded through the
        services; asked for before that (the database still opening), it waits, visibly,
        and is done once when the view has reloaded (`_run_waiting`)."""

        def slot(*_args: object) -> None:
            if self._live:
                action()
                return
            self._waiting.pop(name, None)  # asked again: once, in the order of the last ask
            self._waiting[name] = action
            self._show_waiting()

        return slot

    def _show_waiting(self) -> None:
        self.setCursor(QCursor(Qt.CursorShape.BusyCursor))
        self.state.message.emit(_("Opnar databasen …"))

    def _core_arrived(self, _name: str = "") -> None:
        """The database is open: load what the first look showed through the services."""
        self.state.database_opened.disconnect(self._core_arrived)
        self.reload_lookups()

    def _go_live(self) -> None:
        """The view shows what the services give from now on (the database is open)."""
        if self._live or not self.state.is_open:
            return
        self._live = True
        self.first_meeting = None
        self.minutes_panel.setEnabled(True)
        self.minutes_panel.setToolTip("")
        self.unsetCursor()

    def _run_waiting(self) -> None:
        """The view has loaded through the services: what was asked for meanwhile is done,
        each once."""
        waiting, self._waiting = self._waiting, {}
        for action in waiting.values():
            action()

    def _announce_shown(self) -> None:
        """`shown` once the list and the meeting are painted (a hidden view never paints)."""
        if self._shown_announced:
            return
        self._shown_announced = True
        self.installEventFilter(self)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self.shown.emit)  # once this paint is done
        return False

    def reload_lookups(self) -> None:
        self.state.call(
            meetings.planning_choices, on_done=self._lookups_loaded, on_error=self._failed
        )

    @property
    def bodies(self) -> list[BodyChoice]:
        return self.lookups.bodies if self.lookups is not None else []

    @property
    def versions(self) -> list[ChoiceOut]:
        return self.lookups.versions if self.lookups is not None else []

    def _lookups_loaded(self, lookups: PlanningChoices) -> None:
        self.lookups = lookups
        self.case_model.set_version_labels({v.id: v.label for v in lookups.versions})
        current = self.body_combo.currentData() or self.state.settings.value("meetings/body")
        self.body_combo.blockSignals(True)
        self.body_combo.clear()
        for b in lookups.bodies:
            self.body_combo.addItem(b.name, b.code)
        index = self.body_combo.findData(current) if current else -1
        if index < 0:
            index = self.body_combo.findData("RS")
        self.body_combo.setCurrentIndex(max(index, 0))
        self.body_combo.blockSignals(False)
        self.reload_list()
        # queued after the list, so the view is usable first
        self.state.call(
            meetings.preparer_choices, on_done=self._preparers_loaded, on_error=self._failed
        )

    def _preparers_loaded(self, persons: list[ChoiceOut]) -> None:
        self.preparers = persons

    def _with_preparers(self, then: Callable[[list[ChoiceOut]], None]) -> None:
        """Call `then` with the persons a case dialog picks from (read first if not yet)."""
        if self.preparers is not None:
            then(self.preparers)
            return

        def loaded(persons: list[ChoiceOut]) -> None:
            self._preparers_loaded(persons)
            then(persons)

        self.state.call(meetings.preparer_choices, on_done=loaded, on_error=self._failed)

    def body_code(self) -> str | None:
        code = self.body_combo.currentData()
        return str(code) if code else None

    def _filters_changed(self) -> None:
        if self.body_code():
            self.state.settings.setValue("meetings/body", self.body_code())
        self.state.settings.setValue("meetings/year", self.year_spin.value())
        self._wanted_meeting = None
        if not self.state.is_open:  # the first look: the list chosen comes with the database
            self.first_meeting = None
            self.meeting_model.set_rows([])
            self.empty_list.setVisible(False)
            self._wait_in_detail()
            self._show_waiting()
        self.reload_list()

    def _wait_in_detail(self) -> None:
        self.placeholder.setText(_("Opnar databasen …"))
        self.detail_stack.setCurrentWidget(self.placeholder)

    def reload_list(self) -> None:
        from dvmeet.services.meetings.models import MeetingListIn

        code = self.body_code()
        if not self.state.is_open:
            return
        self.no_body.setVisible(code is None)
        self.meeting_table.setVisible(code is not None)
        if code is None:  # no body yet: nothing to list, and the view says what to do
            self.meeting_model.set_rows([])
            self.empty_list.setVisible(False)
            self.meeting = None
            self.placeholder.setText("")
            self.detail_stack.setCurrentWidget(self.placeholder)
            self.loaded.emit()
            self._go_live()
            self._run_waiting()
            self._announce_shown()
            return
        self.placeholder.setText(placeholder_text())
        self._list_request += 1
        request = self._list_request
        self.state.call(
            meetings.meeting_list,
            MeetingListIn(body_code=code, year=self.year_spin.value(), today=dt.date.today()),
            on_done=lambda listed: self._list_loaded(request, listed),
            on_error=self._failed,
        )

    def _list_loaded(self, request: int, listed: MeetingListOut) -> None:
        if request != self._list_request:
            return
        rows = listed.rows
        keep = self._wanted_meeting or (self.meeting.id if self.meeting else None)
        self.meeting_model.set_rows(rows)
        self.state.call(
            offline.checked_out_meetings,
            on_done=self.meeting_model.set_out,
            on_error=lambda _exc: None,  # no marks; the meeting's badge still says it
        )
        self.loaded.emit()
        self._show_empty_list(not rows)
        if keep is None or self.meeting_model.row_of(keep) < 0:
            keep = listed.opens_with
        if keep is None:
            self.meeting = None
            self.detail_stack.setCurrentWidget(self.placeholder)
            self._go_live()
            self._run_waiting()
            self._announce_shown()
            return
        self.select_meeting(keep)

    def _show_empty_list(self, empty: bool) -> None:
        self.empty_list.setText(
            _("Ingen møte i {body} i {year}.").format(
                body=self.body_combo.currentText(), year=self.year_spin.value()
            )
            if empty
            else ""
        )
        self.empty_list.setVisible(empty)

    def select_meeting(self, meeting_id: int) -> None:
        row = self.meeting_model.row_of(meeting_id)
        if row < 0:
            return
        index = self.meeting_proxy.mapFromSource(self.meeting_model.index(row, 0))
        current = self.meeting_table.currentIndex()
        if current.isValid() and current.row() == index.row():
            self.reload_meeting(meeting_id)
        else:
            self.meeting_table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.meeting_table.scrollTo(index)

    def _meeting_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        meeting_id = int(current.data(ID_ROLE))
        if not self.state.is_open:  # the first look: the meeting chosen is read once open
            shown = self.first_meeting
            if shown is not None and shown.id == meeting_id:
                return
            self.first_meeting = None
            self._wanted_meeting = meeting_id
            self._wait_in_detail()
            self._show_waiting()
            return
        if self.meeting is None or self.meeting.id != meeting_id:
            self.action_message.setVisible(False)
        self.reload_meeting(meeting_id)

    def reload_meeting(self, meeting_id: int | None = None) -> None:
        if meeting_id is None:
            if self.meeting is None:
                return
            meeting_id = self.meeting.id
        self._meeting_request += 1
        request = self._meeting_request
        self.state.call(
            meetings.get_meeting,
            meeting_id,
            on_done=lambda m: self._meeting_loaded(request, m),
            on_error=self._failed,
        )

    def _meeting_loaded(self, request: int, meeting: MeetingOut) -> None:
        if request != self._meeting_request:
            return
        keep_case = self._wanted_case or self.current_case_id()
        self._wanted_case = None
        self._wanted_meeting = None
        before = self.meeting or self.first_meeting  # the first look's: the same, unless chosen
        other = before is None or before.id != meeting.id
        self._go_live()
        self.meeting = meeting
        self.detail_stack.setCurrentWidget(self.detail)
        self._show_meeting(meeting)
        if other or self._open_minutes:  # a held meeting opens on its møtebok
            self.tabs.setCurrentIndex(1 if meeting.status is MeetingStatus.HELD else 0)
            self._open_minutes = False
        self.case_model.set_rows(meeting.cases)
        if keep_case is not None:
            self.select_case(keep_case)
        self.out_badge.show_for(meeting.id)
        self._update_case_buttons()
        self._run_waiting()
        self._announce_shown()

    def _show_meeting(self, m: ShownMeeting) -> None:
        title = f"{m.body_name} – {m.title}" if m.title else m.body_name
        self.heading.setText(title)
        when = f"{weekday(m.date)} {date_text(m.date)} kl. {time_text(m.start_time)}"
        if m.end_time:
            when += f"–{time_text(m.end_time)}"
        facts = [when, m.place, form_word(m.form)]
        if m.kind is not MeetingKind.ORDINARY:
            facts.append(kind_word(m.kind) + _(" møte"))
        status = status_word(m.status)
        if m.notice_sent_at is not None and m.status is MeetingStatus.NOTICE_SENT:
            status = _("Innkalling send {date}").format(date=date_text(m.notice_sent_at.date()))
        facts.append(status)
        text = "  ·  ".join(facts)
        if m.demanded_by:
            text += "\n" + _("Kravd av: {who}").format(who=m.demanded_by)
        self.facts.setText(text)
        frozen = m.minutes_frozen
        self.banner.setVisible(frozen)
        self.warnings.set_findings(m.warnings)
        self.edit_meeting_button.setVisible(not frozen)
        self.send_button.setEnabled(m.status is MeetingStatus.PLANNED and not frozen)
        self.send_button.setVisible(m.status is MeetingStatus.PLANNED)
        self.mail_button.setVisible(not frozen)
        self.export_notice_button.setEnabled(m.status is not MeetingStatus.PLANNED)
        self.export_notice_button.setVisible(m.status is not MeetingStatus.PLANNED)
        self.export_pages_button.setVisible(m.status is not MeetingStatus.PLANNED)
        # the console runs the meeting; once held, it corrects decision texts until approval
        self.console_button.setVisible(not frozen and not m.minutes_frozen)
        self.console_button.setText(
            _("Opne møtekonsollen …")
            if m.status is MeetingStatus.IN_PROGRESS
            else (_("Rett vedtak i møtekonsollen …") if m.ended else _("Start møtet …"))
        )
        held = m.ended
        self.tabs.setTabEnabled(1, held)
        self.tabs.setTabToolTip(1, "" if held else _("Møteboka finst når møtet er halde og heva."))
        if not self._live:  # the first look: the møtebok comes with the database
            self.minutes_panel.setEnabled(False)
            self.minutes_panel.setToolTip(_("Opnar databasen …"))
            self.minutes_panel.preview.setPlainText(_("Opnar databasen …"))
        elif held:
            self.minutes_panel.set_meeting(m)  # type: ignore[arg-type]  # live: a MeetingOut
        if not held and self.tabs.currentIndex() == 1:
            self.tabs.setCurrentIndex(0)

    def _on_changed(self, area: str) -> None:
        if area in ("registry", "documents"):
            self.reload_lookups()
        elif area in ("meetings", "minutes"):
            self.reload_list()

    def _failed(self, exc: BaseException) -> None:
        if not self._live and self.state.is_open:  # the reload after the first look failed
            self._go_live()  # the message says why; what waited is not done
            self._waiting.clear()
        self.show_action_message(problem_text(exc))

    def show_action_message(self, text: str, ok: bool = False) -> None:
        self.action_message.setText(text)
        self.action_message.setStyleSheet(message_style("QLabel#action_message", ok))
        self.action_message.setVisible(bool(text))

    # --- planning -----------------------------------------------------------------------

    def open_plan_dialog(self) -> None:
        from ui.meetings.plan_dialog import PlanMeetingDialog

        today = dt.date.today()
        # A retired body gets no new meetings (its last day has passed): not offered.
        usable = [b for b in self.bodies if b.retired_on is None or b.retired_on >= today]
        if not usable:
            self._ask_for_body()
            return
        dialog = PlanMeetingDialog(self.state, usable, self.body_code(), self)
        dialog.saved.connect(self._planned)
        self._open(dialog)

    def _ask_for_body(self) -> None:
        """«Planlegg møte …» with no body: say why not, and offer to make one."""
        text = (
            _(
                "Alle organa er avvikla. Ta eit av dei i bruk att under Innstillingar → "
                "Organ …, eller lag eit nytt organ."
            )
            if self.bodies
            else no_body_sentence()
        )
        box = QMessageBox(QMessageBox.Icon.Information, _("Planlegg møte"), text, parent=self)
        box.setObjectName("no_body_message")
        make = box.addButton(_("Lag eit organ …"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda clicked: self.create_body() if clicked is make else None)
        box.open()

    def create_body(self) -> None:
        from ui.setup import open_new_body

        open_new_body(self.state, self)

    def _open(self, dialog: PlanMeetingDialog | CaseDialog) -> None:  # also EditMeetingDialog
        self.dialog = dialog

        def finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def open_console(self) -> None:
        """The chair's console for this meeting; when it ends, the møtebok opens here."""
        if self.meeting is not None:
            self.open_console_for(self.meeting.id)

    def open_console_for(self, meeting_id: int) -> None:
        """The console of a meeting (at start: the one under way)."""
        from ui.console import open_console

        console = open_console(self.window(), self.state, meeting_id)
        console.meeting_closed.connect(self._meeting_ended)
        self.console = console

    def _meeting_ended(self, meeting_id: int) -> None:
        self._open_minutes = True
        self._wanted_meeting = meeting_id
        self.state.changed.emit("meetings")

    def show_case(self, meeting_id: int, case_id: int | None = None) -> None:
        """Open a meeting (and a case in it) from elsewhere, for example a search hit."""
        self.state.call(
            meetings.get_meeting,
            meeting_id,
            on_done=lambda m: self._show_wanted(m, case_id),
            on_error=self._failed,
        )

    def _show_wanted(self, meeting: MeetingOut, case_id: int | None) -> None:
        self._wanted_case = case_id
        self._move_filters_to(meeting)
        self._wanted_meeting = meeting.id
        self.tabs.setCurrentIndex(0)
        self.reload_list()

    def _move_filters_to(self, meeting: MeetingOut) -> None:
        index = self.body_combo.findData(meeting.body_code)
        if meeting.date.year != self.year_spin.value() or index != self.body_combo.currentIndex():
            self.body_combo.blockSignals(True)
            self.body_combo.setCurrentIndex(index)
            self.body_combo.blockSignals(False)
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(meeting.date.year)
            self.year_spin.blockSignals(False)

    def _planned(self, meeting: MeetingOut) -> None:
        self._wanted_meeting = meeting.id
        self.state.message.emit(_("Møtet er planlagt."))
        self._move_filters_to(meeting)
        # the list reloads on state.changed("meetings") and selects the new meeting

    # --- the case list ------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        m = self.meeting or self.first_meeting
        return m is not None and m.editable and self.out_badge.checkout is None

    def _current_row(self) -> ShownCase | None:
        index = self.case_table.currentIndex()
        if not index.isValid():
            return None
        return self.case_model.row(self.case_proxy.mapToSource(index).row())

    def current_case(self) -> CaseOut | None:
        """The case chosen, as the services gave it (None before the view has loaded)."""
        case = self._current_row()
        return case if self._live else None  # type: ignore[return-value]  # live: CaseOut

    def current_case_id(self) -> int | None:
        case = self._current_row()
        return case.id if case else None

    def select_case(self, case_id: int) -> None:
        row = self.case_model.row_of(case_id)
        if row < 0:
            return
        index = self.case_proxy.mapFromSource(self.case_model.index(row, 0))
        self.case_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.case_table.scrollTo(index)

    def _update_case_buttons(self) -> None:
        editable = self.editable
        case = self._current_row()
        self.add_case_button.setEnabled(editable)
        self.edit_case_button.setEnabled(editable and case is not None)
        self.edit_case_button.setText(_("Endre …") if editable else _("Vis …"))
        self.edit_case_button.setEnabled(case is not None)
        self.paper_button.setEnabled(case is not None)
        self.saksgang_button.setEnabled(case is not None and case.standing is None)
        self.remove_case_button.setEnabled(editable and case is not None and not case.standing)
        movable = editable and case is not None and case.standing is None
        self.up_button.setEnabled(movable and self._neighbour(case, -1) is not None)
        self.down_button.setEnabled(movable and self._neighbour(case, 1) is not None)
        if self.out_badge.checkout is not None:  # the meeting is out on a meeting file
            self.send_button.setEnabled(False)
            self.minutes_panel.approve_button.setEnabled(False)
            self.minutes_panel.remarks.setReadOnly(True)
        self.console_button.setEnabled(self.out_badge.checkout is None)
        self.out_badge.mark(
            [
                self.add_case_button,
                self.edit_case_button,
                self.remove_case_button,
                self.up_button,
                self.down_button,
                self.send_button,
                self.console_button,
                self.minutes_panel.approve_button,
            ]
        )

    def _ordered(self) -> list[ShownCase]:
        return sorted(self.case_model.rows(), key=lambda c: c.position)

    def _neighbour(self, case: ShownCase | None, step: int) -> int | None:
        """Index to swap with in the ordered list, or None: standing cases stay (M-7)."""
        if case is None:
            return None
        ordered = self._ordered()
        i = next((n for n, c in enumerate(ordered) if c.id == case.id), -1)
        j = i + step
        if i < 0 or not 0 <= j < len(ordered) or ordered[j].standing is not None:
            return None
        return j

    def add_case(self) -> None:
        if not self.editable or self.meeting is None:
            return
        self._with_preparers(self._open_new_case)

    def _open_new_case(self, persons: list[ChoiceOut]) -> None:
        from ui.meetings.case_dialog import CaseDialog

        if not self.editable or self.meeting is None:
            return
        dialog = CaseDialog(self.state, self.meeting.id, persons, self.versions, parent=self)
        dialog.saved.connect(self._case_saved)
        self._open(dialog)

    def edit_case(self) -> None:
        case = self.current_case()
        if case is None or self.meeting is None:
            return
        self._with_preparers(lambda persons: self._open_case(case, persons))

    def _open_case(self, case: CaseOut, persons: list[ChoiceOut]) -> None:
        from ui.meetings.case_dialog import CaseDialog

        if self.meeting is None:
            return
        dialog = CaseDialog(
            self.state,
            self.meeting.id,
            persons,
            self.versions,
            case=case,
            parent=self,
        )
        if not self.editable:
            dialog.set_read_only()
        dialog.saved.connect(self._case_saved)
        # undo sets back what the save was based on (after a conflict: what was saved then)
        dialog.saved.connect(lambda new: self._case_edited(dialog.based_on or case, new))
        self._open(dialog)

    def edit_paper(self) -> None:
        """«Saksframlegg …»: the case's paper and attachments (issue 19)."""
        from ui.meetings.papers_dialog import open_papers

        case = self.current_case()
        if case is not None:
            open_papers(self.state, self, case.id)

    def edit_saksgang(self) -> None:
        """«Saksgang …»: the bodies the case goes through, in order (issue 19)."""
        from ui.meetings.saksgang_dialog import open_saksgang

        case = self.current_case()
        if case is not None:
            open_saksgang(self.state, self, case.id)

    def export_sakspapir(self) -> None:
        """«Lagre sakspapir …»: the internal and the public sakspapir (issue 19)."""
        from ui.meetings.papers_dialog import export_sakspapir

        if self.meeting is not None:
            export_sakspapir(self.state, self, self.meeting.id, self._exported, self._failed)

    def _case_edited(self, old: CaseOut, new: CaseOut) -> None:
        """The dialog has saved: remember how to set the old values back (Ctrl+Z), on the
        version the save left, so a later save by someone else is never overwritten."""
        push(
            self.state,
            versioned_edit(
                self.state,
                _("endring av {label}").format(label=new.label),
                meetings.update_case,
                case_values(new),
                case_values(old),
                saved=new,
                stale=_(
                    "{label} er endra av nokon andre sidan, så endringa di kan ikkje angrast."
                ).format(label=new.label),
                check=meeting_still_editable(new.meeting_id),
                on_error=self._failed,
            ),
        )

    def edit_meeting(self) -> None:
        if self.meeting is None or self.meeting.frozen:
            return
        meeting = self.meeting
        from ui.meetings.edit_meeting_dialog import EditMeetingDialog

        dialog = EditMeetingDialog(self.state, self.bodies, meeting, self)
        dialog.saved.connect(lambda new: self._meeting_edited(dialog.based_on or meeting, new))
        self._open(dialog)

    def _meeting_edited(self, old: MeetingOut, new: MeetingOut) -> None:
        from ui.meetings.edit_meeting_dialog import meeting_update

        self.state.message.emit(_("Møtet er lagra."))
        push(
            self.state,
            versioned_edit(
                self.state,
                _("endring av møtet {date}").format(date=date_text(new.date)),
                meetings.update_meeting,
                meeting_update(new),
                meeting_update(old),
                saved=new,
                stale=_("Møtet er endra av nokon andre sidan, så endringa di kan ikkje angrast."),
                check=meeting_not_frozen(new.id),
                on_error=self._failed,
            ),
        )

    def _case_saved(self, case: CaseOut) -> None:
        self._wanted_case = case.id
        self.show_action_message("")
        self.state.message.emit(_("{label} er lagra.").format(label=case.label))

    def remove_case(self) -> None:
        case = self.current_case()
        if case is None or not self.editable or case.standing is not None:
            return
        if not confirm(
            self,
            _("Fjerne saka?"),
            _("Vil du fjerne {label} «{title}» frå saklista?").format(
                label=case.label, title=case.title
            ),
            _("Fjern saka"),
        ):
            return
        self.state.call(
            partial(meetings.remove_case, expected_version=case.version),  # the case as shown
            case.id,
            on_done=lambda _m: self.state.message.emit(
                _("{label} er fjerna.").format(label=case.label)
            ),
            on_error=self._failed,
        )

    def move_case(self, step: int) -> None:
        from dvmeet.services.meetings.models import ReorderCasesIn

        case = self.current_case()
        if case is None or self.meeting is None or not self.editable:
            return
        j = self._neighbour(case, step)
        if case.standing is not None or j is None:
            self.state.message.emit(_("Dei faste sakene står der dei står."))
            return
        ordered = self._ordered()
        before = [c.id for c in ordered]
        i = next(n for n, c in enumerate(ordered) if c.id == case.id)
        ordered[i], ordered[j] = ordered[j], ordered[i]
        self._wanted_case = case.id
        meeting_id = self.meeting.id
        after = [c.id for c in ordered]
        check = meeting_still_editable(meeting_id)

        def order(ids: list[int]) -> Callable[[Context, MeetingOut], MeetingOut]:
            """A step of the undo stack: this order, on the case list the step before left
            (a list someone else has changed since is left as it is)."""

            def run(ctx: Context, last: MeetingOut) -> MeetingOut:
                check(ctx)
                versions = {c.id: c.version for c in last.cases}
                data = ReorderCasesIn(
                    meeting_id=meeting_id, case_ids=ids, expected_versions=versions
                )
                return meetings.reorder_cases(ctx, data)

            return run

        def moved(out: MeetingOut) -> None:
            push(
                self.state,
                ChainedCommand(
                    self.state,
                    _("flytting av {label}").format(label=case.label),
                    order(after),
                    order(before),
                    result=out,
                    stale=_(
                        "Saklista er endra av nokon andre sidan, så flyttinga kan ikkje angrast."
                    ),
                    on_error=self._failed,
                ),
            )

        # the move is based on the case list as shown (each case's version)
        shown = {c.id: c.version for c in self.meeting.cases}
        self.state.call(
            meetings.reorder_cases,
            ReorderCasesIn(meeting_id=meeting_id, case_ids=after, expected_versions=shown),
            on_done=moved,
            on_error=self._failed,
        )

    # --- notice -------------------------------------------------------------------------

    def send_notice(self) -> None:
        """With a mail server set up, «Send innkalling» sends it by e-mail (the mail dialog:
        recipients, sending, the log); without one it marks the notice sent and saves it."""
        m = self.meeting
        if m is None or m.status is not MeetingStatus.PLANNED:
            return
        from dvmeet.services.mail import mail_configured

        def chosen(configured: bool) -> None:
            if configured:
                self.mail_notice()
            else:
                self._mark_notice_sent(m)

        self.state.runner.call(mail_configured, chosen, lambda _exc: self._mark_notice_sent(m))

    def _mark_notice_sent(self, m: MeetingOut) -> None:
        from dvmeet.services.meetings.models import SendNoticeIn

        warnings = ""
        if m.warnings:
            warnings = "\n\n" + _("Merk:") + "\n" + "\n".join(f"• {w.message}" for w in m.warnings)
        if not confirm(
            self,
            _("Sende innkallinga?"),
            _(
                "Innkallinga til møtet {date} blir markert som send i dag. Endringar i "
                "saklista etterpå blir førte som endringar i innkallinga.{warnings}\n\n"
                "Etterpå vel du kvar innkallinga (intern og offentleg) og kalenderfila "
                "skal lagrast."
            ).format(date=date_text(m.date), warnings=warnings),
            _("Send innkalling"),
        ):
            return
        self.state.call(
            meetings.send_notice,
            SendNoticeIn(meeting_id=m.id),
            on_done=self._notice_sent,
            on_error=self._failed,
        )

    def _notice_sent(self, meeting: MeetingOut) -> None:
        self.show_action_message(_("Innkallinga er markert som send."), ok=True)
        self.state.message.emit(_("Innkallinga er send."))
        self._export_notice_of(meeting.id)

    def mail_notice(self) -> None:
        """The notice by e-mail to the body's distribution list, and the send log."""
        from ui.mail import open_send_dialog

        if self.meeting is not None:
            open_send_dialog(self.state, self, self.meeting.id)

    def export_notice(self) -> None:
        if self.meeting is not None:
            self._export_notice_of(self.meeting.id)

    def _export_notice_of(self, meeting_id: int) -> None:
        from dvmeet.services.exports import export_notice

        folder = export.choose_folder(self, _("Vel mappe for innkallinga"))
        if folder is None:
            return
        run_with_progress(
            self.state,
            self,
            _("Lagar innkallinga …"),
            export_notice,
            meeting_id,
            folder,
            on_done=self._exported,
            on_error=self._failed,
        )

    def export_pages(self) -> None:
        from dvmeet.services.exports import export_public_pages

        if self.meeting is None:
            return
        folder = export.choose_folder(self, _("Vel mappe for nettsidene"))
        if folder is None:
            return
        run_with_progress(
            self.state,
            self,
            _("Lagar nettsidene …"),
            export_public_pages,
            self.meeting.id,
            folder,
            on_done=self._exported,
            on_error=self._failed,
        )

    def _exported(self, written: Written) -> None:
        lines = [p.name for p in written.files]
        text = _("Lagra i {folder}:").format(folder=written.folder) + "\n" + "\n".join(lines)
        self.show_action_message(text, ok=True)
        self.state.message.emit(_("Lagra: {names}").format(names=", ".join(lines)))
