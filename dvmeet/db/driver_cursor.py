"""A statement run on the DBAPI cursor of a connection in its transaction, for the few
statements a vote sends on SQLite (issue 21): without SQLAlchemy's execution context and
result object for each. What SQLAlchemy would do around it is kept: the engine's cursor
events are told (statement counts, benchmarks' captures), and a driver error is raised as
SQLAlchemy's DBAPIError (the services translate those). Other dialects go through
SQLAlchemy's exec_driver_sql, which also looks after a server that went away."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


def run(
    conn: Connection, sql: str, params: Any, *, many: bool = False, fetch: bool = False
) -> tuple[list[Any], Any]:
    """(the rows when `fetch`, else []; SQLite's lastrowid, else None) of the statement in
    the driver's own SQL and parameters (a list of them when `many`)."""
    if conn.dialect.name != "sqlite":
        result = conn.exec_driver_sql(sql, params)
        if fetch:
            cursor = result.cursor
            try:
                rows = cursor.fetchall() if cursor is not None else []
            finally:
                result.close()
            return list(rows), None
        return [], None  # a key is read with RETURNING there
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    dispatch = conn.dispatch
    try:
        dispatch.before_cursor_execute(conn, cursor, sql, params, None, many)
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        rows = cursor.fetchall() if fetch else []
        dispatch.after_cursor_execute(conn, cursor, sql, params, None, many)
        return rows, cursor.lastrowid
    except dbapi.Error as error:
        raise DBAPIError.instance(
            sql, params, error, dbapi.Error, dialect=conn.dialect, ismulti=many
        ) from error
    finally:
        cursor.close()
