"""The whole domain of domain.md as SQLAlchemy 2 typed ORM tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dvmeet.db.base import Base, str_enum
from dvmeet.domain.agreement import MilestoneTrack, NoteKind
from dvmeet.domain.cost_shares import Bound
from dvmeet.domain.enums import (
    AgreementOutcome,
    ApprovalMethod,
    AttendanceKind,
    BallotChoice,
    BodyKind,
    CaseKind,
    ClosureBasis,
    CouncilKind,
    DisqualificationGround,
    DocumentKind,
    Gender,
    LegalForm,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    MembershipEnd,
    MinutesStatus,
    ProposalKind,
    Role,
    SeatOrder,
    StandingCase,
    VoteKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.domain.speakers import SpeakerKind


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- The cooperation and its registry -----------------------------------------------------


class Cooperation(Base):
    __tablename__ = "cooperation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[LegalForm] = mapped_column(str_enum(LegalForm))
    host_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    agreement_reference: Mapped[str | None] = mapped_column(String(200))
    established: Mapped[dt.date | None] = mapped_column(Date)
    # The details printed on every document (issue 16, migration 0018).
    org_number: Mapped[str | None] = mapped_column(String(9))
    address: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(16))  # "image/png" or "image/jpeg"
    letterhead: Mapped[str | None] = mapped_column(String(500))

    host_municipality: Mapped[Municipality | None] = relationship()


class Municipality(Base):
    __tablename__ = "municipality"
    __table_args__ = (CheckConstraint("length(number) = 4", name="number_four_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    population: Mapped[int | None] = mapped_column(Integer)
    council: Mapped[CouncilKind] = mapped_column(
        str_enum(CouncilKind), default=CouncilKind.KOMMUNESTYRE
    )
    participant_from: Mapped[dt.date | None] = mapped_column(Date)
    participant_to: Mapped[dt.date | None] = mapped_column(Date)
    # The municipality's post address (postmottak) for notices by e-mail (migration 0020).
    post_email: Mapped[str | None] = mapped_column(String(254))


class Body(Base):
    __tablename__ = "body"
    __table_args__ = (
        CheckConstraint("seats >= 0", name="seats_non_negative"),
        CheckConstraint("notice_days >= 0", name="notice_days_non_negative"),
        CheckConstraint(
            "qualified_numerator > 0 AND qualified_denominator >= qualified_numerator",
            name="qualified_fraction",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[BodyKind] = mapped_column(str_enum(BodyKind))
    seats: Mapped[int] = mapped_column(Integer)
    notice_days: Mapped[int] = mapped_column(Integer, default=14)
    remote_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    # ordinary decisions need a majority of votes cast; some cases (for example
    # changes to the agreement) need the qualified fraction below.
    qualified_numerator: Mapped[int] = mapped_column(Integer, default=2)
    qualified_denominator: Mapped[int] = mapped_column(Integer, default=3)
    weighted_votes: Mapped[bool] = mapped_column(Boolean, default=False)
    case_prefix: Mapped[str] = mapped_column(String(16), default="")
    # The last day of a retired body: no meeting is planned in it after this day.
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    # One order of the seats in the console, roll call and vote grid alike (issue 17);
    # seat_places: the municipality numbers in the body's own order (SeatOrder.CUSTOM),
    # comma-separated; a municipality not named follows by number.
    seat_order: Mapped[SeatOrder] = mapped_column(
        str_enum(SeatOrder),
        default=SeatOrder.MUNICIPALITY_NUMBER,
        server_default="municipality_number",
    )
    seat_places: Mapped[str] = mapped_column(Text, default="", server_default="")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    # indexed (0030): the registry's search reads a municipality's persons (issue 21)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender))
    title: Mapped[str | None] = mapped_column(String(200))  # e.g. kommunedirektør
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    municipality: Mapped[Municipality | None] = relationship()


class Membership(Base):
    """A seat held for a time (R-2). History is kept: an ended term gets valid_to, never deleted."""

    __tablename__ = "membership"
    __table_args__ = (
        CheckConstraint(
            "(role = 'varamedlem' AND deputy_rank >= 1) OR "
            "(role <> 'varamedlem' AND deputy_rank IS NULL)",
            name="deputy_rank_for_deputies",
        ),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
        CheckConstraint("vote_weight >= 1", name="vote_weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    deputy_rank: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    electing_decision: Mapped[str | None] = mapped_column(String(200))
    ended_reason: Mapped[MembershipEnd | None] = mapped_column(str_enum(MembershipEnd))
    vote_weight: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    person: Mapped[Person] = relationship()
    body: Mapped[Body] = relationship()
    municipality: Mapped[Municipality] = relationship()


# --- Governing documents ------------------------------------------------------------------


class GoverningDocument(Base):
    __tablename__ = "governing_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind))
    title: Mapped[str] = mapped_column(String(300))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"))

    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.version_no"
    )


class DocumentVersion(Base):
    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("governing_document.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 hex of the UTF-8 content
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    document: Mapped[GoverningDocument] = relationship(back_populates="versions")


# --- Meetings -----------------------------------------------------------------------------


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    title: Mapped[str | None] = mapped_column(String(300))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300))
    form: Mapped[MeetingForm] = mapped_column(str_enum(MeetingForm))
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.PLANNED
    )
    demanded_by: Mapped[str | None] = mapped_column(Text)  # M-2: who demanded the meeting
    notice_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    secretariat: Mapped[str | None] = mapped_column(Text)  # "Frå sekretariatet møtte"
    notice_remarks: Mapped[str | None] = mapped_column(Text)  # remarks on notice and case list
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    # Entered afterwards from notes (migration 0014): every time in it was typed, not
    # taken from the clock at the moment of the act.
    recorded_afterwards: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    body: Mapped[Body] = relationship()
    cases: Mapped[list[Case]] = relationship(
        back_populates="meeting",
        foreign_keys="Case.meeting_id",
        order_by="Case.position",
    )


class Case(Base):
    """An item on the case list (sakliste). Numbers run per body, year and kind (M-8)."""

    __tablename__ = "agenda_case"
    __table_args__ = (
        UniqueConstraint("body_id", "year", "kind", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[CaseKind] = mapped_column(str_enum(CaseKind))
    standing: Mapped[StandingCase | None] = mapped_column(str_enum(StandingCase))
    title: Mapped[str] = mapped_column(String(500))
    public_title: Mapped[str | None] = mapped_column(String(500))  # O-2
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closure_basis: Mapped[ClosureBasis | None] = mapped_column(str_enum(ClosureBasis))
    closure_note: Mapped[str | None] = mapped_column(String(300))  # e.g. "jf. offl. § 13"
    recommendation: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    preparer_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    position: Mapped[int] = mapped_column(Integer)
    document_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    added_in_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    qualified_majority: Mapped[bool] = mapped_column(Boolean, default=False)
    is_election: Mapped[bool] = mapped_column(Boolean, default=False)  # H-3, Q-4, Q-5
    chair_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # C-1
    handling: Mapped[str | None] = mapped_column(Text)  # handsaming: free text notes
    # how many the election case elects in one round (two signatories, M-7)
    seats_to_fill: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # O-2: a closed case whose decision text is public (printed under the public title)
    decision_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    meeting: Mapped[Meeting] = relationship(back_populates="cases", foreign_keys=[meeting_id])
    document_version: Mapped[DocumentVersion | None] = relationship()
    preparer: Mapped[Person | None] = relationship(foreign_keys=[preparer_person_id])
    chair: Mapped[Person | None] = relationship(foreign_keys=[chair_person_id])


class MeetingProgress(Base):
    """Where a running meeting is, so the chair's console resumes there after a crash."""

    __tablename__ = "meeting_progress"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    current_case_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_case.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, onupdate=_utcnow)


