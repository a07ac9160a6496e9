"""Rows written with the database driver's own INSERT, compiled once per dialect and
statement: the statement and parameters SQLAlchemy's Core would send, without its work
for each row and each execution (issue 21: a vote writes 43 ballots and its events on
every vote). The statements still run on the session's connection, in its transaction,
and its events see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, Insert, Table, inspect
from sqlalchemy.orm import Session

from dvmeet.db.driver_cursor import Converters, converted, run

_COMPILED: dict[tuple[str, Insert, tuple[str, ...], bool], _DriverInsert | None] = {}
_PLAIN: dict[Table, Insert] = {}  # a table's plain INSERT, one object per table


@dataclass(frozen=True)
class _DriverInsert:
    sql: str  # the dialect's own INSERT of the columns
    names: tuple[str, ...] | None  # the parameters' names for a named paramstyle, else None
    order: tuple[int, ...] | None  # the values' positions in the statement's positional order
    processors: Converters  # the values' bind processors
    # the values of the parameters not given: a column's default made in Python, the
    # statement's own values
    defaults: tuple[Callable[[], Any], ...]
    returning: bool  # the statement returns the primary key (else: the cursor's lastrowid)

    def parameters(self, rows: list[tuple[Any, ...]]) -> list[Any]:
        """The rows (values in the given names' order) as the driver takes them."""
        if self.defaults:
            rows = [(*row, *(make() for make in self.defaults)) for row in rows]
        if self.processors:
            rows = converted(rows, self.processors)
        if self.names is not None:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        if self.order is not None:
            return [tuple(row[i] for i in self.order) for row in rows]
        return rows


def _made_in_python(column: Any) -> Callable[[], Any] | None:
    """How SQLAlchemy makes a column's default in Python (a value, or a function of no
    argument), or None when it needs more (a sequence, a SQL expression)."""
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return _fixed(default.arg)
    if default.is_callable:  # wrapped by SQLAlchemy to take the execution context
        make = default.arg
        return lambda: make(None)
    return None


def _fixed(value: Any) -> Callable[[], Any]:
    return lambda: value


def _compiled(
    dialect: Any, statement: Insert, table: Table, names: tuple[str, ...], key_wanted: bool
) -> _DriverInsert | None:
    """The statement for these parameter names, compiled once for the dialect; None when
    SQLAlchemy would make a value here it cannot be asked for (see _made_in_python)."""
    key = (dialect.name, statement, names, key_wanted)
    if key in _COMPILED:
        return _COMPILED[key]
    # SQLite's lastrowid is the key of a table keyed by one integer column (its rowid)
    returning = key_wanted and not (
        dialect.postfetch_lastrowid and table.autoincrement_column is not None
    )
    if returning:
        statement = statement.returning(*table.primary_key.columns)
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(names))
    binds = {name: bind for bind, name in compiled.bind_names.items()}
    rendered = compiled.positiontup if compiled.positional else list(binds)
    made: list[Callable[[], Any] | None] = []  # for each parameter not given, its value
    every = list(names)
    for column in compiled.insert_prefetch:
        made.append(_made_in_python(column))
        every.append(column.key)
    for name in rendered:  # the statement's own values (a literal in a subquery)
        if name not in every:
            bind = binds[name]
            made.append(None if bind.required else _fixed(bind.effective_value))
            every.append(name)
    found = None
    if all(make is not None for make in made) and set(rendered) <= set(every):
        processors = []
        for i, name in enumerate(every):
            bind_type = binds[name].type
            process = bind_type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors.append((i, process, isinstance(bind_type, Enum)))
        order = None
        if compiled.positional:
            order = tuple(every.index(name) for name in compiled.positiontup)
            if order == tuple(range(len(every))):
                order = None
        found = _DriverInsert(
            str(compiled),
            None if compiled.positional else tuple(every),
            order,
            tuple(processors),
            tuple(make for make in made if make is not None),
            returning,
        )
    _COMPILED[key] = found
    return found


def _plain_insert(table: Table) -> Insert:
    found = _PLAIN.get(table)
    if found is None:
        found = _PLAIN[table] = table.insert()
    return found


def insert_rows(
    s: Session, cls: type, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Rows of a mapped class's table written in one executemany of the dialect's own
    INSERT, each value through its column type's bind processor and each column not
    given made by its default, as SQLAlchemy's Core would: the same statement and
    parameters without its work per row. Rows pending in the session are flushed first.
    For rows only written (no objects in the session)."""
    if not rows:
        return
    s.flush()
    conn = s.connection()
    table: Table = inspect(cls).local_table
    statement = _plain_insert(table)
    how = _compiled(conn.dialect, statement, table, columns, key_wanted=False)
    if how is None:
        conn.execute(statement, [dict(zip(columns, row, strict=True)) for row in rows])
    else:
        run(conn, how.sql, how.parameters(rows), many=True)


def insert_row(
    s: Session,
    cls: type,
    values: dict[str, Any],
    statement: Insert | None = None,
    *,
    key: bool = True,
) -> tuple[Any, ...]:
    """One row of a mapped class's table written with the dialect's own INSERT, as
    `insert_rows` writes them, and its primary key (`key` False: nothing read back, ()).
    `values`: the statement's parameters by name (the columns', and any other bind
    parameter of `statement`); `statement`: an INSERT of the table built once by the
    caller (with values of its own, such as a subquery, or an upsert), else the table's
    plain INSERT. On the session's connection; nothing pending is flushed."""
    conn = s.connection()
    table: Table = inspect(cls).local_table
    statement = _plain_insert(table) if statement is None else statement
    how = _compiled(conn.dialect, statement, table, tuple(values), key_wanted=key)
    if how is None:
        result = conn.execute(statement, values)
        return tuple(result.inserted_primary_key or ()) if key else ()
    (params,) = how.parameters([tuple(values.values())])
    rows, lastrowid = run(conn, how.sql, params, fetch=how.returning)
    if not key:
        return ()
    if how.returning:
        return tuple(rows[0])
    return (lastrowid,)
