"""PostgreSQL roles for several users: a read-write secretariat and a read-only observer.

Each person logs in with their own role and is made a member of one of these group roles
(`CREATE ROLE kari LOGIN PASSWORD '…' IN ROLE sekretariat`). The server enforces the
access: an observer sees everything, and every write is refused by the server
(translated to ReadOnlyAccess by dvmeet.services.context.translate_db_error). The
secretariat writes rows but never the audit log directly: events are appended by the
server (SECURITY DEFINER functions of migration 0010) with the time and hash it computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dvmeet.errors import InvalidInput, StorageError
from dvmeet.i18n import _
from dvmeet.services.context import Context, translate_db_error

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# The functions that write the audit log (migration 0010): the secretariat's only way in.
WRITER_FUNCTIONS = (
    "dvmeet_append_audit(text, text, text, integer, text)",
    "dvmeet_erase_person_audit(text, integer)",
)
# Tables no login but the owner writes.
_NO_WRITE = ("audit_event", "alembic_version")


@dataclass(frozen=True)
class RolesOut:
    secretariat: str
    observer: str
    created: tuple[str, ...]  # the roles that did not exist before


def _check_name(name: str, what: str) -> str:
    if not _ROLE_NAME.match(name):
        raise InvalidInput(
            _(
                "Namnet på {what} «{name}» er ugyldig: bruk små bokstavar a–z, tal og _ "
                "(høgst 63 teikn, ikkje tal fyrst)."
            ).format(what=what, name=name)
        )
    return name


def init_roles(ctx: Context, secretariat: str, observer: str) -> RolesOut:
    """Create (if missing) the two group roles and grant them their access, now and for
    tables made by later migrations: the observer reads every table; the secretariat also
    writes rows, except in the audit log and the schema stamp, and appends to the log
    only through the server's functions (EXECUTE on WRITER_FUNCTIONS, which the observer
    never gets). Neither owns a table, so neither can drop or disable a trigger."""
    if ctx.is_sqlite:
        raise StorageError(
            _(
                "Roller finst berre på ein PostgreSQL-tenar. Ei SQLite-fil har ingen brukarar: "
                "den som kan opne fila, kan endre henne. Bruk PostgreSQL for fleire brukarar."
            )
        )
    rw = _check_name(secretariat, _("sekretariatsrolla"))
    ro = _check_name(observer, _("lesarolla"))
    if rw == ro:
        raise InvalidInput(_("Sekretariatsrolla og lesarolla må ha ulike namn."))
    created: list[str] = []
    try:
        with ctx.db.engine.begin() as conn:
            database = conn.execute(text("SELECT current_database()")).scalar_one()
            audit_sequence = conn.execute(
                text("SELECT pg_get_serial_sequence('audit_event', 'id')")
            ).scalar_one()
            for role in (rw, ro):
                exists = conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).first()
                if exists is None:
                    conn.exec_driver_sql(f'CREATE ROLE "{role}" NOLOGIN')
                    created.append(role)
                conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
                conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
                conn.exec_driver_sql(f'REVOKE CREATE ON SCHEMA public FROM "{role}"')
                # Functions are granted by name below (earlier versions granted them all).
                conn.exec_driver_sql(
                    f'REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM "{role}"'
                )
                conn.exec_driver_sql(
                    f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public "
                    f'FROM "{role}"'
                )
            # The observer reads everything and nothing else.
            conn.exec_driver_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{ro}"')
            conn.exec_driver_sql(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "{ro}"')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{ro}"')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO "{ro}"')
            conn.exec_driver_sql(f'ALTER ROLE "{ro}" SET default_transaction_read_only = on')
            # The secretariat reads and writes rows; the schema stays the owner's.
            conn.exec_driver_sql(
                f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{rw}"'
            )
            conn.exec_driver_sql(
                f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{rw}"'
            )
            # ... but never the audit log or the schema stamp: the log is written by the
            # server (dvmeet_append_audit, dvmeet_erase_person_audit; migration 0010).
            for table in _NO_WRITE:
                conn.exec_driver_sql(
                    f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM "{rw}"'
                )
            if audit_sequence:
                conn.exec_driver_sql(
                    f'REVOKE USAGE, UPDATE ON SEQUENCE {audit_sequence} FROM "{rw}"'
                )
            conn.exec_driver_sql(
                f'GRANT EXECUTE ON FUNCTION {", ".join(WRITER_FUNCTIONS)} TO "{rw}"'
            )
            # Tables and sequences made later by this owner (new migrations) follow suit; a
            # function made later is executable by nobody until it is granted here by name.
            for statement in (
                f'GRANT SELECT ON TABLES TO "{ro}"',
                f'GRANT SELECT ON SEQUENCES TO "{ro}"',
                f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{rw}"',
                f'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{rw}"',
                f'REVOKE EXECUTE ON FUNCTIONS FROM "{ro}", "{rw}"',
            ):
                conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public {statement}")
            conn.exec_driver_sql("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    except DBAPIError as exc:
        text_ = str(exc.orig).lower()
        if "permission denied" in text_ and "role" in text_:
            raise StorageError(
                _(
                    "Databasebrukaren din har ikkje lov til å lage roller (CREATEROLE) eller "
                    "gje tilgang til tabellane. Køyr kommandoen som eigar av databasen. "
                    "({error})"
                ).format(error=exc.orig)
            ) from exc
        raise translate_db_error(exc) from exc
    return RolesOut(secretariat=rw, observer=ro, created=tuple(created))
