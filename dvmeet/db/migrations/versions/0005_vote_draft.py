"""The ballots of an unfinished vote, saved as they are typed in the chair's console.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"


def upgrade() -> None:
    op.create_table(
        "vote_draft",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["agenda_case.id"], name=op.f("fk_vote_draft_case_id_agenda_case")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_vote_draft_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_vote_draft")),
    )
    with op.batch_alter_table("vote_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_draft_meeting_id"), ["meeting_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for op_name in ("update", "delete", "insert"):
            op.execute(
                f"CREATE TRIGGER trg_vote_draft_frozen_{op_name} BEFORE {op_name.upper()} "
                "ON vote_draft FOR EACH ROW EXECUTE FUNCTION dvmeet_refuse_frozen()"
            )
    else:
        for op_name, row in (("UPDATE", "OLD"), ("DELETE", "OLD"), ("INSERT", "NEW")):
            op.execute(
                f"CREATE TRIGGER trg_vote_draft_frozen_{op_name.lower()} "
                f"BEFORE {op_name} ON vote_draft "
                f"WHEN (SELECT frozen FROM meeting WHERE id = {row}.meeting_id) = 1 "
                f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for op_name in ("update", "delete", "insert"):
        suffix = " ON vote_draft" if postgres else ""
        op.execute(f"DROP TRIGGER IF EXISTS trg_vote_draft_frozen_{op_name}{suffix}")
    with op.batch_alter_table("vote_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_draft_meeting_id"))
    op.drop_table("vote_draft")
