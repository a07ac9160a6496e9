"""The approved minutes as a snapshot: the minutes models (internal and public) as
canonical JSON with its SHA-256, and the SHA-256 of the PDF rendered at approval. Later
exports of approved minutes render from the snapshot, so a renamed person or body never
changes an approved møtebok; `check` recomputes the hash.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:30:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("minutes", sa.Column("snapshot", sa.Text(), nullable=True))
    op.add_column("minutes", sa.Column("snapshot_hash", sa.String(64), nullable=True))
    op.add_column("minutes", sa.Column("pdf_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    for column in ("pdf_hash", "snapshot_hash", "snapshot"):
        op.drop_column("minutes", column)
