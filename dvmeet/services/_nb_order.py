"""Norwegian name order in SQL, for reads that sort and limit in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func

# nb_sort_key in SQL: lower() (ASCII in SQLite), then the letters after z in Norwegian order
_AFTER_Z = (
    ("Æ", "{"), ("æ", "{"), ("Ä", "{"), ("ä", "{"),
    ("Ø", "|"), ("ø", "|"), ("Ö", "|"), ("ö", "|"),
    ("Å", "}"), ("å", "}"),
)  # fmt: skip


def nb_sort_expression(column: Any, dialect: str) -> ColumnElement[str]:
    """`registry.text.nb_sort_key(column)` as SQL, compared byte by byte."""
    expr: ColumnElement[str] = func.lower(column)
    for letter, key in _AFTER_Z:
        expr = func.replace(expr, letter, key)
    if dialect == "postgresql":
        expr = expr.collate("C")  # the database's collation would skip «{|}»
    return expr
