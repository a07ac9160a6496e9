"""Canary over every closable path and every public output (issue 14, O-2, B-4, R-5).

One meeting is taken from planning to approved minutes. A unique marker is typed into
every field a user can fill that could reach a document. Closed content: every field of
cases that are closed by each path the app offers

- closed when planned;
- open when planned, closed after the notice was sent;
- a referatsak (RS) on the list from the start, closed after the notice;
- an urgent decision reported when the meeting was planned, its case closed later;
- an urgent decision reported after the notice, its case closed later;
- added after the notice, then closed; added after the notice as closed, then taken off
  the list; added after the notice, closed and taken off the list;
- closed, then renamed; named in a change-log entry written by an earlier version, then
  renamed and closed;
- added in the meeting as closed (M-5); open on the list and closed in the meeting;
- a closed election with an outside candidate, decided by lot with witnesses;
- closed when planned with "vedtaket er offentleg": its decision may be printed, nothing
  else of it;

and everything only the secretariat may see: forfall reasons and the explanation of a
disqualification (R-5, never printed), the contact details of persons, the preparer of
a closed case, the governing-document version a closed case adopted, a correction of a
closed case's decision after approval.

Public fields get markers too (the meeting's title, place and remarks, the public titles
and legal notes of the closed cases, an open case's texts): they must reach the public
outputs, so a scan that finds nothing has looked at the right documents.

Every public output is made through the exports door (the functions the UI and the command
line call) at three points (after the changes that follow the notice, once the meeting
is held, once the minutes are approved) and read every way canary_scan knows. The same
scan must find the closed markers in the internal versions.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from canary_scan import assert_clean, found
from meeting_setup import Body, make_body

from dvmeet.domain.enums import (
    ApprovalMethod,
    BallotChoice,
    CaseKind,
    ClosureBasis,
    DisqualificationGround,
    DocumentKind,
    MeetingForm,
    ProposalKind,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.services import attendance, governing, meetings, minutes, registry, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    DeputyIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.exports import (
    archive_meeting,
    attendance_document,
    calendar_document,
    export_archive,
    export_calendar,
    export_document,
    export_minutes,
    export_notice,
    export_registry,
    export_vote_results,
    notice_document,
    vote_results_document,
)
from dvmeet.services.governing import DocumentIn, VersionIn
from dvmeet.services.meetings.models import (
    AddCaseInMeetingIn,
    CaseIn,
    PlanMeetingIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
    UrgentDecisionIn,
)
from dvmeet.services.minutes.models import ApproveMinutesIn, CorrectionIn, RemarksIn
from dvmeet.services.registry.models import PersonIn, PersonUpdate
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ElectionIn,
    LotsIn,
    ProposalIn,
    VoteIn,
)

DAY = dt.date(2024, 12, 11)
BASIS = ClosureBasis.KOML_11_5_3A


@dataclass
class Markers:
    """closed: never in a public output; public: in the public outputs (the controls);
    never: in no output at all, internal or public (R-5)."""

    closed: dict[str, str] = field(default_factory=dict)
    public: dict[str, str] = field(default_factory=dict)
    never: dict[str, str] = field(default_factory=dict)
    # may be in a public output: the decision of a closed case marked "vedtaket er
    # offentleg" (O-2); the rest of that case stays closed
    allowed: dict[str, str] = field(default_factory=dict)
    # closed markers of a case that is open until the meeting closes it
    open_before_meeting: set[str] = field(default_factory=set)

    def _new(self, kind: dict[str, str], name: str) -> str:
        assert name not in self.closed | self.public | self.never | self.allowed, name
        kind[name] = f"KANARI{name.upper().replace(' ', '')}{secrets.token_hex(5).upper()}"
        return kind[name]

    def c(self, name: str) -> str:
        return self._new(self.closed, name)

    def p(self, name: str) -> str:
        return self._new(self.public, name)

    def n(self, name: str) -> str:
        return self._new(self.never, name)

    def a(self, name: str) -> str:
        return self._new(self.allowed, name)

    def phone(self, name: str) -> str:
        """A phone number as the registry takes it; its digits are the marker."""
        digits = "".join(str(secrets.randbelow(10)) for _ in range(20))
        self.closed[name] = digits
        return f"+{digits}"

    def email(self, name: str) -> str:
        return f"{self.c(name).lower()}@example.no"


@dataclass
class Run:
    body: Body
    meeting_id: int
    marks: Markers
    case_ids: dict[str, int] = field(default_factory=dict)


def _close(ctx: Context, run: Run, key: str, *, title: str | None = None) -> None:
    m = run.marks
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=run.case_ids[key],
            closed=True,
            public_title=f"Lukka sak {m.p(f'{key} public title')}",
            closure_basis=BASIS,
            closure_note=f"offl. § 13 {m.p(f'{key} closure note')}",
            **({"title": title} if title is not None else {}),
        ),
    )


def _case(ctx: Context, run: Run, key: str, *, closed: bool, **fields: object) -> int:
    """A case with markers in its title, recommendation and description (closed markers:
    every case here is or becomes closed, unless `key` is 'open')."""
    m = run.marks
    mark = m.p if key == "open" else m.c
    if key == "in meeting":
        m.open_before_meeting |= {f"{key} {f}" for f in ("title", "recommendation", "description")}
    data: dict[str, object] = {"meeting_id": run.meeting_id}
    for name, word in (
        ("title", "Sak"),
        ("recommendation", "Tilråding"),
        ("description", "Saksutgreiing"),
    ):
        if name not in fields:
            data[name] = f"{word} {mark(f'{key} {name}')}"
    if closed:
        data |= {
            "closed": True,
            "public_title": f"Lukka sak {m.p(f'{key} public title')}",
            "closure_basis": BASIS,
            "closure_note": f"offl. § 13 {m.p(f'{key} closure note')}",
        }
    data |= fields
    case = meetings.add_case(ctx, CaseIn.model_validate(data))
    run.case_ids[key] = case.id
    return case.id


def _urgent(ctx: Context, run: Run, key: str, decided_on: dt.date) -> None:
    m = run.marks
    meetings.record_urgent_decision(
        ctx,
        UrgentDecisionIn(
            body_code=run.body.code,
            decided_on=decided_on,
            decided_by=f"Leiaren {m.c(f'{key} decided by')}",
            title=f"Hastevedtak {m.c(f'{key} title')}",
            text=f"Vedteke {m.c(f'{key} text')}",
        ),
    )


def plan_and_notify(ctx: Context) -> Run:
    """Planning, the notice, and every change after it (no meeting yet)."""
    body = make_body(ctx)
    m = Markers()
    # Persons' contact details are the secretariat's (never in a public document).
    for i in range(7):
        registry.update_person(
            ctx,
            PersonUpdate(
                id=body.member(i), email=m.email(f"email {i}"), phone=m.phone(f"phone {i}")
            ),
        )
    preparer = registry.create_person(
        ctx,
        PersonIn(
            name=f"Sakshandsamar {m.c('preparer name')}",
            email=m.email("preparer email"),
            title=f"Rådgjevar {m.c('preparer title')}",
        ),
    )
    document = governing.create_document(
        ctx, DocumentIn(kind=DocumentKind.ANNA, title=f"Avtale {m.c('document title')}")
    )
    version = governing.add_version(
        ctx,
        VersionIn(
            document_id=document.id,
            content=f"Innhald {m.c('document content')}",
            note=f"Merknad {m.c('document note')}",
        ),
    )
    # Reported at the meeting when it is planned (M-1), closed after the notice.
    _urgent(ctx, Run(body, 0, m), "urgent before", dt.date(2024, 11, 1))
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=DAY,
            start_time=dt.time(10),
            place=f"Bergen rådhus {m.p('place')}",
            form=MeetingForm.FYSISK,
            title=f"Møte {m.p('meeting title')}",
            secretariat=f"Sekretariatet {m.p('secretariat')}",
        ),
    )
    run = Run(body, meeting.id, m)
    run.case_ids["urgent before"] = next(
        c.id for c in meeting.cases if m.closed["urgent before title"] in c.title
    )
    meetings.update_meeting(
        ctx,
        UpdateMeetingIn(
            meeting_id=meeting.id,
            end_time=dt.time(14),
            notice_remarks=f"Merknad til innkallinga {m.p('notice remarks')}",
        ),
    )
    _case(
        ctx,
        run,
        "planned",
        closed=True,
        preparer_person_id=preparer.id,
        document_version_id=version.id,
    )
    _case(ctx, run, "election", closed=True, is_election=True, recommendation=None)
    _case(ctx, run, "public decision", closed=True, decision_public=True)
    _case(ctx, run, "after notice", closed=False)
    _case(ctx, run, "referatsak", closed=False, kind=CaseKind.RS)
    _case(ctx, run, "renamed", closed=True)
    _case(ctx, run, "legacy", closed=False)
    _case(ctx, run, "in meeting", closed=False)
    _case(ctx, run, "open", closed=False)
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=dt.date(2024, 11, 20)))

    # After the notice: each change goes to the change log.
    _close(ctx, run, "after notice")
    _close(ctx, run, "referatsak")
    _close(ctx, run, "urgent before")
    _case(ctx, run, "added", closed=False)
    _close(ctx, run, "added")
    _urgent(ctx, run, "urgent after", dt.date(2024, 11, 25))
    run.case_ids["urgent after"] = next(
        c.id
        for c in meetings.get_meeting(ctx, meeting.id).cases
        if m.closed["urgent after title"] in c.title
    )
    _close(ctx, run, "urgent after")
    _case(ctx, run, "added closed removed", closed=True)
    meetings.remove_case(ctx, run.case_ids.pop("added closed removed"))
    _case(ctx, run, "added removed", closed=False)
    _close(ctx, run, "added removed")
    meetings.remove_case(ctx, run.case_ids.pop("added removed"))
    meetings.update_case(
        ctx,
        UpdateCaseIn(case_id=run.case_ids["renamed"], title=f"Sak {m.c('renamed new title')}"),
    )
    _legacy_entry(ctx, run)
    _close(ctx, run, "legacy", title=f"Sak {m.c('legacy new title')}")
    return run


def _legacy_entry(ctx: Context, run: Run) -> None:
    """A change-log entry as versions before the facts wrote it: a finished sentence with
    the title the case had then (it was open)."""
    from dvmeet.services._records import NOTICE_CHANGED

    case = next(
        c for c in meetings.get_meeting(ctx, run.meeting_id).cases if c.id == run.case_ids["legacy"]
    )
    with ctx.unit_of_work() as uow:
        uow.audit(
            NOTICE_CHANGED,
            "meeting",
            run.meeting_id,
            {"description": f"Ny sak {case.label}: {case.title}"},
        )
    urgent = next(
        c
        for c in meetings.get_meeting(ctx, run.meeting_id).cases
        if c.id == run.case_ids["urgent after"]
    )
    with ctx.unit_of_work() as uow:
        uow.audit(
            NOTICE_CHANGED,
            "meeting",
            run.meeting_id,
            {"description": f"Ny referatsak: {urgent.title}"},
        )


def _voters(ctx: Context, case_id: int) -> list[int]:
    return [v.person_id for v in attendance.voters(ctx, case_id).voters]


def _vote_and_decide(ctx: Context, run: Run, key: str, *, disqualify: int | None = None) -> None:
    """An alternative proposal against the recommendation, a split roll-call vote, and
    the decision, all with markers (closed)."""
    m = run.marks
    case_id = run.case_ids[key]
    if disqualify is not None:
        d = voting.propose_disqualification(
            ctx,
            DisqualificationIn(
                case_id=case_id,
                person_id=disqualify,
                ground=DisqualificationGround.FVL_6_1_B,
                explanation=f"Slekt {m.n(f'{key} disqualification')}",
            ),
        )
        voting.decide_disqualification(
            ctx, DecideDisqualificationIn(disqualification_id=d.id, method=VoteMethod.UNANIMOUS)
        )
    mark = m.p if key == "open" else m.c
    decided = m.a if key == "public decision" else mark
    voters = _voters(ctx, case_id)
    alternative = voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case_id,
            kind=ProposalKind.ALTERNATIVE,
            text=f"Framlegg {mark(f'{key} proposal')}",
            proposer_person_id=voters[1],
        ),
    )
    recommendation = next(
        p for p in voting.proposals(ctx, case_id) if p.kind is ProposalKind.RECOMMENDATION
    )
    vote = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case_id,
            proposal_id=recommendation.id,
            against_proposal_id=alternative.id,
            method=VoteMethod.ROLL_CALL,
            ballots={
                p: BallotChoice.MOT if i == 1 else BallotChoice.FOR for i, p in enumerate(voters)
            },
        ),
    )
    voting.record_decision(
        ctx,
        DecisionIn(case_id=case_id, vote_id=vote.id, text=f"Vedtak {decided(f'{key} decision')}"),
    )


def _election(ctx: Context, run: Run) -> None:
    """A closed election with a candidate from outside the body, tied in the final round
    and decided by lot before witnesses."""
    m = run.marks
    case_id = run.case_ids["election"]
    outsider = registry.create_person(
        ctx,
        PersonIn(name=f"Kandidat {m.c('candidate name')}", email=m.email("candidate email")),
    )
    voters = _voters(ctx, case_id)
    for candidate in (outsider.id, voters[3]):
        voting.add_proposal(
            ctx,
            ProposalIn(
                case_id=case_id,
                kind=ProposalKind.CANDIDATE,
                text="Kandidat",
                candidate_person_id=candidate,
            ),
        )
    half = len(voters) // 2
    ballots: dict[int, int | None] = {
        p: outsider.id if i < half else voters[3] if i < 2 * half else None
        for i, p in enumerate(voters)
    }
    voting.record_election_round(ctx, ElectionIn(case_id=case_id, ballots=ballots))
    final = voting.record_election_round(
        ctx, ElectionIn(case_id=case_id, ballots=ballots, final_round=True)
    )
    assert final.outcome is VoteOutcome.LOTS
    drawn = voting.draw_election_lots(
        ctx, LotsIn(vote_id=final.id, witnesses=f"Vitne {m.c('lot witnesses')}", seed=1)
    )
    voting.record_decision(ctx, DecisionIn(case_id=case_id, vote_id=drawn.id))


def hold(ctx: Context, run: Run) -> None:
    """The meeting: attendance with a forfall reason, a deputy, a member who leaves during a
    closed case; votes, an election and decisions in closed cases; a case added in the
    meeting as closed; an open case closed in the meeting."""
    m, body, mid = run.marks, run.body, run.meeting_id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason=m.n("forfall reason"))
    )
    attendance.call_deputy(
        ctx, DeputyIn(meeting_id=mid, deputy_person_id=body.deputy(6), for_person_id=body.member(6))
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    _vote_and_decide(ctx, run, "planned", disqualify=body.member(5))
    _election(ctx, run)
    _vote_and_decide(ctx, run, "after notice")
    _vote_and_decide(ctx, run, "public decision")
    _vote_and_decide(ctx, run, "open")
    _close(ctx, run, "in meeting")
    _vote_and_decide(ctx, run, "in meeting")
    added = meetings.add_case_in_meeting(
        ctx,
        AddCaseInMeetingIn(
            case=CaseIn(
                meeting_id=mid,
                title=f"Sak {m.c('m5 title')}",
                recommendation=f"Tilråding {m.c('m5 recommendation')}",
                description=f"Saksutgreiing {m.c('m5 description')}",
                closed=True,
                public_title=f"Lukka sak {m.p('m5 public title')}",
                closure_basis=BASIS,
                closure_note=f"offl. § 13 {m.p('m5 closure note')}",
            )
        ),
    )
    run.case_ids["m5"] = added.id
    _vote_and_decide(ctx, run, "m5")
    attendance.mark_left(
        ctx,
        PresenceIn(
            meeting_id=mid,
            person_id=body.member(4),
            case_id=run.case_ids["m5"],
            at_time=dt.time(12),
        ),
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 13))
    )
    minutes.set_remarks(ctx, RemarksIn(meeting_id=mid, remarks=f"Merknad {m.p('minutes remarks')}"))


def approve(ctx: Context, run: Run) -> None:
    """Approval (the snapshot), then a correction of a closed case's decision."""
    m = run.marks
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run.meeting_id,
            method=ApprovalMethod.EMAIL_ROUND,
            approved_on=dt.date(2024, 12, 20),
        ),
    )
    decision = next(
        d for d in voting.decisions(ctx, run.meeting_id) if d.case_id == run.case_ids["planned"]
    )
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=run.meeting_id,
            target_table="decision",
            target_id=decision.id,
            text=f"Retting {m.c('correction')}",
        ),
    )


