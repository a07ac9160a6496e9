"""Full-text search on PostgreSQL (issue 21): GIN indexes on to_tsvector('simple', ...).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 19:40:00

PostgreSQL only (SQLite has the FTS5 index of 0003; nothing happens there). One expression
index per searched table (cases with their label, decisions, document versions, document
titles), over the text of dvmeet.db.search_text, which the search service queries with
prefix tsqueries; see that module for why 'simple' (not 'norwegian', not unaccent) and why
punctuation is replaced first. No extension is needed (pg_trgm is not: prefix matching is
the tsquery's `:*`, answered by the GIN index), so the migration needs no privilege beyond
creating indexes on the app's own tables. Expression indexes, not columns: the schema
comparison of the ORM and the migrations (tests/unit/test_migrations.py) is unchanged, and
the freeze triggers and facts digest are not involved (an index is not part of the record).
"""

from __future__ import annotations

from alembic import op

from dvmeet.db.search_text import INDEXES

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, expression in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (({expression}))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        op.execute(f"DROP INDEX {name}")
