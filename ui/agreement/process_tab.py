"""Avtaleprosess: every municipality against the milestones, the seat effect, reminders."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.agreement import MilestoneState
from dvmeet.i18n import _
from dvmeet.services import agreement, exports
from dvmeet.services.agreement.models import (
    AgreementOverview,
    ApplySeatsIn,
    ApplySeatsOut,
    OverviewCounts,
    OverviewFilter,
    ProcessOut,
    ProcessView,
    ProcessViewIn,
    ReminderIn,
    RemindersOut,
)
from dvmeet.services.exports import export_agreement_report
from ui.agreement.dialogs import MilestonesDialog, StartProcessDialog
from ui.agreement.files import choose_file
from ui.agreement.models import OverviewModel
from ui.agreement.municipality_dialog import MunicipalityDialog
from ui.agreement.words import (
    STATE_SYMBOLS,
    filter_word,
    fmt_date,
    seat_effect_sentences,
    state_word,
    tint,
)
from ui.errors import confirm, show_error
from ui.registry.forms import date_edit, date_of
from ui.state import AppState
from ui.table import ROW_ROLE, SORT_ROLE


def counts_text(c: OverviewCounts) -> str:
    feedback = _("{n} av {total} har sendt tilbakemelding").format(
        n=c.feedback_received, total=c.municipalities
    )
    if c.feedback_after_deadline:
        feedback += _(" ({n} etter fristen)").format(n=c.feedback_after_deadline)
    parts = [
        feedback,
        _("{n} har slutta seg til").format(n=c.joined),
        _("{n} har takka nei").format(n=c.declined),
        _("{n} manglar vedtak").format(n=c.missing_decision)
        + (_(" (av dei {n} utsett)").format(n=c.postponed) if c.postponed else ""),
        _("{n} har signert").format(n=c.signed),
        _("{n} ligg etter ein frist").format(n=c.late),
    ]
    return " · ".join(parts)


def legend_html() -> str:
    chips = []
    for state in MilestoneState:
        colour = tint(state)
        style = f"background:{colour.name()};" if colour else ""
        chips.append(
            f"<span style='{style}'>&nbsp;{STATE_SYMBOLS[state]} {state_word(state)}&nbsp;</span>"
        )
    return "&nbsp; ".join(chips)


class ProcessPanel(QWidget):
    loaded = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.process: ProcessOut | None = None
        self.overview: AgreementOverview | None = None
        self.reminder_result: RemindersOut | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_page())
        self.stack.addWidget(self._content_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.stack)

    # --- pages --------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("agreement_empty")
        title = QLabel(_("<h2>Ingen avtaleprosess enno</h2>"))
        text = QLabel(
            _("Her følgjer de kvar kommune gjennom prosessen for ny samarbeidsavtale: "
              "tilbakemelding på utkastet, politisk vedtak om tilslutning og signert avtale. "
              "Start prosessen med tidsplanen frå informasjonsbrevet; datoane kan endrast "
              "etterpå.")
        )  # fmt: skip
        text.setWordWrap(True)
        text.setFixedWidth(560)  # a fixed width lets the wrapped label get its full height
        text.setMinimumHeight(text.heightForWidth(560))  # ... which the layout then keeps
        self.start_button = QPushButton(_("&Start avtaleprosessen …"))
        self.start_button.setObjectName("start_process")
        self.start_button.clicked.connect(lambda _c=False: self.start_dialog())
        column = QVBoxLayout(page)
        column.addStretch(1)
        for w in (title, text, self.start_button):
            column.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return page

    def _content_page(self) -> QWidget:
        page = QWidget()
        self.title = QLabel()
        self.title.setObjectName("process_title_label")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.today_edit = date_edit("status_date", _("Status per"), dt.date.today())
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("overview_filter")
        self.filter_box.setAccessibleName(_("Vis kommunar"))
        for which in OverviewFilter:  # the core says which filters there are
            self.filter_box.addItem(filter_word(which), which)
        self.search = QLineEdit()
        self.search.setObjectName("overview_search")
        self.search.setAccessibleName(_("Søk etter kommune"))
        self.search.setPlaceholderText(_("Kommune eller nummer"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().averageCharWidth() * 24)
        self.milestones_button = QPushButton(_("&Milepælar …"))
        self.milestones_button.setObjectName("edit_milestones")
        self.report_button = QPushButton(_("Status&rapport (PDF) …"))
        self.report_button.setObjectName("export_report")
        self.open_button = QPushButton(_("&Opne kommune …"))
        self.open_button.setObjectName("open_municipality")

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for text, widget in ((_("Status &per"), self.today_edit), (_("&Vis"), self.filter_box)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addWidget(self.search)
        top.addSpacing(8)
        top.addWidget(self.milestones_button)
        top.addWidget(self.report_button)

        self.counts = QLabel()
        self.counts.setObjectName("overview_counts")
        self.counts.setWordWrap(True)
        self.legend = QLabel(legend_html())
        self.legend.setObjectName("overview_legend")
        self.legend.setToolTip(_("Fargane viser status; symbolet og teksten seier det same."))

        self.model = OverviewModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("agreement_overview")
        self.table.setAccessibleName(_("Kommunane i avtaleprosessen"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        open_row = QHBoxLayout()
        open_row.addWidget(self.legend, 1)
        open_row.addWidget(self.open_button)
        table_layout.addLayout(open_row)

        bottom = QWidget()
        bottom_row = QHBoxLayout(bottom)
        bottom_row.setContentsMargins(0, 0, 0, 0)
        bottom_row.addWidget(self._seat_box(), 2)
        bottom_row.addWidget(self._reminder_box(), 3)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.splitter, 1)

        self.today_edit.dateChanged.connect(lambda _d: self.reload())
        self.filter_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.activated.connect(lambda _index: self.open_municipality())
        self.open_button.clicked.connect(lambda _c=False: self.open_municipality())
        self.milestones_button.clicked.connect(lambda _c=False: self.milestones_dialog())
        self.report_button.clicked.connect(lambda _c=False: self.export_report())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        return page

    def _seat_box(self) -> QGroupBox:
        box = QGroupBox(_("Sete og vedtaksførleik"))
        self.seat_text = QLabel()
        self.seat_text.setObjectName("seat_effect")
        self.seat_text.setWordWrap(True)
        self.seat_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.apply_seats_button = QPushButton(_("Oppdater sete i &representantskapet …"))
        self.apply_seats_button.setObjectName("apply_seats")
        self.apply_seats_button.clicked.connect(lambda _c=False: self.apply_seats())
        layout = QVBoxLayout(box)
        layout.addWidget(self.seat_text, 1)
        layout.addWidget(self.apply_seats_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _reminder_box(self) -> QGroupBox:
        box = QGroupBox(_("Påminningar"))
        self.days = QSpinBox()
        self.days.setObjectName("reminder_days")
        self.days.setAccessibleName(_("Dagar før fristen"))
        self.days.setRange(0, 365)
        self.days.setValue(int(str(self.state.settings.value("agreement/reminder_days", 14))))
        self.days.setSuffix(_(" dagar"))
        self.reminder_text = QPlainTextEdit()
        self.reminder_text.setObjectName("reminder_text")
        self.reminder_text.setAccessibleName(_("Påminningar, klare til å kopiere"))
        self.reminder_text.setReadOnly(True)
        self.copy_button = QPushButton(_("&Kopier"))
        self.copy_button.setObjectName("copy_reminders")
        self.copy_button.setToolTip(_("Kopier lista, klar til å limast inn i ein e-post."))
        self.export_reminders_button = QPushButton(_("&Eksporter …"))
        self.export_reminders_button.setObjectName("export_reminders")
        self.export_reminders_button.setToolTip(_("Lagre lista som CSV eller XLSX."))
        row = QHBoxLayout()
        caption = QLabel(_("Ta med fristar innan"))
        caption.setBuddy(self.days)
        row.addWidget(caption)
        row.addWidget(self.days)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.export_reminders_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.reminder_text, 1)
        self.days.valueChanged.connect(self._days_changed)
        self.copy_button.clicked.connect(lambda _c=False: self.copy_reminders())
        self.export_reminders_button.clicked.connect(lambda _c=False: self.export_reminders())
        return box

    # --- loading ------------------------------------------------------------------------

    def today(self) -> dt.date:
        return date_of(self.today_edit)

    def current_filter(self) -> OverviewFilter:
        value = self.filter_box.currentData()  # Qt gives the enum back as its str value
        return OverviewFilter(value) if value else OverviewFilter.ALL

    def reload(self) -> None:
        if not self.state.is_open:
            return
        self.state.call(
            agreement.process_view,
            ProcessViewIn(
                today=self.today(), filter=self.current_filter(), days_before=self.days.value()
            ),
            on_done=self._loaded,
            on_error=lambda exc: show_error(self, exc),
        )

    def _loaded(self, result: ProcessView) -> None:
        self.process = result.process
        if result.process is None or result.overview is None:
            self.stack.setCurrentIndex(0)
            self.loaded.emit()
            return
        self.stack.setCurrentIndex(1)
        ov = result.overview
        self.overview = ov
        self.title.setText(result.process.title)
        selected = self.current_number()
        self.model.set_rows(ov.rows, ov.process.milestones)
        self._size_columns()
        if (selected is None or not self._select(selected)) and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        shown = len(ov.rows)
        counts = counts_text(ov.counts)
        if ov.filter is not OverviewFilter.ALL:
            counts = (
                _("Viser {n} av {total}. ").format(n=shown, total=ov.counts.municipalities) + counts
            )
        self.counts.setText(counts)
        self._show_seats(ov)
        if result.reminders is not None:
            self._reminders_loaded(result.reminders)
        self._update_buttons()
        self.loaded.emit()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        for i in range(last):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            self.table.resizeColumnToContents(i)
            header.resizeSection(i, header.sectionSize(i) + 12)

    def _show_seats(self, ov: AgreementOverview) -> None:
        effect = ov.seat_effect
        self.seat_text.setText("\n".join(seat_effect_sentences(effect)))
        has_body = effect.body_code is not None
        self.apply_seats_button.setEnabled(has_body)
        self.apply_seats_button.setText(
            _("Oppdater sete i {body} …").format(
                body=(ov.process.body_name or "").lower() or _("organet")
            )
            if has_body
            else _("Oppdater sete …")
        )
        self.apply_seats_button.setToolTip(
            ""
            if has_body
            else _("Prosessen er ikkje knytt til noko organ (vel det når prosessen startar).")
        )

    def current_number(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = index.siblingAtColumn(0).data(ROW_ROLE)
        return row.status.municipality_number if row is not None else None

    def _select(self, number: str) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ROW_ROLE).status.municipality_number == number:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def select_municipality(self, number: str) -> bool:
        return self._select(number)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_number() is not None)

    # --- actions ------------------------------------------------------------------------

    def start_dialog(self) -> StartProcessDialog:
        dialog = StartProcessDialog(self.state, self.today().year, self)
        dialog.open()
        return dialog

    def open_municipality(self, number: str | None = None) -> MunicipalityDialog | None:
        number = number or self.current_number()
        if number is None:
            return None
        dialog = MunicipalityDialog(self.state, number, self.today(), self)
        dialog.open()
        return dialog

    def milestones_dialog(self) -> MilestonesDialog | None:
        if self.process is None:
            return None
        dialog = MilestonesDialog(self.state, self.process, self)
        dialog.open()
        return dialog

    def apply_seats(self) -> None:
        if self.overview is None or self.overview.seat_effect.body_code is None:
            return
        effect = self.overview.seat_effect
        body = self.overview.process.body_name or effect.body_code
        text = _(
            "Setje talet på sete i {body} til {seats} (éitt per kommune som har slutta seg "
            "til)? Det gjer {body} vedtaksfør med {quorum}.\n\nKommunar utan endeleg vedtak "
            "får ikkje sete."
        ).format(body=body, seats=effect.seats, quorum=effect.quorum)
        if not confirm(self, _("Oppdater sete"), text, _("Oppdater sete")):
            return
        self.state.call(
            agreement.apply_seats_to_body,
            ApplySeatsIn(body_code=effect.body_code),
            on_done=self._seats_applied,
            on_error=lambda exc: show_error(self, exc),
        )

    def _seats_applied(self, result: ApplySeatsOut) -> None:
        self.state.message.emit(result.message)

    def _days_changed(self, days: int) -> None:
        self.state.settings.setValue("agreement/reminder_days", days)
        if self.process is None:
            return
        self.state.call(
            agreement.reminders,
            ReminderIn(today=self.today(), days_before=days),
            on_done=self._reminders_loaded,
            on_error=lambda exc: show_error(self, exc),
        )

    def _reminders_loaded(self, result: RemindersOut) -> None:
        self.reminder_result = result
        self.reminder_text.setPlainText(result.text)
        self.copy_button.setEnabled(bool(result.items))
        self.export_reminders_button.setEnabled(bool(result.items))

    def copy_reminders(self) -> None:
        QGuiApplication.clipboard().setText(self.reminder_text.toPlainText())
        self.state.message.emit(_("Påminningane er kopierte. Lim dei inn i e-posten."))

    def export_reminders(self) -> None:
        path = choose_file(
            self,
            _("Eksporter påminningar"),
            _("Påminningar {date}.xlsx").format(date=self.today().isoformat()),
            _("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        self.state.call(
            exports.export_reminders,
            ReminderIn(today=self.today(), days_before=self.days.value()),
            path,
            on_done=lambda result: self.state.message.emit(
                _("{n} påminningar lagra i {path}").format(n=result.rows, path=result.path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def export_report(self) -> None:
        today = self.today()
        path = choose_file(
            self,
            _("Lagre statusrapport"),
            _("Status avtaleprosessen {date}.pdf").format(date=today.isoformat()),
            _("PDF (*.pdf)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.state.call(
            export_agreement_report,
            path,
            today,
            self.days.value(),
            on_done=lambda written: self.state.message.emit(
                _("Statusrapporten er lagra: {path}").format(path=written.path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def status_date_text(self) -> str:
        return fmt_date(self.today())
