"""Disqualification (inhabilitet/ugildskap): rules H-1, H-2, H-3 (koml. § 11-10, fvl. §§ 6
and 8).

H-1 in full (forvaltningslova, applied to elected bodies by koml. § 11-10):

- fvl. § 6 (1) a–e (and koml. § 11-10 (2) for an employee who prepared the case) are
  *automatic* grounds: the member is disqualified by law when the facts fit; the body's
  decision records it. § 6 (2), "other special circumstances", is *discretionary*: the
  body weighs it and decides.
- fvl. § 8 (2) first and second sentences: the body decides the question itself, without
  the member concerned. Third sentence: where the question arises for several members in
  the same case, none of them takes part in deciding their own or each other's, unless the
  body would then not be quorate on the question; then all the members take part.
  Last sentences: a deputy should be called in and take part in the decision.
- A question the body cannot decide (not quorate on it) stays open; it is never recorded
  as "not disqualified", and the member does not vote in the case while it is open.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from dvmeet.domain.enums import DisqualificationGround, VoteKind
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import QuorumStatus, quorum_status
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _

G = DisqualificationGround

#: fvl. § 6 (1) a–e and koml. § 11-10 (2): disqualified by law when the facts fit.
AUTOMATIC_GROUNDS = frozenset(
    {G.FVL_6_1_A, G.FVL_6_1_B, G.FVL_6_1_C, G.FVL_6_1_D, G.FVL_6_1_E, G.KOML_11_10_PREPARER}
)

#: How the minutes name each ground in full (nynorsk, the language of the møtebok).
GROUND_IN_FULL: Mapping[DisqualificationGround, str] = {
    G.FVL_6_1_A: "forvaltningslova § 6 første ledd bokstav a",
    G.FVL_6_1_B: "forvaltningslova § 6 første ledd bokstav b",
    G.FVL_6_1_C: "forvaltningslova § 6 første ledd bokstav c",
    G.FVL_6_1_D: "forvaltningslova § 6 første ledd bokstav d",
    G.FVL_6_1_E: "forvaltningslova § 6 første ledd bokstav e",
    G.FVL_6_2: "forvaltningslova § 6 andre ledd",
    G.KOML_11_10_PREPARER: "kommunelova § 11-10 andre ledd",
}


class QuestionState(StrEnum):
    """Where a disqualification question stands (H-1): open until the body decides it."""

    OPEN = "open"
    DISQUALIFIED = "disqualified"
    NOT_DISQUALIFIED = "not_disqualified"


def question_state(decided: bool | None) -> QuestionState:
    """H-1: ``decided`` as stored (None while the question is open)."""
    if decided is None:
        return QuestionState.OPEN
    return QuestionState.DISQUALIFIED if decided else QuestionState.NOT_DISQUALIFIED


def is_automatic(ground: DisqualificationGround) -> bool:
    """H-1: fvl. § 6 (1) a–e and koml. § 11-10 (2) disqualify by law; § 6 (2) is weighed."""
    return ground in AUTOMATIC_GROUNDS


@dataclass(frozen=True, slots=True)
class QuestionPanel:
    """Who decides one member's disqualification question (fvl. § 8 (2)).

    ``participants`` maps each person taking part to the seat they sit in; a deputy called
    in for a concerned member sits in that member's seat. ``all_take_part`` is True when
    the third sentence applied: several members concerned, and the body would not be
    quorate without them, so every member present takes part.
    """

    participants: Mapping[int, int]
    all_take_part: bool
    quorum: QuorumStatus

    @property
    def quorate(self) -> bool:
        return self.quorum.quorate


def question_panel(
    present: Mapping[int, int],
    seats: int,
    concerned: Collection[int],
    disqualified: Collection[int],
    deputies: Mapping[int, int],
) -> QuestionPanel:
    """H-1, fvl. § 8 (2): who takes part in deciding a disqualification question in a case.

    - ``present``: who sits in the case, {person: seat person} (the attendance timeline);
    - ``seats``: the body's seats (Q-1 counts against them);
    - ``concerned``: the members whose question has arisen in the case and who have not
      been found disqualified (open, or found not disqualified), the one being decided
      among them;
    - ``disqualified``: members already found disqualified in the case (out of it);
    - ``deputies``: {deputy: member} for deputies called in for concerned or disqualified
      members.

    Without the concerned and the disqualified, with the deputies in their seats: if that
    is quorate, or only one member is concerned, that is the panel. Otherwise (several
    members concerned and not quorate without them) every member present takes part,
    their own question included (third sentence: "alle medlemene"); the disqualified
    stay out and their deputies keep their seats.
    """
    out_of_case = set(disqualified)
    concerned_set = set(concerned) - out_of_case
    seat_of_deputy = {
        deputy: present.get(member, member)
        for deputy, member in deputies.items()
        if (member in concerned_set or member in out_of_case) and deputy not in present
    }
    without = {p: seat for p, seat in present.items() if p not in concerned_set | out_of_case}
    taken = set(without.values())
    for deputy, seat in seat_of_deputy.items():
        if seat not in taken:
            without[deputy] = seat
            taken.add(seat)
    status = quorum_status(min(len(without), seats), seats)
    if status.quorate or len(concerned_set) < 2:
        return QuestionPanel(without, all_take_part=False, quorum=status)
    everyone = {p: seat for p, seat in present.items() if p not in out_of_case}
    taken = set(everyone.values())
    for deputy, seat in seat_of_deputy.items():
        member = deputies[deputy]
        if member in out_of_case and seat not in taken:
            everyone[deputy] = seat
            taken.add(seat)
    return QuestionPanel(
        everyone, all_take_part=True, quorum=quorum_status(min(len(everyone), seats), seats)
    )


def case_seats(
    present: Mapping[int, int],
    open_questions: Collection[int],
    disqualified: Collection[int],
    deputies: Mapping[int, int],
) -> dict[int, int]:
    """H-1: who votes in the case: those present, less the members whose question is open
    (they may not vote until it is decided) and those found disqualified, plus the deputy
    called in for a disqualified member ({deputy: member}), in that member's seat (R-1).
    A deputy called in while the question is open takes part in deciding it, but votes in
    the case only once the member is found disqualified."""
    out = set(open_questions) | set(disqualified)
    seats = {p: seat for p, seat in present.items() if p not in out}
    taken = set(seats.values())
    for deputy, member in deputies.items():
        seat = present.get(member, member)
        if member in set(disqualified) and deputy not in seats and seat not in taken:
            seats[deputy] = seat
            taken.add(seat)
    return seats


def open_question_refusal(name: str, ground: DisqualificationGround) -> RuleFinding:
    """H-1: the ballot of a member whose question is open is refused."""
    return RuleFinding(
        "H-1",
        Severity.REFUSAL,
        _(
            "{name} kan ikkje røyste i saka før organet har avgjort om {name} er ugild ({law})."
        ).format(name=name, law=legal_reference(ground).short),
    )


def disqualified_refusal(name: str, ground: DisqualificationGround) -> RuleFinding:
    """H-1: the ballot of a member found disqualified in the case is refused."""
    return RuleFinding(
        "H-1",
        Severity.REFUSAL,
        _("{name} er ugild i saka ({law}) og kan ikkje røyste i henne.").format(
            name=name, law=legal_reference(ground).short
        ),
    )


def concerned_may_not_decide(name: str) -> RuleFinding:
    """H-1, fvl. § 8 (2): a member concerned in the same case does not decide another's
    question (unless the body would otherwise not be quorate)."""
    return RuleFinding(
        "H-1",
        Severity.REFUSAL,
        _(
            "{name} har sjølv eit spørsmål om ugildskap i denne saka og er ikkje med på å "
            "avgjere spørsmåla for dei andre ({law})."
        ).format(name=name, law=legal_reference("fvl_8_2").short),
    )


def not_quorate_on_question(name: str, quorum: QuorumStatus) -> RuleFinding:
    """H-1 with Q-1: the body cannot decide the question; it stays open."""
    return RuleFinding(
        "H-1",
        Severity.REFUSAL,
        _(
            "Organet er ikkje vedtaksfør i spørsmålet om {name} er ugild: {voters} av "
            "{seats} kan vere med på avgjerda, og minst {needed} må vere med ({law}). "
            "Spørsmålet står ope, og {name} kan ikkje røyste i saka før det er avgjort. "
            "Kall inn varamedlemen til {name}, eller avgjer spørsmålet når fleire har kome."
        ).format(
            name=name,
            voters=quorum.voters,
            seats=quorum.seats,
            needed=(quorum.seats + 1) // 2,
            law=legal_reference("fvl_8_2").short,
        ),
    )


def check_disqualification(
    vote_kind_of_case: VoteKind,
    ground: DisqualificationGround | None,
    member_votes_on_own: bool,
) -> list[RuleFinding]:
    """H-1 and H-3: check a disqualification recorded for a member in a case.

    - H-3: disqualification does not apply to elections → refusal.
    - H-1: the ground must be recorded → refusal when ``ground`` is None.
    - H-1: the member concerned may not vote on their own disqualification → refusal
      when ``member_votes_on_own``.
    """
    koml_11_10 = legal_reference("koml_11_10").short
    findings: list[RuleFinding] = []
    if vote_kind_of_case is VoteKind.ELECTION:
        findings.append(
            RuleFinding(
                "H-3",
                Severity.REFUSAL,
                _(
                    "Reglane om ugildskap gjeld ikkje ved val ({law}). Medlemen skal vere med "
                    "i valet."
                ).format(law=koml_11_10),
            )
        )
    if ground is None:
        findings.append(
            RuleFinding(
                "H-1",
                Severity.REFUSAL,
                _(
                    "Grunnlaget for ugildskapen må registrerast (fvl. § 6 (1) a–e, § 6 (2) "
                    "eller {law})."
                ).format(law=legal_reference(DisqualificationGround.KOML_11_10_PREPARER).short),
            )
        )
    if member_votes_on_own:
        findings.append(
            RuleFinding(
                "H-1",
                Severity.REFUSAL,
                _(
                    "Medlemen det gjeld, kan ikkje vere med og røyste over sin eigen "
                    "ugildskap. Organet avgjer spørsmålet utan medlemen ({law})."
                ).format(law=koml_11_10),
            )
        )
    return findings


def disqualification_voters(present: Collection[int], concerned: int) -> frozenset[int]:
    """H-1: who votes on a member's disqualification: those present except the member."""
    return frozenset(present) - {concerned}


def preparer_warning(
    preparer_person_id: int | None, body_member_person_ids: Collection[int]
) -> list[RuleFinding]:
    """H-2: warn when the person who prepared the case as an employee sits in the body."""
    if preparer_person_id is None or preparer_person_id not in body_member_person_ids:
        return []
    ref = legal_reference(DisqualificationGround.KOML_11_10_PREPARER)
    return [
        RuleFinding(
            "H-2",
            Severity.WARNING,
            _(
                "Den som har førebudd saka som tilsett, sit i organet og er truleg ugild i "
                "saka ({law}). Organet må ta stilling til ugildskapen, og eit varamedlem kan "
                "kallast inn."
            ).format(law=ref.short),
        )
    ]
