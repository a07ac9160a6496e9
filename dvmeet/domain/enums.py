"""Enumerations of the domain (rules: docs/rules.md). Values are stored in the database."""

from __future__ import annotations

from enum import StrEnum


class LegalForm(StrEnum):
    OPPGAVEFELLESSKAP = "oppgavefellesskap"  # koml. kap. 19
    VERTSKOMMUNE = "vertskommune"  # koml. kap. 20
    IKS = "iks"
    POLITISK_RAD = "politisk_rad"  # koml. kap. 18
    ANNA = "anna"


class BodyKind(StrEnum):
    ELECTED = "elected"  # koml. kap. 11 rules are hard rules
    ADMINISTRATIVE = "administrative"  # same workflow, rules are warnings


class SeatOrder(StrEnum):
    """How the console lists the seats of a body: the roll call and the vote grid alike."""

    MUNICIPALITY_NUMBER = "municipality_number"
    MUNICIPALITY_NAME = "municipality_name"
    SURNAME = "surname"  # the surname of the seat's member
    CUSTOM = "custom"  # the body's own order of the municipalities (body.seat_places)


class Role(StrEnum):
    LEIAR = "leiar"
    NESTLEIAR = "nestleiar"
    MEDLEM = "medlem"
    VARAMEDLEM = "varamedlem"


class Gender(StrEnum):
    KVINNE = "kvinne"
    MANN = "mann"
    ANNA = "anna"


class MembershipEnd(StrEnum):
    TERM = "term"  # term ran out
    FRITAK = "fritak"  # released by the electing council
    REPLACED = "replaced"  # replaced by a new election
    MOVED_UP = "moved_up"  # deputy seat ended because the deputy became member or moved rank
    CORRECTED = "corrected"  # entered by mistake


class MeetingForm(StrEnum):
    FYSISK = "fysisk"
    FJERNMOTE = "fjernmote"
    HYBRID = "hybrid"  # counts as remote (M-6)

    @property
    def is_remote(self) -> bool:
        return self is not MeetingForm.FYSISK


class MeetingKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"  # M-2
    CONSTITUENT = "constituent"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    NOTICE_SENT = "notice_sent"
    IN_PROGRESS = "in_progress"
    HELD = "held"
    APPROVED = "approved"  # minutes approved: frozen (B-3)


class CaseKind(StrEnum):
    PS = "PS"  # decision case
    RS = "RS"  # reported item (referatsak)
    OS = "OS"  # orientation


class StandingCase(StrEnum):
    """The standing cases of M-7."""

    NOTICE_APPROVAL = "notice_approval"
    SIGNATORIES = "signatories"
    PREVIOUS_MINUTES = "previous_minutes"
    EVENTUELT = "eventuelt"


class ClosureBasis(StrEnum):
    """Legal basis for closing a case (O-1)."""

    KOML_11_5_2 = "koml_11_5_2"  # must close: statutory duty of confidentiality
    KOML_11_5_3A = "koml_11_5_3a"  # may close: privacy
    KOML_11_5_3B = "koml_11_5_3b"  # may close: weighty public interest + offl. exemption


class AttendanceKind(StrEnum):
    PRESENT = "present"
    FORFALL = "forfall"
    DEPUTY = "deputy"  # a deputy meets for a named member
    ARRIVED = "arrived"
    LEFT = "left"


class DisqualificationGround(StrEnum):
    """fvl. § 6 grounds (H-1) and the preparer rule (H-2)."""

    FVL_6_1_A = "fvl_6_1_a"
    FVL_6_1_B = "fvl_6_1_b"
    FVL_6_1_C = "fvl_6_1_c"
    FVL_6_1_D = "fvl_6_1_d"
    FVL_6_1_E = "fvl_6_1_e"
    FVL_6_2 = "fvl_6_2"
    KOML_11_10_PREPARER = "koml_11_10_preparer"


class ProposalKind(StrEnum):
    RECOMMENDATION = "recommendation"  # innstilling / tilråding
    ALTERNATIVE = "alternative"
    ADDITION = "addition"  # tilleggsframlegg, voted separately
    POSTPONEMENT = "postponement"  # utsetjingsframlegg, voted first
    CANDIDATE = "candidate"  # a candidate in an election


class VoteKind(StrEnum):
    ORDINARY = "ordinary"
    ELECTION = "election"
    DISQUALIFICATION = "disqualification"  # the body decides H-1 without the member
    CLOSURE = "closure"  # O-1: the body decides to close the meeting for a case


class VoteMethod(StrEnum):
    ROLL_CALL = "roll_call"
    COUNTS = "counts"  # counts with named dissenters
    UNANIMOUS = "unanimous"


class BallotChoice(StrEnum):
    FOR = "for"
    MOT = "mot"
    BLANK = "blank"  # elections only


class VoteOutcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    ELECTED = "elected"
    NEW_ROUND = "new_round"
    LOTS = "lots"  # a tie in the final round, decided by drawing of lots
    NOT_QUORATE = "not_quorate"


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class ApprovalMethod(StrEnum):
    SIGNATURES = "signatures"  # chair + two members elected in the meeting
    NEXT_MEETING = "next_meeting"
    EMAIL_ROUND = "email_round"


class DocumentKind(StrEnum):
    MANDAT = "mandat"
    STRATEGI = "strategi"
    OPPDRAGSBREV = "oppdragsbrev"
    AVTALE = "avtale"
    BUDSJETT = "budsjett"
    ANNA = "anna"


class CouncilKind(StrEnum):
    KOMMUNESTYRE = "kommunestyre"
    HERADSSTYRE = "heradsstyre"
    BYSTYRE = "bystyre"


class AgreementOutcome(StrEnum):
    JOIN = "join"
    DECLINE = "decline"
    POSTPONED = "postponed"


class SeatStatus(StrEnum):
    """Where a seat holder stands in the roll call at the current case (A-1)."""

    PRESENT = "present"
    FORFALL = "forfall"
    DEPUTY_FOR = "deputy_for"  # a deputy meeting for a named member
    NOT_RECORDED = "not_recorded"
    LEFT = "left"


class HitKind(StrEnum):
    """What a search hit is."""

    CASE = "case"
    DECISION = "decision"
    DOCUMENT = "document"
