"""The projector view: a second window with large type that follows the console.

On a public display a closed case shows only its public title (O-2); its proposals and
decision (in an election: who was elected) are not shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dvmeet.domain.enums import ProposalKind, VoteKind
from dvmeet.domain.lifecycle import shown_title
from dvmeet.i18n import _
from dvmeet.services.console.models import ConsoleSnapshot
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
        self.internal_band = QLabel(_("INTERN VISNING"))
        self.internal_band.setObjectName("projector_internal_band")
        self.internal_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.internal_band.setStyleSheet(
            "QLabel { background:#b3261e; color:white; padding:8px; border-radius:6px; }"
        )
        self.internal_band.setVisible(not public)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.setSpacing(24)
        layout.addWidget(self.internal_band)
        layout.addWidget(self.heading)
        layout.addWidget(self.case_label)
        layout.addWidget(self.quorum)
        layout.addWidget(self.proposals, 1)
        layout.addWidget(self.result)
        self.resize(1280, 720)
        self._scale()

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

    def show_on(self, screen: QScreen) -> None:
        """Full screen on the screen the user picked."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        m = snap.meeting
        self.heading.setText(f"DigiVestland – {m.body_name} · {m.date:%d.%m.%Y} · {m.place}")
        cs = snap.case
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
            self.result.setText(text)
        else:
            self.result.setText("")


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
