"""Realistic demo data, made through the services so every demo meeting obeys the rules."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, select

from dvmeet.db.models import Municipality, Person
from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    BodyKind,
    CaseKind,
    ClosureBasis,
    DisqualificationGround,
    DocumentKind,
    Gender,
    LegalForm,
    MeetingForm,
    MeetingKind,
    ProposalKind,
    Role,
    StandingCase,
    VoteMethod,
)
from dvmeet.domain.mail import RecipientKind
from dvmeet.errors import Conflict
from dvmeet.services import (
    archive,
    attendance,
    governing,
    mail,
    meetings,
    minutes,
    papers,
    registry,
    speakers,
    voting,
)
from dvmeet.services.archive.models import ArchiveRefIn
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    OpenMeetingIn,
    PresenceIn,
    RollCallIn,
)
from dvmeet.services.context import Context
from dvmeet.services.mail.models import PostAddressIn, RecipientIn
from dvmeet.services.meetings.models import CaseIn, CaseOut, MeetingOut, PlanMeetingIn, SendNoticeIn
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.papers.models import AttachmentIn, PaperIn
from dvmeet.services.registry.models import (
    BodyIn,
    CooperationIn,
    MembershipIn,
    ParticipationIn,
    PersonIn,
)
from dvmeet.services.speakers.models import SpeakerActIn, SpeakerIn
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ProposalIn,
    SeveralElectionIn,
    VoteDraftIn,
    VoteIn,
)

NON_PARTICIPANTS = ("4635", "4640", "4647")  # three of 43 stay outside in the demo
CONSTITUENT_DATE = dt.date(2024, 12, 11)  # week 50
TERM_END = dt.date(2028, 12, 31)
FIRST_NAMES_F = (
    "Anne",
    "Ingrid",
    "Kari",
    "Marit",
    "Solveig",
    "Ragnhild",
    "Sigrid",
    "Astrid",
    "Liv",
    "Gunn",
    "Åse",
    "Torunn",
    "Hilde",
    "Eli",
    "Synnøve",
    "Bjørg",
    "Kristin",
    "Oddny",
)
FIRST_NAMES_M = (
    "Ola",
    "Per",
    "Knut",
    "Lars",
    "Nils",
    "Olav",
    "Tore",
    "Arne",
    "Steinar",
    "Øystein",
    "Håkon",
    "Jostein",
    "Eirik",
    "Sindre",
    "Bjørn",
    "Geir",
    "Trond",
    "Asbjørn",
)
SURNAMES = (
    "Hauge",
    "Myklebust",
    "Sandal",
    "Brekke",
    "Kvamme",
    "Nesheim",
    "Tveit",
    "Vik",
    "Hatlestad",
    "Sæbø",
    "Førde",
    "Bøe",
    "Skjerven",
    "Lunde",
    "Aase",
    "Helland",
    "Øvrebø",
    "Rørvik",
    "Djupvik",
    "Fjæra",
    "Hjelmeland",
    "Årdal",
    "Grønsdal",
    "Instebø",
)
# Names with Northern Sami letters: the PDFs must print them (č đ ŋ ŧ).
SAMI_NAMES = ("Máret Čuđe", "Niillas Ŋuolga", "Ánde Ŧeahkká")


@dataclass
class DemoSummary:
    municipalities: int = 0
    participants: int = 0
    persons: int = 0
    memberships: int = 0
    meetings: int = 0
    cases: int = 0
    votes: int = 0
    notes: list[str] = field(default_factory=list)
    # the two meetings to practise on: planned for next week, and under way today
    planned_meeting_id: int | None = None
    planned_date: dt.date | None = None
    running_meeting_id: int | None = None

    def describe(self) -> str:
        text = (
            f"Demodata laga: {self.municipalities} kommunar ({self.participants} deltakarar), "
            f"{self.persons} personar, {self.memberships} verv, {self.meetings} møte, "
            f"{self.cases} saker, {self.votes} røystingar."
        )
        if self.planned_meeting_id is not None and self.planned_date is not None:
            text += (
                f" Til øving: møte {self.planned_meeting_id} er planlagt "
                f"{self.planned_date:%d.%m.%Y} (innkallinga er ikkje send), og møte "
                f"{self.running_meeting_id} er i gang i dag."
            )
        return text


@dataclass
class Seat:
    municipality_number: str
    municipality_name: str
    member: int
    deputies: list[int]


class DemoBuilder:
    def __init__(self, ctx: Context, seed: int = 2024) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.summary = DemoSummary()
        self.seats: list[Seat] = []
        self.kdm: dict[str, int] = {}
        self.secretary = 0
        self._used_names: set[str] = set()
        self._sami = list(SAMI_NAMES)
        self.approved: list[int] = []

    # --- registry ---------------------------------------------------------------------

    def registry(self, years: int) -> None:
        ctx = self.ctx
        loaded = registry.load_municipalities(ctx)
        self.summary.municipalities = loaded.created + loaded.updated + loaded.unchanged
        start = min(dt.date(2024, 1, 1), dt.date(dt.date.today().year - years, 1, 1))
        registry.set_cooperation(
            ctx,
            CooperationIn(
                name="DigiVestland",
                legal_form=LegalForm.OPPGAVEFELLESSKAP,
                host_municipality_number="4601",
                agreement_reference="Samarbeidsavtale om DigiVestland, gjeldande frå 1.1.2025",
                established=dt.date(2025, 1, 1),
            ),
        )
        munis = registry.list_municipalities(ctx)
        participants = [m for m in munis if m.number not in NON_PARTICIPANTS]
        for m in participants:
            registry.set_participation(
                ctx, ParticipationIn(number=m.number, participant_from=start)
            )
        self.summary.participants = len(participants)
        registry.create_body(
            ctx,
            BodyIn(
                code="RS",
                name="Representantskapet",
                kind=BodyKind.ELECTED,
                seats=len(participants),
                notice_days=14,
                remote_allowed=True,
            ),
        )
        registry.create_body(
            ctx,
            BodyIn(
                code="KDM",
                name="Kommunedirektørmøtet",
                kind=BodyKind.ADMINISTRATIVE,
                seats=len(participants),
                notice_days=7,
                case_prefix="",
            ),
        )
        registry.create_body(
            ctx,
            BodyIn(
                code="SG",
                name="Styringsgruppa",
                kind=BodyKind.ADMINISTRATIVE,
                seats=7,
                notice_days=7,
            ),
        )
        secretary = registry.create_person(
            ctx,
            PersonIn(
                name="Randi Sekretær-Hope",
                email="randi.hope@digivestland.no",
                municipality_number="4601",
                gender=Gender.KVINNE,
                title="Sekretær",
            ),
        )
        self.secretary = secretary.id
        for i, m in enumerate(participants):
            member = self._person(m.number, m.name, "medlem")
            role = Role.LEIAR if m.number == "4601" else Role.NESTLEIAR if i == 5 else Role.MEDLEM
            self._membership(member, "RS", m.number, role, None, start)
            deputies = []
            for rank in (1, 2):
                dep = self._person(m.number, m.name, "vara")
                self._membership(dep, "RS", m.number, Role.VARAMEDLEM, rank, start)
                deputies.append(dep)
            self.seats.append(Seat(m.number, m.name, member, deputies))
            director = self._person(m.number, m.name, "kommunedirektør")
            self._membership(director, "KDM", m.number, Role.MEDLEM, None, start)
            self.kdm[m.number] = director

    def _name(self) -> tuple[str, Gender]:
        while True:
            if self._sami and self.rng.random() < 0.08:
                name = self._sami.pop()
                gender = Gender.KVINNE if name.startswith("Máret") else Gender.MANN
            else:
                gender = self.rng.choice((Gender.KVINNE, Gender.MANN))
                first = self.rng.choice(FIRST_NAMES_F if gender is Gender.KVINNE else FIRST_NAMES_M)
                name = f"{first} {self.rng.choice(SURNAMES)}"
            if name not in self._used_names:
                self._used_names.add(name)
                return name, gender

    def _person(self, number: str, muni: str, kind: str) -> int:
        name, gender = self._name()
        local = _ascii(name).lower().replace(" ", ".")
        domain = _ascii(muni).lower().replace(" ", "") + ".kommune.no"
        title = "Kommunedirektør" if kind == "kommunedirektør" else None
        person = registry.create_person(
            self.ctx,
            PersonIn(
                name=name,
                email=f"{local}@{domain}",
                phone=f"+47 9{self.rng.randrange(1000000, 9999999)}",
                municipality_number=number,
                gender=gender,
                title=title,
            ),
        )
        self.summary.persons += 1
        return person.id

    def _membership(
        self, person: int, body: str, number: str, role: Role, rank: int | None, start: dt.date
    ) -> None:
        registry.add_membership(
            self.ctx,
            MembershipIn(
                person_id=person,
                body_code=body,
                municipality_number=number,
                role=role,
                deputy_rank=rank,
                valid_from=start,
                valid_to=TERM_END,
                electing_decision=f"Kommunestyresak {start.year}/{self.rng.randrange(10, 99)}",
            ),
        )
        self.summary.memberships += 1

    # --- the agreement process of 2024 (the seed letter) ----------------------------------

    def agreement_process(self) -> None:
        """Feedback by 30 June, decisions by 5 November, signing: the three outside declined."""
        from dvmeet.domain.enums import AgreementOutcome
        from dvmeet.services import agreement
        from dvmeet.services.agreement.models import (
            DecisionIn as CouncilDecisionIn,
        )
        from dvmeet.services.agreement.models import (
            FeedbackIn,
            SigningIn,
            StartProcessIn,
        )

        ctx = self.ctx
        agreement.start_process(ctx, StartProcessIn(year=2024, body_code="RS"))
        summaries = (
            "Sluttar seg til utkastet utan merknader.",
            "Ønskjer tydelegare rapportering til kommunedirektørane.",
            "Ber om at kostnadsfordelinga vert vurdert på nytt for små kommunar.",
            "Støttar avtalen; ber om eit eige punkt om informasjonstryggleik.",
        )
        for i, m in enumerate(registry.list_municipalities(ctx)):
            declines = m.number in NON_PARTICIPANTS
            late = i % 11 == 4
            received = dt.date(2024, 7, 8) if late else dt.date(2024, 6, 3 + i % 25)
            agreement.record_feedback(
                ctx,
                FeedbackIn(
                    number=m.number,
                    received_on=received,
                    summary=summaries[i % len(summaries)],
                    change_of_principle=i % 13 == 7,
                ),
            )
            agreement.record_decision(
                ctx,
                CouncilDecisionIn(
                    number=m.number,
                    decided_on=dt.date(2024, 9, 10) + dt.timedelta(days=i % 50),
                    outcome=AgreementOutcome.DECLINE if declines else AgreementOutcome.JOIN,
                    case_reference=f"PS {10 + i}/24",
                ),
            )
            if not declines:
                agreement.record_signing(
                    ctx,
                    SigningIn(
                        number=m.number, signed_on=dt.date(2024, 11, 12) + dt.timedelta(i % 20)
                    ),
                )

    # --- meetings ---------------------------------------------------------------------

    def constituent_meeting(self) -> None:
        """Week 50: mandate, strategy and oppdragsbrev adopted; every rule on show."""
        ctx = self.ctx
        docs = {}
        for kind, title, text in (
            (DocumentKind.MANDAT, "Mandat for styringsgruppa", MANDATE),
            (DocumentKind.STRATEGI, "Strategi for DigiVestland 2025–2028", STRATEGY),
            (DocumentKind.OPPDRAGSBREV, "Oppdragsbrev 2025", COMMISSION),
        ):
            doc = governing.create_document(
                ctx, governing.DocumentIn(kind=kind, title=title, body_code="RS")
            )
            governing.add_version(
                ctx, governing.VersionIn(document_id=doc.id, content=text, note="Utkast")
            )
            docs[kind] = governing.add_version(
                ctx,
                governing.VersionIn(
                    document_id=doc.id,
                    content=text + "\n\nJustert etter innspel frå kommunedirektørmøtet.",
                    note="Til konstituerande møte",
                ),
            )
        bergen_director = self.kdm["4601"]
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS",
                date=CONSTITUENT_DATE,
                start_time=dt.time(10, 0),
                end_time=dt.time(13, 0),
                place="Bergen rådhus, bystyresalen",
                form=MeetingForm.FYSISK,
                kind=MeetingKind.CONSTITUENT,
                title="Konstituerande møte i representantskapet",
                secretariat="Dagleg leiar Eli Brekke, sekretær Randi Sekretær-Hope",
            ),
        )
        mandate = self._case(
            meeting,
            "Mandat for styringsgruppa",
            docs[DocumentKind.MANDAT].id,
            "Representantskapet vedtek mandat for styringsgruppa slik det ligg føre.",
            preparer=bergen_director,
        )
        strategy = self._case(
            meeting,
            "Strategi for DigiVestland 2025–2028",
            docs[DocumentKind.STRATEGI].id,
            "Representantskapet vedtek strategien for 2025–2028.",
        )
        commission = self._case(
            meeting,
            "Oppdragsbrev 2025",
            docs[DocumentKind.OPPDRAGSBREV].id,
            "Representantskapet vedtek oppdragsbrevet for 2025.",
        )
        fee = self._case(
            meeting,
            "Møtegodtgjersle for representantskapet",
            None,
            "Det vert ikkje utbetalt eiga møtegodtgjersle; kvar kommune dekkjer sine utgifter.",
        )
        papers.update_paper(
            ctx,
            PaperIn(
                case_id=fee.id,
                expected_version=0,
                background="Kommunane betaler i dag møtegodtgjersle etter eigne reglement; "
                "satsane ligg ved.",
                assessment="Medlemene møter for kommunen sin, som alt dekkjer utgiftene deira.",
                economy="Inga eiga utgift for DigiVestland.",
            ),
        )
        papers.add_attachment(
            ctx,
            AttachmentIn(
                case_id=fee.id,
                title="Satsar for møtegodtgjersle i deltakarkommunane",
                filename="satsar-motegodtgjersle.pdf",
                content=_attachment_pdf("Satsar for møtegodtgjersle", FEE_RATES),
            ),
        )
        closed = meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting.id,
                title="Tilsetjing av dagleg leiar – vurdering av søkjarane",
                public_title="Tilsetjing av dagleg leiar",
                closed=True,
                closure_basis=ClosureBasis.KOML_11_5_3A,
                closure_note="offl. § 25",
                recommendation="Representantskapet sluttar seg til innstillinga frå "
                "tilsetjingsutvalet.",
            ),
        )
        meetings.send_notice(
            ctx,
            SendNoticeIn(meeting_id=meeting.id, sent_on=CONSTITUENT_DATE - dt.timedelta(days=16)),
        )
        # Roll call: three with forfall, two deputies called in, one seat empty, one late.
        forfall_seats = self.seats[10:13]
        late = self.seats[14]
        deputies = {s.deputies[0]: s.member for s in forfall_seats[:2]}
        present = [s.member for s in self.seats if s not in forfall_seats and s is not late]
        attendance.record_roll_call(
            ctx,
            RollCallIn(
                meeting_id=meeting.id,
                present=present,
                forfall={
                    s.member: "Sjukdom" if i == 0 else None for i, s in enumerate(forfall_seats)
                },
                deputies={},
            ),
        )
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(
                meeting_id=meeting.id,
                opened_at=dt.datetime.combine(CONSTITUENT_DATE, dt.time(10, 0)),
            ),
        )
        for deputy, member in deputies.items():
            attendance.call_deputy(
                ctx,
                DeputyIn(meeting_id=meeting.id, deputy_person_id=deputy, for_person_id=member),
            )
        standing = {c.standing: c for c in meeting.cases if c.standing}
        self._unanimous(standing[StandingCase.NOTICE_APPROVAL])
        signatories = self._signatories(standing[StandingCase.SIGNATORIES])
        # The mandate: a split vote with names.
        attendance.mark_present(
            ctx,
            PresenceIn(
                meeting_id=meeting.id,
                person_id=late.member,
                case_id=mandate.id,
                at_time=dt.time(10, 40),
            ),
        )
        self._split(mandate, against=9)
        # The strategy: a disqualification decided by the body, a deputy steps in.
        disq_seat = self.seats[20]
        d = voting.propose_disqualification(
            ctx,
            DisqualificationIn(
                case_id=strategy.id,
                person_id=disq_seat.member,
                ground=DisqualificationGround.FVL_6_2,
                explanation="Medlemen er styreleiar i eit selskap som leverer tenester "
                "strategien omtalar.",
            ),
        )
        voting.decide_disqualification(
            ctx,
            DecideDisqualificationIn(
                disqualification_id=d.id,
                method=VoteMethod.UNANIMOUS,
                deputy_person_id=disq_seat.deputies[0],
            ),
        )
        self._speakers(strategy, dt.datetime.combine(CONSTITUENT_DATE, dt.time(11, 5)), 3)
        self._unanimous(strategy)
        # The oppdragsbrev: an addition from the floor, adopted separately.
        self._unanimous(commission)
        # The meeting fee: an alternative proposal; a tie decided by the chair's vote.
        self._tie(fee)
        self._unanimous(closed)
        self._unanimous(standing[StandingCase.EVENTUELT], decision="Ingen saker under eventuelt.")
        self._finish(meeting, dt.time(12, 55), signatories)

    def _case(
        self,
        meeting: MeetingOut,
        title: str,
        version: int | None,
        recommendation: str,
        preparer: int | None = None,
    ) -> CaseOut:
        case = meetings.add_case(
            self.ctx,
            CaseIn(
                meeting_id=meeting.id,
                title=title,
                recommendation=recommendation,
                document_version_id=version,
                preparer_person_id=preparer,
                description=f"Saksutgreiing: {title}. Sjå vedlagt dokument.",
            ),
        )
        self.summary.cases += 1
        return case

    def _speakers(self, case: CaseOut, start: dt.datetime | None, spoken: int) -> None:
        """The speakers' list of a case: `spoken` innlegg held from `start` (None: now),
        one more waiting for the floor."""
        ctx = self.ctx
        attendance.set_current_case(ctx, case.meeting_id, case.id)
        voters = attendance.voters(ctx, case.id)
        pool = [v.person_id for v in voters.voters if v.person_id != voters.chair_person_id]
        at = start
        for n, person in enumerate(self.rng.sample(pool, spoken + 1)):
            listed = speakers.add_speaker(ctx, SpeakerIn(case_id=case.id, person_id=person), at)
            if n == spoken:
                break
            entry = next(e for e in listed.queue if e.person_id == person)
            speakers.start_speaker(ctx, SpeakerActIn(entry_id=entry.id), at)
            if at is not None:
                at += dt.timedelta(minutes=self.rng.randrange(2, 5), seconds=17 * n)
            speakers.stop_speaker(ctx, SpeakerActIn(entry_id=entry.id), at)

    def _recommendation(self, case: CaseOut) -> int:
        props = voting.proposals(self.ctx, case.id)
        rec = [p for p in props if p.kind is ProposalKind.RECOMMENDATION]
        if rec:
            return rec[0].id
        text = case.recommendation or "Saka vert teken til vitande."
        return voting.add_proposal(
            self.ctx, ProposalIn(case_id=case.id, kind=ProposalKind.ALTERNATIVE, text=text)
        ).id

    def _unanimous(self, case: CaseOut, decision: str | None = None) -> None:
        attendance.set_current_case(self.ctx, case.meeting_id, case.id)
        if case.kind is not CaseKind.PS or decision is not None:
            voting.record_decision(
                self.ctx,
                DecisionIn(case_id=case.id, text=decision or "Meldinga vert teken til vitande."),
            )
            return
        proposal = self._recommendation(case)
        vote = voting.record_vote(
            self.ctx,
            VoteIn(case_id=case.id, proposal_id=proposal, method=VoteMethod.UNANIMOUS),
        )
        voting.record_decision(self.ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
        self.summary.votes += 1

    def _split(self, case: CaseOut, against: int) -> None:
        attendance.set_current_case(self.ctx, case.meeting_id, case.id)
        voters = attendance.voters(self.ctx, case.id)
        chair = voters.chair_person_id
        pool = [v.person_id for v in voters.voters if v.person_id != chair]
        dissenters = self.rng.sample(pool, min(against, len(pool)))
        proposal = self._recommendation(case)
        vote = voting.record_vote(
            self.ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=proposal,
                method=VoteMethod.COUNTS,
                dissenters=dissenters,
            ),
        )
        voting.record_decision(self.ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
        self.summary.votes += 1

    def _tie(self, case: CaseOut) -> None:
        ctx = self.ctx
        attendance.set_current_case(ctx, case.meeting_id, case.id)
        voters = attendance.voters(ctx, case.id)
        chair = voters.chair_person_id
        others = [v.person_id for v in voters.voters if v.person_id != chair]
        proposer = others[0]
        alt = voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case.id,
                kind=ProposalKind.ALTERNATIVE,
                text="Medlemene får møtegodtgjersle etter satsane i Bergen kommune.",
                proposer_person_id=proposer,
            ),
        )
        rec = self._recommendation(case)
        ids = [v.person_id for v in voters.voters]
        if len(ids) % 2:  # an even number of voters is needed for a tie: one leaves
            leaver = next(p for p in others if p != proposer)
            attendance.mark_left(
                ctx,
                PresenceIn(
                    meeting_id=case.meeting_id,
                    person_id=leaver,
                    case_id=case.id,
                    at_time=dt.time(12, 10),
                ),
            )
            ids.remove(leaver)
            others.remove(leaver)
        half = len(ids) // 2
        for_rec = set([chair] if chair else []) | set(others[: half - (1 if chair else 0)])
        ballots = {p: BallotChoice.FOR if p in for_rec else BallotChoice.MOT for p in ids}
        vote = voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec,
                against_proposal_id=alt.id,
                method=VoteMethod.ROLL_CALL,
                ballots=ballots,
            ),
        )
        voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
        self.summary.votes += 1

    def _signatories(self, case: CaseOut) -> list[int]:
        ctx = self.ctx
        attendance.set_current_case(ctx, case.meeting_id, case.id)
        voters = attendance.voters(ctx, case.id)
        chair = voters.chair_person_id
        chosen = [v.person_id for v in voters.voters if v.person_id != chair][:2]
        for person in chosen:
            voting.add_proposal(
                ctx,
                ProposalIn(
                    case_id=case.id,
                    kind=ProposalKind.CANDIDATE,
                    text="Kandidat til å skrive under møteboka",
                    candidate_person_id=person,
                ),
            )
        # Q-4, M-7: both elected in one round, unanimously; the election records the
        # decision («A og B vart samrøystes valde.»)
        voting.record_election_of_several(ctx, SeveralElectionIn(case_id=case.id, unanimous=True))
        return chosen

    def _finish(self, meeting: MeetingOut, end: dt.time, signatories: list[int]) -> None:
        ctx = self.ctx
        attendance.close_meeting(
            ctx,
            CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(meeting.date, end)),
        )
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(
                meeting_id=meeting.id,
                method=ApprovalMethod.SIGNATURES,
                approved_on=meeting.date + dt.timedelta(days=3),
                signatory_person_ids=signatories,
            ),
        )
        self.approved.append(meeting.id)
        self.summary.meetings += 1

    def ordinary_meeting(self, day: dt.date, topics: list[str]) -> None:
        ctx = self.ctx
        place = self.rng.choice(
            ("Bergen rådhus", "Førde, Sogn og Fjordane kommunehus", "Fjernmøte (Teams)")
        )
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS",
                date=day,
                start_time=dt.time(10, 0),
                place=place,
                form=MeetingForm.FJERNMOTE if "Teams" in place else MeetingForm.FYSISK,
            ),
        )
        cases = [
            self._case(meeting, t, None, f"Representantskapet sluttar seg til framlegget: {t}.")
            for t in topics
        ]
        for case in cases:
            papers.update_paper(
                ctx,
                PaperIn(
                    case_id=case.id,
                    expected_version=0,
                    background=f"{case.title}: saka vert lagd fram etter oppdragsbrevet.",
                    assessment="Sekretariatet og kommunedirektørmøtet tilrår framlegget.",
                ),
            )
        meetings.send_notice(
            ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=day - dt.timedelta(days=15))
        )
        absent = self.rng.sample(self.seats, self.rng.randrange(0, 6))
        attendance.record_roll_call(
            ctx,
            RollCallIn(
                meeting_id=meeting.id,
                present=[s.member for s in self.seats if s not in absent],
                forfall={s.member: None for s in absent},
                deputies={s.deputies[0]: s.member for s in absent[:2]},
            ),
        )
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(day, dt.time(10))),
        )
        refreshed = meetings.get_meeting(ctx, meeting.id)
        standing = {c.standing: c for c in refreshed.cases if c.standing}
        self._unanimous(standing[StandingCase.NOTICE_APPROVAL])
        signatories = self._signatories(standing[StandingCase.SIGNATORIES])
        if StandingCase.PREVIOUS_MINUTES in standing:
            self._unanimous(standing[StandingCase.PREVIOUS_MINUTES])
        for case in cases:
            if self.rng.random() < 0.3:
                self._split(case, against=self.rng.randrange(1, 12))
            else:
                self._unanimous(case)
        self._unanimous(standing[StandingCase.EVENTUELT], decision="Ingen saker under eventuelt.")
        self._finish(meeting, dt.time(12, self.rng.randrange(0, 59)), signatories)

    # --- the distribution list and the archive's references ----------------------------

    def distribution(self) -> None:
        """Post addresses for every municipality, the participants' postmottak on the
        representantskap's and the kommunedirektørmøte's lists, observers and copies."""
        ctx = self.ctx
        for m in mail.post_addresses(ctx):
            domain = _ascii(m.municipality_name).lower().replace(" ", "")
            mail.set_post_address(
                ctx,
                PostAddressIn(
                    municipality_number=m.municipality_number,
                    post_email=f"post@{domain}.kommune.no",
                    expected_version=m.version,
                ),
            )
        for body in ("RS", "KDM"):
            mail.add_all_post_recipients(ctx, body)
        for body, kind, name, email in (
            (
                "RS",
                RecipientKind.OBSERVER,
                "Statsforvaltaren i Vestland",
                "sfvlpost@statsforvalteren.no",
            ),
            ("RS", RecipientKind.OBSERVER, "Vestland fylkeskommune", "post@vlfk.no"),
            ("RS", RecipientKind.COPY, "Bergen kommune, arkivet", "arkiv@bergen.kommune.no"),
            ("RS", RecipientKind.COPY, "Revisjon Vest IKS", "post@revisjonvest.no"),
            ("KDM", RecipientKind.COPY, "Bergen kommune, arkivet", "arkiv@bergen.kommune.no"),
        ):
            mail.add_recipient(ctx, RecipientIn(body_code=body, kind=kind, name=name, email=email))

    def archive_references(self) -> None:
        """The archive's references of the approved meetings and their own cases (the
        standing cases have none): one archive case a meeting, one for each case."""
        ctx = self.ctx
        sequence: dict[int, int] = {}
        for meeting_id in self.approved:
            meeting = meetings.get_meeting(ctx, meeting_id)
            year = meeting.date.year
            sequence[year] = sequence.get(year, 100) + 1
            archive.set_archive_reference(
                ctx,
                ArchiveRefIn(
                    meeting_id=meeting.id,
                    case_year=year,
                    case_sequence=sequence[year],
                    record_number=1,
                    series="Sakarkiv",
                    class_id="033",
                ),
            )
            for case in meeting.cases:
                if case.standing is not None:
                    continue
                sequence[year] += 1
                archive.set_archive_reference(
                    ctx,
                    ArchiveRefIn(
                        case_id=case.id,
                        case_year=year,
                        case_sequence=sequence[year],
                        record_number=2,
                        series="Sakarkiv",
                        class_id="026" if case.closed else "033",
                    ),
                )

    # --- two meetings to practise on ----------------------------------------------------

    def running_meeting(self, today: dt.date, topics: list[str]) -> None:
        """Today's meeting of the representantskap, under way: notice sent, roll call with
        a forfall and the first deputy called in, opened, the standing cases and the first
        case decided, the next case under way with a vote half typed in."""
        ctx = self.ctx
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS",
                date=today,
                start_time=dt.time(10, 0),
                end_time=dt.time(14, 0),
                place="Bergen rådhus, bystyresalen",
                form=MeetingForm.FYSISK,
            ),
        )
        cases = [
            self._case(meeting, t, None, f"Representantskapet sluttar seg til framlegget: {t}.")
            for t in topics
        ]
        meetings.send_notice(
            ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=today - dt.timedelta(days=15))
        )
        away = self.seats[3]
        attendance.record_roll_call(
            ctx,
            RollCallIn(
                meeting_id=meeting.id,
                present=[s.member for s in self.seats if s is not away],
                forfall={away.member: "Sjukdom"},
                deputies={away.deputies[0]: away.member},
            ),
        )
        attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=meeting.id))
        refreshed = meetings.get_meeting(ctx, meeting.id)
        standing = {c.standing: c for c in refreshed.cases if c.standing}
        self._unanimous(standing[StandingCase.NOTICE_APPROVAL])
        self._signatories(standing[StandingCase.SIGNATORIES])
        if StandingCase.PREVIOUS_MINUTES in standing:
            self._unanimous(standing[StandingCase.PREVIOUS_MINUTES])
        self._unanimous(cases[0])
        under_way = cases[1]
        self._speakers(under_way, None, 2)
        voters = attendance.voters(ctx, under_way.id)
        typed = [v.person_id for v in voters.voters][: len(voters.voters) // 2]
        voting.save_vote_draft(
            ctx,
            VoteDraftIn(
                case_id=under_way.id,
                proposal_id=self._recommendation(under_way),
                ballots={
                    p: BallotChoice.MOT.value if i == 2 else BallotChoice.FOR.value
                    for i, p in enumerate(typed)
                },
                method=VoteMethod.ROLL_CALL,
            ),
        )
        self.summary.meetings += 1
        self.summary.running_meeting_id = meeting.id

    def planned_meeting(self, day: dt.date) -> None:
        """The kommunedirektørmøte's next meeting, planned with its case papers (the
        saksframlegg's texts and an attachment); the notice is not sent yet."""
        ctx = self.ctx
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="KDM",
                date=day,
                start_time=dt.time(9, 0),
                end_time=dt.time(11, 30),
                place="Fjernmøte (Teams)",
                form=MeetingForm.FJERNMOTE,
            ),
        )
        bergen = self.kdm["4601"]
        for title, recommendation, background, assessment, economy in PLANNED_CASES:
            case = self._case(meeting, title, None, recommendation, preparer=bergen)
            papers.update_paper(
                ctx,
                PaperIn(
                    case_id=case.id,
                    expected_version=0,
                    background=background,
                    assessment=assessment,
                    economy=economy,
                ),
            )
            if title == PLANNED_CASES[0][0]:
                papers.add_attachment(
                    ctx,
                    AttachmentIn(
                        case_id=case.id,
                        title="Statusrapport for skyløysingar, haust",
                        filename="statusrapport-skyloysingar.pdf",
                        content=_attachment_pdf(
                            "Statusrapport for skyløysingar",
                            STATUS_REPORT,
                        ),
                    ),
                )
        self.summary.meetings += 1
        self.summary.planned_meeting_id = meeting.id
        self.summary.planned_date = day


