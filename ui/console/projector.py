"""The projector view: a second window with large type that follows the console.

On a public display a closed case shows only its public title (O-2); its proposals and
decision (in an election: who was elected) are not shown. Beside the case: the agenda with
the current case marked and a clock. While a vote is typed it shows how many have voted
(«27 av 40 har røysta»), never who voted what; the result of a roll-call vote in an open
case names who voted for and against. B in the console blacks the screen out and back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from dvmeet.domain.enums import BallotChoice, ProposalKind, VoteKind, VoteMethod, VoteOutcome
from dvmeet.domain.lifecycle import shown_title
from dvmeet.i18n import _
from dvmeet.services.console.models import ConsoleSnapshot
from dvmeet.services.voting.models import VoteOut
from ui.console.words import outcome_word, proposal_kind_word

BACKGROUND = "#10243e"
TEXT = "#ffffff"
MUTED = "#c9d6e8"


class ProjectorWindow(QWidget):
    def __init__(self, parent: QWidget | None = None, *, public: bool = True) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setWindowTitle(_("dvmeet – projektor"))
        self._public = public
        # the projector is looked at, never typed into: the keyboard stays in the console
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(f"QWidget#projector {{ background:{BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.heading = self._label("projector_heading", MUTED)
        self.case_label = self._label("projector_case", TEXT, bold=True)
        self.quorum = self._label("projector_quorum", TEXT)
        self.proposals = self._label("projector_proposals", TEXT)
        self.result = self._label("projector_result", TEXT, bold=True)
        self.names = self._label("projector_names", MUTED)
        self.progress = self._label("projector_progress", TEXT, bold=True)
        self.clock_label = self._label("projector_clock", TEXT, bold=True)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.agenda_heading = self._label("projector_agenda_heading", MUTED, bold=True)
        self.agenda_heading.setText(_("Saklista"))
        self.agenda = self._label("projector_agenda", MUTED)
        self.agenda.setTextFormat(Qt.TextFormat.RichText)
        self.clock: Callable[[], dt.datetime] = dt.datetime.now
        self._live: tuple[int, int] | None = None  # (voted, voters) while a vote is typed
        self._snapshot: ConsoleSnapshot | None = None
        self.internal_band = QLabel(_("INTERN VISNING"))
        self.internal_band.setObjectName("projector_internal_band")
        self.internal_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.internal_band.setStyleSheet(
            "QLabel { background:#b3261e; color:white; padding:8px; border-radius:6px; }"
        )
        self.internal_band.setVisible(not public)
        main = QVBoxLayout()
        main.setSpacing(24)
        main.addWidget(self.heading)
        main.addWidget(self.case_label)
        main.addWidget(self.quorum)
        main.addWidget(self.proposals, 1)
        main.addWidget(self.progress)
        main.addWidget(self.result)
        main.addWidget(self.names)
        self.side = QVBoxLayout()  # the clock, the agenda, and the speakers when shown
        self.side.setSpacing(16)
        self.side.addWidget(self.clock_label)
        self.side.addWidget(self.agenda_heading)
        self.side.addWidget(self.agenda, 1)
        columns = QHBoxLayout()
        columns.setSpacing(48)
        columns.addLayout(main, 5)
        columns.addLayout(self.side, 2)
        page = QWidget()
        page.setObjectName("projector_page")
        page.setStyleSheet("QWidget#projector_page { background:transparent; }")
        inner = QVBoxLayout(page)
        inner.setContentsMargins(60, 40, 60, 40)
        inner.setSpacing(24)
        inner.addWidget(self.internal_band)
        inner.addLayout(columns, 1)
        # B: the screen goes black (the room looks at the speaker), and back
        self.black = QWidget()
        self.black.setObjectName("projector_black")
        self.black.setStyleSheet("QWidget#projector_black { background:#000000; }")
        self.black.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.pages = QStackedLayout(self)
        self.pages.addWidget(page)
        self.pages.addWidget(self.black)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.resize(1280, 720)
        self._scale()
        self.tick()

    def _label(self, name: str, colour: str, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setStyleSheet(f"color:{colour}; background:transparent;")
        label.setProperty("bold", bold)
        return label

    def _scale(self) -> None:
        """Type sized to the window: the case title about 1/16 of the height."""
        unit = max(self.height(), 480) / 1080
        sizes = {
            self.heading: 34,
            self.case_label: 64,
            self.quorum: 36,
            self.proposals: 44,
            self.result: 48,
            self.internal_band: 40,
            self.names: 30,
            self.progress: 56,
            self.clock_label: 56,
            self.agenda_heading: 30,
            self.agenda: 28,
        }
        for label, px in sizes.items():
            font = QFont(label.font())
            font.setPixelSize(int(px * unit))
            font.setBold(bool(label.property("bold")))
            label.setFont(font)
        band = QFont(self.internal_band.font())
        band.setBold(True)
        self.internal_band.setFont(band)

    def resizeEvent(self, event: object) -> None:
        self._scale()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    @property
    def public(self) -> bool:
        return self._public

    @public.setter
    def public(self, public: bool) -> None:
        """Public (closed cases by their public title) or internal, with its band."""
        self._public = public
        self.internal_band.setVisible(not public)

    def set_public(self, public: bool) -> None:
        self.public = public

    # --- the clock, the blank screen, the live count ----------------------------------

    def tick(self) -> None:
        self.clock_label.setText(self.clock().strftime("%H:%M"))

    @property
    def blank(self) -> bool:
        return self.pages.currentWidget() is self.black

    def set_blank(self, blank: bool) -> None:
        self.pages.setCurrentIndex(1 if blank else 0)

    def show_progress(self, live: tuple[int, int] | None) -> None:
        """How many have voted of how many, while the vote is typed (None: no vote)."""
        self._live = live
        self._show_progress()

    def _show_progress(self) -> None:
        live = self._live
        if live is None:
            self.progress.setText("")
            return
        voted, voters = live
        self.progress.setText(_("{n} av {m} har røysta").format(n=voted, m=voters))

    def add_panel(self, widget: QWidget) -> None:
        """A panel under the agenda (the speakers' list)."""
        self.side.addWidget(widget, 1)

    def show_on(self, screen: QScreen) -> None:
        """Full screen on the screen the user picked."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        # not showFullScreen(): it activates the window, and the keyboard stays in the console
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.show()

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        self._snapshot = snap
        m = snap.meeting
        self.heading.setText(f"DigiVestland – {m.body_name} · {m.date:%d.%m.%Y} · {m.place}")
        self._show_agenda(snap)
        self.names.setText("")
        cs = snap.case
        if cs is None or snap.ended:
            self._live = None
        self._show_progress()
        if snap.ended:
            self.case_label.setText(_("Møtet er heva."))
            self.quorum.setText("")
            self.proposals.setText("")
            self.result.setText("")
            return
        if cs is None:
            self.case_label.setText(m.title or _("Møtet er ikkje opna enno"))
            self.quorum.setText(
                _("Opprop: {text} sete er fylte.").format(text=snap.roll.quorum_text)
            )
            self.proposals.setText("")
            self.result.setText("")
            return
        case = cs.case
        hide = case.closed and self.public
        title = shown_title(case.title, case.public_title, hide)
        self.case_label.setText(f"{case.heading}\n{title}")
        verdict = _("Vedtaksfør") if cs.voters.quorate else _("Ikkje vedtaksfør")
        self.quorum.setText(f"{verdict}: {cs.voters.quorum_text}")
        colour = "#7ee787" if cs.voters.quorate else "#ff8a80"
        self.quorum.setStyleSheet(f"color:{colour}; background:transparent;")
        if hide:
            self.proposals.setText(
                _("Lukka sak ({basis}).").format(basis=case.closure_reference or "")
            )
        else:
            lines = []
            for p in cs.proposals:
                if p.withdrawn:
                    continue
                if p.kind is ProposalKind.CANDIDATE:
                    lines.append(f"• {snap.names.get(p.candidate_person_id or 0, p.text)}")
                    continue
                who = f" ({p.proposer_name})" if p.proposer_name else ""
                lines.append(f"• {proposal_kind_word(p.kind)}{who}: {_short(p.text)}")
            self.proposals.setText("\n".join(lines))
        votes = cs.ordinary_votes
        if votes:
            v = votes[-1]
            if v.kind is VoteKind.ELECTION:
                text = outcome_word(v.outcome)
                if v.elected_person_id and not hide:  # who was elected is the decision
                    text += f": {snap.names.get(v.elected_person_id, '')}"
            else:
                text = _("{outcome} – {f} for, {m} mot").format(
                    outcome=outcome_word(v.outcome), f=v.votes_for, m=v.votes_against
                )
                if v.casting_vote_used:
                    text += _(" (møteleiaren si dobbeltrøyst)")
                elif v.unanimous:
                    text += _(" (samrøystes)")
            if v.outcome is VoteOutcome.NOT_QUORATE:
                text = _("{outcome}: berre {q} kunne røyste").format(
                    outcome=outcome_word(v.outcome), q=v.quorum_text
                )
            elif v.method is VoteMethod.ROLL_CALL and v.kind is VoteKind.ORDINARY and not hide:
                self.names.setText(_names(v))
            self.result.setText(text)
        else:
            self.result.setText("")

    def _show_agenda(self, snap: ConsoleSnapshot) -> None:
        """The cases, the current one marked; a closed case by its public title when the
        display is public."""
        rows = []
        for case in snap.meeting.cases:
            title = shown_title(case.title, case.public_title, case.closed and self.public)
            text = escape(f"{case.label}  {_short(title, 70)}")
            if case.id == snap.current_case_id:
                rows.append(
                    f"<tr><td style='color:{TEXT}'><b>▶</b></td>"
                    f"<td><b style='color:{TEXT}'>{text}</b></td></tr>"
                )
            else:
                rows.append(f"<tr><td></td><td>{text}</td></tr>")
        # a table: a long title wraps under its own text, not under the marker
        self.agenda.setText("<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")


def _names(vote: VoteOut) -> str:
    """Who voted for and who against, by name (a roll-call vote in an open case)."""
    parts = []
    for choice, word in ((BallotChoice.FOR, _("For")), (BallotChoice.MOT, _("Mot"))):
        names = [b.name for b in vote.ballots if b.choice is choice]
        if names:
            parts.append(f"{word}: " + ", ".join(names))
    return "\n".join(parts)


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