class VoteDraft(Base):
    """The ballots of a vote typed so far in the console, kept until the vote is recorded."""

    __tablename__ = "vote_draft"

    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    content: Mapped[str] = mapped_column(Text)  # JSON: proposal, method, ballots
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, onupdate=_utcnow)


class UrgentDecision(Base):
    """Hastevedtak (M-1), reported as an RS case at the body's next meeting."""

    __tablename__ = "urgent_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    reported_case_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_case.id"))


class AttendanceEvent(Base):
    """One entry of the attendance timeline (A-1)."""

    __tablename__ = "attendance_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    kind: Mapped[AttendanceKind] = mapped_column(str_enum(AttendanceKind))
    for_membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_case.id"))
    at_time: Mapped[dt.time | None] = mapped_column(Time)
    sequence: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    person: Mapped[Person] = relationship()


class AbsenceReason(Base):
    """Reasons for absence may be health data (R-5): kept apart, never printed."""

    __tablename__ = "absence_reason"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_event_id: Mapped[int] = mapped_column(ForeignKey("attendance_event.id"), unique=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)


class Disqualification(Base):
    """Inhabilitet in one case (H-1 to H-3)."""

    __tablename__ = "disqualification"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    ground: Mapped[DisqualificationGround] = mapped_column(str_enum(DisqualificationGround))
    explanation: Mapped[str | None] = mapped_column(Text)
    # None: the question is open (proposed, not yet decided); never False when undecided.
    decided: Mapped[bool | None] = mapped_column(Boolean)
    # The deputy called in for the member: takes part in deciding the question (fvl. § 8
    # (2)) and, when the member is found disqualified, sits for them in the case.
    deputy_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    participants: Mapped[int | None] = mapped_column(Integer)  # who took part in deciding
    # fvl. § 8 (2): every member took part, since the body was otherwise not quorate.
    all_took_part: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class Proposal(Base):
    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    kind: Mapped[ProposalKind] = mapped_column(str_enum(ProposalKind))
    text: Mapped[str] = mapped_column(Text)
    proposer_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    candidate_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    position: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    proposer: Mapped[Person | None] = relationship(foreign_keys=[proposer_person_id])


