"""The speakers' list as the front ends see it: inputs and read models."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dvmeet.domain.speakers import SpeakerKind
from dvmeet.services.models import In, Out


class SpeakerIn(In):
    """Put a member on a case's list: an innlegg at the end of the queue, or a replikk to
    the innlegg on the floor (taken before the next innlegg)."""

    case_id: int
    person_id: int
    kind: SpeakerKind = SpeakerKind.INNLEGG


class SpeakerActIn(In):
    """Act on one turn (start, stop, remove) as the user saw it."""

    entry_id: int
    expected_version: int | None = None


class MoveSpeakerIn(In):
    """Move a waiting turn one place up (-1) or down (+1) in the queue."""

    entry_id: int
    step: int = Field(ge=-1, le=1)
    expected_version: int | None = None


class SpeakerSettingsIn(In):
    """A body's rules for the speakers' list. `expected_version` 0: no settings were
    read (the body had none)."""

    body_code: str = Field(min_length=1, max_length=16)
    innlegg_seconds: int | None = Field(default=None, ge=1, le=24 * 3600)
    replikk_seconds: int | None = Field(default=None, ge=1, le=24 * 3600)
    max_replikkar: int | None = Field(default=None, ge=0, le=100)
    in_minutes: bool = False
    expected_version: int | None = None


class SpeakerSettingsOut(Out):
    body_code: str
    body_name: str
    innlegg_seconds: int | None
    replikk_seconds: int | None
    max_replikkar: int | None
    in_minutes: bool
    version: int  # 0: no settings stored yet


class SpeakerOut(Out):
    """One turn, with the time on the floor counted from the stored times."""

    id: int
    version: int
    person_id: int
    name: str
    municipality: str | None
    kind: SpeakerKind
    kind_word: str
    position: int
    replying_to_id: int | None
    replying_to_name: str | None
    requested_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    elapsed_seconds: int
    limit_seconds: int | None
    over_limit: bool


class SpeakerCandidate(Out):
    """A member present in the case, who may ask for the floor; `seat` is the place of
    the seat in the body's seat order (as the roll call and the vote grid list them)."""

    seat: int
    person_id: int
    name: str
    municipality: str | None
    municipality_number: str | None


class SpeakersOut(Out):
    """A case's speakers' list: who has the floor, the queue in order, who has spoken,
    and who may ask for the floor, as read at `read_at`."""

    meeting_id: int
    case_id: int
    case_label: str
    case_closed: bool
    meeting_running: bool
    settings: SpeakerSettingsOut
    current: SpeakerOut | None
    queue: list[SpeakerOut]
    held: list[SpeakerOut]
    candidates: list[SpeakerCandidate]
    read_at: dt.datetime
    # the innlegg a replikk now replies to, and how many more replikkar it may have
    replikk_to: SpeakerOut | None
    replikkar_left: int | None
