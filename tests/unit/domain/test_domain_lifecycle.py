"""Where a meeting and its cases stand (dvmeet.domain.lifecycle): the rules asked by
services and UI alike."""

from __future__ import annotations

import datetime as dt

import pytest

from dvmeet.domain import lifecycle
from dvmeet.domain.enums import CaseKind, MeetingForm, MeetingKind, MeetingStatus, Role
from dvmeet.services.meetings.models import CaseOut, MeetingOut

S = MeetingStatus


@pytest.mark.parametrize(
    ("status", "before", "ended"),
    [
        (S.PLANNED, True, False),
        (S.NOTICE_SENT, True, False),
        (S.IN_PROGRESS, False, False),
        (S.HELD, False, True),
        (S.APPROVED, False, True),
    ],
)
def test_before_and_after_the_meeting(status: MeetingStatus, before: bool, ended: bool) -> None:
    assert lifecycle.before_meeting(status) is before
    assert lifecycle.meeting_ended(status) is ended


@pytest.mark.parametrize("status", list(S))
def test_the_plan_is_editable_only_before_the_meeting_and_never_frozen(
    status: MeetingStatus,
) -> None:
    assert lifecycle.plan_editable(status, frozen=False) is (status in (S.PLANNED, S.NOTICE_SENT))
    assert lifecycle.plan_editable(status, frozen=True) is False


@pytest.mark.parametrize("status", list(S))
def test_minutes_are_frozen_when_approved_or_marked_frozen(status: MeetingStatus) -> None:
    """B-3."""
    assert lifecycle.minutes_frozen(status, frozen=False) is (status is S.APPROVED)
    assert lifecycle.minutes_frozen(status, frozen=True) is True


def test_shown_title_of_a_closed_case() -> None:
    """O-2: a closed case shows its public title; an open one, or one without a public
    title, its own title."""
    assert lifecycle.shown_title("Tilsetjing av dagleg leiar", "Tilsetjingssak", True) == (
        "Tilsetjingssak"
    )
    assert lifecycle.shown_title("Budsjett", "Anna", False) == "Budsjett"
    assert lifecycle.shown_title("Budsjett", None, True) == "Budsjett"
    assert lifecycle.shown_title("Budsjett", "", True) == "Budsjett"


LEIAR, NESTLEIAR, MEDLEM = 1, 2, 3
HOLDERS = [(Role.MEDLEM, MEDLEM), (Role.NESTLEIAR, NESTLEIAR), (Role.LEIAR, LEIAR)]


def test_chair_recorded_for_the_case_wins() -> None:
    """C-1: the chair is recorded per case."""
    assert lifecycle.chair_of_case(MEDLEM, HOLDERS, {LEIAR, NESTLEIAR}) == MEDLEM
    assert lifecycle.chair_of_case(MEDLEM, HOLDERS, set()) == MEDLEM


def test_leiar_then_nestleiar_then_nobody() -> None:
    """C-1: the leiar chairs; if absent, the nestleiar; if both absent, nobody (elect one)."""
    assert lifecycle.chair_of_case(None, HOLDERS, {LEIAR, NESTLEIAR, MEDLEM}) == LEIAR
    assert lifecycle.chair_of_case(None, HOLDERS, {NESTLEIAR, MEDLEM}) == NESTLEIAR
    assert lifecycle.chair_of_case(None, HOLDERS, {MEDLEM}) is None
    assert lifecycle.chair_of_case(None, [], {MEDLEM}) is None


def test_the_ad_hoc_chair_goes_on_while_leiar_and_nestleiar_are_away() -> None:
    """C-1: the chair the body elected for an earlier case chairs the next one too, the
    latest first, while present and while neither leiar nor nestleiar is there."""
    other = 4
    assert lifecycle.chair_of_case(None, HOLDERS, {MEDLEM, other}, [other, MEDLEM]) == MEDLEM
    assert lifecycle.chair_of_case(None, HOLDERS, {other}, [other, MEDLEM]) == other
    assert lifecycle.chair_of_case(None, HOLDERS, {NESTLEIAR, MEDLEM}, [MEDLEM]) == NESTLEIAR
    assert lifecycle.chair_of_case(None, HOLDERS, {other}, [MEDLEM]) is None


def _case(closed: bool, public_title: str | None) -> CaseOut:
    return CaseOut(
        id=1,
        meeting_id=1,
        kind=CaseKind.PS,
        number=1,
        year=2025,
        label="PS 001/25",
        heading="Sak 001/25",
        standing=None,
        title="Tilsetjing",
        public_title=public_title,
        closed=closed,
        closure_basis=None,
        closure_reference=None,
        recommendation=None,
        description=None,
        preparer_person_id=None,
        preparer_name=None,
        document_version_id=None,
        position=1,
        added_in_meeting=False,
        qualified_majority=False,
        is_election=False,
        chair_person_id=None,
    )


def _meeting(status: MeetingStatus, frozen: bool) -> MeetingOut:
    return MeetingOut(
        id=1,
        body_code="RS",
        body_name="Representantskapet",
        kind=MeetingKind.ORDINARY,
        title=None,
        date=dt.date(2025, 3, 1),
        start_time=dt.time(10, 0),
        end_time=None,
        place="Bergen",
        form=MeetingForm.FYSISK,
        status=status,
        frozen=frozen,
        demanded_by=None,
        secretariat=None,
        notice_remarks=None,
        notice_sent_at=None,
        opened_at=None,
        closed_at=None,
        cases=[],
    )


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("frozen", [False, True])
def test_meeting_out_answers_from_the_domain(status: MeetingStatus, frozen: bool) -> None:
    """The UI reads these fields instead of deriving the rule itself."""
    m = _meeting(status, frozen)
    assert m.editable is lifecycle.plan_editable(status, frozen)
    assert m.minutes_frozen is lifecycle.minutes_frozen(status, frozen)
    assert m.ended is lifecycle.meeting_ended(status)


def test_case_out_shown_title() -> None:
    assert _case(True, "Personalsak").shown_title == "Personalsak"
    assert _case(False, "Personalsak").shown_title == "Tilsetjing"