class Vote(Base):
    """A vote (røysting) on a proposal, an election round, or a disqualification."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    kind: Mapped[VoteKind] = mapped_column(str_enum(VoteKind))
    method: Mapped[VoteMethod] = mapped_column(str_enum(VoteMethod))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    against_proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    disqualification_id: Mapped[int | None] = mapped_column(ForeignKey("disqualification.id"))
    round_no: Mapped[int] = mapped_column(Integer, default=1)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_blank: Mapped[int] = mapped_column(Integer, default=0)
    eligible: Mapped[int] = mapped_column(Integer)
    seats: Mapped[int] = mapped_column(Integer)
    quorate: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[VoteOutcome] = mapped_column(str_enum(VoteOutcome))
    casting_vote_used: Mapped[bool] = mapped_column(Boolean, default=False)
    unanimous: Mapped[bool] = mapped_column(Boolean, default=False)
    chair_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    elected_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Q-4, an election of several in one round: JSON object with the elected in order,
    # the tally and any tie the lot decides (services/voting/_several.py)
    elected_person_ids: Mapped[str | None] = mapped_column(Text)
    lot_witnesses: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    ballots: Mapped[list[Ballot]] = relationship(back_populates="vote")


class Ballot(Base):
    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("vote_id", "person_id"),
        CheckConstraint("weight >= 1", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    choice: Mapped[BallotChoice] = mapped_column(str_enum(BallotChoice))
    candidate_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    weight: Mapped[int] = mapped_column(Integer, default=1)

    vote: Mapped[Vote] = relationship(back_populates="ballots")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class Decision(Base):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id"))
    adopted_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    unanimous: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class Minutes(Base):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        str_enum(MinutesStatus), default=MinutesStatus.DRAFT
    )
    remarks: Mapped[str | None] = mapped_column(Text)
    approval_method: Mapped[ApprovalMethod | None] = mapped_column(str_enum(ApprovalMethod))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_in_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    audit_head: Mapped[str | None] = mapped_column(String(64))
    # Set at approval (migration 0008): what every later export of these minutes shows.
    snapshot: Mapped[str | None] = mapped_column(Text)
    snapshot_hash: Mapped[str | None] = mapped_column(String(64))
    pdf_hash: Mapped[str | None] = mapped_column(String(64))
    # Set at approval (migration 0009): the digest of the rows the meeting owns, and the
    # SHA-256 of the public PDF rendered then.
    facts_hash: Mapped[str | None] = mapped_column(String(64))
    public_pdf_hash: Mapped[str | None] = mapped_column(String(64))


class MinutesSignatory(Base):
    __tablename__ = "minutes_signatory"
    __table_args__ = (UniqueConstraint("minutes_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)


class DatabaseIdentity(Base):
    """The database's own id, made once (one row): calendar UIDs name it."""

    __tablename__ = "database_identity"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36))


class Correction(Base):
    """A correction to frozen minutes (B-3): a new record linked to the frozen one."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    target_table: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # what the public møtebok prints of it (a correction of closed content); None: `text`
    public_text: Mapped[str | None] = mapped_column(Text)
    decided_in_case_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_case.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class RuleWarning(Base):
    """A rule's warning met by an action (an administrative body's softened refusal, a
    short notice, a deputy from another municipality): kept with the meeting or case,
    never computed and dropped."""

    __tablename__ = "rule_warning"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class AuditEvent(Base):
    """Append-only, hash-chained log of every change."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# --- The agreement process ----------------------------------------------------------------


