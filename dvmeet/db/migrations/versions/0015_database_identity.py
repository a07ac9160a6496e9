"""The database's own id: a random UUID made once, when the database is created (or
upgraded to this revision), never changed. Calendar UIDs name it, so the same meeting
keeps its UID through renames and two databases never share one.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 16:40:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_database_identity_one_row")),
    )
    op.bulk_insert(table, [{"id": 1, "uid": str(uuid.uuid4())}])


def downgrade() -> None:
    op.drop_table("database_identity")
