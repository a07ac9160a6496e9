"""Full-text search index over cases, decisions and governing document versions (SQLite).

An FTS5 table `search_index_fts` (the "fts" in the name lets the schema comparison in
tests/unit/test_migrations.py skip it and its shadow tables) holds one row per case,
decision and document version, kept current by AFTER triggers. The tokenizer keeps
diacritics (`remove_diacritics 0`), so "år" does not match "ar", while case is folded, so
"Økonomi" matches "økonomi".

Row ids encode the source: id * 4 + 1 (agenda_case), + 2 (decision), + 3 (document_version).

The triggers are AFTER triggers: the BEFORE triggers of 0002 that refuse changes to frozen
meetings run first and abort the statement, so a refused change never reaches the index.

A SQLite built without FTS5 gets no index; the search service then scans in Python.
PostgreSQL needs nothing here: the service searches it with lower(...) and a check in
Python (PostgreSQL's lower() folds æøå under a UTF-8 ctype).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "search_index_fts"

# Text of each indexed column, per source table, as SQL over the row alias {r}.
CASE_LABEL = "{r}.kind || ' ' || printf('%03d/%02d', {r}.number, {r}.year % 100)"
CASE_TITLE = "coalesce({r}.title, '') || ' ' || coalesce({r}.public_title, '')"
CASE_BODY = "coalesce({r}.recommendation, '') || char(10) || coalesce({r}.description, '')"
DOC_TITLE = "coalesce((SELECT title FROM governing_document WHERE id = {r}.document_id), '')"


def _insert(kind: int, label: str, title: str, body: str, r: str) -> str:
    return (
        f"INSERT INTO {TABLE}(rowid, label, title, body) VALUES "
        f"({r}.id * 4 + {kind}, {label.format(r=r)}, {title.format(r=r)}, {body.format(r=r)});"
    )


def _delete(kind: int, r: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {r}.id * 4 + {kind};"


# source table, kind code, label, title, body, columns whose update re-indexes the row
SOURCES = (
    (
        "agenda_case",
        1,
        CASE_LABEL,
        CASE_TITLE,
        CASE_BODY,
        "title, public_title, recommendation, description, kind, number, year",
    ),
    ("decision", 2, "''", "''", "coalesce({r}.text, '')", "text"),
    ("document_version", 3, "''", DOC_TITLE, "coalesce({r}.content, '')", "content, document_id"),
)


def fts5_available() -> bool:
    conn = op.get_bind()
    try:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.dvmeet_fts5_probe USING fts5(x)")
    except DBAPIError:
        return False
    conn.exec_driver_sql("DROP TABLE temp.dvmeet_fts5_probe")
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite" or not fts5_available():
        return
    op.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "label, title, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    for table, kind, label, title, body, columns in SOURCES:
        op.execute(
            f"INSERT INTO {TABLE}(rowid, label, title, body) "
            f"SELECT r.id * 4 + {kind}, {label.format(r='r')}, {title.format(r='r')}, "
            f"{body.format(r='r')} FROM {table} AS r"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_search_insert AFTER INSERT ON {table} "
            f"BEGIN {_insert(kind, label, title, body, 'NEW')} END"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_search_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {_delete(kind, 'OLD')} {_insert(kind, label, title, body, 'NEW')} END"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_search_delete AFTER DELETE ON {table} "
            f"BEGIN {_delete(kind, 'OLD')} END"
        )
    # A renamed document re-titles the index rows of its versions.
    op.execute(
        "CREATE TRIGGER trg_governing_document_search_update AFTER UPDATE OF title "
        f"ON governing_document BEGIN UPDATE {TABLE} SET title = NEW.title WHERE rowid IN "
        "(SELECT id * 4 + 3 FROM document_version WHERE document_id = NEW.id); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, *_rest in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_search_{event}")
    op.execute("DROP TRIGGER IF EXISTS trg_governing_document_search_update")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
