"""A meeting recorded afterwards from notes (issue 15, "Time is the time of the act"):
`meeting.recorded_afterwards` says the meeting was entered after it was held, so every
time in it (start, arrivals, departures, end) was typed by the secretary and checked,
rather than taken from the clock at the moment of the act.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:35:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meeting",
        sa.Column("recorded_afterwards", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("meeting", "recorded_afterwards")
