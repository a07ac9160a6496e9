"""Archive references (issue 19): the host municipality's archive references of a meeting
or a case (arkivsak saksår/sekvensnummer, journalpost number, arkivdel, klasse), entered by
hand or read back from the archive's receipt.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 18:40:00

The references usually arrive after the minutes are approved (the archive's receipt
answers the hand-off), and they describe where the record went rather than the record
itself: the table is outside the freeze triggers and the facts digest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("case_year", sa.Integer(), nullable=True),
        sa.Column("case_sequence", sa.Integer(), nullable=True),
        sa.Column("record_number", sa.Integer(), nullable=True),
        sa.Column("series", sa.String(length=100), nullable=True),
        sa.Column("class_id", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(meeting_id IS NULL) <> (case_id IS NULL)",
            name=op.f("ck_archive_reference_one_owner"),
        ),
        sa.CheckConstraint(
            "case_year IS NULL OR case_year BETWEEN 1000 AND 9999",
            name=op.f("ck_archive_reference_year"),
        ),
        sa.CheckConstraint(
            "case_sequence IS NULL OR case_sequence >= 1",
            name=op.f("ck_archive_reference_sequence"),
        ),
        sa.CheckConstraint(
            "record_number IS NULL OR record_number >= 1",
            name=op.f("ck_archive_reference_record"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_archive_reference_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["agenda_case.id"],
            name=op.f("fk_archive_reference_case_id_agenda_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_reference")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_archive_reference_meeting_id")),
        sa.UniqueConstraint("case_id", name=op.f("uq_archive_reference_case_id")),
    )


def downgrade() -> None:
    op.drop_table("archive_reference")
