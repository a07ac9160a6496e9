"""A body can be retired (issue 16, "bodies: create, edit, retire"): `body.retired_on` is
its last day; no meeting is planned in it after that day, and its meetings and members
stay as they were.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 17:30:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("body", sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("body", "retired_on")
