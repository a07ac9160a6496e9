"""Case papers (issue 19): the saksframlegg's parts per case (`case_paper`; the innstilling
stays on the case), a body's default texts for a new saksframlegg (`paper_template`) and
the case's attachments, PDF bytes in the database with their SHA-256 and size
(`case_attachment`).

A case's paper and attachments are part of the record: they are frozen with the case's
meeting like every row it owns (0007, 0011) and go into the facts digest
(services/minutes/_facts.py, OWNERS). The template belongs to a body, not to a meeting.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
OWNED = ("case_paper", "case_attachment")
# the meeting a row belongs to: its case's
OWNER = "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)"


def _frozen(ids: str, true: str) -> str:
    return f"EXISTS (SELECT 1 FROM meeting WHERE frozen = {true} AND id IN ({ids}))"


def _owner(row: str) -> str:
    return OWNER.replace("R.", f"{row}.")


def _freeze(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        old, new = _frozen(_owner("OLD"), "true"), _frozen(_owner("NEW"), "true")
        op.execute(
            f"""
            CREATE FUNCTION dvmeet_owner_frozen_{table}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    IF {old} THEN RAISE EXCEPTION '{FROZEN}'; END IF;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    IF {new} THEN RAISE EXCEPTION '{FROZEN}'; END IF;
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_owner BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION dvmeet_owner_frozen_{table}()"
        )
        return
    checks = {
        "insert": _frozen(_owner("NEW"), "1"),
        "update": _frozen(f"{_owner('OLD')}, {_owner('NEW')}", "1"),
        "delete": _frozen(_owner("OLD"), "1"),
    }
    for name, condition in checks.items():
        op.execute(
            f"CREATE TRIGGER trg_{table}_owner_{name} BEFORE {name.upper()} ON {table} "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
    existing = _frozen(_owner("o"), "1")
    op.execute(
        f"CREATE TRIGGER trg_{table}_owner_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} AS o WHERE o.id = NEW.id AND {existing}) "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
    )


def _unfreeze(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_owner ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS dvmeet_owner_frozen_{table}()")
    else:
        for name in ("insert", "update", "delete", "replace"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_owner_{name}")


def upgrade() -> None:
    op.create_table(
        "case_paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("background", sa.Text(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("economy", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["agenda_case.id"],
            name="fk_case_paper_case_id_agenda_case",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_paper"),
        sa.UniqueConstraint("case_id", name="uq_case_paper_case_id"),
    )
    op.create_table(
        "paper_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("background", sa.Text(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("economy", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name="fk_paper_template_body_id_body"),
        sa.PrimaryKeyConstraint("id", name="pk_paper_template"),
        sa.UniqueConstraint("body_id", name="uq_paper_template_body_id"),
    )
    op.create_table(
        "case_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f("ck_case_attachment_size_non_negative")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["agenda_case.id"],
            name="fk_case_attachment_case_id_agenda_case",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_attachment"),
    )
    op.create_index("ix_case_attachment_case_id", "case_attachment", ["case_id"])
    for table in OWNED:
        _freeze(table)


def downgrade() -> None:
    for table in OWNED:
        _unfreeze(table)
    op.drop_index("ix_case_attachment_case_id", "case_attachment")
    op.drop_table("case_attachment")
    op.drop_table("paper_template")
    op.drop_table("case_paper")