TOPICS = (
    "Årsmelding og rekneskap",
    "Budsjett og økonomiplan",
    "Handlingsplan for digitalisering",
    "Felles løysing for innbyggjardialog",
    "Informasjonstryggleik – statusrapport",
    "Samarbeid om skyløysingar",
    "Kompetanseprogram for tilsette",
    "Revisjon av samarbeidsavtalen",
    "Felles innkjøp av fagsystem",
    "Personvern og internkontroll",
)


def fill_demo(
    ctx: Context,
    years: int = 1,
    seed: int = 2024,
    *,
    agreement: bool = True,
    practice: bool = True,
) -> DemoSummary:
    """Fill an empty database: the cooperation, 43 municipalities (40 participating), the
    representantskap with a member and two ranked deputies each, the kommunedirektørmøte,
    the constituent meeting, and `years` years of earlier meetings with their archive
    references; the distribution lists. With `practice` (the default) two meetings to
    practise on: the representantskap's meeting under way today and the
    kommunedirektørmøte's planned for the next weekday at least a week ahead, notice not
    sent. Refuses a non-empty database."""
    with ctx.reading() as s:
        if s.scalar(select(func.count(Person.id))) or s.scalar(select(func.count(Municipality.id))):
            raise Conflict(
                "Databasen er ikkje tom. Demodata kan berre leggjast i ein tom database; "
                "vel ei ny fil med --database."
            )
    builder = DemoBuilder(ctx, seed)
    builder.registry(years)
    if agreement:
        builder.agreement_process()
    today = dt.date.today()
    days = [
        _weekday(dt.date(today.year - years + 1 + y, month, 12))
        for y in range(years)
        for month in (3, 6, 9, 11)
    ]
    days = [d for d in days if d < today and d != CONSTITUENT_DATE]
    rng = builder.rng
    # The years before the constituent meeting are the previous term's meetings, held
    # (and their minutes approved) before it, in date order like everything else.
    for day in (d for d in days if d < CONSTITUENT_DATE):
        builder.ordinary_meeting(day, rng.sample(TOPICS, rng.randrange(2, 5)))
    builder.constituent_meeting()
    for day in (d for d in days if d > CONSTITUENT_DATE):
        builder.ordinary_meeting(day, rng.sample(TOPICS, rng.randrange(2, 5)))
    builder.distribution()
    builder.archive_references()
    if practice:
        builder.running_meeting(today, rng.sample(TOPICS, 3))
        builder.planned_meeting(_weekday(today + dt.timedelta(days=7)))
    return builder.summary