class AgreementStatus(Base):
    """A municipality's way through the agreement process."""

    __tablename__ = "agreement_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), unique=True)
    feedback_received_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback_summary: Mapped[str | None] = mapped_column(Text)
    feedback_change_of_principle: Mapped[bool] = mapped_column(Boolean, default=False)
    council_decision_on: Mapped[dt.date | None] = mapped_column(Date)
    council_body: Mapped[CouncilKind | None] = mapped_column(str_enum(CouncilKind))
    council_outcome: Mapped[AgreementOutcome | None] = mapped_column(str_enum(AgreementOutcome))
    council_case_reference: Mapped[str | None] = mapped_column(String(200))
    signed_on: Mapped[dt.date | None] = mapped_column(Date)

    municipality: Mapped[Municipality] = relationship()


# === Agreement process and cost shares (issue 8; migration 0004) ===========================
# Kept together at the end of the file. One agreement process is tracked at a time:
# AgreementStatus (above, one row per municipality) holds each municipality's way through it.


class AgreementProcess(Base):
    """The agreement process: a title, the body whose seats follow from the decisions."""

    __tablename__ = "agreement_process"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    title: Mapped[str] = mapped_column(String(300))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    body: Mapped[Body | None] = relationship()
    milestones: Mapped[list[AgreementMilestone]] = relationship(
        order_by="AgreementMilestone.position"
    )


class AgreementMilestone(Base):
    """A named, dated step; `track` says what it measures per municipality (None: secretariat)."""

    __tablename__ = "agreement_milestone"
    __table_args__ = (
        UniqueConstraint("process_id", "track"),
        CheckConstraint("opens_on IS NULL OR opens_on <= due_on", name="opens_before_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    process_id: Mapped[int] = mapped_column(ForeignKey("agreement_process.id"), index=True)
    key: Mapped[str | None] = mapped_column(String(32))  # template key, e.g. "decision_deadline"
    name: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date)
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    track: Mapped[MilestoneTrack | None] = mapped_column(str_enum(MilestoneTrack))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)  # secretariat steps
    position: Mapped[int] = mapped_column(Integer)


