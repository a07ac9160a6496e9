"""The agreement process (domain.md §1): milestones, each municipality's state, seats.

Pure rules, no database. A milestone either tracks what each municipality does
(feedback, council decision, signing) or is a step of the secretariat (draft sent,
papers sent, constituent meeting). States are computed against a given "today".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.quorum import minimum_voters
from dvmeet.i18n import _

Translate = Callable[[str], str]


def keep_nynorsk(text: str) -> str:
    """The translator for what is stored or printed: keeps the nynorsk source text."""
    return text


class MilestoneTrack(StrEnum):
    """What a milestone measures for each municipality (None: a step of the secretariat)."""

    FEEDBACK = "feedback"  # feedback received (one submission per municipality)
    DECISION = "decision"  # the council decided to join or decline (postponed is not done)
    SIGNING = "signing"  # the agreement signed (for those that joined)


class NoteKind(StrEnum):
    """Entries in a municipality's log of the agreement process."""

    AMENDMENT = "amendment"  # feedback after the one submission (tillegg til innspelet)
    CONTACT = "contact"  # follow-up contact by the secretariat
    DECISION = "decision"  # an earlier council decision, kept when a new one replaces it


class OverviewFilter(StrEnum):
    """The choices of the agreement overview's filter, in the order shown."""

    ALL = "all"
    MISSING_DECISION = "missing_decision"  # no join/decline yet (postponed included)
    LATE = "late"  # behind a deadline that has passed
    MISSING_FEEDBACK = "missing_feedback"
    CHANGE_OF_PRINCIPLE = "change_of_principle"  # feedback asks for a change of principle
    DECLINED = "declined"
    NOT_SIGNED = "not_signed"  # joined, not signed yet


class MilestoneState(StrEnum):
    DONE = "done"  # done by the deadline
    DONE_LATE = "done_late"  # done, but after the deadline
    LATE = "late"  # not done and the deadline has passed
    PENDING = "pending"  # open, not done, deadline not yet passed
    NOT_DUE = "not_due"  # not open yet
    NOT_APPLICABLE = "not_applicable"  # e.g. signing for a municipality that declined


@dataclass(frozen=True, slots=True)
class MilestoneTemplate:
    key: str
    name: str
    due_on: dt.date
    opens_on: dt.date | None = None
    track: MilestoneTrack | None = None


def default_milestones(year: int = 2024, _: Translate = _) -> list[MilestoneTemplate]:
    """The timeline of the seed letter (the agreement in force 1 January ``year + 1``).

    The constituent meeting is "week 50": its default date is the Monday of ISO week 50.
    Names are in the interface language; pass ``_=keep_nynorsk`` for names to store.
    """
    d = dt.date
    draft = d(year, 6, 5)
    sent = d(year, 9, 4)
    return [
        MilestoneTemplate(
            "draft_sent", _("KS Vestland sender utkast til ny samarbeidsavtale"), draft
        ),
        MilestoneTemplate(
            "breakfast_meeting", _("KS frukostmøte: gjennomgang av utkastet"), d(year, 6, 11)
        ),
        MilestoneTemplate(
            "feedback_deadline",
            _("Frist for tilbakemelding på utkastet"),
            d(year, 6, 30),
            draft,
            MilestoneTrack.FEEDBACK,
        ),
        MilestoneTemplate("agreement_sent", _("Kommunane får ny samarbeidsavtale"), sent),
        MilestoneTemplate(
            "information_meeting", _("DigiVestland informasjonsmøte"), d(year, 9, 10)
        ),
        MilestoneTemplate(
            "decision_deadline",
            _("Frist for melding om politisk vedtak"),
            d(year, 11, 5),
            sent,
            MilestoneTrack.DECISION,
        ),
        MilestoneTemplate(
            "papers_sent", _("Sakspapir til konstituerande møte sendt ut"), d(year, 11, 8)
        ),
        MilestoneTemplate(
            "constituent_meeting",
            _("Konstituerande representantskapsmøte (veke 50)"),
            d.fromisocalendar(year, 50, 1),
        ),
        MilestoneTemplate(
            "in_force",
            _("Ny samarbeidsavtale trer i kraft (signert avtale)"),
            d(year + 1, 1, 1),
            sent,
            MilestoneTrack.SIGNING,
        ),
    ]


