"""The offline meeting file's inputs and outputs (issue 18)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from dvmeet.services.models import In


class CheckoutIn(In):
    meeting_id: int
    file: Path
    # The meeting's version the user saw; None: whatever it is now.
    expected_version: int | None = None
    # Replace a file that is there already (the save dialog asked).
    overwrite: bool = False


class CheckoutState(StrEnum):
    OUT = "out"
    IN = "in"
    CANCELLED = "cancelled"


class CheckoutOut(BaseModel):
    """A meeting taken out to a meeting file, as the main database records it."""

    meeting_id: int
    meeting_version: int
    file_name: str
    taken_by: str
    taken_at: dt.datetime
    content_hash: str
    state: CheckoutState
    ended_at: dt.datetime | None
    ended_by: str | None


class MeetingFileOut(BaseModel):
    """What a meeting file says about itself (its manifest)."""

    meeting_id: int
    meeting_title: str
    meeting_date: dt.date
    meeting_version: int
    origin_name: str
    origin_uid: str
    taken_by: str
    taken_at: dt.datetime


class Side(StrEnum):
    HOME = "home"  # «Behald heime»
    FILE = "file"  # «Bruk fila»


class ConflictOut(BaseModel):
    """One thing changed at home after the checkout: the secretariat picks the side."""

    key: str  # what `CheckinIn.choices` names it by
    what: str  # in words: the record and the field
    at_checkout: str | None
    home: str | None
    file: str | None


class CheckinCounts(BaseModel):
    """What the checkin adds or changes, by kind of record (nynorsk words as keys)."""

    added: dict[str, int]
    changed: dict[str, int]
    removed: dict[str, int]


class CheckinPreviewOut(BaseModel):
    meeting_id: int
    meeting_title: str
    file: MeetingFileOut
    counts: CheckinCounts
    lines: list[str]  # the preview in words, one line each
    file_events: int  # audit events of the file carried over
    conflicts: list[ConflictOut]


class CheckinIn(In):
    file: Path
    # Per conflict key: which side wins. Needed for every conflict, or nothing is done.
    choices: dict[str, Side] = {}


class CheckinOut(BaseModel):
    meeting_id: int
    counts: CheckinCounts
    file_events: int
    conflicts_resolved: int


class OfflineStatusOut(BaseModel):
    """What the Møte menu shows: the open database is a meeting file (its manifest), and
    the chosen meeting is out on a file (its checkout)."""

    meeting_file: MeetingFileOut | None
    checkout: CheckoutOut | None
