"""Canary: random markers planted in every field of closed cases and in forfall reasons.

They must appear in the internal PDFs (the closed-case ones) and in no public output,
read every way canary_scan knows (PDF text, strings, streams and metadata; ICS unfolded;
XLSX entries; CSV; the archive's public files and its metadata). Forfall reasons are
never printed at all (R-5). test_doc_canary_paths.py takes one meeting through every
closable path and every public output; this module keeps the smaller cases and the
change log's corner cases."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
from canary_scan import assert_clean, found
from doc_helpers import pdf_text
from meeting_setup import make_body, plan

from dvmeet.documents.ics import calendar_ics
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.documents.vote_results import vote_results_csv, vote_results_xlsx
from dvmeet.domain.enums import (
    BallotChoice,
    ClosureBasis,
    DisqualificationGround,
    ProposalKind,
    VoteMethod,
)
from dvmeet.services import attendance, meetings, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    ForfallIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context
from dvmeet.services.exports import (
    archive_package,
    calendar_document,
    meeting_pdf,
    vote_results_document,
)
from dvmeet.services.meetings.models import (
    CaseIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
    UrgentDecisionIn,
)
from dvmeet.services.minutes import minutes_document
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DecisionIn,
    DisqualificationIn,
    ProposalIn,
    VoteIn,
)


def marker(field: str) -> str:
    return f"KANARI{field.upper()}{secrets.token_hex(6).upper()}"


FIELDS = ("title", "recommendation", "description", "proposal", "decision")


@pytest.fixture
def canary(ctx: Context) -> tuple[int, dict[str, str], dict[str, str]]:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=meeting.id, end_time=dt.time(14)))
    closed = {f: marker(f) for f in FIELDS}
    secret = {"forfall": marker("forfall"), "explanation": marker("explanation")}
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Personalsak {closed['title']}",
            public_title="Personalsak",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 13",
            recommendation=f"Tilråding {closed['recommendation']}",
            description=f"Saksutgreiing {closed['description']}",
        ),
    )
    mid = meeting.id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.mark_forfall(
        ctx, ForfallIn(meeting_id=mid, person_id=body.member(6), reason=secret["forfall"])
    )
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=case.id,
            person_id=body.member(5),
            ground=DisqualificationGround.FVL_6_1_B,
            explanation=f"Slekt {secret['explanation']}",
        ),
    )
    voting.decide_disqualification(
        ctx, DecideDisqualificationIn(disqualification_id=d.id, method=VoteMethod.UNANIMOUS)
    )
    alternative = voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case.id,
            kind=ProposalKind.ALTERNATIVE,
            text=f"Framlegg {closed['proposal']}",
            proposer_person_id=body.member(2),
        ),
    )
    vote = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=alternative.id,
            method=VoteMethod.ROLL_CALL,
            ballots={
                body.member(0): BallotChoice.FOR,
                body.member(1): BallotChoice.FOR,
                body.member(2): BallotChoice.FOR,
                body.member(3): BallotChoice.MOT,
                body.member(4): BallotChoice.FOR,
            },
        ),
    )
    voting.record_decision(
        ctx, DecisionIn(case_id=case.id, vote_id=vote.id, text=f"Vedtak {closed['decision']}")
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 12))
    )
    return mid, closed, secret


def test_closed_content_only_in_internal_documents(
    ctx: Context, canary: tuple[int, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    mid, closed, secret = canary
    internal_minutes = pdf_text(minutes_pdf(minutes_document(ctx, mid, public=False)))
    internal_notice = pdf_text(meeting_pdf(ctx, "notice", mid, public=False))
    for field in ("title", "recommendation", "proposal", "decision"):  # no case papers
        assert closed[field] in internal_minutes, field
    for field in ("title", "recommendation", "description"):
        assert closed[field] in internal_notice, field
    assert closed["title"] in pdf_text(meeting_pdf(ctx, "attendance", mid, public=False))
    internal_rows = vote_results_document(ctx, mid, public=False).rows
    assert any(closed["title"] in str(cell) for row in internal_rows for cell in row)

    hidden = list(closed.values()) + list(secret.values())
    public_outputs = {
        "public minutes": minutes_pdf(minutes_document(ctx, mid, public=True)),
        "public notice": meeting_pdf(ctx, "notice", mid, public=True),
        "public attendance": meeting_pdf(ctx, "attendance", mid, public=True),
        "public calendar": calendar_ics(calendar_document(ctx, public=True)),
        "public CSV": vote_results_csv(vote_results_document(ctx, mid, public=True).rows),
        "public XLSX": vote_results_xlsx(vote_results_document(ctx, mid, public=True).rows),
    }
    assert_clean(hidden, public_outputs)
    # The public title and the legal basis stand in for the content (O-2, B-4).
    public_text = pdf_text(public_outputs["public minutes"])
    assert "Personalsak" in public_text and "koml. § 11-5 (3) a, jf. offl. § 13" in public_text

    result = archive_package(ctx, mid, tmp_path / "arkiv")
    archived = {
        f.file: (tmp_path / "arkiv" / f.file).read_bytes()
        for f in result.files
        if f.variant == "offentleg"
    }
    assert_clean(hidden, archived | {"metadata.json": result.metadata.read_bytes()})
    # the same scan finds the closed title in the internal files (it can see)
    internal = [f.file for f in result.files if f.variant == "intern"]
    assert internal
    for name in internal:
        assert closed["title"] in found(hidden, name, (tmp_path / "arkiv" / name).read_bytes())


def test_forfall_reasons_never_printed(
    ctx: Context, canary: tuple[int, dict[str, str], dict[str, str]]
) -> None:
    mid, _, secret = canary
    for public in (False, True):
        assert_clean(
            [secret["forfall"], secret["explanation"]],
            {
                f"minutes {public}": minutes_pdf(minutes_document(ctx, mid, public=public)),
                f"notice {public}": meeting_pdf(ctx, "notice", mid, public=public),
                f"attendance {public}": meeting_pdf(ctx, "attendance", mid, public=public),
                f"calendar {public}": calendar_ics(calendar_document(ctx, public=public)),
            },
        )


def test_cases_closed_after_the_notice_keep_their_titles_out_of_public_documents(
    ctx: Context, tmp_path: Path
) -> None:
    """The change log ("Endring etter utsending: Ny sak …", "Ny referatsak: …") once printed
    the real title of a case closed later. Paths: a case added after the notice and closed
    afterwards; an urgent decision reported to the meeting and its case closed afterwards;
    a log entry written by an older version (a finished sentence with the title in it)."""
    from dvmeet.services._records import NOTICE_CHANGED

    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    mid = meeting.id
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=mid, sent_on=dt.date(2024, 11, 20)))
    added_title, urgent_title, legacy_title = (
        marker("added"),
        marker("urgent"),
        marker("legacy"),
    )
    added = meetings.add_case(
        ctx, CaseIn(meeting_id=mid, title=f"Tilsetjing {added_title}", recommendation="Ja.")
    )
    meetings.record_urgent_decision(
        ctx,
        UrgentDecisionIn(
            body_code=body.code,
            decided_on=dt.date(2024, 11, 25),
            decided_by="Leiaren",
            title=f"Hastevedtak {urgent_title}",
            text="Vedteke.",
        ),
    )
    legacy = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Eldre {legacy_title}"))
    with ctx.unit_of_work() as uow:  # as an earlier version wrote the log: a sentence
        uow.audit(
            NOTICE_CHANGED,
            "meeting",
            mid,
            {"description": f"Ny sak {legacy.label}: Eldre {legacy_title}"},
        )
    reported = next(c for c in meetings.get_meeting(ctx, mid).cases if urgent_title in c.title)
    for case_id, public_title in (
        (added.id, "Personalsak"),
        (reported.id, "Melding om hastevedtak"),
        (legacy.id, "Eldre sak"),
    ):
        meetings.update_case(
            ctx,
            UpdateCaseIn(
                case_id=case_id,
                closed=True,
                public_title=public_title,
                closure_basis=ClosureBasis.KOML_11_5_3A,
                closure_note="offl. § 13",
            ),
        )
    hidden = [added_title, urgent_title, legacy_title]
    internal = " ".join(c.description for c in meetings.notice_changes(ctx, mid))
    assert all(m in internal for m in hidden)  # the internal log still names them
    public_log = [c.description for c in meetings.notice_changes(ctx, mid, public=True)]
    assert f"Ny sak {added.label}: Personalsak" in public_log
    assert "Ny referatsak: Melding om hastevedtak" in public_log
    assert f"Ny sak {legacy.label}: Eldre sak" in public_log

    attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(0)))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 12))
    )
    outputs = {
        "public notice": meeting_pdf(ctx, "notice", mid, public=True),
        "public minutes": minutes_pdf(minutes_document(ctx, mid, public=True)),
        "public calendar": calendar_ics(calendar_document(ctx, public=True)),
    }
    result = archive_package(ctx, mid, tmp_path / "arkiv")
    for f in result.files:
        if f.variant == "offentleg":
            outputs[f.file] = (tmp_path / "arkiv" / f.file).read_bytes()
    outputs["metadata.json"] = result.metadata.read_bytes()
    assert "Endring etter utsending: Ny sak" in pdf_text(outputs["public minutes"])
    assert_clean(hidden, outputs)
    internal_minutes = pdf_text(minutes_pdf(minutes_document(ctx, mid, public=False)))
    assert added_title in internal_minutes


def _noticed(ctx: Context) -> tuple[int, str]:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=dt.date(2024, 11, 20)))
    return meeting.id, body.code


def _old_entry(ctx: Context, meeting_id: int, sentence: str) -> None:
    """A change-log entry as versions before the facts wrote it: a finished sentence."""
    from dvmeet.services._records import NOTICE_CHANGED

    with ctx.unit_of_work() as uow:
        uow.audit(NOTICE_CHANGED, "meeting", meeting_id, {"description": sentence})


def _closing(case_id: int, public_title: str, **fields: str) -> UpdateCaseIn:
    return UpdateCaseIn(
        case_id=case_id,
        closed=True,
        public_title=public_title,
        closure_basis=ClosureBasis.KOML_11_5_3A,
        closure_note="offl. § 13",
        **fields,
    )


def test_old_entries_name_a_case_only_as_the_public_may_see_it(ctx: Context) -> None:
    """A sentence written by an earlier version holds the title the case had then. The
    case renamed since and closed: neither title may reach a public document; a case the
    log cannot find keeps no name; a case never closed keeps its title."""
    mid, body_code = _noticed(ctx)
    first, renamed, urgent_first, urgent_renamed, unknown, kept = (
        marker(k) for k in ("first", "renamed", "urgentfirst", "urgentrenamed", "unknown", "kept")
    )
    case = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Sak {first}"))
    _old_entry(ctx, mid, f"Ny sak {case.label}: Sak {first}")
    meetings.update_case(ctx, _closing(case.id, "Personalsak", title=f"Sak {renamed}"))

    meetings.record_urgent_decision(
        ctx,
        UrgentDecisionIn(
            body_code=body_code,
            decided_on=dt.date(2024, 11, 25),
            decided_by="Leiaren",
            title=f"Hastevedtak {urgent_first}",
            text="Vedteke.",
        ),
    )
    urgent = next(c for c in meetings.get_meeting(ctx, mid).cases if urgent_first in c.title)
    _old_entry(ctx, mid, f"Ny referatsak: {urgent.title}")
    meetings.update_case(
        ctx, _closing(urgent.id, "Melding om hastevedtak", title=f"Hastevedtak {urgent_renamed}")
    )
    _old_entry(ctx, mid, f"Ny sak PS 099/24: Sak {unknown}")  # a case no longer known
    open_case = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Open {kept}"))
    _old_entry(ctx, mid, f"Ny sak {open_case.label}: Open {kept}")
    _old_entry(ctx, mid, "Møtet er endra: place")

    public = [c.description for c in meetings.notice_changes(ctx, mid, public=True)]
    assert f"Ny sak {case.label}: Personalsak" in public
    assert "Ny referatsak" in public  # the first title is known nowhere: left out
    assert "Ny sak PS 099/24" in public
    assert f"Ny sak {open_case.label}: Open {kept}" in public
    assert "Møtet er endra: place" in public
    internal = " ".join(c.description for c in meetings.notice_changes(ctx, mid))
    assert all(m in internal for m in (first, urgent_first, unknown, kept))

    hidden = [first, renamed, urgent_first, urgent_renamed, unknown]
    notice = meeting_pdf(ctx, "notice", mid, public=True)
    assert_clean(hidden, {"public notice": notice, "public log": "\n".join(public).encode()})
    assert kept in found([kept], "public notice", notice)


def test_each_entry_names_its_own_case_when_a_removed_case_id_is_given_again(
    ctx: Context,
) -> None:
    """SQLite gives the id of a removed case (the highest) to the next one: the log must
    tell each entry from the case it was written about, not from today's case of that id."""
    mid, _ = _noticed(ctx)
    gone_title, gone_public, later_title = marker("gone"), marker("gonepublic"), marker("later")
    gone = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Sak {gone_title}"))
    meetings.update_case(ctx, _closing(gone.id, f"Personalsak {gone_public}"))
    meetings.remove_case(ctx, gone.id)
    later = meetings.add_case(ctx, CaseIn(meeting_id=mid, title=f"Sak {later_title}"))
    if ctx_is_sqlite(ctx):
        assert later.id == gone.id  # the case this test is about

    internal = [c.description for c in meetings.notice_changes(ctx, mid)]
    assert internal[0] == f"Ny sak {gone.label}: Sak {gone_title}"
    assert internal[-1] == f"Ny sak {later.label}: Sak {later_title}"
    public = [c.description for c in meetings.notice_changes(ctx, mid, public=True)]
    assert public[0] == f"Ny sak {gone.label}: Personalsak {gone_public}"
    assert public[-1] == f"Ny sak {later.label}: Sak {later_title}"  # never closed: public
    assert_clean([gone_title], {"public notice": meeting_pdf(ctx, "notice", mid, public=True)})


def ctx_is_sqlite(ctx: Context) -> bool:
    return ctx.db.url.get_backend_name() == "sqlite"
