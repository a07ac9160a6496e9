"""Persons found by any part of their name or e-mail through an index (issue 21, SQLite).

An FTS5 table `person_name_fts` with the trigram tokenizer (SQLite 3.34 and later) holds
every person's name and e-mail, case folded (æøå too, diacritics kept), so the registry's
contains-search ("auge" finds "Hauge") reads the persons holding a word of three letters
or more from the index instead of checking every person. It is contentless (`content=''`):
it keeps no copy of the texts, only the index, which the erasure of a person merges away
with the other full-text indexes. AFTER triggers keep it current; «ß» and «ẞ» are indexed
as «ss», as Python's casefold (the registry's rule) reads them.

The table name holds "fts", so the schema comparison of tests/unit/test_migrations.py
skips it and its shadow tables. A SQLite built without FTS5 or its trigram tokenizer
gets no table, and the registry then narrows the persons with LIKE (dvmeet/services/
registry/_person_search.py). PostgreSQL: nothing here (its search narrows with ILIKE).
Registry data: no freeze trigger or facts digest involved.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06 21:45:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

TABLE = "person_name_fts"


def _text(value: str) -> str:
    """What the index holds for a person's text column (`value`: SQL for it)."""
    return f"replace(replace(coalesce({value}, ''), 'ß', 'ss'), 'ẞ', 'ss')"


def _insert(r: str) -> str:
    return (
        f"INSERT INTO {TABLE}(rowid, name, email) "
        f"VALUES ({r}.id, {_text(f'{r}.name')}, {_text(f'{r}.email')});"
    )


def _delete(r: str) -> str:
    # a contentless table forgets a row when given the values it indexed
    return (
        f"INSERT INTO {TABLE}({TABLE}, rowid, name, email) "
        f"VALUES ('delete', {r}.id, {_text(f'{r}.name')}, {_text(f'{r}.email')});"
    )


def trigram_available() -> bool:
    conn = op.get_bind()
    try:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.dvmeet_trigram_probe USING fts5(x, tokenize = 'trigram')"
        )
    except DBAPIError:
        return False
    conn.exec_driver_sql("DROP TABLE temp.dvmeet_trigram_probe")
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite" or not trigram_available():
        return
    op.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "name, email, content = '', tokenize = 'trigram case_sensitive 0')"
    )
    op.execute(
        f"INSERT INTO {TABLE}(rowid, name, email) "
        f"SELECT p.id, {_text('p.name')}, {_text('p.email')} FROM person AS p"
    )
    op.execute(
        f"CREATE TRIGGER trg_person_name_fts_insert AFTER INSERT ON person BEGIN {_insert('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER trg_person_name_fts_update AFTER UPDATE OF name, email ON person "
        f"BEGIN {_delete('OLD')} {_insert('NEW')} END"
    )
    op.execute(
        f"CREATE TRIGGER trg_person_name_fts_delete AFTER DELETE ON person BEGIN {_delete('OLD')} END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_person_name_fts_{event}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
