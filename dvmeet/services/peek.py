"""A first look at a database file before the core is loaded: what the Møte view shows
when it opens, read-only.

Importing SQLAlchemy and pydantic and opening the database properly (lock, checks,
backups, migrations) takes the better part of a second; the desktop app builds the Møte
view from this module in the meantime: the bodies, the year's meeting list and the
meeting the view opens with (its facts, the rules' findings and its case list), the same
values the services give (tests/unit/test_peek.py compares them). Standard library and
the pure domain rules only. Anything unusual (no file, another schema revision, a damaged
file, a file that cannot be written, a meeting under way, a meeting out on a meeting file)
gives None, and the app waits for the proper open, which explains the problem or says so.
Nothing is ever written to the file.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from dvmeet.domain import lifecycle
from dvmeet.domain.enums import (
    BodyKind,
    CaseKind,
    ClosureBasis,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    StandingCase,
)
from dvmeet.domain.legal import format_reference
from dvmeet.domain.meeting_plan import PlannedCase, meeting_findings
from dvmeet.domain.verdict import RuleFinding, Severity
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
class FindingRow:
    """services.meetings.models.Finding: what the rules say, as the view shows it."""

    rule_id: str
    severity: str  # "refusal", "warning", "info"
    message: str


@dataclass(frozen=True)
class CaseRow:
    """The fields of services.meetings.models.CaseOut the case list shows, same names."""

    id: int
    meeting_id: int
    kind: CaseKind
    label: str  # "PS 001/25"
    standing: StandingCase | None
    title: str
    public_title: str | None
    closed: bool
    closure_basis: ClosureBasis | None
    closure_reference: str | None
    recommendation: str | None
    preparer_person_id: int | None
    preparer_name: str | None
    document_version_id: int | None
    position: int


@dataclass(frozen=True)
class MeetingDetail:
    """The fields of services.meetings.models.MeetingOut the view shows at open."""

    id: int
    body_code: str
    body_name: str
    kind: MeetingKind
    title: str | None
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    place: str
    form: MeetingForm
    status: MeetingStatus
    frozen: bool
    demanded_by: str | None
    notice_sent_at: dt.datetime | None
    cases: list[CaseRow]
    warnings: list[FindingRow]
    version_labels: dict[int, str]  # the document versions the cases name: their labels

    @property
    def editable(self) -> bool:
        return lifecycle.plan_editable(self.status, self.frozen)

    @property
    def minutes_frozen(self) -> bool:
        return lifecycle.minutes_frozen(self.status, self.frozen)

    @property
    def ended(self) -> bool:
        return lifecycle.meeting_ended(self.status)


@dataclass(frozen=True)
class MeetingListPeek:
    path: Path
    bodies: list[tuple[str, str]]  # (code, name) ordered by code, as registry.list_bodies
    body_code: str
    year: int
    meetings: list[MeetingRow]
    opening: MeetingDetail | None = None  # the meeting the view opens with (today's date)

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


def peek_meeting_list(
    path: Path, body_code: str | None, year: int, today: dt.date | None = None
) -> MeetingListPeek | None:
    """The meetings of `body_code` (or the default body) in `year`, and the one the view
    opens with on `today` (default: today), or None."""
    from dvmeet.db.readonly import file_read_only_reason
    from dvmeet.db.revisions import head_revision

    if not path.is_file() or path.stat().st_size == 0:
        return None
    if file_read_only_reason(path) is not None:
        return None  # opened for reading only, with its notice: left to the proper open
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
            if conn.execute(_UNUSUAL).fetchone() is not None:
                return None  # the console opens at start, or a meeting is out on a file
            first = opening_meeting(meetings, today or dt.date.today())
            opening = _detail(conn, first.id) if first is not None else None
    except (sqlite3.Error, ValueError, KeyError, DvmeetError):
        return None
    return MeetingListPeek(path, bodies, chosen, year, meetings, opening)


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


# A meeting under way opens the console at start; one out on a meeting file is marked in
# the list and locked on the view: both are left to the proper open.
_UNUSUAL = """
SELECT 1 FROM meeting WHERE status = 'in_progress'
UNION ALL SELECT 1 FROM offline_checkout WHERE state = 'out'
LIMIT 1
"""

_DETAIL = """
SELECT m.id, b.code, b.name, m.kind, m.title, m.date, m.start_time, m.end_time, m.place,
       m.form, m.status, m.frozen, m.demanded_by, m.notice_sent_at,
       b.id, b.kind, b.notice_days, b.remote_allowed, b.case_prefix
FROM meeting m JOIN body b ON b.id = m.body_id
WHERE m.id = ?
"""

# Same order as services._records.meeting_cases.
_CASES = """
SELECT c.id, c.kind, c.number, c.year, c.standing, c.title, c.public_title, c.closed,
       c.closure_basis, c.closure_note, c.recommendation, c.preparer_person_id, p.name,
       c.document_version_id, c.position
