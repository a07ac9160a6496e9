"""Persons found by any part of their name or e-mail through an index (issue 21, SQLite),
and an index on the persons' municipality (both engines).

An FTS5 table `person_name_fts` with the trigram tokenizer (SQLite 3.34 and later) holds
every person's name and e-mail, case folded (æøå too, diacritics kept), so the registry's
contains-search ("auge" finds "Hauge") reads the persons holding a word of three letters
or more from the index instead of checking every person. It is contentless (`content=''`):
it keeps no copy of the texts, only the index, which the erasure of a person merges away
with the other full-text indexes. AFTER triggers keep it current.

The index must find every person the registry's rule (Python's `casefold`) finds; the
trigram tokenizer folds case letter by letter, so the Latin letters whose folding is more
than one letter, or an ASCII letter, are indexed as their folding (FOLDS: «ß» and «ẞ» as
«ss», «ﬁ» as «fi», «İ» as «i» and a combining dot, the Kelvin sign as «k», ...). Letters
SQLite 3.40's tables do not fold at all (Georgian Mtavruli, Cherokee small letters and a
few Latin letters added since Unicode 8) are indexed as written: a word written in another
case of them is not found through the index.

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


# The Latin letters whose casefold is more than one letter, or an ASCII letter (Python
# 3.11's Unicode 14; dvmeet.services.registry._person_search.INDEX_FOLDED, as written here).
# (Greek and Armenian letters of that kind would nest the replace() calls deeper than
# SQLite's parser allows; the registry's search does not look up words they could match.)
INDEX_FOLDED = (
    "\xdf\u0130\u0149\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\u017f\u212a"
)
FOLDS = tuple((letter, letter.casefold()) for letter in INDEX_FOLDED)


def _text(value: str) -> str:
    """What the index holds for a person's text column (`value`: SQL for it)."""
    expr = f"coalesce({value}, '')"
    for letter, folded in FOLDS:
        expr = f"replace({expr}, '{letter}', '{folded}')"
    return expr


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
    # both engines: the persons of a municipality (a word of the search in its name)
    op.create_index(op.f("ix_person_municipality_id"), "person", ["municipality_id"])
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
    op.drop_index(op.f("ix_person_municipality_id"), table_name="person")
    if op.get_bind().dialect.name != "sqlite":
        return
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_person_name_fts_{event}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
