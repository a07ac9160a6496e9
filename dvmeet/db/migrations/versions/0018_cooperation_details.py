"""The cooperation's details for every document (issue 16): organisation number, address,
the secretariat's contact, a logo (PNG or JPEG, stored in the database) and a letterhead
text.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 18:30:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("org_number", sa.String(9)),
    ("address", sa.String(300)),
    ("contact_name", sa.String(200)),
    ("contact_email", sa.String(254)),
    ("contact_phone", sa.String(40)),
    ("logo", sa.LargeBinary()),
    ("logo_type", sa.String(16)),
    ("letterhead", sa.String(500)),
)


def upgrade() -> None:
    for name, type_ in _COLUMNS:
        op.add_column("cooperation", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _type in reversed(_COLUMNS):
        op.drop_column("cooperation", name)
