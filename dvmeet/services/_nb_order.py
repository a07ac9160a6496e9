"""Norwegian name order in SQL, for reads that sort and limit in the database (the
expression of the person name index, dvmeet.db.name_order)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column

from dvmeet.db.name_order import name_key_sql


def nb_sort_expression(column: str, dialect: str) -> ColumnElement[str]:
    """`registry.text.nb_sort_key` of `column` («table.column») as SQL, with its constants
    written out (so that the database matches it with the index's expression)."""
    return literal_column(name_key_sql(column, dialect))
