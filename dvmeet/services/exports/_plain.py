"""`dvmeet export minutes` without SQLAlchemy, for a plain SQLite file (issue 21).

Opening a database properly (dvmeet.db.storage) loads SQLAlchemy and the ORM, which is
most of the time a one-off export of the møtebok takes. For a SQLite file that needs
nothing of what the proper open does but read, the møtebok is read with the standard
library (`dvmeet.services.minutes._plain`), rendered by the same renderer and written the
same way. Anything unusual gives None and the caller opens the database properly, which
does what it must (and says what it says) as before:

- a database URL, or `DVMEET_MINUTES_FULL` set in the environment (A/B measurements);
- no file, an empty file, a file on a network share or in a cloud folder (refused there);
- a -wal, -journal or -shm file beside it (a crash's frames the proper open keeps as
  evidence and checks in full), or what an interrupted restore left beside it;
- a file that fails SQLite's quick check (the proper open sets a copy aside);
- a schema revision other than the head (the proper open migrates or refuses);
- whatever the reader does not handle (`dvmeet.services.minutes._plain.UNHANDLED`).

The file is claimed for this process (one dvmeet per file) as the proper open claims it,
and read read-only as immutable: nothing is written to or beside it."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dvmeet.documents.minutes_model import MinutesDocument

FORCE_FULL = "DVMEET_MINUTES_FULL"
SIDECARS = ("-wal", "-journal", "-shm", ".restoring", ".restore-state", ".restore-state.partial")


@dataclass(frozen=True)
class PlainWritten:
    """The møtebok written by the plain path: as `DocumentWritten` says it."""

    path: Path
    title: str
    public: bool

    @property
    def version_word(self) -> str:
        from dvmeet.documents.models import version_word  # loaded by the møtebok written

        return version_word(self.public)


def plain_file(target: str | Path | None) -> Path | None:
    """The SQLite file the plain path may read for `target` (--database, else
    DVMEET_DATABASE_URL, else the default file), or None: open it properly."""
    if os.environ.get(FORCE_FULL):
        return None
    from glob import escape as glob_escape

    from dvmeet.paths import default_database_path, is_network_path

    if target is None:  # as services.peek.plain_sqlite_path (not imported: it loads more)
        target = os.environ.get("DVMEET_DATABASE_URL") or default_database_path()
    if "://" in str(target):
        return None
    path = Path(str(target)).expanduser().absolute()
    if not path.is_file() or path.stat().st_size == 0:
        return None
    if any(path.with_name(path.name + s).exists() for s in SIDECARS):
        return None
    if any(path.parent.glob(f"{glob_escape(path.name)}.replaced-*")):  # a restore's names
        return None
    if is_network_path(path):
        return None
    return path


def export_minutes_plain(
    target: str | Path | None, meeting_id: int, output: Path, *, public: bool, pdfa: bool = False
) -> PlainWritten | None:
    """The møtebok of the meeting written to `output` as `export_document(ctx, "minutes",
    ...)` writes it, read without SQLAlchemy; None (nothing written) when the file needs
    the proper open: the caller then exports as before."""
    path = plain_file(target)
    if path is None:
        return None
    from dvmeet.services.claim import claim_database_file

    release = claim_database_file(path)  # DatabaseInUse, as the proper open says it
    try:
        document = _read(path, meeting_id, public)
    finally:
        release()
    if document is None:
        return None
    from dvmeet.documents.minutes import MinutesRenderer
    from dvmeet.services._files import write_file

    renderer = MinutesRenderer(document)
    data = renderer.render()
    if pdfa:
        from dvmeet.documents.pdfa import to_pdfa

        data = to_pdfa(data, renderer.meta)
    write_file(output, data)
    return PlainWritten(path=output, title=renderer.meta.title, public=renderer.meta.public)


def _read(path: Path, meeting_id: int, public: bool) -> MinutesDocument | None:
    from dvmeet.db.revisions import head_revision
    from dvmeet.services.minutes import read_minutes_document

    try:
        uri = f"{path.as_uri()}?mode=ro&immutable=1"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            if [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] != ["ok"]:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head_revision():
                return None
            return read_minutes_document(conn, meeting_id, public=public)
    except (sqlite3.Error, ValueError, LookupError):  # the proper open explains it
        return None