# --- The outputs ------------------------------------------------------------------------


def _files(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.is_file())


def outputs(ctx: Context, run: Run, folder: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(public, internal) outputs of the meeting as they are now, by name: every file the
    exports door writes, and the public read models the UI shows (as JSON)."""
    mid = run.meeting_id
    public: dict[str, bytes] = {}
    internal: dict[str, bytes] = {}

    def take(path: Path, is_public: bool) -> None:
        (public if is_public else internal)[str(path.relative_to(folder))] = path.read_bytes()

    for sub in ("innkalling", "dokument", "møtebok", "røysting", "kalender", "arkiv"):
        (folder / sub).mkdir(parents=True)
    status = meetings.get_meeting(ctx, mid).status.value
    held = status in ("held", "approved")
    for path in export_notice(ctx, mid, folder / "innkalling").files:
        take(path, "intern" not in path.name)
    kinds = ["notice", "minutes", "attendance"] if held else ["notice"]
    for kind in kinds:
        for is_public in (True, False):
            for pdfa in (False, True):
                variant = "offentleg" if is_public else "intern"
                path = folder / "dokument" / f"{kind} {variant}{' PDF-A' if pdfa else ''}.pdf"
                export_document(ctx, kind, mid, path, public=is_public, pdfa=pdfa)  # type: ignore[arg-type]
                take(path, is_public)
    if held:
        for is_public in (True, False):
            for path in export_minutes(ctx, mid, folder / "møtebok", public=is_public).files:
                take(path, is_public)
            preview = minutes.minutes_preview(ctx, mid, public=is_public)
            variant = "offentleg" if is_public else "intern"
            (public if is_public else internal)[f"førehandsvising {variant}.html"] = (
                preview.html.encode()
            )
            (public if is_public else internal)[f"møtebok-modell {variant}.json"] = (
                preview.draft.model_dump_json().encode()
            )
    for is_public in (True, False):
        variant = "offentleg" if is_public else "intern"
        for suffix in (".csv", ".xlsx"):
            path = folder / "røysting" / f"røysting {variant}{suffix}"
            export_vote_results(ctx, mid, path, public=is_public)
            take(path, is_public)
        path = folder / "kalender" / f"kalender {variant}.ics"
        export_calendar(ctx, path, body_code=run.body.code, public=is_public)
        take(path, is_public)
        models = {
            "innkalling-modell": notice_document(ctx, mid, public=is_public),
            "frammøte-modell": attendance_document(ctx, mid, public=is_public),
            "kalender-modell": calendar_document(ctx, public=is_public),
            "røysting-modell": vote_results_document(ctx, mid, public=is_public),
        }
        for name, model in models.items():
            (public if is_public else internal)[f"{name} {variant}.json"] = (
                model.model_dump_json().encode()
            )
        changes = meetings.notice_changes(ctx, mid, public=is_public)
        (public if is_public else internal)[f"endringslogg {variant}.txt"] = "\n".join(
            c.description for c in changes
        ).encode()
    public["arkivmetadata-modell.json"] = archive_meeting(ctx, mid).model_dump_json().encode()
    archive = folder / "arkiv"
    for path in export_archive(ctx, mid, archive).files:
        take(path, "intern" not in path.name)
    for path in _files(archive):
        if str(path.relative_to(folder)) not in public | internal:
            take(path, True)  # metadata.json, SHA256SUMS: they describe the public files too
    path = folder / "register.pdf"
    export_registry(ctx, run.body.code, path, DAY, pdfa=True)
    take(path, True)
    return public, internal


# --- The tests --------------------------------------------------------------------------

# Closed markers no document prints, internal or public: contact details, a preparer's
# job title, a governing document's text and note (the minutes name the version), a
# correction (kept with the approved minutes, not printed in them).
UNPRINTED = (
    r"email|phone|^preparer title|^document (content|note)|^correction"
    # what a case taken off the list said, and a title a case no longer has
    r"|^added (closed )?removed (recommendation|description)|^renamed title"
)


def _in_one(marker: str, outs: dict[str, bytes], names: list[str]) -> bool:
    return any(marker in found([marker], n, outs[n]) for n in names)


def _check_internal(run: Run, internal: dict[str, bytes], stage: str) -> None:
    """The scan finds the closed content where the internal versions print it."""
    m = run.marks
    titles = [
        m.closed.get(f"{k} new title", m.closed.get(f"{k} title", ""))
        for k in run.case_ids
        if k != "open"
    ]
    notice = "innkalling/" + next(n for n in internal if n.startswith("innkalling/")).split("/")[1]
    for name in (notice, "dokument/notice intern PDF-A.pdf", "kalender/kalender intern.ics"):
        missing = [t for t in titles if not _in_one(t, internal, [name])]
        assert not missing, f"{stage}: the scan misses closed titles in {name}: {missing}"
    assert _in_one(m.closed["planned description"], internal, [notice])
    assert _in_one(m.closed["preparer name"], internal, [notice])
    log = "endringslogg intern.txt"
    for key in ("added title", "urgent after title", "legacy title", "added removed title"):
        assert _in_one(m.closed[key], internal, [log]), key
    archived = [n for n in internal if n.startswith("arkiv/")]
    assert archived and all(_in_one(titles[0], internal, [n]) for n in archived)
    if stage == "notice":
        return
    pdf = "dokument/minutes intern.pdf"
    for key in (
        "planned proposal",
        "planned decision",
        "m5 decision",
        "in meeting proposal",
        "candidate name",
        "lot witnesses",
        "document title",
    ):
        for name in (pdf, "dokument/minutes intern PDF-A.pdf", "førehandsvising intern.html"):
            assert _in_one(m.closed[key], internal, [name]), f"{stage}: {key} in {name}"
    for name in ("røysting/røysting intern.csv", "røysting/røysting intern.xlsx"):
        assert _in_one(m.closed["planned title"], internal, [name]), name
    printed = [v for k, v in m.closed.items() if not re.search(UNPRINTED, k)]
    missing = [v for v in printed if not _in_one(v, internal, list(internal))]
    assert not missing, f"{stage}: printed nowhere internally: {missing}"


def _check_public(run: Run, public: dict[str, bytes], stage: str) -> None:
    m = run.marks
    closed = [v for k, v in m.closed.items() if stage != "notice" or k not in m.open_before_meeting]
    assert_clean(closed + list(m.never.values()), public)
    # The controls: the public fields are there, so the scan read the right documents.
    notice = next(n for n in public if n.startswith("innkalling/") and n.endswith(".pdf"))
    ics = next(n for n in public if n.startswith("innkalling/") and n.endswith(".ics"))
    for key in run.case_ids:
        if f"{key} public title" not in m.public:
            continue  # open (now)
        wanted = m.public[f"{key} public title"]
        for name in (
            notice,
            ics,
            "kalender/kalender offentleg.ics",
            "dokument/notice offentleg PDF-A.pdf",
        ):
            assert _in_one(wanted, public, [name]), f"{stage}: public title of {key} in {name}"
    for key in ("open title", "open recommendation", "place", "meeting title"):
        assert _in_one(m.public[key], public, [notice]), f"{stage}: {key} in the public notice"
    if stage != "notice":
        pdf = "dokument/minutes offentleg.pdf"
        for key in ("open proposal", "open decision", "minutes remarks", "planned closure note"):
            for name in (pdf, "førehandsvising offentleg.html"):
                assert _in_one(m.public[key], public, [name]), f"{stage}: {key} in {name}"
        assert _in_one(
            m.public["planned public title"], public, ["røysting/røysting offentleg.xlsx"]
        )
    log = "endringslogg offentleg.txt"
    for key in ("added", "urgent after", "added closed removed", "added removed", "legacy"):
        assert _in_one(m.public[f"{key} public title"], public, [log]), f"{key} in the change log"
    missing = [
        k
        for k in m.public
        if not any(_in_one(m.public[k], public, [n]) for n in public)
        and not k.startswith(("added closed removed closure", "added removed closure"))
        and not (stage == "notice" and k == "notice remarks")  # the minutes print them
    ]
    assert not missing, f"{stage}: public fields in no public output: {missing}"
    assert found(["RSPerson4601-0"], "register.pdf", public["register.pdf"])  # names: public


def test_closed_content_is_in_internal_outputs_and_no_public_output(
    ctx: Context, tmp_path: Path
) -> None:
    run = plan_and_notify(ctx)
    for stage, step in (("notice", None), ("held", hold), ("approved", approve)):
        if step is not None:
            step(ctx, run)
        public, internal = outputs(ctx, run, tmp_path / stage)
        _check_internal(run, internal, stage)
        _check_public(run, public, stage)


def test_the_canary_fails_when_the_public_title_rule_breaks(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break the one rule that decides a closed case's public title (O-2, shown_title) and
    the same outputs and scan find the closed titles in every kind of public output."""
    from dvmeet.domain import lifecycle

    run = plan_and_notify(ctx)
    monkeypatch.setattr(lifecycle, "shown_title", lambda title, public_title, closed: title)
    public, _ = outputs(ctx, run, tmp_path)
    title = run.marks.closed["planned title"]
    leaking = {name for name, data in public.items() if title in found([title], name, data)}
    for kind in (
        "innkalling/",
        "dokument/notice offentleg PDF-A",
        "kalender/",
        "røysting/",
        "arkiv/",
        "arkivmetadata-modell",
        "innkalling-modell",
    ):
        assert any(name.startswith(kind) for name in leaking), kind
    with pytest.raises(AssertionError, match="closed content in public output"):
        assert_clean([title], public)
