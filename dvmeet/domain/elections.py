"""Elections by majority (rule Q-4, koml. § 7-8) and drawing of lots.

Design choice on blank votes (Q-4 says "more than half the votes cast"): a blank ballot
is a lawful vote in elections (Q-5, koml. § 8-1), so it is a vote *cast* (avgjeven
røyst). Blank ballots therefore count in the base of the absolute majority in the first
round: with 10 for A, 5 for B and 6 blank, A has 10 of 21 and is *not* elected. This is
the stricter reading; bodies that count only votes for candidates can pass
``blanks_count_as_cast=False``. In the final round blanks cannot matter (whoever has most
is elected).

Who goes on to a new round: the law does not drop anyone, so every candidate
(``candidates`` plus anyone who received votes) remains electable in the new round.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from dvmeet.domain.enums import VoteOutcome
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import QuorumStatus, quorum_status
from dvmeet.i18n import _


@dataclass(frozen=True, slots=True)
class ElectionRoundResult:
    """Q-4: the result of one round of an election.

    ``outcome`` is ELECTED (``elected`` set), NEW_ROUND (``continuing`` lists who can be
    voted for next), LOTS (``tied`` lists who the lot is drawn between) or NOT_QUORATE.
    ``tally`` is (candidate, votes), most votes first, then by candidate id.
    """

    round_no: int
    final_round: bool
    outcome: VoteOutcome
    elected: int | None
    tied: tuple[int, ...]
    continuing: tuple[int, ...]
    tally: tuple[tuple[int, int], ...]
    blank: int
    votes_cast: int
    quorate: QuorumStatus | None
    reason: str

    def votes_for(self, candidate: int) -> int:
        """Votes a candidate got in this round (0 if none)."""
        return dict(self.tally).get(candidate, 0)


def decide_election_round(
    ballots: Mapping[int, int | None],
    round_no: int,
    final_round: bool = False,
    *,
    candidates: Collection[int] = (),
    weights: Mapping[int, int] | None = None,
    seats: int | None = None,
    names: Mapping[int, str] | None = None,
    blanks_count_as_cast: bool = True,
) -> ElectionRoundResult:
    """Decide one round of an election (Q-4; quorum Q-1 if ``seats`` is given; Q-7).

    ``ballots`` maps voter id to candidate id, ``None`` for a blank vote (Q-5: blanks are
    allowed in elections). Round 1: a candidate with more than half of the votes cast is
    elected, otherwise a new round with every candidate (see module docstring). Round 2
    (or any round marked ``final_round``): whoever has most votes is elected; a tie for
    most gives outcome LOTS with the tied candidates (draw with :func:`draw_lots`).
    If nobody got any vote, the outcome is NEW_ROUND.

    ``candidates`` are the nominated candidates; if given, a vote for anyone else raises
    :class:`ValueError`. ``weights`` default to 1 per voter. ``names`` is used in the
    nynorsk ``reason``.
    """
    if round_no < 1:
        raise ValueError(
            _("Røystingsrunden må vere 1 eller meir ({round}).").format(round=round_no)
        )
    nominated = set(candidates)
    counts: dict[int, int] = dict.fromkeys(nominated, 0)
    blank = 0
    for voter, candidate in ballots.items():
        weight = 1 if weights is None else weights.get(voter, 1)
        if weight < 1:
            raise ValueError(
                _("Vekta til person {person} må vere minst 1 ({weight}).").format(
                    person=voter, weight=weight
                )
            )
        if candidate is None:
            blank += weight
            continue
        if nominated and candidate not in nominated:
            raise ValueError(
                _("Røyst på {candidate}, som ikkje er kandidat i valet.").format(
                    candidate=candidate
                )
            )
        counts[candidate] = counts.get(candidate, 0) + weight

    tally = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    candidate_votes = sum(counts.values())
    votes_cast = candidate_votes + (blank if blanks_count_as_cast else 0)
    final = final_round or round_no >= 2
    koml_7_8 = legal_reference("koml_7_8").short

    def name(candidate: int) -> str:
        if names is not None and candidate in names:
            return names[candidate]
        return f"kandidat {candidate}"

    def result(
        outcome: VoteOutcome,
        reason: str,
        *,
        elected: int | None = None,
        tied: tuple[int, ...] = (),
        continuing: tuple[int, ...] = (),
        quorate: QuorumStatus | None = None,
    ) -> ElectionRoundResult:
        return ElectionRoundResult(
            round_no=round_no,
            final_round=final,
            outcome=outcome,
            elected=elected,
            tied=tied,
            continuing=continuing,
            tally=tally,
            blank=blank,
            votes_cast=votes_cast,
            quorate=quorate,
            reason=reason,
        )

    quorum = quorum_status(len(ballots), seats) if seats is not None else None
    if quorum is not None and not quorum.quorate:
        koml_11_9 = legal_reference("koml_11_9").short
        return result(
            VoteOutcome.NOT_QUORATE,
            f"{quorum.sentence} Valet kan ikkje gjennomførast ({koml_11_9}).",
            quorate=quorum,
        )

    everyone = tuple(sorted(counts))
    top = tally[0][1] if tally else 0
    if top == 0:
        return result(
            VoteOutcome.NEW_ROUND,
            "Ingen kandidat fekk røyster. Det må røystast på nytt.",
            continuing=everyone,
            quorate=quorum,
        )
    leaders = tuple(sorted(c for c, v in counts.items() if v == top))

    if not final:
        if 2 * top > votes_cast:
            winner = leaders[0]
            return result(
                VoteOutcome.ELECTED,
                f"{name(winner)} vart vald med {top} av {votes_cast} avgjevne røyster "
                f"({koml_7_8}).",
                elected=winner,
                quorate=quorum,
            )
        blanks_note = " (blanke røyster er rekna med)" if blanks_count_as_cast and blank else ""
        return result(
            VoteOutcome.NEW_ROUND,
            f"Ingen kandidat fekk meir enn halvparten av dei {votes_cast} avgjevne "
            f"røystene{blanks_note}. Det vert ny røysting der alle kandidatane kan veljast, "
            f"og den som då får flest røyster, er vald ({koml_7_8}).",
            continuing=everyone,
            quorate=quorum,
        )

    if len(leaders) == 1:
        winner = leaders[0]
        return result(
            VoteOutcome.ELECTED,
            f"{name(winner)} vart vald med flest røyster ({top}) i runde {round_no} ({koml_7_8}).",
            elected=winner,
            quorate=quorum,
        )
    tied_names = ", ".join(name(c) for c in leaders)
    return result(
        VoteOutcome.LOTS,
        f"Røystelikskap mellom {tied_names} med {top} røyster kvar. Valet vert avgjort "
        f"ved loddtrekking ({koml_7_8}); loddtrekkinga og vitna skal førast i møteboka.",
        tied=leaders,
        quorate=quorum,
    )


def draw_lots(tied: Sequence[int], rng: random.Random) -> int:
    """Q-4: draw the elected candidate by lot among ``tied`` (at least two, no repeats).

    The candidates are sorted first, so the same seeded ``rng`` always gives the same
    draw whatever order they were given in.
    """
    pool = sorted(tied)
    if len(pool) < 2:
        raise ValueError(_("Loddtrekking krev minst to kandidatar med like mange røyster."))
    if len(set(pool)) != len(pool):
        raise ValueError(_("Same kandidat er nemnd fleire gonger i loddtrekkinga."))
    return rng.choice(pool)
