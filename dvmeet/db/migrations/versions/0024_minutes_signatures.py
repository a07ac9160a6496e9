"""Signed minutes (issue 19): each signatory's PAdES signature on the approved møtebok,
the signed PDF after each signature kept whole.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 18:50:00
"""

from __future__ import annotations

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
