"""Ordinary votes: majority, casting vote, one seat one vote (rules Q-1, Q-2, Q-3, Q-5, Q-7).

Pure functions; the services record ballots and call :func:`decide_ordinary_vote` (roll
call) or :func:`decide_counts` (counts entered with named dissenters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from dvmeet.domain.enums import BallotChoice, VoteOutcome
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import QuorumStatus, quorum_status
from dvmeet.domain.verdict import RuleViolation
from dvmeet.i18n import _

_HALF = Fraction(1, 2)


@dataclass(frozen=True, slots=True)
class MajorityRule:
    """Q-2: the majority a decision needs; a per-body (or per-case) setting.

    ``1/2`` (the default) is the simple majority: *more than* half of the base. Any
    higher fraction is a qualified majority: *at least* that fraction of the base, for
    example ``2/3`` for changes to the agreement. The base is the votes cast
    (``of_cast=True``, the default) or the body's seats (``of_cast=False``).
    """

    numerator: int = 1
    denominator: int = 2
    of_cast: bool = True

    def __post_init__(self) -> None:
        if self.denominator <= 0:
            raise ValueError(
                _("Nemnaren i fleirtalskravet må vere positiv ({denominator}).").format(
                    denominator=self.denominator
                )
            )
        if not _HALF <= Fraction(self.numerator, self.denominator) <= 1:
            raise ValueError(
                _("Fleirtalskravet {numerator}/{denominator} må liggje mellom 1/2 og 1.").format(
                    numerator=self.numerator, denominator=self.denominator
                )
            )

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def is_simple(self) -> bool:
        """True for the simple majority (1/2: more than half)."""
        return self.fraction == _HALF

    @property
    def casting_vote_applies(self) -> bool:
        """Q-3: the chair's casting vote breaks ties only under a simple majority of votes cast."""
        return self.is_simple and self.of_cast

    def is_met(self, votes_for: int, votes_against: int, seats: int) -> bool:
        """Q-2: whether ``votes_for`` meet this rule (ties are not met; see Q-3)."""
        if votes_for <= 0:
            return False
        base = votes_for + votes_against if self.of_cast else seats
        if self.is_simple:
            return 2 * votes_for > base
        return votes_for * self.fraction.denominator >= self.fraction.numerator * base

    @property
    def text_nn(self) -> str:
        """The requirement in nynorsk, for reasons and settings screens."""
        base = "dei avgjevne røystene" if self.of_cast else "medlemene i organet"
        if self.is_simple:
            return f"meir enn halvparten av {base}"
        if self.fraction == 1:
            return f"alle {base}"
        f = self.fraction
        return f"minst {f.numerator}/{f.denominator} av {base}"


SIMPLE_MAJORITY = MajorityRule()
TWO_THIRDS = MajorityRule(2, 3)


@dataclass(frozen=True, slots=True)
class OrdinaryResult:
    """The result of an ordinary vote (Q-1, Q-2, Q-3), with the reason for the minutes."""

    votes_for: int
    votes_against: int
    adopted: bool
    quorate: QuorumStatus
    casting_vote_used: bool
    unanimous: bool
    reason: str
    outcome: VoteOutcome


def _blank_violation() -> RuleViolation:
    return RuleViolation(
        "Q-5",
        _(
            "Blank røyst er ikkje høve til i ordinære saker. Alle medlemer som er til stades, "
            "må røyste for eller mot ({law})."
        ).format(law=legal_reference("koml_8_1").short),
    )