def _attachment_pdf(title: str, text: str) -> bytes:
    """A short report as a PDF made in memory (the demo's attachment)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from dvmeet.documents.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    styles = getSampleStyleSheet()
    styles["Title"].fontName = BOLD
    styles["BodyText"].fontName = REGULAR
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author="DigiVestland")
    story = [Paragraph(title, styles["Title"])]
    story += [Paragraph(part, styles["BodyText"]) for part in text.split("\n\n")]
    doc.build(story)
    return out.getvalue()


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _ascii(text: str) -> str:
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = text.replace("Æ", "Ae").replace("Ø", "O").replace("Å", "A")
    text = text.replace("đ", "d").replace("ŋ", "n").replace("ŧ", "t")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


MANDATE = """Mandat for styringsgruppa i DigiVestland

1. Styringsgruppa skal sjå til at arbeidet i DigiVestland følgjer strategien og oppdragsbrevet.
2. Styringsgruppa prioriterer prosjekt innanfor dei rammene representantskapet set.
3. Styringsgruppa rapporterer til representantskapet to gonger i året."""

STRATEGY = """Strategi for DigiVestland 2025–2028

Mål 1: Gode digitale tenester for innbyggjarar og næringsliv i heile Vestland.
Mål 2: Felles løysingar som gjer kommunane meir robuste.
Mål 3: Kompetanse og kultur for endring i alle deltakarkommunane."""

COMMISSION = """Oppdragsbrev 2025