class AgreementNote(Base):
    """A municipality's log: feedback amendments, contact notes, replaced decisions."""

    __tablename__ = "agreement_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(str_enum(NoteKind))
    noted_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    change_of_principle: Mapped[bool | None] = mapped_column(Boolean)
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class AgreementAttachment(Base):
    """A file path or a link attached to the feedback (note_id None) or to a log entry."""

    __tablename__ = "agreement_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_note.id"), index=True)
    reference: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class CostShareBudget(Base):
    """The cost-share settings of one budget year (dvmeet.domain.cost_shares)."""

    __tablename__ = "cost_share_budget"
    __table_args__ = (
        CheckConstraint("total_budget >= 0", name="total_non_negative"),
        CheckConstraint("base_weight >= 0 AND population_weight >= 0", name="weights"),
        CheckConstraint("base_weight + population_weight > 0", name="some_weight"),
        CheckConstraint("min_payment >= 0", name="min_non_negative"),
        CheckConstraint("max_payment IS NULL OR max_payment >= min_payment", name="max_over_min"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    budget_year: Mapped[int] = mapped_column(Integer, unique=True)
    total_budget: Mapped[int] = mapped_column(BigInteger)
    base_weight: Mapped[int] = mapped_column(Integer)
    population_weight: Mapped[int] = mapped_column(Integer)
    min_payment: Mapped[int] = mapped_column(BigInteger, default=0)
    max_payment: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    calculated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    lines: Mapped[list[CostShareLine]] = relationship(
        back_populates="budget", cascade="all, delete-orphan"
    )


class CostShareLine(Base):
    """One participant's share in a budget year: the population used and the amount."""

    __tablename__ = "cost_share_line"
    __table_args__ = (
        UniqueConstraint("budget_id", "municipality_id"),
        CheckConstraint("population >= 0", name="population_non_negative"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("cost_share_budget.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    population: Mapped[int] = mapped_column(Integer)
    model_amount: Mapped[int] = mapped_column(BigInteger)  # before caps, rounded
    amount: Mapped[int] = mapped_column(BigInteger)
    bound: Mapped[Bound | None] = mapped_column(str_enum(Bound))

    budget: Mapped[CostShareBudget] = relationship(back_populates="lines")
    municipality: Mapped[Municipality] = relationship()


class BudgetCaseCostShares(Base):
    """The budget case of a meeting points at the cost-share calculation it adopts."""

    __tablename__ = "budget_case_cost_shares"

    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("cost_share_budget.id"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


# --- Case papers (issue 19, migration 0017) -----------------------------------------------


class CasePaper(Base):
    """The saksframlegg of a case: its parts besides the innstilling, which stays on the
    case (`Case.recommendation`). Frozen with the case's meeting (0017)."""

    __tablename__ = "case_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    case_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_case.id", ondelete="CASCADE"), unique=True
    )
    background: Mapped[str | None] = mapped_column(Text)  # bakgrunn / saksopplysningar
    assessment: Mapped[str | None] = mapped_column(Text)  # vurdering
    economy: Mapped[str | None] = mapped_column(Text)  # økonomi
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class PaperTemplate(Base):
    """A body's default texts for a new saksframlegg."""

    __tablename__ = "paper_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), unique=True)
    background: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(Text)
    economy: Mapped[str | None] = mapped_column(Text)


class CaseAttachment(Base):
    """A PDF attached to a case (vedlegg), the bytes in the database. Frozen with the
    case's meeting and part of the facts digest (0017)."""

    __tablename__ = "case_attachment"
    __table_args__ = (CheckConstraint("size >= 0", name="size_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    case_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_case.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


# --- The speakers' list (issue 17, migration 0019) -----------------------------------------


class SpeakerSettings(Base):
    """A body's rules for the speakers' list (talarliste): time per innlegg and per
    replikk (seconds, None: no limit), replikkar per innlegg, and whether the minutes
    list who spoke. No row: no limits, not in the minutes."""

    __tablename__ = "speaker_settings"
    __table_args__ = (
        CheckConstraint("innlegg_seconds IS NULL OR innlegg_seconds > 0", name="innlegg_positive"),
        CheckConstraint("replikk_seconds IS NULL OR replikk_seconds > 0", name="replikk_positive"),
        CheckConstraint("max_replikkar IS NULL OR max_replikkar >= 0", name="max_non_negative"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    innlegg_seconds: Mapped[int | None] = mapped_column(Integer)
    replikk_seconds: Mapped[int | None] = mapped_column(Integer)
    max_replikkar: Mapped[int | None] = mapped_column(Integer)
    in_minutes: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SpeakerEntry(Base):
    """One turn on a case's speakers' list: waiting (not started), on the floor (started,
    not ended) or held. Frozen with the meeting (0019)."""

    __tablename__ = "speaker_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("agenda_case.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[SpeakerKind] = mapped_column(str_enum(SpeakerKind))
    position: Mapped[int] = mapped_column(Integer)  # the order in the queue
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    replying_to_id: Mapped[int | None] = mapped_column(ForeignKey("speaker_entry.id"))


class ArchiveReference(Base):
    """The host municipality archive's references of a meeting or of a case (issue 19):
    arkivsak saksår/sekvensnummer, journalpost number, arkivdel and klasse. Entered by hand
    or read back from the archive's receipt, usually after approval: they name where the
    record went, are not part of it, and so are not frozen with the meeting."""

    __tablename__ = "archive_reference"
    __table_args__ = (
        CheckConstraint("(meeting_id IS NULL) <> (case_id IS NULL)", name="one_owner"),
        CheckConstraint("case_year IS NULL OR case_year BETWEEN 1000 AND 9999", name="year"),
        CheckConstraint("case_sequence IS NULL OR case_sequence >= 1", name="sequence"),
        CheckConstraint("record_number IS NULL OR record_number >= 1", name="record"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_case.id", ondelete="CASCADE"), unique=True
    )
    case_year: Mapped[int | None] = mapped_column(Integer)  # saksår
    case_sequence: Mapped[int | None] = mapped_column(Integer)  # sakssekvensnummer
    record_number: Mapped[int | None] = mapped_column(Integer)  # journalpostnummer
    series: Mapped[str | None] = mapped_column(String(100))  # arkivdel
    class_id: Mapped[str | None] = mapped_column(String(100))  # klasse (klasseID)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, onupdate=_utcnow)


# === The offline meeting file (issue 18; migration 0023) ===================================


class OfflineCheckout(Base):
    """A meeting taken out to a meeting file (main database): while `state` is 'out' the
    database refuses changes to the rows the meeting owns (migration 0023)."""

    __tablename__ = "offline_checkout"
    __table_args__ = (CheckConstraint("state IN ('out', 'in', 'cancelled')", name="known_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    meeting_version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(1000))
    taken_by: Mapped[str] = mapped_column(String(200))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    registry_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)  # JSON: the meeting's rows at checkout
    state: Mapped[str] = mapped_column(String(16))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_by: Mapped[str | None] = mapped_column(String(200))


class OfflineManifest(Base):
    """The one row that makes a database a meeting file (the laptop's copy of a meeting)."""

    __tablename__ = "offline_manifest"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_uid: Mapped[str] = mapped_column(String(36))
    origin_uid: Mapped[str] = mapped_column(String(36))
    origin_name: Mapped[str] = mapped_column(String(1000))
    meeting_id: Mapped[int] = mapped_column(Integer)
    meeting_version: Mapped[int] = mapped_column(Integer)
    taken_by: Mapped[str] = mapped_column(String(200))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    registry_hash: Mapped[str] = mapped_column(String(64))
    # Renewed by dvmeet at every commit in the file (dvmeet.db.offline_seal).
    seal_head: Mapped[str] = mapped_column(String(64))
    seal_digest: Mapped[str] = mapped_column(String(64))


# === Recipients and sending (issue 20; migration 0020) =====================================


class DistributionRecipient(Base):
    """A body's recipient of notices besides its members and the deputies called in (they
    come from the registry and the attendance): an observer, a participating municipality's
    post address (the address is the municipality's own, `Municipality.post_email`), or a
    copy recipient."""

    __tablename__ = "distribution_recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every UPDATE; a stale save is refused.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    kind: Mapped[RecipientKind] = mapped_column(str_enum(RecipientKind))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))  # None for a post address
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    municipality: Mapped[Municipality | None] = relationship()


class MailMessage(Base):
    """One notice sent (or written as .eml) to one recipient: the send log. Frozen with the
    meeting (0020). A retry updates the row (attempts, status, time, hashes); every attempt
    is in the audit log."""

    __tablename__ = "mail_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    batch: Mapped[int] = mapped_column(Integer)  # the meeting's sending round: 1, 2, …
    kind: Mapped[MailKind] = mapped_column(str_enum(MailKind))
    recipient_kind: Mapped[RecipientKind] = mapped_column(str_enum(RecipientKind))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(254))
    public: Mapped[bool] = mapped_column(Boolean)  # got the public notice
    subject: Mapped[str] = mapped_column(String(300))
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    transport: Mapped[Transport] = mapped_column(str_enum(Transport))
    status: Mapped[MailStatus] = mapped_column(str_enum(MailStatus))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    attachments: Mapped[str] = mapped_column(Text)  # JSON: [{"name", "sha256", "size"}]
    eml_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class MinutesSignature(Base):
    """A signatory's PAdES signature on the approved møtebok (issue 19): the signed PDF
    after this signature, whole (each signature is an incremental update of the one
    before). Signed after approval and self-verifying, so outside the freeze."""

    __tablename__ = "minutes_signature"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    signer: Mapped[str] = mapped_column(String(300))  # the certificate's holder
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class TrustRoot(Base):
    """A CA certificate the secretariat trusts for signatures (issue 19, migration 0028):
    shared by everyone using the database; an installation's setting, not part of any
    meeting's record."""

    __tablename__ = "trust_root"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(500))
    not_after: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # of the DER
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


# --- Saksgang across bodies (issue 19, migration 0025) ------------------------------------


class CaseRoute(Base):
    """One matter's route through the bodies (saksgang): planning data, outside the
    freeze; each handling is an ordinary case of its meeting, frozen with it."""

    __tablename__ = "case_route"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency: bumped on every change of the route or its steps.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    steps: Mapped[list[CaseRouteStep]] = relationship(
        back_populates="route", order_by="CaseRouteStep.position", cascade="all, delete-orphan"
    )


class CaseRouteStep(Base):
    """A body on the route, in order; `case_id` its handling once planned into a meeting
    of that body (a case numbered in the body's series). `carried_text`: the innstilling
    last carried into the handling from the decision of the step before."""

    __tablename__ = "case_route_step"
    __table_args__ = (CheckConstraint("position >= 1", name="position_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(
        ForeignKey("case_route.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_case.id", ondelete="SET NULL"), unique=True
    )
    carried_text: Mapped[str | None] = mapped_column(Text)

    route: Mapped[CaseRoute] = relationship(back_populates="steps")
    body: Mapped[Body] = relationship()
    case: Mapped[Case | None] = relationship()