FROM agenda_case c LEFT JOIN person p ON p.id = c.preparer_person_id
WHERE c.meeting_id = ?
ORDER BY c.position
"""

# As services._records.body_person_ids.
_SEATED = """
SELECT DISTINCT person_id FROM membership
WHERE body_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)
"""

_KEPT = "SELECT rule_id, message, case_id FROM rule_warning WHERE meeting_id = ? ORDER BY id"

_VERSIONS = """
SELECT v.id, v.version_no, v.note, d.title
FROM document_version v JOIN governing_document d ON d.id = v.document_id
WHERE v.id IN (SELECT document_version_id FROM agenda_case WHERE meeting_id = ?)
"""


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _when(value: object) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(str(value))


def _detail(conn: sqlite3.Connection, meeting_id: int) -> MeetingDetail:
    row = conn.execute(_DETAIL, (meeting_id,)).fetchone()
    if row is None:
        raise KeyError(meeting_id)
    (mid, code, name, kind, title, date, start, end, place, form, status, frozen, demanded,
     sent, body_id, body_kind, notice_days, remote_allowed, prefix) = row  # fmt: skip
    cases = [_case(int(mid), str(prefix or ""), r) for r in conn.execute(_CASES, (mid,))]
    meeting = MeetingDetail(
        id=int(mid),
        body_code=str(code),
        body_name=str(name),
        kind=MeetingKind(str(kind)),
        title=_opt(title),
        date=dt.date.fromisoformat(str(date)),
        start_time=dt.time.fromisoformat(str(start)),
        end_time=None if end is None else dt.time.fromisoformat(str(end)),
        place=str(place),
        form=MeetingForm(str(form)),
        status=MeetingStatus(str(status)),
        frozen=bool(frozen),
        demanded_by=_opt(demanded),
        notice_sent_at=_when(sent),
        cases=cases,
        warnings=[],
        version_labels={
            int(vid): f"{doc}, versjon {no}" + (f" – {note}" if note else "")
            for vid, no, note, doc in conn.execute(_VERSIONS, (mid,))
        },
    )
    seated = {int(p) for (p,) in conn.execute(_SEATED, (body_id, str(date), str(date)))}
    now = _findings(
        meeting, BodyKind(str(body_kind)), int(notice_days), bool(remote_allowed), seated
    )
    seen = {(f.rule_id, f.message) for f in now}
    labels = {c.id: c.label for c in cases}
    kept = []
    for rule_id, message, case_id in conn.execute(_KEPT, (mid,)):
        text = f"{labels[case_id]}: {message}" if case_id in labels else str(message)
        if (rule_id, text) not in seen:
            kept.append(RuleFinding(str(rule_id), Severity.WARNING, text))
    shown = [FindingRow(f.rule_id, f.severity.value, f.message) for f in now + kept]
    return replace(meeting, warnings=shown)


def _case(meeting_id: int, prefix: str, r: tuple[object, ...]) -> CaseRow:
    (cid, kind, number, year, standing, title, public_title, closed, basis, note,
     recommendation, preparer, preparer_name, version, position) = r  # fmt: skip
    closure = None if basis is None else ClosureBasis(str(basis))
    case_kind = CaseKind(str(kind))
    return CaseRow(
        id=int(str(cid)),
        meeting_id=meeting_id,
        kind=case_kind,
        label=lifecycle.case_label(prefix, case_kind.value, int(str(number)), int(str(year))),
        standing=None if standing is None else StandingCase(str(standing)),
        title=str(title),
        public_title=_opt(public_title),
        closed=bool(closed),
        closure_basis=closure,
        closure_reference=None if closure is None else format_reference(closure, _opt(note)),
        recommendation=_opt(recommendation),
        preparer_person_id=None if preparer is None else int(str(preparer)),
        preparer_name=_opt(preparer_name),
        document_version_id=None if version is None else int(str(version)),
        position=int(str(position)),
    )


def _findings(
    m: MeetingDetail, kind: BodyKind, notice_days: int, remote_allowed: bool, seated: set[int]
) -> list[RuleFinding]:
    """services._records.meeting_findings over the values read here (a test compares the
    two on every meeting of the demo)."""
    return meeting_findings(
        date=m.date,
        status=m.status,
        form=m.form,
        notice_sent_at=m.notice_sent_at,
        body_name=m.body_name,
        body_kind=kind,
        notice_days=notice_days,
        remote_allowed=remote_allowed,
        cases=[
            PlannedCase(c.label, c.standing, c.closed, c.closure_basis, c.preparer_person_id)
            for c in m.cases
        ],
        members=seated,
    )
