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


# --- An election of several in one round (Q-4, M-7) ----------------------------------------


@dataclass(frozen=True, slots=True)
class SeveralElectedResult:
    """Q-4: the result of electing ``to_elect`` persons in one round by most votes.

    ``outcome`` is ELECTED (``elected`` holds all ``to_elect``), LOTS (``elected`` holds
    those above the tie; the lot fills ``places_left`` among ``tied``), NEW_ROUND (fewer
    candidates got votes than there are places) or NOT_QUORATE. ``tally`` is (candidate,
    votes), most votes first, then by candidate id.
    """

    to_elect: int
    outcome: VoteOutcome
    elected: tuple[int, ...]
    tied: tuple[int, ...]
    places_left: int
    tally: tuple[tuple[int, int], ...]
    unanimous: bool
    quorate: QuorumStatus | None
    reason: str


def join_names(names: Sequence[str]) -> str:
    """'A', 'A og B', 'A, B og C' (nynorsk list with "og")."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def elected_sentence(
    names: Sequence[str], *, unanimous: bool, votes: Sequence[int] | None = None
) -> str:
    """The decision of an election: "A og B vart samrøystes valde.", "A (6 røyster) og
    B (4 røyster) vart valde.", "A vart vald." (one)."""
    verb = "vart vald" if len(names) == 1 else "vart valde"
    if unanimous:
        return f"{join_names(names)} {verb.replace('vart', 'vart samrøystes')}."
    if votes is None:
        return f"{join_names(names)} {verb}."
    shown = [
        f"{n} ({v} {'røyst' if v == 1 else 'røyster'})" for n, v in zip(names, votes, strict=True)
    ]
    return f"{join_names(shown)} {verb}."


def decide_election_of_several(
    tally: Mapping[int, int],
    to_elect: int,
    *,
    voters: int,
    voting_weight: int | None = None,
    candidates: Collection[int] = (),
    seats: int | None = None,
    names: Mapping[int, str] | None = None,
    unanimous: bool = False,
) -> SeveralElectedResult:
    """Elect ``to_elect`` persons in one round (Q-4, M-7: two members sign the minutes):
    the ``to_elect`` candidates with most votes are elected; a tie for the last places is
    drawn by lot (:func:`draw_lots_for_places`).

    ``tally`` maps candidate to the votes given for them (each voter may vote for up to
    ``to_elect`` candidates, so no candidate gets more than ``voting_weight``, the votes
    of everyone voting, default ``voters``). ``voters`` counts those present and voting
    (quorum, Q-1, when ``seats`` is given). ``unanimous``: every voter voted for the same
    ``to_elect`` candidates. Raises :class:`ValueError` for impossible counts.
    """
    if to_elect < 1:
        raise ValueError(_("Talet som skal veljast, må vere minst 1 ({n}).").format(n=to_elect))
    weight = voters if voting_weight is None else voting_weight
    nominated = set(candidates)

    def name(candidate: int) -> str:
        if names is not None and candidate in names:
            return names[candidate]
        return f"kandidat {candidate}"

    counts: dict[int, int] = dict.fromkeys(nominated, 0)
    for candidate, votes in tally.items():
        if nominated and candidate not in nominated:
            raise ValueError(
                _("Røyster på {candidate}, som ikkje er kandidat i valet.").format(
                    candidate=name(candidate)
                )
            )
        if votes < 0 or votes > weight:
            raise ValueError(
                _(
                    "{candidate} kan ikkje ha {votes} røyster: {voters} røystar, og kvar "
                    "kan røyste på ein kandidat berre éin gong."
                ).format(candidate=name(candidate), votes=votes, voters=weight)
            )
        counts[candidate] = votes
    if sum(counts.values()) > to_elect * weight:
        raise ValueError(
            _(
                "Det er gjeve {votes} røyster, men {voters} røystar kan gje høgst {most} "
                "når {n} skal veljast."
            ).format(votes=sum(counts.values()), voters=weight, most=to_elect * weight, n=to_elect)
        )
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def result(
        outcome: VoteOutcome,
        reason: str,
        *,
        elected: tuple[int, ...] = (),
        tied: tuple[int, ...] = (),
        places_left: int = 0,
        quorate: QuorumStatus | None = None,
    ) -> SeveralElectedResult:
        return SeveralElectedResult(
            to_elect=to_elect,
            outcome=outcome,
            elected=elected,
            tied=tied,
            places_left=places_left,
            tally=ordered,
            unanimous=unanimous and outcome is VoteOutcome.ELECTED,
            quorate=quorate,
            reason=reason,
        )

    quorum = quorum_status(voters, seats) if seats is not None else None
    if quorum is not None and not quorum.quorate:
        koml_11_9 = legal_reference("koml_11_9").short
        return result(
            VoteOutcome.NOT_QUORATE,
            f"{quorum.sentence} Valet kan ikkje gjennomførast ({koml_11_9}).",
            quorate=quorum,
        )
    with_votes = [(c, v) for c, v in ordered if v > 0]
    if len(with_votes) < to_elect:
        return result(
            VoteOutcome.NEW_ROUND,
            f"Berre {len(with_votes)} kandidatar fekk røyster, og {to_elect} skal veljast. "
            "Det må røystast på nytt.",
            quorate=quorum,
        )
    last = with_votes[to_elect - 1][1]
    sure = tuple(c for c, v in with_votes if v > last)
    at_last = tuple(c for c, v in with_votes if v == last)
    places = to_elect - len(sure)
    if len(at_last) == places:
        elected = sure + at_last
        given = [counts[c] for c in elected]
        return result(
            VoteOutcome.ELECTED,
            elected_sentence(
                [name(c) for c in elected], unanimous=unanimous, votes=None if unanimous else given
            ),
            elected=elected,
            quorate=quorum,
        )
    koml_7_8 = legal_reference("koml_7_8").short
    head = ""
    if sure:
        head = (
            elected_sentence(
                [name(c) for c in sure], unanimous=False, votes=[counts[c] for c in sure]
            )
            + " "
        )
    place_words = "den siste plassen" if places == 1 else f"dei siste {places} plassane"
    return result(
        VoteOutcome.LOTS,
        f"{head}Røystelikskap mellom {join_names([name(c) for c in at_last])} med {last} "
        f"røyster kvar om {place_words}. Det vert avgjort ved loddtrekking ({koml_7_8}); "
        "loddtrekkinga og vitna skal førast i møteboka.",
        elected=sure,
        tied=at_last,
        places_left=places,
        quorate=quorum,
    )


def draw_lots_for_places(tied: Sequence[int], places: int, rng: random.Random) -> tuple[int, ...]:
    """Q-4: draw ``places`` of the ``tied`` candidates by lot (sorted first, so a seeded
    ``rng`` always gives the same draw); the drawn in the order drawn."""
    pool = sorted(tied)
    if len(set(pool)) != len(pool):
        raise ValueError(_("Same kandidat er nemnd fleire gonger i loddtrekkinga."))
    if not 1 <= places < len(pool):
        raise ValueError(
            _("Loddtrekking krev fleire kandidatar med like mange røyster enn plassar.")
        )
    return tuple(rng.sample(pool, places))
