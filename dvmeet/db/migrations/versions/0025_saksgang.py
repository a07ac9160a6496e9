"""Saksgang across bodies (issue 19): one matter's route through several bodies in order,
each step a body and, once planned, the case that is its handling in a meeting of that body.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 19:05:00

The route is planning data: it says where a matter goes next, not what a meeting did. Each
handling is an ordinary case row of its meeting and is frozen with it (0007) and counted in
its facts digest (0009); the route and its steps are outside the freeze triggers and the
digest, and the service refuses to move or remove a step whose handling is in a meeting
that has started. `carried_text` is the innstilling last carried into the step's handling
from the decision of the step before, so a hand-edited innstilling can be told and kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_route",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_route")),
    )
    op.create_table(
        "case_route_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("carried_text", sa.Text(), nullable=True),
        sa.CheckConstraint("position >= 1", name=op.f("ck_case_route_step_position_positive")),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["case_route.id"],
            name=op.f("fk_case_route_step_route_id_case_route"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_case_route_step_body_id_body")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["agenda_case.id"],
            name=op.f("fk_case_route_step_case_id_agenda_case"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_route_step")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_route_step_case_id")),
    )
    op.create_index(
        op.f("ix_case_route_step_route_id"), "case_route_step", ["route_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_case_route_step_route_id"), table_name="case_route_step")
    op.drop_table("case_route_step")
    op.drop_table("case_route")
