"""The demo's meetings to practise on (issue 16): one planned for next week with its case
papers and the notice not sent, one under way today that the console resumes; the
distribution lists and the archive references. SQLite and PostgreSQL (DVMEET_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from dvmeet.domain.enums import MeetingStatus, SeatStatus
from dvmeet.domain.mail import RecipientKind
from dvmeet.services import archive, console, mail, meetings, papers, voting
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database, fill_demo


def test_demo_has_a_planned_meeting_next_week_and_one_under_way(ctx: Context) -> None:
    summary = fill_demo(ctx, years=1, agreement=False)
    today = dt.date.today()
    listed = meetings.list_meetings(ctx, None, None)
    ahead = [m for m in listed if m.date > today]
    running = [m for m in listed if m.status is MeetingStatus.IN_PROGRESS]
    assert {m.status for m in listed} == {
        MeetingStatus.APPROVED,
        MeetingStatus.IN_PROGRESS,
        MeetingStatus.PLANNED,
    }

    # Planned: the next weekday at least a week ahead, the notice not sent, case papers.
    [planned] = ahead
    assert planned.id == summary.planned_meeting_id
    assert planned.status is MeetingStatus.PLANNED
    assert planned.date.weekday() < 5
    assert 7 <= (planned.date - today).days <= 9
    skipped = [today + dt.timedelta(days=n) for n in range(7, (planned.date - today).days)]
    assert all(d.weekday() >= 5 for d in skipped)  # only a weekend between
    detail = meetings.get_meeting(ctx, planned.id)
    assert detail.notice_sent_at is None and detail.opened_at is None
    own = [c for c in detail.cases if c.standing is None]
    assert len(own) == 3
    for case in own:
        paper = papers.get_paper(ctx, case.id)
        assert paper.version >= 1 and not paper.from_template
        assert paper.background and paper.assessment and paper.recommendation
    attached = [a for c in own for a in papers.list_attachments(ctx, c.id) if not a.automatic]
    [attachment] = attached
    pdf = PdfReader(io.BytesIO(papers.attachment_content(ctx, attachment.id)))
    assert "Statusrapport for skyløysingar" in pdf.pages[0].extract_text()

    # Under way today: the one the console resumes, at a case with a vote half typed in.
    [meeting] = running
    assert meeting.date == today and meeting.id == summary.running_meeting_id
    assert console.meeting_in_progress(ctx) == meeting.id
    snap = console.console_snapshot(ctx, meeting.id)
    assert snap.meeting.notice_sent_at is not None and snap.meeting.opened_at is not None
    holders = [h for seat in snap.roll.seats_list for h in seat.members + seat.deputies]
    assert [h.status for h in holders].count(SeatStatus.FORFALL) == 1
    [deputy] = [h for h in holders if h.status is SeatStatus.DEPUTY_FOR]
    assert deputy.meeting_for_person_id in {
        h.person_id for h in holders if h.status is SeatStatus.FORFALL
    }
    assert snap.case is not None and snap.case.decision is None
    assert snap.case.draft is not None and snap.case.draft.ballots
    assert snap.case.draft.proposal_id in {p.id for p in snap.case.proposals}
    decided = {d.case_id for d in voting.decisions(ctx, meeting.id)}
    first_own = next(c for c in snap.meeting.cases if c.standing is None)
    assert first_own.id in decided and snap.current_case_id not in decided

    # The lists: post addresses of the participants, observers and copy recipients.
    rs = mail.distribution_list(ctx, "RS")
    kinds = [e.kind for e in rs.entries]
    assert kinds.count(RecipientKind.POST) == 40
    assert RecipientKind.OBSERVER in kinds and RecipientKind.COPY in kinds
    post = [e.email for e in rs.entries if e.kind is RecipientKind.POST]
    assert "post@bergen.kommune.no" in post and all(
        e and e.startswith("post@") and e.endswith(".kommune.no") for e in post
    )

    # Archive references for each approved meeting and its own cases; none for the two.
    for m in listed:
        refs = archive.archive_references(ctx, m.id)
        standing = {c.id for c in meetings.get_meeting(ctx, m.id).cases if c.standing}
        own_refs = [r for r in refs.cases if r.case_id not in standing]
        if m.status is MeetingStatus.APPROVED:
            assert refs.meeting.case_number and all(r.case_number for r in own_refs)
        else:
            assert refs.meeting.version == 0 and not any(r.version for r in refs.cases)

    report = check_database(ctx)
    assert not report.problems, report.problems


def test_demo_without_practice_has_only_held_meetings(ctx: Context) -> None:
    summary = fill_demo(ctx, years=0, agreement=False, practice=False)
    listed = meetings.list_meetings(ctx, None, None)
    assert [m.status for m in listed] == [MeetingStatus.APPROVED]
    assert summary.planned_meeting_id is None and console.meeting_in_progress(ctx) is None
