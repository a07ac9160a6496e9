"""Norwegian name order as an SQL expression (a–z, then æ, ø, å, whatever the case), the
same text for the index on person names (migration 0026) and the reads that sort by it, so
the database can walk the index instead of sorting every row.

It is `registry.text.nb_sort_key` for names written with the Norwegian (and Swedish)
letters: lower() (ASCII only in SQLite; the Unicode letters are caught by the replacements),
then æ/ä as «{», ø/ö as «|», å as «}», the three characters after «z». Compared byte by
byte: on PostgreSQL with COLLATE "C", since a language collation would skip «{|}».
"""

from __future__ import annotations

AFTER_Z = (
    ("Æ", "{"), ("æ", "{"), ("Ä", "{"), ("ä", "{"),
    ("Ø", "|"), ("ø", "|"), ("Ö", "|"), ("ö", "|"),
    ("Å", "}"), ("å", "}"),
)  # fmt: skip


def name_key_sql(column: str, dialect: str) -> str:
    """The sort key of `column` (a column name, or table.column) as SQL text."""
    # on PostgreSQL the collation is given to the name, and the key inherits it
    expr = f'lower({column} COLLATE "C")' if dialect == "postgresql" else f"lower({column})"
    for letter, key in AFTER_Z:
        expr = f"replace({expr}, '{letter}', '{key}')"
    return expr
