"""The full integrity check after open: what the window runs in the background."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dvmeet.db.backup import BackupFile, list_backups
from dvmeet.db.integrity import CheckCancelled, full_check
from dvmeet.i18n import _
from dvmeet.paths import backup_dir
from dvmeet.services.context import Context
from dvmeet.services.maintenance._backups import BackupInfo
from dvmeet.services.models import Out
from dvmeet.services.progress import Cancelled, Progress, quiet


class IntegrityOut(Out):
    """What the full check found in the open database file, and what can be done about it."""

    database: str
    problems: list[str]
    newest_good_backup: BackupInfo | None
    backup_taken_at: dt.datetime | None  # when the newest good backup was taken
    backup_folder: Path

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """One sentence naming what was found."""
        first = plain_problem(self.problems[0]) if self.problems else ""
        more = len(self.problems) - 1
        if more > 0:
            return _(
                "Den fullstendige kontrollen fann skade i databasefila {name}: «{first}» "
                "og {more} andre feil."
            ).format(name=self.database, first=first, more=more)
        return _("Den fullstendige kontrollen fann skade i databasefila {name}: «{first}».").format(
            name=self.database, first=first
        )


_ROW_MISSING = re.compile(r"^row (\d+) missing from index (\S+)$")
_WRONG_COUNT = re.compile(r"^wrong # of entries in index (\S+)$")
_NOT_UNIQUE = re.compile(r"^non-unique entry in index (\S+)$")


def plain_problem(problem: str) -> str:
    """SQLite's words for the commonest kinds of index damage, in the interface language;
    any other problem as SQLite gave it."""
    text = problem.strip()
    if found := _ROW_MISSING.match(text):
        return _("rad {row} manglar i indeksen {index}").format(
            row=found.group(1), index=found.group(2)
        )
    if found := _WRONG_COUNT.match(text):
        return _("feil tal på oppføringar i indeksen {index}").format(index=found.group(1))
    if found := _NOT_UNIQUE.match(text):
        return _("ei oppføring går igjen i den unike indeksen {index}").format(index=found.group(1))
    return problem


def _newest_good_backup(directory: Path | None, steps: Progress) -> BackupFile | None:
    """The newest backup that passes the same full check; cancellable like the check."""
    for backup in list_backups(directory):
        try:
            if not full_check(backup.path, lambda: steps.cancelled):
                return backup
        except CheckCancelled as exc:
            raise Cancelled() from exc
    return None


def integrity_check(
    ctx: Context, progress: Progress | None = None, backup_directory: Path | None = None
) -> IntegrityOut | None:
    """The full integrity and foreign-key check of the open SQLite file, on a read-only
    connection of its own; None for PostgreSQL (the server keeps its own pages) and for a
    database in memory. Raises Cancelled when `progress` is cancelled. When damage is found,
    the newest backup that passes the same check is named."""
    path = ctx.database_path
    if path is None:
        return None
    steps = progress or quiet()
    try:
        problems = full_check(path, lambda: steps.cancelled)
    except CheckCancelled as exc:
        raise Cancelled() from exc
    good = _newest_good_backup(backup_directory, steps) if problems else None
    return IntegrityOut(
        database=str(path),
        problems=problems,
        newest_good_backup=(
            BackupInfo(path=good.path, reason=good.reason, size=good.path.stat().st_size)
            if good is not None
            else None
        ),
        backup_taken_at=good.taken_at if good is not None else None,
        backup_folder=backup_directory or backup_dir(),
    )