def _decide(
    votes_for: int,
    votes_against: int,
    voters: int,
    chair_choice: BallotChoice | None,
    seats: int,
    rule: MajorityRule,
) -> OrdinaryResult:
    quorum = quorum_status(voters, seats)
    koml_11_9 = legal_reference("koml_11_9").short
    unanimous = voters > 0 and (votes_for == 0 or votes_against == 0)
    counts = f"{votes_for} røyster for og {votes_against} mot"

    if not quorum.quorate:
        return OrdinaryResult(
            votes_for=votes_for,
            votes_against=votes_against,
            adopted=False,
            quorate=quorum,
            casting_vote_used=False,
            unanimous=unanimous,
            reason=f"{quorum.sentence} Det kan ikkje gjerast vedtak ({koml_11_9}).",
            outcome=VoteOutcome.NOT_QUORATE,
        )

    tie = votes_for == votes_against
    casting = tie and rule.casting_vote_applies
    if casting:
        if chair_choice is None:
            raise RuleViolation(
                "Q-3",
                _(
                    "Røystelikskap ({votes_for} røyster for og {votes_against} mot), men "
                    "møteleiaren har ikkje røysta. Møteleiaren må røyste, og røysta hans eller "
                    "hennar er avgjerande ({law})."
                ).format(votes_for=votes_for, votes_against=votes_against, law=koml_11_9),
            )
        adopted = chair_choice is BallotChoice.FOR
        verdict = "Framlegget vart vedteke" if adopted else "Framlegget fall"
        reason = (
            f"{verdict} med {counts}. Røystelikskap – møteleiaren si røyst var "
            f"avgjerande ({koml_11_9})."
        )
    else:
        adopted = rule.is_met(votes_for, votes_against, seats)
        if adopted and unanimous:
            reason = f"Framlegget vart samrøystes vedteke med {votes_for} røyster."
        elif adopted:
            reason = f"Framlegget vart vedteke med {counts}."
        elif tie and votes_for > 0:
            reason = (
                f"Framlegget fall: røystelikskap ({counts}). Dobbeltrøysta gjeld ikkje når "
                f"det krevst {rule.text_nn}."
            )
        elif rule.is_simple and rule.of_cast:
            reason = f"Framlegget fall med {counts}."
        else:
            reason = f"Framlegget fall: {counts} oppfyller ikkje kravet om {rule.text_nn}."

    return OrdinaryResult(
        votes_for=votes_for,
        votes_against=votes_against,
        adopted=adopted,
        quorate=quorum,
        casting_vote_used=casting,
        unanimous=unanimous,
        reason=reason,
        outcome=VoteOutcome.ADOPTED if adopted else VoteOutcome.REJECTED,
    )


def decide_ordinary_vote(
    ballots: Mapping[int, BallotChoice],
    weights: Mapping[int, int] | None,
    chair_id: int | None,
    seats: int,
    rule: MajorityRule = SIMPLE_MAJORITY,
) -> OrdinaryResult:
    """Decide an ordinary vote from named ballots (Q-1, Q-2, Q-3, Q-5, Q-7).

    - Q-5: every ballot is for or against; a blank ballot raises :class:`RuleViolation`.
    - Q-7: each voter's ballot weighs ``weights[person_id]`` (default 1, also for persons
      missing from ``weights``). Quorum counts persons, not weights.
    - Q-1: not quorate (``2 * voters < seats``) means no decision: ``adopted`` is False.
    - Q-2: ``rule`` says which majority is needed.
    - Q-3: a tie under a simple majority of votes cast is decided by the chair's ballot
      (``chair_id``, the person chairing this case, C-1); if the chair has not voted,
      :class:`RuleViolation` is raised. Qualified majorities have no casting vote: a tie
      is not adopted.
    """
    votes_for = 0
    votes_against = 0
    for person_id, choice in ballots.items():
        if choice is BallotChoice.BLANK:
            raise _blank_violation()
        weight = 1 if weights is None else weights.get(person_id, 1)
        if weight < 1:
            raise ValueError(
                _("Vekta til person {person} må vere minst 1 ({weight}).").format(
                    person=person_id, weight=weight
                )
            )
        if weight != 1 and not rule.of_cast:
            raise ValueError(
                _("Vekta røyster kan ikkje kombinerast med fleirtal rekna av medlemene i organet.")
            )
        if choice is BallotChoice.FOR:
            votes_for += weight
        else:
            votes_against += weight
    chair_choice = ballots.get(chair_id) if chair_id is not None else None
    return _decide(votes_for, votes_against, len(ballots), chair_choice, seats, rule)


def decide_counts(
    votes_for: int,
    votes_against: int,
    chair_choice: BallotChoice | None,
    seats: int,
    rule: MajorityRule = SIMPLE_MAJORITY,
) -> OrdinaryResult:
    """Decide an ordinary vote from counts (Q-1, Q-2, Q-3, Q-5); one person, one vote.

    ``chair_choice`` is how the chair of the case voted (None if unknown). It is only
    needed on a tie under a simple majority (Q-3); a blank raises :class:`RuleViolation`
    (Q-5). Raises :class:`ValueError` for negative counts or a chair choice that the
    counts cannot contain.
    """
    if votes_for < 0 or votes_against < 0:
        raise ValueError(
            _("Røystetal kan ikkje vere negative ({votes_for}, {votes_against}).").format(
                votes_for=votes_for, votes_against=votes_against
            )
        )
    if chair_choice is BallotChoice.BLANK:
        raise _blank_violation()
    if (chair_choice is BallotChoice.FOR and votes_for == 0) or (
        chair_choice is BallotChoice.MOT and votes_against == 0
    ):
        raise ValueError(_("Møteleiaren si røyst er ikkje med i røystetala."))
    return _decide(votes_for, votes_against, votes_for + votes_against, chair_choice, seats, rule)
