"""The door into the core: an open database plus who is acting, and the unit of work."""

from __future__ import annotations

import getpass
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dvmeet.db.audit import AUDITED, events_together, hold_event
from dvmeet.db.database import Database
from dvmeet.db.storage import open_database
from dvmeet.errors import (
    ChangedElsewhere,
    Conflict,
    DvmeetError,
    FrozenRecord,
    ReadOnlyAccess,
    StorageError,
)
from dvmeet.i18n import _
from dvmeet.services.areas import areas_of_all

FROZEN_MARKER = "dvmeet_frozen"
OFFLINE_MARKER = "dvmeet_offline"  # migration 0023: the meeting is out on a meeting file
OFFLINE_FILE_MARKER = "dvmeet_offline_file"  # the registry of a meeting file is read-only
OFFLINE_OTHER_MARKER = "dvmeet_offline_other"  # a meeting file holds its one meeting only
OFFLINE_PAPERS_MARKER = "dvmeet_offline_papers"  # case papers are read-only in a meeting file


@dataclass
class UnitOfWork:
    """One transaction: the changes and their audit events commit together or not at all.

    `audited` names the entity of every audit event written in it (through `audit` or
    dvmeet.db.audit.append_event alike): what the transaction changed, once committed."""

    session: Session
    actor: str
    audited: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # dvmeet.db.audit adds the entity of every event it appends, whether it wrote the
        # row itself (SQLite) or the server did (PostgreSQL).
        self.session.info[AUDITED] = self.audited

    @contextmanager
    def events_together(self) -> Iterator[None]:
        """The events audited in the block written in one statement (dvmeet.db.audit)."""
        with events_together(self.session):
            yield

    def audit(self, action: str, entity: str, entity_id: int | None, payload: Any) -> None:
        """Append an event (held to be written with the others inside `events_together`)."""
        hold_event(
            self.session,
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            payload=payload,
        )


def translate_db_error(exc: DBAPIError, db: Database | None = None) -> DvmeetError:
    text = str(exc.orig).lower()
    if OFFLINE_FILE_MARKER in text:
        return Conflict(
            _(
                "Registeret kan ikkje endrast i ei møtefil. Endre det i hovuddatabasen når "
                "møtet er henta inn att."
            )
        )
    if OFFLINE_OTHER_MARKER in text:
        return Conflict(
            _(
                "Ei møtefil held berre det eine møtet som vart teke med ut. Andre møte og "
                "innstillingar kan ikkje endrast her; gjer det i hovuddatabasen."
            )
        )
    if OFFLINE_PAPERS_MARKER in text:
        return Conflict(
            _(
                "Sakspapira og vedlegga kan ikkje endrast i ei møtefil. Endre dei i "
                "hovuddatabasen når møtet er henta inn att."
            )
        )
    if OFFLINE_MARKER in text:
        return Conflict(_offline_message(db))
    if FROZEN_MARKER in text:
        return FrozenRecord(
            _(
                "Møteboka for dette møtet er godkjend, og møtet er låst. "
                "Rettingar må førast som nye, lenkja oppføringar."
            )
        )
    if (
        "permission denied" in text
        or "read-only transaction" in text
        or "readonly database" in text
    ):
        return ReadOnlyAccess(
            _(
                "Du har berre lesetilgang til denne databasen, så endringa vart ikkje lagra. "
                "Be sekretariatet om skrivetilgang om du treng det."
            )
        )
    if "locked" in text or "busy" in text or "could not serialize" in text:
        return StorageError(
            _("Databasen er oppteken av ein annan brukar eller eit anna program. Prøv igjen.")
        )
    if ("disk" in text and ("full" in text or "i/o" in text)) or "no space" in text:
        return StorageError(_("Disken er full eller kan ikkje skrivast til. Ingenting vart lagra."))
    if isinstance(exc, IntegrityError):
        return Conflict(
            _("Endringa strid mot eit krav i databasen og vart ikkje lagra ({error}).").format(
                error=exc.orig
            )
        )
    if isinstance(exc, OperationalError):
        return StorageError(_("Databasen svarar ikkje som venta: {error}").format(error=exc.orig))
    return StorageError(_("Databasefeil: {error}").format(error=exc.orig))


