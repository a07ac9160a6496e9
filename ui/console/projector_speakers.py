"""The speakers' list on the projector: who has the floor with the timer (and the body's
limit), and the next three. The projector embeds it under the agenda
(`ProjectorWindow.add_panel`); the console's speakers' panel feeds it
(`ProjectorSpeakers.show_speakers`) after every read of the list.

The timer counts from the time read from the database (`SpeakerOut.elapsed_seconds` at
`SpeakersOut.read_at`) plus the time since it arrived, so it goes on where it was after a
restart. On a public display a closed case's list is not shown (the names of who spoke
there are part of the closed meeting)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dvmeet.domain.speakers import SpeakerKind, clock_text
from dvmeet.i18n import _
from dvmeet.services.speakers.models import SpeakerOut, SpeakersOut

TEXT = "#ffffff"
MUTED = "#c9d6e8"
OVER = "#ff8a80"
NEXT_SHOWN = 3


def speaker_line(s: SpeakerOut) -> str:
    """«Kari Vik (Askøy)», with «replikk til …» for a replikk."""
    who = f"{s.name} ({s.municipality})" if s.municipality else s.name
    if s.kind is SpeakerKind.REPLIKK and s.replying_to_name:
        return _("{who} – replikk til {name}").format(who=who, name=s.replying_to_name)
    return who


def short_line(s: SpeakerOut) -> str:
    """«Kari Vik (Askøy)», «Kari Vik (Askøy) – replikk»: the projector's shorter line (a
    replikk always answers the innlegg just held)."""
    who = f"{s.name} ({s.municipality})" if s.municipality else s.name
    return f"{who} – {s.kind_word}" if s.kind is SpeakerKind.REPLIKK else who


def timer_text(elapsed: int, limit: int | None) -> str:
    """«01:35» or «01:35 / 03:00» with the body's limit."""
    if limit is None:
        return clock_text(elapsed)
    return f"{clock_text(elapsed)} / {clock_text(limit)}"


class ProjectorSpeakers(QWidget):
    """The current speaker, the timer and the next three, in the projector's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projector_speakers")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heading = self._label("projector_speakers_heading", MUTED, 30, bold=True)
        self.heading.setText(_("Talarliste"))
        self.current = self._label("projector_speaker_current", TEXT, 40, bold=True)
        self.timer = self._label("projector_speaker_timer", TEXT, 56, bold=True)
        self.next_heading = self._label("projector_speakers_next_heading", MUTED, 26, bold=True)
        self.next_heading.setText(_("Neste:"))
        self.next = self._label("projector_speakers_next", TEXT, 28)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for label in (self.heading, self.current, self.timer, self.next_heading, self.next):
            layout.addWidget(label)
        layout.addStretch(1)
        self.data: SpeakersOut | None = None
        self.public = True
        self.show_timer = True  # the chair may keep the time to the console
        self._since = QElapsedTimer()
        self._since.start()
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.show_speakers(None)

    def _label(self, name: str, colour: str, px: int, *, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color:{colour}; background:transparent;")
        label.setProperty("px", px)
        label.setProperty("bold", bold)
        return label

    def _scale(self) -> None:
        """Type sized to the projector's window, as the rest of the projector."""
        unit = max(self.window().height(), 480) / 1080
        for label in (self.heading, self.current, self.timer, self.next_heading, self.next):
            font = QFont(label.font())
            font.setPixelSize(int(int(label.property("px")) * unit))
            font.setBold(bool(label.property("bold")))
            label.setFont(font)

    def resizeEvent(self, event: object) -> None:
        self._scale()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def showEvent(self, event: object) -> None:
        self._scale()
        super().showEvent(event)  # type: ignore[arg-type]

    def show_speakers(self, data: SpeakersOut | None, *, public: bool | None = None) -> None:
        """Show a list as read (None: no case, nothing shown but the heading)."""
        if public is not None:
            self.public = public
        self.data = data
        self._since.restart()
        if data is None:
            self.current.setText(_("Ingen talarliste no."))
            self.timer.setText("")
            self.next_heading.hide()
            self.next.setText("")
            return
        if data.case_closed and self.public:
            self.current.setText(_("Lukka sak: talarlista vert ikkje vist."))
            self.timer.setText("")
            self.next_heading.hide()
            self.next.setText("")
            return
        if data.current is not None:
            self.current.setText(_("Har ordet: {who}").format(who=short_line(data.current)))
        else:
            self.current.setText(_("Ingen har ordet."))
        waiting = data.queue[:NEXT_SHOWN]
        self.next_heading.setVisible(bool(waiting))
        lines = [f"{i}. {short_line(s)}" for i, s in enumerate(waiting, start=1)]
        more = len(data.queue) - len(waiting)
        if more > 0:
            lines.append(_("… og {n} til").format(n=more))
        self.next.setText("\n".join(lines))
        self.tick()

    def elapsed(self) -> int:
        """Seconds the current speaker has had the floor, now."""
        data = self.data
        if data is None or data.current is None:
            return 0
        return data.current.elapsed_seconds + self._since.elapsed() // 1000

    def tick(self) -> None:
        # the projector's public/internal switch, as it is now
        public = getattr(self.window(), "public", self.public)
        if isinstance(public, bool) and public != self.public:
            self.public = public
            self.show_speakers(self.data)
            return
        data = self.data
        if (
            data is None
            or data.current is None
            or (data.case_closed and self.public)
            or not self.show_timer
        ):
            self.timer.setText("")
            self.timer.setVisible(self.show_timer)
            return
        self.timer.setVisible(True)
        elapsed = self.elapsed()
        limit = data.current.limit_seconds
        self.timer.setText(timer_text(elapsed, limit))
        over = limit is not None and elapsed > limit
        self.timer.setStyleSheet(f"color:{OVER if over else TEXT}; background:transparent;")
