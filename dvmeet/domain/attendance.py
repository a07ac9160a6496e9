"""The attendance timeline (A-1): who sits in which case, derived from events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dvmeet.domain.enums import AttendanceKind


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event; ``at_position`` is the position of the case it happened at (None: start).

    An arrival at a case counts for that case; a departure at a case means the person
    was not there for it. A deputy (DEPUTY) sits for ``for_person`` from then on.
    """

    sequence: int
    person_id: int
    kind: AttendanceKind
    at_position: int | None = None
    for_person: int | None = None


def present_at(events: Iterable[TimelineEvent], position: int) -> dict[int, int]:
    """A-1: who is present at the case at ``position``: {person: person whose seat}.

    Members sit in their own seat (value = themselves); a deputy sits in the seat of the
    member they meet for. When a member arrives while a deputy sits for them, the member
    takes the seat back and the deputy leaves it.
    """
    ordered = sorted(events, key=lambda e: (e.at_position or 0, e.sequence))
    seat_of: dict[int, int] = {}
    deputies: set[int] = set()  # those in seat_of sitting in another's seat
    for ev in ordered:
        if ev.at_position is not None and ev.at_position > position:
            break
        if ev.kind in (AttendanceKind.PRESENT, AttendanceKind.ARRIVED):
            for deputy in [d for d in deputies if seat_of[d] == ev.person_id]:
                del seat_of[deputy]
                deputies.discard(deputy)
            seat_of[ev.person_id] = ev.person_id
            deputies.discard(ev.person_id)
        elif ev.kind in (AttendanceKind.FORFALL, AttendanceKind.LEFT):
            seat_of.pop(ev.person_id, None)
            deputies.discard(ev.person_id)
        elif ev.kind is AttendanceKind.DEPUTY and ev.for_person is not None:
            if ev.for_person in seat_of and seat_of[ev.for_person] == ev.for_person:
                continue  # the member is here: the deputy does not take the seat
            seat_of[ev.person_id] = ev.for_person
            if ev.for_person != ev.person_id:
                deputies.add(ev.person_id)
            else:
                deputies.discard(ev.person_id)
    return seat_of
