"""Disqualification (inhabilitet/ugildskap): rules H-1, H-2, H-3 (koml. § 11-10, fvl. § 6)."""

from __future__ import annotations

from collections.abc import Collection

from dvmeet.domain.enums import DisqualificationGround, VoteKind
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _


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
