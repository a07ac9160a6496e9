"""Where a meeting and its cases stand: the rules services and UI both ask.

Pure functions on plain values (a status, a flag, ids), each written once:
whether the meeting's plan may still change, whether its minutes are frozen (B-3), what a
public output calls a closed case (O-2) and who chairs a case (C-1).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from dvmeet.domain.enums import MeetingStatus, Role
from dvmeet.domain.roles import CHAIRING

BEFORE_MEETING = frozenset({MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT})
ENDED = frozenset({MeetingStatus.HELD, MeetingStatus.APPROVED})


def before_meeting(status: MeetingStatus) -> bool:
    """The meeting has not been opened: planned, or the notice has gone out."""
    return status in BEFORE_MEETING


def meeting_ended(status: MeetingStatus) -> bool:
    """The meeting has been closed (held), or its minutes approved."""
    return status in ENDED


def plan_editable(status: MeetingStatus, frozen: bool) -> bool:
    """The meeting can still be edited: its case list and cases may change (before the
    meeting is opened, and never once frozen)."""
    return before_meeting(status) and not frozen


def minutes_frozen(status: MeetingStatus, frozen: bool) -> bool:
    """B-3: approved minutes and everything they record are frozen."""
    return frozen or status is MeetingStatus.APPROVED


def shown_title(title: str, public_title: str | None, closed: bool) -> str:
    """O-2: the title a public output shows: a closed case's public title, if it has one."""
    return public_title if closed and public_title else title


def chair_of_case(
    chair_person_id: int | None,
    holders: Iterable[tuple[Role, int]],
    present: Collection[int],
    earlier_chairs: Sequence[int] = (),
) -> int | None:
    """C-1: the person recorded as chair of the case; else the leiar if present; else the
    nestleiar if present; else the ad hoc chair the body elected for an earlier case of
    the meeting, while present (the latest first); else nobody (one must be elected).

    `holders` are (role, person) of the body's seats on the meeting's date;
    `earlier_chairs` the chairs recorded for the meeting's earlier cases, in order."""
    if chair_person_id is not None:
        return chair_person_id
    held = list(holders)
    for role in CHAIRING:
        for holder_role, person in held:
            if holder_role is role and person in present:
                return person
    for person in reversed(earlier_chairs):
        if person in present:
            return person
    return None


def case_label(prefix: str | None, kind: str, number: int, year: int) -> str:
    """A case's label on the list and in every document: the body's prefix (if any), the
    kind, the number in the year's series and the year («RS PS 004/25»)."""
    lead = f"{prefix} " if prefix else ""
    return f"{lead}{kind} {number:03d}/{year % 100:02d}"
