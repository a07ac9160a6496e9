"""How the body decided a disqualification question (H-1, fvl. § 8 (2)): how many took
part in the decision, and whether every member took part because the body would not
otherwise have been quorate on the question (several members concerned in the same
case). A question that a not-quorate vote left stored as "not disqualified" by earlier
versions is opened again, unless its meeting is approved (frozen).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:30:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("disqualification", sa.Column("participants", sa.Integer(), nullable=True))
    op.add_column(
        "disqualification",
        sa.Column("all_took_part", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    true = "true" if op.get_bind().dialect.name == "postgresql" else "1"
    false = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    op.execute(
        f"UPDATE disqualification SET decided = NULL WHERE decided = {false} "
        "AND EXISTS (SELECT 1 FROM vote WHERE vote.disqualification_id = disqualification.id "
        "AND vote.outcome = 'not_quorate') "
        "AND NOT EXISTS (SELECT 1 FROM meeting WHERE meeting.id = disqualification.meeting_id "
        f"AND meeting.frozen = {true})"
    )


def downgrade() -> None:
    op.drop_column("disqualification", "all_took_part")
    op.drop_column("disqualification", "participants")
