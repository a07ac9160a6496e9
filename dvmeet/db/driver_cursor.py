"""A statement run on the DBAPI cursor of a connection in its transaction, for the few
statements a vote sends on SQLite (issue 21): without SQLAlchemy's execution context and
result object for each. What SQLAlchemy would do around it is kept: the engine's cursor
events are told (statement counts, benchmarks' captures), and a driver error is raised as
SQLAlchemy's DBAPIError (the services translate those). Other dialects go through
SQLAlchemy's exec_driver_sql, which also looks after a server that went away. With the
conversion of values both directions share (driver_insert's parameters, driver_read's
rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


# (the value's place in a row, its converter, whether it is an enum: a few values, each
# converted once)
Converters = tuple[tuple[int, Callable[[Any], Any], bool], ...]


def converted(rows: Sequence[Sequence[Any]], converters: Converters) -> list[tuple[Any, ...]]:
    """The rows with the values at the converters' places converted (a bind or a result
    processor each): a single row value by value, several column by column."""
    if len(rows) == 1:
        one = list(rows[0])
        for i, convert, _few in converters:
            one[i] = convert(one[i])
        return [tuple(one)]
    columns = list(zip(*rows, strict=True))
    for i, convert, few in converters:
        if few:
            made = {value: convert(value) for value in set(columns[i])}
            columns[i] = tuple(map(made.__getitem__, columns[i]))
        else:
            columns[i] = tuple(map(convert, columns[i]))
    return list(zip(*columns, strict=True))
