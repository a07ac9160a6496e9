"""The shipped migrations' revisions, read from their files as text, and the revision a
SQLite file is stamped with. Standard library only: the desktop app asks these questions
before SQLAlchemy or Alembic is imported (startup time)."""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from dvmeet.errors import DatabaseDamaged, DatabaseTooNew, StorageError
from dvmeet.i18n import _

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([^"\'\s]+)["\']?', re.MULTILINE)


@functools.cache  # the shipped migrations do not change while the program runs
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files as text: opening a database
    that is already current then needs no Alembic import (startup time). A test checks this
    against Alembic's own reading."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict((m.group(1), m.group(2)) for m in _REVISION.finditer(path.read_text("utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


@functools.cache
def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise StorageError(f"Migrasjonane har {len(heads)} hovud: {sorted(heads)}")
    return heads.pop()


def sqlite_file_revision(path: Path) -> str | None:
    """Read the stamped revision without writing a byte to the file (read-only open)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    # A read-only open of a WAL database still creates -wal and -shm files beside it.
    # With no -wal (or -journal) there, the file alone holds everything: read it as
    # immutable so that nothing at all is written beside it.
    sidecars = (path.with_name(path.name + s) for s in ("-wal", "-journal"))
    immutable = "&immutable=1" if not any(p.exists() for p in sidecars) else ""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseDamaged(
            _("Databasefila {path} kan ikkje opnast: {error}").format(path=path, error=exc)
        ) from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseDamaged(
                    _("Fila {path} er ein database, men ikkje ein dvmeet-database.").format(
                        path=path
                    )
                )
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(
            _(
                "Fila {path} er skadd eller er ikkje ein database ({error}). "
                "Bruk ein reservekopi eller vel ei anna fil."
            ).format(path=path, error=exc)
        ) from exc
    finally:
        conn.close()


def refuse_unknown_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(
            _(
                "Databasen {where} er laga av ein nyare versjon av dvmeet (skjema {revision}). "
                "Oppdater dvmeet for å opne han. Databasen er ikkje endra."
            ).format(where=where, revision=revision)
        )