Representantskapet gir sekretariatet i oppdrag å:
- følgje opp handlingsplanen for 2025,
- førebu felles anskaffingar innan skyløysingar,
- rapportere på framdrift til kvart møte i representantskapet."""

PLANNED_CASES = (
    (
        "Skyløysingar – status og vegen vidare",
        "Kommunedirektørmøtet tek statusrapporten til vitande og ber sekretariatet "
        "førebu ei felles anskaffing av skyløysingar til representantskapet.",
        "Representantskapet gav i oppdragsbrevet for 2025 sekretariatet i oppdrag å "
        "førebu felles anskaffingar innan skyløysingar. Statusrapporten ligg ved.",
        "Dei fleste kommunane har avtalar som går ut innan to år. Ei felles anskaffing "
        "gir betre vilkår og éin kompetent innkjøpar for alle.",
        "Førebuinga vert dekt av budsjettet til sekretariatet. Sjølve anskaffinga "
        "vert lagd fram med kostnadsoverslag.",
    ),
    (
        "Budsjett og økonomiplan – innspel frå kommunedirektørane",
        "Kommunedirektørmøtet sluttar seg til utkastet til budsjett og ber "
        "sekretariatet leggje det fram for representantskapet.",
        "Utkastet byggjer på økonomiplanen og kostnadsfordelinga i samarbeidsavtalen.",
        "Utkastet held tilskotet frå kommunane på same nivå som i år, justert for "
        "løns- og prisvekst.",
        "Samla tilskot frå kommunane aukar med 3,9 prosent.",
    ),
    (
        "Kompetanseprogram for tilsette – plan for neste halvår",
        "Kommunedirektørmøtet tek planen til vitande.",
        "Programmet vart sett i gang etter vedtak i representantskapet.",
        "Det er meldt inn 140 deltakarar frå 31 kommunar til første samling.",
        None,
    ),
)

STATUS_REPORT = """Sekretariatet har kartlagt avtalane om skyløysingar i deltakarkommunane.

31 av 40 kommunar har avtalar som går ut innan to år. Ni kommunar har eigne avtalar med \
lengre løpetid.

Tilrådinga er ei felles anskaffing med opsjon for kommunar som kjem til seinare. \
Informasjonstryggleik og personvern vert vurdert før utlysinga."""

FEE_RATES = """Kommunane i DigiVestland betaler i dag møtegodtgjersle etter eigne reglement.

Satsane for eit dagsmøte ligg mellom 1 200 og 2 500 kroner. Dei fleste kommunane dekkjer \
òg reise etter statens satsar.

Sekretariatet har ikkje funne grunnlag for ei eiga sats i representantskapet."""
