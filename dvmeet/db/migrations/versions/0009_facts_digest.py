"""The facts digest of approved minutes: the SHA-256 of every row the approved meeting
owns (the rows the freeze triggers of 0007 protect), by id and values, computed at
approval, so `check` can tell a frozen row edited with the triggers dropped. Also the
SHA-256 of the public PDF rendered at approval, so `dvmeet verify` knows both copies.

Minutes approved before this revision get no digest here: computing it now would
certify the rows as they are found today, not as they were approved. `check` says
such minutes have no facts digest.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 16:05:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("minutes", sa.Column("facts_hash", sa.String(64), nullable=True))
    op.add_column("minutes", sa.Column("public_pdf_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    for column in ("public_pdf_hash", "facts_hash"):
        op.drop_column("minutes", column)