@dataclass(frozen=True, slots=True)
class MunicipalityProgress:
    """What a municipality has done, as the rules see it."""

    feedback_on: dt.date | None
    decision_on: dt.date | None
    outcome: AgreementOutcome | None
    signed_on: dt.date | None

    @property
    def decided(self) -> bool:
        """A decision counts when it says join or decline; postponed is no decision yet."""
        return self.outcome in (AgreementOutcome.JOIN, AgreementOutcome.DECLINE)

    def done_on(self, track: MilestoneTrack) -> dt.date | None:
        if track is MilestoneTrack.FEEDBACK:
            return self.feedback_on
        if track is MilestoneTrack.DECISION:
            return self.decision_on if self.decided else None
        return self.signed_on

    def applies(self, track: MilestoneTrack) -> bool:
        """Signing does not apply to a municipality that declined."""
        return not (track is MilestoneTrack.SIGNING and self.outcome is AgreementOutcome.DECLINE)


def state_of(
    done_on: dt.date | None, due_on: dt.date, opens_on: dt.date | None, today: dt.date
) -> MilestoneState:
    """The state of one milestone: done (on time or late), late, pending or not open."""
    if done_on is not None:
        return MilestoneState.DONE if done_on <= due_on else MilestoneState.DONE_LATE
    if today > due_on:
        return MilestoneState.LATE
    if opens_on is not None and today < opens_on:
        return MilestoneState.NOT_DUE
    return MilestoneState.PENDING


def municipality_state(
    progress: MunicipalityProgress,
    track: MilestoneTrack,
    due_on: dt.date,
    opens_on: dt.date | None,
    today: dt.date,
) -> MilestoneState:
    if not progress.applies(track):
        return MilestoneState.NOT_APPLICABLE
    return state_of(progress.done_on(track), due_on, opens_on, today)


def days_word(days: int, _: Translate = _) -> str:
    """'1 dag', '3 dagar' in the interface language (``_=keep_nynorsk``: nynorsk)."""
    return _("1 dag") if days == 1 else _("{n} dagar").format(n=days)


@dataclass(frozen=True, slots=True)
class SeatEffect:
    """What the decisions do to the body's seats and quorum (Q-1: half the seats)."""

    joined: int
    declined: int
    undecided: int  # no decision yet, or postponed
    seats_per_municipality: int
    current_seats: int | None  # the body's seats today, if a body is known

    @property
    def seats(self) -> int:
        return self.joined * self.seats_per_municipality

    @property
    def seats_if_undecided_join(self) -> int:
        return (self.joined + self.undecided) * self.seats_per_municipality

    @property
    def quorum(self) -> int:
        """Members present and voting needed (Q-1); 0 when there are no seats."""
        return minimum_voters(self.seats) if self.seats else 0

    @property
    def quorum_if_undecided_join(self) -> int:
        seats = self.seats_if_undecided_join
        return minimum_voters(seats) if seats else 0

    @property
    def summary(self) -> str:
        """'40 deltakarar → 40 sete; vedtaksfør med 20'."""
        return f"{self.joined} deltakarar → {self.seats} sete; vedtaksfør med {self.quorum}"

    @property
    def sentences(self) -> list[str]:
        """The effect in full, for the view and the status report (nynorsk)."""
        out = [self.summary + " (minst halvparten av seta)."]
        if self.declined:
            out.append(
                f"{self.declined} {'kommune' if self.declined == 1 else 'kommunar'} har takka "
                "nei og får ikkje sete."
            )
        if self.undecided:
            out.append(
                f"{self.undecided} {'kommune' if self.undecided == 1 else 'kommunar'} har "
                "ikkje gjort endeleg vedtak. Sluttar alle seg til, blir det "
                f"{self.seats_if_undecided_join} sete, vedtaksfør med "
                f"{self.quorum_if_undecided_join}."
            )
        if self.current_seats is not None and self.current_seats != self.seats:
            diff = self.seats - self.current_seats
            word = "fleire" if diff > 0 else "færre"
            out.append(f"Organet har no {self.current_seats} sete; det blir {abs(diff)} {word}.")
        return out
