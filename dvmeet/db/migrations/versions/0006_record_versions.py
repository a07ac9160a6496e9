"""A version number on every editable record (optimistic concurrency between users).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00

Plain ADD COLUMN with a constant default, never batch mode: on SQLite batch mode
recreates a table and drops its triggers (frozen meetings, search index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    "body",
    "person",
    "membership",
    "governing_document",
    "meeting",
    "agenda_case",
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, "version")
