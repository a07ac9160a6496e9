"""A version number on the other records a user edits: decision text, the remarks of the
minutes, the agreement process, its milestones and each municipality's status, the
cooperation, the municipalities' participation and the cost-share budgets (issue 14:
every update service takes the expected version, so a stale save is refused instead of
silently overwriting someone else's, on SQLite and PostgreSQL).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 16:15:00

Plain ADD COLUMN with a constant default, never batch mode: on SQLite batch mode
recreates a table and drops its triggers (frozen meetings, search index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    "decision",
    "minutes",
    "agreement_process",
    "agreement_milestone",
    "agreement_status",
    "cooperation",
    "municipality",
    "cost_share_budget",
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, "version")
