"""The attendance timeline (A-1): who sits in which case, derived from events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from dvmeet.domain.enums import AttendanceKind


class TimelineEvent(NamedTuple):
    """One event; ``at_position`` is the position of the case it happened at (None: start).

    An arrival at a case counts for that case; a departure at a case means the person
    was not there for it. A deputy (DEPUTY) sits for ``for_person`` from then on.

    A named tuple (issue 21): a meeting's timeline is built for every vote and every act
    of attendance, and a tuple is made and read several times faster than a dataclass.
    """

    sequence: int
    person_id: int
    kind: AttendanceKind
    at_position: int | None = None
    for_person: int | None = None


_SEATED = (AttendanceKind.PRESENT, AttendanceKind.ARRIVED)
_GONE = (AttendanceKind.FORFALL, AttendanceKind.LEFT)


def _in_order(ev: EventFields) -> tuple[int, int]:
    """The timeline's order: the case's position (the start as 0), then the sequence."""
    return (ev[3] or 0, ev[0])


# An event as a plain tuple of TimelineEvent's fields (a TimelineEvent is one): a vote
# reads the meeting's whole timeline, and a named tuple per event costs more than the rule.
EventFields = tuple[int, int, AttendanceKind, int | None, int | None]


def present_at(events: Iterable[EventFields], position: int) -> dict[int, int]:
    """A-1: who is present at the case at ``position``: {person: person whose seat}.

    Members sit in their own seat (value = themselves); a deputy sits in the seat of the
    member they meet for. When a member arrives while a deputy sits for them, the member
    takes the seat back and the deputy leaves it.
    """
    seat_of: dict[int, int] = {}
    deputies: set[int] = set()  # those in seat_of sitting in another's seat
    for _sequence, person, kind, at, for_person in sorted(events, key=_in_order):
        if at is not None and at > position:
            break
        if kind in _SEATED:
            if deputies:
                for deputy in [d for d in deputies if seat_of[d] == person]:
                    del seat_of[deputy]
                    deputies.discard(deputy)
                deputies.discard(person)
            seat_of[person] = person
        elif kind in _GONE:
            seat_of.pop(person, None)
            deputies.discard(person)
        elif kind is AttendanceKind.DEPUTY and for_person is not None:
            if seat_of.get(for_person) == for_person:
                continue  # the member is here: the deputy does not take the seat
            seat_of[person] = for_person
            if for_person != person:
                deputies.add(person)
            else:
                deputies.discard(person)
    return seat_of
