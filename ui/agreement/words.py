"""How the agreement view shows states, dates and money: words, symbols and calm colours.

A state is never shown by colour alone: each cell has a symbol and a word, and a tooltip.
Colours are tints blended into the palette's base colour, so they stay calm in light and
dark palettes and the text keeps the palette's own colour.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from dvmeet.domain.agreement import MilestoneState, MilestoneTrack, NoteKind
from dvmeet.domain.cost_shares import kroner
from dvmeet.domain.enums import AgreementOutcome, CouncilKind
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.agreement.models import OverviewFilter, SeatEffectOut

# hue of each state (None: no tint)
STATE_HUES: dict[MilestoneState, str | None] = {
    MilestoneState.DONE: "#2e7d32",  # green
    MilestoneState.DONE_LATE: "#c49000",  # amber: done, but after the deadline
    MilestoneState.LATE: "#c62828",  # red: deadline passed, not done
    MilestoneState.PENDING: "#1e6bb8",  # blue: open, deadline ahead
    MilestoneState.NOT_DUE: None,
    MilestoneState.NOT_APPLICABLE: None,
}

STATE_SYMBOLS: dict[MilestoneState, str] = {
    MilestoneState.DONE: "✓",
    MilestoneState.DONE_LATE: "✓",
    MilestoneState.LATE: "!",
    MilestoneState.PENDING: "…",
    MilestoneState.NOT_DUE: "·",
    MilestoneState.NOT_APPLICABLE: "–",
}


def track_header(track: MilestoneTrack) -> str:
    """The column header of a track (translated when asked, so the language can change)."""
    return label(track)


def outcome_label(outcome: AgreementOutcome) -> str:
    return label(outcome)


def council_label(kind: CouncilKind) -> str:
    return label(kind)


def state_word(state: MilestoneState) -> str:
    return label(state)


def note_word(kind: NoteKind) -> str:
    """The kind of a log entry."""
    return label(kind)


def filter_word(which: OverviewFilter) -> str:
    """A choice of the overview filter."""
    return label(which)


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def short_date(day: dt.date) -> str:
    return day.strftime("%d.%m.")


def money(amount: int | None) -> str:
    return "" if amount is None else kroner(amount)


def signed_money(amount: int | None) -> str:
    if amount is None:
        return ""
    if amount == 0:
        return "0 kr"
    return ("+" if amount > 0 else "") + kroner(amount)


def percent(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:+.1f} %".replace(".", ",")
    return text.replace("-", "−")


def tint(state: MilestoneState, strength: float = 0.28) -> QColor | None:
    """The state's hue blended into the palette's base colour (None: no tint)."""
    hue = STATE_HUES[state]
    if hue is None:
        return None
    return blend(QColor(hue), strength)


def blend(colour: QColor, strength: float) -> QColor:
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    s = max(0.0, min(1.0, strength))
    return QColor(
        round(base.red() * (1 - s) + colour.red() * s),
        round(base.green() * (1 - s) + colour.green() * s),
        round(base.blue() * (1 - s) + colour.blue() * s),
    )


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _municipalities(n: int) -> str:
    return _("{n} kommune").format(n=n) if n == 1 else _("{n} kommunar").format(n=n)


def seat_effect_sentences(effect: SeatEffectOut) -> list[str]:
    """What the decisions do to the body's seats, in the interface language (the core's
    own sentences stay nynorsk: the status report prints them)."""
    out = [
        _(
            "{joined} deltakarar → {seats} sete; vedtaksfør med {quorum} "
            "(minst halvparten av seta)."
        ).format(joined=effect.joined, seats=effect.seats, quorum=effect.quorum)
    ]
    if effect.declined:
        out.append(
            _("{who} har takka nei og får ikkje sete.").format(who=_municipalities(effect.declined))
        )
    if effect.undecided:
        out.append(
            _(
                "{who} har ikkje gjort endeleg vedtak. Sluttar alle seg til, blir det "
                "{seats} sete, vedtaksfør med {quorum}."
            ).format(
                who=_municipalities(effect.undecided),
                seats=effect.seats_if_undecided_join,
                quorum=effect.quorum_if_undecided_join,
            )
        )
    if effect.current_seats is not None and effect.current_seats != effect.seats:
        diff = effect.seats - effect.current_seats
        text = (
            _("Organet har no {now} sete; det blir {n} fleire.")
            if diff > 0
            else _("Organet har no {now} sete; det blir {n} færre.")
        )
        out.append(text.format(now=effect.current_seats, n=abs(diff)))
    return out
