"""The agreement process and cost shares per municipality (issue 8).

Agreement process with milestones, a log per municipality (feedback amendments, contact
notes, replaced decisions), attachments (file paths or links); cost-share settings and
results per budget year; the link from a budget case to the calculation it adopts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cost_share_budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_year", sa.Integer(), nullable=False),
        sa.Column("total_budget", sa.BigInteger(), nullable=False),
        sa.Column("base_weight", sa.Integer(), nullable=False),
        sa.Column("population_weight", sa.Integer(), nullable=False),
        sa.Column("min_payment", sa.BigInteger(), nullable=False),
        sa.Column("max_payment", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("calculated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "base_weight + population_weight > 0", name=op.f("ck_cost_share_budget_some_weight")
        ),
        sa.CheckConstraint(
            "base_weight >= 0 AND population_weight >= 0", name=op.f("ck_cost_share_budget_weights")
        ),
        sa.CheckConstraint(
            "max_payment IS NULL OR max_payment >= min_payment",
            name=op.f("ck_cost_share_budget_max_over_min"),
        ),
        sa.CheckConstraint("min_payment >= 0", name=op.f("ck_cost_share_budget_min_non_negative")),
        sa.CheckConstraint(
            "total_budget >= 0", name=op.f("ck_cost_share_budget_total_non_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_share_budget")),
        sa.UniqueConstraint("budget_year", name=op.f("uq_cost_share_budget_budget_year")),
    )
    op.create_table(
        "agreement_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "amendment", "contact", "decision", name="notekind", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("change_of_principle", sa.Boolean(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_agreement_note_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_note")),
    )
    with op.batch_alter_table("agreement_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_note_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "agreement_process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_agreement_process_body_id_body")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_process")),
    )
    op.create_table(
        "cost_share_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("model_amount", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column(
            "bound",
            sa.Enum("minimum", "maximum", name="bound", native_enum=False, length=32),
            nullable=True,
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_cost_share_line_amount_non_negative")),
        sa.CheckConstraint(
            "population >= 0", name=op.f("ck_cost_share_line_population_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["cost_share_budget.id"],
            name=op.f("fk_cost_share_line_budget_id_cost_share_budget"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_cost_share_line_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_share_line")),
        sa.UniqueConstraint(
            "budget_id",
            "municipality_id",
            name=op.f("uq_cost_share_line_budget_id_municipality_id"),
        ),
    )
    with op.batch_alter_table("cost_share_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cost_share_line_budget_id"), ["budget_id"], unique=False
        )

    op.create_table(
        "agreement_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_agreement_attachment_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["agreement_note.id"],
            name=op.f("fk_agreement_attachment_note_id_agreement_note"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_attachment")),
    )
    with op.batch_alter_table("agreement_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_attachment_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_attachment_note_id"), ["note_id"], unique=False
        )

    op.create_table(
        "agreement_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column(
            "track",
            sa.Enum(
                "feedback",
                "decision",
                "signing",
                name="milestonetrack",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "opens_on IS NULL OR opens_on <= due_on",
            name=op.f("ck_agreement_milestone_opens_before_due"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["agreement_process.id"],
            name=op.f("fk_agreement_milestone_process_id_agreement_process"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_milestone")),
        sa.UniqueConstraint(
            "process_id", "track", name=op.f("uq_agreement_milestone_process_id_track")
        ),
    )
    with op.batch_alter_table("agreement_milestone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_milestone_process_id"), ["process_id"], unique=False
        )

    op.create_table(
        "budget_case_cost_shares",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["cost_share_budget.id"],
            name=op.f("fk_budget_case_cost_shares_budget_id_cost_share_budget"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["agenda_case.id"],
            name=op.f("fk_budget_case_cost_shares_case_id_agenda_case"),
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_budget_case_cost_shares")),
    )
    with op.batch_alter_table("budget_case_cost_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_case_cost_shares_budget_id"), ["budget_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("budget_case_cost_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_case_cost_shares_budget_id"))
    op.drop_table("budget_case_cost_shares")
    with op.batch_alter_table("agreement_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_milestone_process_id"))
    op.drop_table("agreement_milestone")
    with op.batch_alter_table("agreement_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_attachment_note_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_attachment_municipality_id"))
    op.drop_table("agreement_attachment")
    with op.batch_alter_table("cost_share_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cost_share_line_budget_id"))
    op.drop_table("cost_share_line")
    op.drop_table("agreement_process")
    with op.batch_alter_table("agreement_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_note_municipality_id"))
    op.drop_table("agreement_note")
    op.drop_table("cost_share_budget")
