"""Recipients and sending (issue 20): the distribution list of a body, the
municipalities' post addresses and the send log of notices by e-mail.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 18:35:00
"""

from __future__ import annotations

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
