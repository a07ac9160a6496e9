"""Trust roots for signatures (issue 19): the CA certificates the secretariat trusts,
shared by everyone using the database.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 19:30:00

An installation's settings, not part of a meeting's record: outside the freeze triggers
and the facts digest. Adding and removing a root is audited.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trust_root",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("not_after", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trust_root")),
        sa.UniqueConstraint("sha256", name=op.f("uq_trust_root_sha256")),
    )


def downgrade() -> None:
    op.drop_table("trust_root")
