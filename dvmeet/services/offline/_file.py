"""Opening a meeting file and reading its manifest (issue 18)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from dvmeet.db.database import Database
from dvmeet.db.models import Meeting, OfflineManifest
from dvmeet.db.offline_seal import is_meeting_file
from dvmeet.db.storage import open_database
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.offline._checkout import meeting_checkout
from dvmeet.services.offline.models import MeetingFileOut, OfflineStatusOut


def not_a_meeting_file(path: Path) -> InvalidInput:
    return InvalidInput(
        _(
            "Fila {file} er ikkje ei møtefil frå «Ta med møtet». Vel fila som vart laga "
            "då møtet vart teke med ut."
        ).format(file=path)
    )


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@contextmanager
def opened_file(path: Path) -> Iterator[Database]:
    """The meeting file opened as a dvmeet database (claimed: nobody else writes it now)."""
    if not path.is_file():
        raise InvalidInput(_("Fila {file} finst ikkje.").format(file=path))
    if not _looks_like_sqlite(path):
        raise not_a_meeting_file(path)
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            if not is_meeting_file(conn):
                raise not_a_meeting_file(path)
        yield db
    finally:
        db.dispose()


def manifest_out(db: Database) -> MeetingFileOut:
    with db.session() as s:
        manifest = s.scalars(select(OfflineManifest)).one()
        meeting = s.get(Meeting, manifest.meeting_id)
        title = (meeting.title if meeting is not None else None) or ""
        return MeetingFileOut(
            meeting_id=manifest.meeting_id,
            meeting_title=title,
            meeting_date=meeting.date if meeting is not None else manifest.taken_at.date(),
            meeting_version=manifest.meeting_version,
            origin_name=manifest.origin_name,
            origin_uid=manifest.origin_uid,
            taken_by=manifest.taken_by,
            taken_at=manifest.taken_at,
        )


def meeting_file(path: Path) -> MeetingFileOut | None:
    """What the file at `path` is, read without writing to it: a meeting file's manifest,
    or None for any other file (a main database, not a database at all)."""
    if not _looks_like_sqlite(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT m.meeting_id, m.meeting_version, m.origin_name, m.origin_uid, m.taken_by, "
            "m.taken_at, mt.title, mt.date FROM offline_manifest AS m "
            "LEFT JOIN meeting AS mt ON mt.id = m.meeting_id"
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    taken_at = _datetime(row["taken_at"])
    return MeetingFileOut(
        meeting_id=row["meeting_id"],
        meeting_title=row["title"] or "",
        meeting_date=_date(row["date"]) if row["date"] else taken_at.date(),
        meeting_version=row["meeting_version"],
        origin_name=row["origin_name"],
        origin_uid=row["origin_uid"],
        taken_by=row["taken_by"],
        taken_at=taken_at,
    )


def this_meeting_file(ctx: Context) -> MeetingFileOut | None:
    """The open database's manifest when it is a meeting file (the app then runs in the
    limited mode: one meeting, the registry read-only), else None."""
    if not ctx.is_sqlite:
        return None
    with ctx.db.engine.connect() as conn:
        if not is_meeting_file(conn):
            return None
    return manifest_out(ctx.db)


def _datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def offline_status(ctx: Context, meeting_id: int | None) -> OfflineStatusOut:
    """One read for the Møte menu: is this a meeting file, and is the meeting out."""
    return OfflineStatusOut(
        meeting_file=this_meeting_file(ctx),
        checkout=meeting_checkout(ctx, meeting_id) if meeting_id is not None else None,
    )
