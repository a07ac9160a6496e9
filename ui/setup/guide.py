"""«Kom i gang»: the first-run guide (issue 16). Five steps, each done with the app's own
set-up dialogs and views, each skippable and reached again from Innstillingar → Kom i gang:
the cooperation and its details → participating municipalities → bodies from a preset by
legal form → members from the template → the first meeting.

Bodies come after participation because a preset counts its seats from the municipalities
that take part."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.setup import apply_preset, list_presets, member_template, setup_status
from dvmeet.services.setup.models import (
    AppliedPresetOut,
    ApplyPresetIn,
    PresetOut,
    SetupStatusOut,
)
from ui.errors import describe as problem_text
from ui.state import AppState


@dataclass(frozen=True)
class GuideActions:
    """What the guide asks the main window to do (views it does not own)."""

    import_members: Callable[[], None]
    plan_meeting: Callable[[], None]


STEPS = ("cooperation", "participation", "bodies", "members", "meeting")


class SetupGuide(QDialog):
    """The guide; non-modal, so the views it sends the user to stay usable."""

    status_shown = Signal(object)  # SetupStatusOut, after each reload

    def __init__(
        self, state: AppState, actions: GuideActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.guide_actions = actions
        self.status: SetupStatusOut | None = None
        self.presets: list[PresetOut] = []
        self.setObjectName("setup_guide")
        self.setWindowTitle(_("Kom i gang"))
        self.setAccessibleName(_("Kom i gang"))
        self.setMinimumSize(900, 500)
        self.steps = QListWidget()
        self.steps.setObjectName("guide_steps")
        self.steps.setAccessibleName(_("Stega"))
        self.steps.setFixedWidth(200)
        self.steps.setSpacing(3)
        self.pages = QStackedWidget()
        titles = (
            _("1. Samarbeidet"),
            _("2. Deltakande kommunar"),
            _("3. Organ"),
            _("4. Medlemer"),
            _("5. Fyrste møte"),
        )
        for title in titles:
            QListWidgetItem(title, self.steps)
        self.state_labels: dict[str, QLabel] = {}
        self.pages.addWidget(self._cooperation_page())
        self.pages.addWidget(self._participation_page())
        self.pages.addWidget(self._bodies_page())
        self.pages.addWidget(self._members_page())
        self.pages.addWidget(self._meeting_page())
        self.steps.currentRowChanged.connect(self._go)
        self.back_button = QPushButton(_("&Tilbake"))
        self.back_button.setObjectName("guide_back")
        self.back_button.clicked.connect(lambda: self.steps.setCurrentRow(self.step - 1))
        self.next_button = QPushButton(_("&Neste"))
        self.next_button.setObjectName("guide_next")
        self.next_button.setToolTip(
            _("Til neste steg; eit steg du hoppar over, kan du gjere seinare.")
        )
        self.next_button.clicked.connect(lambda: self.steps.setCurrentRow(self.step + 1))
        close = QPushButton(_("&Lukk"))
        close.setObjectName("guide_close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        later = QLabel(_("Alt kan gjerast seinare frå Innstillingar → Kom i gang …"))
        later.setObjectName("guide_later")
        later.setWordWrap(True)
        later.setStyleSheet("color: palette(placeholder-text);")
        buttons.addWidget(later, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)
        self.steps.setCurrentRow(0)
        state.changed.connect(self._on_changed)
        self.reload()
        state.call(list_presets, on_done=self._presets_loaded, on_error=self._failed)

    # --- steps ------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.steps.currentRow()

    def _go(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        self.back_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(STEPS) - 1)

    def _page(self, key: str, heading: str, text: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        page.setObjectName(f"guide_{key}")
        column = QVBoxLayout(page)
        title = QLabel(f"<h2>{heading}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        body = QLabel(text)
        body.setWordWrap(True)
        status = QLabel()
        status.setObjectName(f"guide_{key}_state")
        status.setWordWrap(True)
        status.setStyleSheet("font-weight: bold;")
        self.state_labels[key] = status
        column.addWidget(title)
        column.addWidget(body)
        column.addWidget(status)
        return page, column

    def _button(
        self, column: QVBoxLayout, name: str, text: str, slot: Callable[[], None]
    ) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(32)
        button.clicked.connect(lambda _checked=False: slot())
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return button

    def _cooperation_page(self) -> QWidget:
        page, column = self._page(
            "cooperation",
            _("Samarbeidet"),
            _(
                "Skriv inn namnet på samarbeidet, samarbeidsforma og vertskommunen, og "
                "det som skal stå på kvart dokument: organisasjonsnummer, adresse, kontakt "
                "i sekretariatet, logo og brevhovud."
            ),
        )
        self._button(
            column,
            "guide_open_cooperation",
            _("Skriv inn samarbeidet …"),
            self._open("open_cooperation"),
        )
        column.addStretch(1)
        return page

    def _participation_page(self) -> QWidget:
        page, column = self._page(
            "participation",
            _("Deltakande kommunar"),
            _(
                "Databasen har dei 43 kommunane i Vestland. Kryss av dei som er med i "
                "samarbeidet og frå kva dag. Seinare endringar (ein kommune går inn eller ut) "
                "gjer du same stad."
            ),
        )
        self._button(
            column,
            "guide_open_participation",
            _("Vel kommunane …"),
            self._open("open_participation"),
        )
        column.addStretch(1)
        return page

    def _bodies_page(self) -> QWidget:
        page, column = self._page(
            "bodies",
            _("Organ"),
            _(
                "Vel oppsettet som passar samarbeidsforma. Det lagar organa med plassar, "
                "frist for innkalling og reglar; alt kan endrast etterpå under Innstillingar "
                "→ Organ. Plassane blir rekna ut frå dei deltakande kommunane."
            ),
        )
        row = QHBoxLayout()
        self.preset_list = QListWidget()
        self.preset_list.setObjectName("guide_presets")
        self.preset_list.setAccessibleName(_("Oppsett"))
        self.preset_list.setFixedWidth(320)
        self.preset_list.currentRowChanged.connect(self._show_preset)
        self.preset_picked = False  # the user chose one: the legal form no longer picks
        self.preset_list.itemClicked.connect(lambda _item: setattr(self, "preset_picked", True))
        self.preset_text = QLabel()
        self.preset_text.setObjectName("guide_preset_text")
        self.preset_text.setWordWrap(True)
        self.preset_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preset_text.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.preset_list)
        row.addWidget(self.preset_text, 1)
        column.addLayout(row, 1)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(_("&Lag organa"))
        self.apply_button.setObjectName("guide_apply_preset")
        self.apply_button.clicked.connect(self.apply_chosen_preset)
        own = QPushButton(_("Organ …"))
        own.setObjectName("guide_open_bodies")
        own.clicked.connect(self._open("open_bodies"))
        buttons.addWidget(self.apply_button)
        buttons.addWidget(own)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.preset_message = QLabel()
        self.preset_message.setObjectName("guide_preset_message")
        self.preset_message.setWordWrap(True)
        column.addWidget(self.preset_message)
        return page

    def _members_page(self) -> QWidget:
        page, column = self._page(
            "members",
            _("Medlemer"),
            _(
                "Lagre malen, fyll inn medlemer og varamedlemer (ei rad per person og "
                "organ; arket «Rettleiing» i malen forklarer kolonnane og listar organa og "
                "kommunane), og importer fila. Du ser over kvar rad før noko blir lagra."
            ),
        )
        self._button(column, "guide_save_template", _("&Lagre malen …"), self.save_template)
        self._button(
            column, "guide_import", _("&Importer medlemer …"), self.guide_actions.import_members
        )
        self.template_message = QLabel()
        self.template_message.setObjectName("guide_template_message")
        self.template_message.setWordWrap(True)
        column.addWidget(self.template_message)
        column.addStretch(1)
        return page

    def _meeting_page(self) -> QWidget:
        page, column = self._page(
            "meeting",
            _("Fyrste møte"),
            _(
                "Planlegg det fyrste møtet: organ, dag, tid og stad. Så set du opp saklista "
                "og sender innkallinga frå Møte-visinga. F1 opnar brukarrettleiinga."
            ),
        )
        self._button(column, "guide_plan", _("&Planlegg møte …"), self.guide_actions.plan_meeting)
        column.addStretch(1)
        return page

    def _open(self, opener: str) -> Callable[[], None]:
        def open_it() -> None:
            import ui.setup

            getattr(ui.setup, opener)(self.state, self)

        return open_it

    # --- data ---------------------------------------------------------------------------

    def _on_changed(self, area: str) -> None:
        if area == "registry" or area == "meetings":
            self.reload()

    def reload(self) -> None:
        if self.state.is_open:
            self.state.call(setup_status, on_done=self._show_status, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.preset_message.setText(problem_text(exc))

    def _show_status(self, status: SetupStatusOut) -> None:
        self.status = status
        done = {
            "cooperation": status.cooperation is not None,
            "participation": status.participants > 0,
            "bodies": bool(status.bodies),
            "members": status.memberships > 0,
            "meeting": status.meetings > 0,
        }
        texts = {
            "cooperation": _("Registrert: {name}.").format(name=status.cooperation)
            if status.cooperation
            else _("Ikkje registrert enno."),
            "participation": (
                _("1 kommune deltek.")
                if status.participants == 1
                else _("{n} kommunar deltek.").format(n=status.participants)
            )
            if status.participants
            else _("Ingen kommunar er valde enno."),
            "bodies": _("Organ: {codes}.").format(codes=", ".join(status.bodies))
            if status.bodies
            else _("Ingen organ enno."),
            "members": (
                _("1 medlemskap er registrert.")
                if status.memberships == 1
                else _("{n} medlemskap er registrerte.").format(n=status.memberships)
            )
            if status.memberships
            else _("Ingen medlemer enno."),
            "meeting": (
                _("1 møte er planlagt.")
                if status.meetings == 1
                else _("{n} møte er planlagde.").format(n=status.meetings)
            )
            if status.meetings
            else _("Ingen møte enno."),
        }
        for row, key in enumerate(STEPS):
            item = self.steps.item(row)
            title = item.text().removeprefix("✓ ")
            item.setText(f"✓ {title}" if done[key] else title)
            self.state_labels[key].setText(texts[key])
        self.apply_button.setEnabled(not status.bodies)
        self._match_legal_form()
        self.apply_button.setToolTip(
            _("Databasen har alt organ; endre dei under Organ …") if status.bodies else ""
        )
        self.status_shown.emit(status)

    def _presets_loaded(self, presets: list[PresetOut]) -> None:
        self.presets = presets
        self.preset_list.clear()
        for preset in presets:
            QListWidgetItem(preset.name, self.preset_list)
        if presets:
            self.preset_list.setCurrentRow(0)
        self._match_legal_form()

    def _match_legal_form(self) -> None:
        """Until the user picks one, the preset of the cooperation's legal form is chosen."""
        form = self.status.legal_form if self.status is not None else None
        if form is None or self.preset_picked or not self.presets:
            return
        for row, preset in enumerate(self.presets):
            if preset.legal_form is form:
                self.preset_list.blockSignals(True)
                self.preset_list.setCurrentRow(row)
                self.preset_list.blockSignals(False)
                self._show_preset(row)
                return

    def _show_preset(self, row: int) -> None:
        if not 0 <= row < len(self.presets):
            self.preset_text.clear()
            return
        p = self.presets[row]
        from html import escape

        bodies = (
            "".join(
                f"<li><b>{escape(b.code)}</b> {escape(b.name)}: "
                + (
                    _("{n} plass per kommune").format(n=b.seats_per_municipality)
                    if b.seats_per_municipality
                    else _("{n} plassar").format(n=b.seats)
                )
                + "</li>"
                for b in p.bodies
            )
            or "<li>" + escape(_("ingen organ")) + "</li>"
        )
        refs = "; ".join(escape(r) for r in p.references)
        self.preset_text.setText(
            f"<p>{escape(p.description)}</p><ul>{bodies}</ul>"
            f"<p><i>{escape(_('Heimel'))}: {refs}</i></p>"
        )

    def chosen_preset(self) -> PresetOut | None:
        row = self.preset_list.currentRow()
        return self.presets[row] if 0 <= row < len(self.presets) else None

    def choose_preset(self, key: str) -> None:
        self.preset_picked = True
        for row, preset in enumerate(self.presets):
            if preset.key == key:
                self.preset_list.setCurrentRow(row)

    def apply_chosen_preset(self) -> None:
        preset = self.chosen_preset()
        if preset is None:
            return
        self.apply_button.setEnabled(False)
        self.state.call(
            apply_preset,
            ApplyPresetIn(key=preset.key),
            on_done=self._applied,
            on_error=self._apply_failed,
        )

    def _applied(self, out: AppliedPresetOut) -> None:
        self.preset_message.setText(
            _("Laga organa {codes}.").format(codes=", ".join(out.created))
            if out.created
            else _("Ingen organ laga: lag dei under Organ …")
        )

    def _apply_failed(self, exc: BaseException) -> None:
        self.apply_button.setEnabled(True)
        self.preset_message.setText(problem_text(exc))

    def save_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lagre malen"), _("medlemer.xlsx"), _("Excel (*.xlsx)")
        )
        if path:
            self.write_template(Path(path))

    def write_template(self, path: Path) -> None:
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        self.state.call(
            member_template,
            path,
            on_done=lambda written: self.template_message.setText(
                _("Malen er lagra: {path}").format(path=written)
            ),
            on_error=lambda exc: self.template_message.setText(problem_text(exc)),
        )
