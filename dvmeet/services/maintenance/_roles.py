"""PostgreSQL roles for several users: a read-write secretariat and a read-only observer.

Each person logs in with their own role and is made a member of one of these group roles
(`CREATE ROLE kari LOGIN PASSWORD '…' IN ROLE sekretariat`). The server enforces the
access: an observer sees everything, and every write is refused by the server
(translated to ReadOnlyAccess by dvmeet.services.context.translate_db_error).
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
    """Create (if missing) the two group roles and grant them access to every table,
    sequence and function of the schema, now and for tables made by later migrations."""
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
            for role in (rw, ro):
                exists = conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).first()
                if exists is None:
                    conn.exec_driver_sql(f'CREATE ROLE "{role}" NOLOGIN')
                    created.append(role)
                conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
                conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
                conn.exec_driver_sql(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')
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
            conn.exec_driver_sql(f'REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM "{rw}"')
            # Tables and sequences made later by this owner (new migrations) follow suit.
            for statement in (
                f'GRANT SELECT ON TABLES TO "{ro}"',
                f'GRANT SELECT ON SEQUENCES TO "{ro}"',
                f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{rw}"',
                f'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{rw}"',
            ):
                conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public {statement}")
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
