"""One order of the seats (issue 17): `body.seat_order` is how the console lists the
roll call and the vote grid (municipality number, municipality name, member surname or a
custom order), and `body.seat_places` holds the custom order (the municipality numbers in order).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 18:40:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "body",
        sa.Column(
            "seat_order",
            sa.String(length=32),
            server_default="municipality_number",
            nullable=False,
        ),
    )
    op.add_column("body", sa.Column("seat_places", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("body", "seat_places")
    op.drop_column("body", "seat_order")
