"""A first look at a database file before the core is loaded: the meeting list, read-only.

Importing SQLAlchemy and pydantic and opening the database properly (lock, checks,
backups, migrations) takes the better part of a second; the desktop app shows the
meeting list from this module in the meantime. Standard library only. Anything unusual
(no file, another schema revision, a damaged file) gives None, and the app waits for the
proper open, which explains the problem. Nothing is ever written to the file.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from dvmeet.domain.enums import MeetingForm, MeetingKind, MeetingStatus
from dvmeet.errors import DvmeetError
from dvmeet.paths import default_database_path

DEFAULT_BODY = "RS"


@dataclass(frozen=True)
class MeetingRow:
    """The fields of services.meetings.models.MeetingSummary, same names and types."""

    id: int
    body_code: str
    date: dt.date
    start_time: dt.time
    place: str
    form: MeetingForm
    kind: MeetingKind
    status: MeetingStatus
    title: str | None
    case_count: int


class _Dated(Protocol):
    @property
    def date(self) -> dt.date: ...


Dated = TypeVar("Dated", bound=_Dated)


def opening_meeting(rows: Sequence[Dated], today: dt.date) -> Dated | None:
    """The meeting the Møte view opens with: the next one (today's included), else the
    last; `rows` in date order."""
    upcoming = [r for r in rows if r.date >= today]
    return upcoming[0] if upcoming else (rows[-1] if rows else None)


@dataclass(frozen=True)
class MeetingListPeek:
    path: Path
    bodies: list[tuple[str, str]]  # (code, name) ordered by code, as registry.list_bodies
    body_code: str
    year: int
    meetings: list[MeetingRow]

    @property
    def body_name(self) -> str:
        return dict(self.bodies)[self.body_code]


def plain_sqlite_path(target: str | Path | None) -> Path | None:
    """The file a plain path (or the default) names; None for a database URL."""
    if target is None:
        target = os.environ.get("DVMEET_DATABASE_URL") or default_database_path()
    text = str(target)
    if "://" in text:
        return None
    return Path(text).expanduser().absolute()


def choose_body(codes: list[str], wanted: str | None) -> str | None:
    """The body the Møte view starts with: the one last chosen, else RS, else the first."""
    for code in (wanted, DEFAULT_BODY):
        if code in codes:
            return code
    return codes[0] if codes else None


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    # With no -wal or -journal beside it the file holds everything: read it as immutable,
    # so that not even a -shm file is made. Otherwise a read-only open sees the WAL too.
    sidecars = (path.with_name(path.name + s) for s in ("-wal", "-journal"))
    immutable = "" if any(p.exists() for p in sidecars) else "&immutable=1"
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True)) as conn:
        yield conn


def peek_meeting_list(path: Path, body_code: str | None, year: int) -> MeetingListPeek | None:
    """The meetings of `body_code` (or the default body) in `year`, or None."""
    from dvmeet.db.revisions import head_revision

    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        with _read_only(path) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head_revision():
                return None  # opening it properly migrates it, or refuses it
            bodies = [
                (str(code), str(name))
                for code, name in conn.execute("SELECT code, name FROM body ORDER BY code")
            ]
            chosen = choose_body([code for code, _name in bodies], body_code)
            if chosen is None:
                return None
            meetings = [_meeting(chosen, r) for r in conn.execute(_MEETINGS, (chosen, str(year)))]
    except (sqlite3.Error, ValueError, DvmeetError):
        return None
    return MeetingListPeek(path, bodies, chosen, year, meetings)


# Same rows and order as services.meetings.list_meetings (a test compares the two).
_MEETINGS = """
SELECT m.id, m.date, m.start_time, m.place, m.form, m.kind, m.status, m.title,
       (SELECT count(*) FROM agenda_case c WHERE c.meeting_id = m.id)
FROM meeting m JOIN body b ON b.id = m.body_id
WHERE b.code = ? AND substr(m.date, 1, 4) = ?
ORDER BY m.date, m.id
"""


def _meeting(body_code: str, r: tuple[object, ...]) -> MeetingRow:
    meeting_id, date, start, place, form, kind, status, title, count = r
    return MeetingRow(
        id=int(str(meeting_id)),
        body_code=body_code,
        date=dt.date.fromisoformat(str(date)),
        start_time=dt.time.fromisoformat(str(start)),
        place=str(place),
        form=MeetingForm(str(form)),
        kind=MeetingKind(str(kind)),
        status=MeetingStatus(str(status)),
        title=None if title is None else str(title),
        case_count=int(str(count)),
    )
