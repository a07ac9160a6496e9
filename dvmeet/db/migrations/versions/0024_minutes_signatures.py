"""Signed minutes (issue 19): each signatory's PAdES signature on the approved møtebok,
the signed PDF after each signature kept whole.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 18:50:00

The signatures are made after approval and verify themselves (a changed byte breaks them),
so the table is outside the freeze triggers and the facts digest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("signer", sa.String(length=300), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_minutes_signature_position_positive")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_signature_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_minutes_signature_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_signature")),
        sa.UniqueConstraint(
            "meeting_id", "position", name=op.f("uq_minutes_signature_meeting_id_position")
        ),
    )
    op.create_index(
        op.f("ix_minutes_signature_meeting_id"), "minutes_signature", ["meeting_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_minutes_signature_meeting_id"), table_name="minutes_signature")
    op.drop_table("minutes_signature")