def _offline_message(db: Database | None) -> str:
    """The refusal of a change to a meeting that is out on a meeting file (issue 18),
    naming the file(s) and who took the meeting out."""
    where: list[str] = []
    if db is not None:
        try:
            with db.session() as session:
                rows = session.execute(
                    sql_text(
                        "SELECT file_name, taken_by FROM offline_checkout WHERE state = 'out' "
                        "ORDER BY id"
                    )
                ).all()
            where = [
                _("{file} (teke med ut av {who})").format(file=r.file_name, who=r.taken_by)
                for r in rows
            ]
        except DBAPIError:
            where = []
    return _(
        "Møtet er teke med ut på ei møtefil og kan ikkje endrast her før det er henta inn "
        "att (Møte → Hent inn møtet …) eller fila er lagd bort (Møte → Ikkje bruk fila). "
        "Møtefil: {where}."
    ).format(where="; ".join(where) or _("ukjend"))


class ChangeRecord:
    """The areas changed by the writes committed while it was recording (see
    `Context.recording_changes`)."""

    def __init__(self) -> None:
        self.areas: set[str] = set()

    def add(self, entities: Iterable[str]) -> None:
        self.areas |= areas_of_all(entities)


@dataclass
class Context:
    db: Database
    actor: str
    # The ChangeRecords recording now, per thread (the UI calls services on one worker
    # thread; each thread sees only the writes it made itself).
    _recording: threading.local = field(
        default_factory=threading.local, init=False, repr=False, compare=False
    )

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One write transaction. When it commits, the areas of the entities it audited
        are added to every recording of this thread; a rolled back one adds nothing."""
        try:
            with self.db.write_session() as session:
                uow = UnitOfWork(session, self.actor)
                yield uow
        except StaleDataError as exc:
            raise ChangedElsewhere() from exc
        except DBAPIError as exc:
            raise translate_db_error(exc, self.db) from exc
        if uow.audited:
            for record in self._records():
                record.add(uow.audited)

    @contextmanager
    def recording_changes(self) -> Iterator[ChangeRecord]:
        """Record what the writes committed in this block (on this thread) changed:

            with ctx.recording_changes() as changed:
                registry.create_person(ctx, data)
            changed.areas  # {"registry"}

        Reads record nothing. Recordings may nest; each sees every write in its block."""
        record = ChangeRecord()
        records = self._records()
        records.append(record)
        try:
            yield record
        finally:
            records.remove(record)

    def _records(self) -> list[ChangeRecord]:
        records: list[ChangeRecord] | None = getattr(self._recording, "records", None)
        if records is None:
            records = []
            self._recording.records = records
        return records

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with self.db.session() as session:
                yield session
        except DBAPIError as exc:
            raise translate_db_error(exc) from exc

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

    @property
    def database_path(self) -> Path | None:
        return self.db.path

    @property
    def display_name(self) -> str:
        return self.db.display_name

    @property
    def read_only(self) -> bool:
        """Nothing may be written: every unit of work is refused with `read_only_notice`."""
        return self.db.read_only is not None

    @property
    def read_only_notice(self) -> str | None:
        """One sentence saying why the database is open for reading only, or None."""
        return self.db.read_only_notice

    @property
    def notices(self) -> list[str]:
        """What opening found and did that the user should be told (one sentence each)."""
        return list(self.db.notices)

    def close(self) -> None:
        self.db.dispose()


def open_context(target: str | Path | None = None, actor: str | None = None) -> Context:
    """Open the database (creating and migrating it as needed) for a front end."""
    return Context(open_database(target), actor or _default_actor())


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ukjend"
