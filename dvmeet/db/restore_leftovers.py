"""What an interrupted restore leaves beside the database, and how the next open deals with it.

`replace_with_backup` (dvmeet.db.backup) writes the new file beside the database as
`<name>.restoring`, keeps the old one as `<name>.replaced-<stamp>` (a hard link, with copies
of its -wal and -journal), and puts the new file in place with one rename. Before it starts
it writes `<name>.restore-state` (JSON: the backup, the planned kept name, the start), whole
or not at all (`.partial`, then a rename), and removes it when it has finished or failed.
The database path always holds a complete database; what a kill leaves beside it is dealt
with by `recover_interrupted_restore`, under the writer lock (so no restore is running),
before the file is opened:

- `<name>.restore-state.partial`: killed while writing the state, before anything else
  began: removed.
- `<name>.restoring` (the rename never happened, so the database is the one from before):
  never swapped in behind the user's back. A copy that fails the full integrity check is
  partial: removed. A complete copy identical to the backup named in the state, which is
  still there: removed (nothing is lost; the restore can be run again). A complete copy
  whose backup is gone or unknown: kept aside as `<name>.unused-restore-<stamp>`, so that
  it can still be restored from.
- `<name>.replaced-<stamp>` that is the live database under a second name (a hard link, or
  the copy made where links fail, named in the state of a restore that never swapped):
  removed with its -wal and -journal copies. Left there it would be no copy at all: the
  live database changes under that name too, and its stale -wal copy would be applied over
  newer pages. Copies of -wal or -journal without their file (killed while copying) are
  removed. A kept file from an earlier, finished restore (another file) is never touched.
- The state without `<name>.restoring`: the rename happened (the database is the restored
  one, the old one is kept) or the restore never began; the user is told which.

Each case ends in one sentence for the user (`Database.notices`, shown by the window and
printed by the command line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dvmeet.i18n import _

ProblemsOf = Callable[[Path], list[str]]

STAGING = ".restoring"
STATE = ".restore-state"
COPIED_SIDECARS = ("-wal", "-journal")


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def begin_restore(target: Path, backup: Path, replaced: Path | None) -> None:
    """Record, whole or not at all, that a restore of `target` from `backup` is starting."""
    state = _beside(target, STATE)
    partial = _beside(state, ".partial")
    text = json.dumps(
        {
            "backup": str(backup),
            "replaced": str(replaced) if replaced is not None else None,
            "started": dt.datetime.now().isoformat(timespec="seconds"),
        }
    )
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, state)
    _fsync_dir(target.parent)


def end_restore(target: Path) -> None:
    """The restore has finished (or failed without being killed): nothing is left to do."""
    _beside(target, STATE).unlink(missing_ok=True)


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable: an interrupted restore all the same, of an unknown backup
    return data if isinstance(data, dict) else {}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _identical(first: Path, second: Path) -> bool:
    try:
        if first.stat().st_size != second.stat().st_size:
            return False
        return file_sha256(first) == file_sha256(second)
    except OSError:
        return False


def _remove_kept(kept: Path) -> None:
    for suffix in COPIED_SIDECARS:
        _beside(kept, suffix).unlink(missing_ok=True)
    kept.unlink(missing_ok=True)


def _remove_duplicate_names(target: Path, planned: Path | None, swapped: bool) -> None:
    """Names of the live database made by a restore that never swapped, and copies of
    sidecars whose file was never kept."""
    if not swapped and planned is not None and planned.exists():
        _remove_kept(planned)  # the live database as it was, under a second name
    if target.exists():
        for kept in target.parent.glob(f"{target.name}.replaced-*"):
            if kept.name.endswith(COPIED_SIDECARS):
                continue
            if _same_file(kept, target):  # a hard link to the live database
                _remove_kept(kept)
    for suffix in COPIED_SIDECARS:
        for copy in target.parent.glob(f"{target.name}.replaced-*{suffix}"):
            if not copy.with_name(copy.name[: -len(suffix)]).exists():
                copy.unlink(missing_ok=True)


def _settle_staging(
    staging: Path, backup: Path | None, target: Path, problems_of: ProblemsOf, now: dt.datetime
) -> str:
    """Remove or keep aside the new file that never got renamed; what happened to it."""
    if problems_of(staging):
        staging.unlink(missing_ok=True)
        return _("den uferdige kopien av reservekopien er fjerna")
    if backup is not None and backup.is_file() and _identical(staging, backup):
        staging.unlink(missing_ok=True)
        return _("kopien som var laga av han, er fjerna, og sjølve reservekopien er der framleis")
    aside = target.with_name(f"{target.name}.unused-restore-{now:%Y%m%d-%H%M%S}")
    n = 1
    while aside.exists():
        n += 1
        aside = target.with_name(f"{target.name}.unused-restore-{now:%Y%m%d-%H%M%S}-{n}")
    os.replace(staging, aside)
    return _("ein fullstendig kopi av reservekopien er teken vare på som {path}").format(path=aside)


def recover_interrupted_restore(
    target: Path, problems_of: ProblemsOf, now: dt.datetime | None = None
) -> str | None:
    """Deal with what an interrupted restore of `target` left (see the module's docstring);
    one sentence for the user, or None when there was nothing. The caller holds the writer
    lock. `problems_of(path)` is the full integrity check (dvmeet.db.backup.file_problems).
    """
    state_path = _beside(target, STATE)
    _beside(state_path, ".partial").unlink(missing_ok=True)
    state = _read_state(state_path)
    staging = _beside(target, STAGING)
    swapped = not staging.exists()
    if state is None and swapped:
        _remove_duplicate_names(target, None, swapped=True)  # a stray link, state lost
        return None
    state = state or {}
    backup = Path(state["backup"]) if state.get("backup") else None
    planned = Path(state["replaced"]) if state.get("replaced") else None
    _remove_duplicate_names(target, planned, swapped)
    source = _(" frå {backup}").format(backup=backup) if backup else ""
    if not swapped:
        what = _settle_staging(staging, backup, target, problems_of, now or dt.datetime.now())
        notice = _(
            "Ei gjenoppretting{source} vart avbroten før databasen vart bytt ut, så databasen "
            "er som før; {what}."
        ).format(source=source, what=what)
    elif planned is not None and planned.exists() and not _same_file(planned, target):
        notice = _(
            "Ei gjenoppretting{source} vart avbroten etter at databasen var bytt ut, så "
            "databasen er den gjenoppretta, og den førre er teken vare på som {kept}."
        ).format(source=source, kept=planned)
    elif planned is None and target.exists() and state.get("started"):
        notice = _(
            "Ei gjenoppretting{source} vart avbroten etter at databasen var lagd på plass, "
            "så databasen er den gjenoppretta."
        ).format(source=source)
    else:
        notice = _(
            "Ei gjenoppretting{source} vart avbroten før ho byrja å endre noko, så "
            "databasen er som før."
        ).format(source=source)
    _fsync_dir(target.parent)
    state_path.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    return notice
