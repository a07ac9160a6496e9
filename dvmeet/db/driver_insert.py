"""Rows written with the database driver's own INSERT, compiled once per dialect and
table: the statement and parameters SQLAlchemy's Core would send, without its work for
each row and each execution (issue 21: a vote writes 43 ballots and its events on every
vote). The statements still run on the session's connection, in its transaction, and its
events see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.orm import Session

_DRIVER_INSERTS: dict[tuple[str, str, tuple[str, ...], bool], _DriverInsert | None] = {}


@dataclass(frozen=True)
class _DriverInsert:
    sql: str  # the dialect's own INSERT of the columns
    names: tuple[str, ...] | None  # the parameters' names for a named paramstyle, else None
    order: tuple[int, ...] | None  # the given columns in the statement's positional order
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its bind processor)
    returning: bool  # the statement returns the primary key (else: the cursor's lastrowid)

    def parameters(self, rows: list[tuple[Any, ...]]) -> list[Any]:
        """The rows (values in the given columns' order) as the driver takes them."""
        if self.processors:  # column by column: one map over each processed column
            values = list(zip(*rows, strict=True))
            for i, process in self.processors:
                values[i] = tuple(map(process, values[i]))
            rows = list(zip(*values, strict=True))
        if self.names is not None:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        if self.order is not None:
            return [tuple(row[i] for i in self.order) for row in rows]
        return rows


def _driver_insert(
    dialect: Any, table: Table, columns: tuple[str, ...], key_wanted: bool = False
) -> _DriverInsert | None:
    """The dialect's own INSERT of these columns, compiled once; None when SQLAlchemy
    would add a value the caller has not given (a column's default made in Python)."""
    key = (dialect.name, table.name, columns, key_wanted)
    if key in _DRIVER_INSERTS:
        return _DRIVER_INSERTS[key]
    # SQLite's lastrowid is the key of a table keyed by one integer column (its rowid)
    returning = key_wanted and not (
        dialect.postfetch_lastrowid and table.autoincrement_column is not None
    )
    statement = table.insert()
    if returning:
        statement = statement.returning(*table.primary_key.columns)
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(columns))
    found = None
    if not compiled.insert_prefetch:
        processors = []
        for i, name in enumerate(columns):
            process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors.append((i, process))
        order = None
        if compiled.positional:
            order = tuple(columns.index(n) for n in compiled.positiontup)
            if order == tuple(range(len(columns))):
                order = None
        found = _DriverInsert(
            str(compiled),
            None if compiled.positional else columns,
            order,
            tuple(processors),
            returning,
        )
    _DRIVER_INSERTS[key] = found
    return found


def insert_rows(
    s: Session, cls: type, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Rows of a mapped class's table written in one executemany of the dialect's own
    INSERT (compiled once per dialect), each value through its column type's bind
    processor as SQLAlchemy's would: the same statement and parameters without
    SQLAlchemy's work per row. Rows pending in the session are flushed first. For rows
    only written (no objects in the session); every column with a default made in
    Python is given."""
    if not rows:
        return
    s.flush()
    conn = s.connection()
    table: Table = inspect(cls).local_table
    how = _driver_insert(conn.dialect, table, columns)
    if how is None:
        raise ValueError(f"insert_rows: a column of {cls.__name__} with a default is not given")
    conn.exec_driver_sql(how.sql, how.parameters(rows))


def insert_row(s: Session, cls: type, values: dict[str, Any]) -> tuple[Any, ...]:
    """One row of a mapped class's table (values by column) written with the dialect's
    own INSERT, as `insert_rows` writes them, and its primary key; through SQLAlchemy's
    Core when a column with a default made in Python is not given (it makes that value).
    On the session's connection; nothing pending is flushed."""
    conn = s.connection()
    table: Table = inspect(cls).local_table
    how = _driver_insert(conn.dialect, table, tuple(values), key_wanted=True)
    if how is None:
        return tuple(conn.execute(table.insert(), values).inserted_primary_key or ())
    result = conn.exec_driver_sql(how.sql, how.parameters([tuple(values.values())])[0])
    if how.returning:
        return tuple(result.one())
    return (result.lastrowid,)
