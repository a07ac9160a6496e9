"""Facts from the database (M-5 objectors), kept warnings (R-1, O-1, M-7 for an
administrative body), elections of several (Q-4, M-7), corrections (B-3), public
decisions of closed cases (O-2) and the body's decision to close the meeting (O-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_setup import make_body, plan, running, snapshot_all
from sqlalchemy.engine import URL

from dvmeet.domain.enums import BodyKind
from dvmeet.errors import InvalidInput, RuleRefused
from dvmeet.services import attendance, meetings, warnings
from dvmeet.services.attendance.models import DeputyIn, ForfallIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import AddCaseInMeetingIn, CaseIn


# --- M-5: who is present comes from the attendance; objectors are named -----------------


def _new_case(meeting_id: int, title: str = "Ny sak") -> CaseIn:
    return CaseIn(meeting_id=meeting_id, title=title, recommendation="Teke til orientering.")


def test_m5_counts_those_present_from_the_attendance(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    # 6 of 7 present: two objectors are a third of those present, one is not
    meeting, _ = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused, match="2 av 6 møtande medlemer"):
        meetings.add_case_in_meeting(
            ctx,
            AddCaseInMeetingIn(
                case=_new_case(meeting.id), objecting=[body.member(2), body.member(3)]
            ),
        )
    assert snapshot_all(database_url) == before
    added = meetings.add_case_in_meeting(
        ctx, AddCaseInMeetingIn(case=_new_case(meeting.id), objecting=[body.member(2)])
    )
    assert added.added_in_meeting


def test_m5_objectors_must_be_present_and_named_once(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    meeting, _ = running(ctx, body, present=body.members[:6], forfall=[body.member(6)])
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput) as absent:
        meetings.add_case_in_meeting(
            ctx, AddCaseInMeetingIn(case=_new_case(meeting.id), objecting=[body.member(6)])
        )
    assert str(absent.value) == (
        "Berre medlemer som møter, kan setje seg imot at saka vert avgjord. "
        "Møter ikkje no: RS Person 4615-0."
    )
    with pytest.raises(InvalidInput) as twice:
        meetings.add_case_in_meeting(
            ctx,
            AddCaseInMeetingIn(
                case=_new_case(meeting.id), objecting=[body.member(2), body.member(2)]
            ),
        )
    assert str(twice.value) == (
        "Same person er nemnd fleire gonger blant dei som set seg imot: RS Person 4611-0."
    )
    assert snapshot_all(database_url) == before


def test_m5_only_in_a_running_meeting(ctx: Context) -> None:
    body = make_body(ctx)
    planned = plan(ctx, body)
    with pytest.raises(Exception, match="berre leggjast til i møtet når møtet er i gang"):
        meetings.add_case_in_meeting(ctx, AddCaseInMeetingIn(case=_new_case(planned.id)))


# --- Warnings are kept ------------------------------------------------------------------


def test_r1_deputy_from_another_municipality_is_kept(ctx: Context) -> None:
    """The kommunedirektørmøte (administrative) accepts a deputy from another municipality;
    the R-1 warning is stored with the meeting and listed for the secretariat."""
    body = make_body(ctx, "KDM", kind=BodyKind.ADMINISTRATIVE)
    meeting, (case,) = running(ctx, body, present=body.members[1:], day=dt.date(2025, 3, 12))
    attendance.mark_forfall(ctx, ForfallIn(meeting_id=meeting.id, person_id=body.member(0)))
    # the deputy of municipality 2 meets for the member of municipality 1
    attendance.call_deputy(
        ctx,
        DeputyIn(
            meeting_id=meeting.id,
            deputy_person_id=body.deputy(1),
            for_person_id=body.member(0),
            case_id=case.id,
        ),
    )
    kept = warnings.meeting_warnings(ctx, meeting.id)
    assert [(w.rule_id, w.case_label, w.action) for w in kept] == [
        ("R-1", case.label, "attendance.deputy")
    ]
    assert kept[0].message.startswith("Varamedlemen er vald for ein annan deltakarkommune")
    listed = warnings.all_warnings(ctx)
    assert [w.id for w in listed] == [kept[0].id]
    assert listed[0].body_name == "Organ KDM"
    assert warnings.all_warnings(ctx, "KDM") == listed


def test_o1_closed_case_without_basis_is_kept_once(ctx: Context) -> None:
    """O-1: an administrative body's closed case without a legal basis is a warning, kept
    with the case when added and not again when the same finding recurs."""
    body = make_body(ctx, "KDM", kind=BodyKind.ADMINISTRATIVE)
    meeting = plan(ctx, body)
    case = meetings.add_case(
        ctx, CaseIn(meeting_id=meeting.id, title="Lukka", public_title="Sak", closed=True)
    )
    meetings.update_case(ctx, meetings_update(case.id, "Lukka sak"))
    kept = warnings.meeting_warnings(ctx, meeting.id)
    assert [(w.rule_id, w.case_id) for w in kept] == [("O-1", case.id)]


def meetings_update(case_id: int, title: str):  # type: ignore[no-untyped-def]
    from dvmeet.services.meetings.models import UpdateCaseIn

    return UpdateCaseIn(case_id=case_id, title=title)


def test_an_elected_body_refuses_and_keeps_nothing(ctx: Context, database_url: URL) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body)
    before = snapshot_all(database_url)
    with pytest.raises(RuleRefused):
        meetings.add_case(
            ctx, CaseIn(meeting_id=meeting.id, title="Lukka", public_title="Sak", closed=True)
        )
    assert snapshot_all(database_url) == before
    assert warnings.meeting_warnings(ctx, meeting.id) == []
