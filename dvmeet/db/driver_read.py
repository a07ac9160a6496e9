"""Rows read as plain tuples through the database driver: a SELECT compiled once per
dialect, its parameters and each column's values converted as SQLAlchemy's Core would,
without a result row object for every row (issue 21: a vote reads the meeting's whole
attendance timeline and every seat). The statement still runs on the session's
connection, in its transaction, and its events see it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import Enum, Select
from sqlalchemy.orm import Session

from dvmeet.db.driver_cursor import Converters, converted, run

_COMPILED: dict[tuple[str, object], _DriverRead | None] = {}
_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True)
class _DriverRead:
    sql: str
    names: tuple[str, ...]  # the parameters in the statement's order (positional) or all
    positional: bool
    fixed: dict[str, Any]  # the statement's own values (literals)
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]  # (parameter, its bind processor)
    results: Converters  # the columns' result processors

    def parameters(self, given: dict[str, Any]) -> Any:
        values = {**self.fixed, **given}
        for name, process in self.binds:
            values[name] = process(values[name])
        if self.positional:
            return tuple(values[name] for name in self.names)
        return values

    def rows(self, found: Sequence[Any]) -> list[tuple[Any, ...]]:
        if not found or not self.results:
            return [tuple(row) for row in found]
        return converted(found, self.results)


def _compiled(dialect: Any, statement: Select[*_Ts]) -> _DriverRead | None:
    """The statement compiled once for the dialect; None when its SQL is finished only
    at execution (an expanding IN list): SQLAlchemy then runs it."""
    key = (dialect.name, statement)
    if key in _COMPILED:
        return _COMPILED[key]
    compiled: Any = statement.compile(dialect=dialect)
    found = None
    if not compiled.literal_execute_params and not compiled.post_compile_params:
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        names = tuple(compiled.positiontup if compiled.positional else binds)
        processors = []
        for name in dict.fromkeys(names):  # a parameter used twice is converted once
            process = binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors.append((name, process))
        results = []
        for i, column in enumerate(statement.selected_columns):
            process = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if process is not None:
                results.append((i, process, isinstance(column.type, Enum)))
        found = _DriverRead(
            str(compiled),
            names,
            compiled.positional,
            {name: bind.effective_value for name, bind in binds.items() if not bind.required},
            tuple(processors),
            tuple(results),
        )
    _COMPILED[key] = found
    return found


def read_tuples(
    s: Session, statement: Select[*_Ts], params: dict[str, Any]
) -> Sequence[tuple[Any, ...]]:
    """The statement's rows as tuples (values converted as SQLAlchemy's result rows hold
    them), read on the session's connection after what is pending is flushed (as the
    session's autoflush would)."""
    s.flush()
    conn = s.connection()
    how = _compiled(conn.dialect, statement)
    if how is None:
        return [tuple(row) for row in conn.execute(statement, params)]
    found, _ = run(conn, how.sql, how.parameters(params), fetch=True)
    return how.rows(found)
