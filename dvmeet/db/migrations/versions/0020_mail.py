"""Recipients and sending (issue 20): a municipality's post address, the distribution list
of a body (observers, post addresses, copy recipients; members and deputies called in come
from the registry) and the send log of notices by e-mail, frozen with an approved meeting
like every row it owns (0007).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 18:35:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
TABLE = "mail_message"
RECIPIENT_KINDS = ("member", "deputy", "observer", "post", "copy")


def _frozen(row: str, true: str) -> str:
    return f"EXISTS (SELECT 1 FROM meeting WHERE frozen = {true} AND id IN ({row}.meeting_id))"


def _kind(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    op.add_column("municipality", sa.Column("post_email", sa.String(length=254), nullable=True))
    op.create_table(
        "distribution_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind("recipientkind", *RECIPIENT_KINDS), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_distribution_recipient_body_id_body")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_distribution_recipient_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_recipient")),
    )
    op.create_index(
        op.f("ix_distribution_recipient_body_id"), "distribution_recipient", ["body_id"]
    )
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("kind", _kind("mailkind", "notice", "changed_notice"), nullable=False),
        sa.Column("recipient_kind", _kind("recipientkind", *RECIPIENT_KINDS), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("transport", _kind("transport", "smtp", "eml"), nullable=False),
        sa.Column(
            "status", _kind("mailstatus", "pending", "sent", "written", "failed"), nullable=False
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("eml_path", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_mail_message_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mail_message_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_mail_message_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_message_message_id")),
    )
    op.create_index(op.f("ix_mail_message_meeting_id"), TABLE, ["meeting_id"])
    if op.get_bind().dialect.name == "postgresql":
        old, new = _frozen("OLD", "true"), _frozen("NEW", "true")
        op.execute(
            f"""
            CREATE FUNCTION dvmeet_owner_frozen_{TABLE}() RETURNS trigger AS $$
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
            f"CREATE TRIGGER trg_{TABLE}_owner BEFORE INSERT OR UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION dvmeet_owner_frozen_{TABLE}()"
        )
        return
    checks = {
        "insert": _frozen("NEW", "1"),
        "update": f"{_frozen('OLD', '1')} OR {_frozen('NEW', '1')}",
        "delete": _frozen("OLD", "1"),
    }
    for name, condition in checks.items():
        op.execute(
            f"CREATE TRIGGER trg_{TABLE}_owner_{name} BEFORE {name.upper()} ON {TABLE} "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
    # INSERT OR REPLACE deletes the row it replaces without a delete trigger firing.
    existing = _frozen("o", "1")
    op.execute(
        f"CREATE TRIGGER trg_{TABLE}_owner_replace BEFORE INSERT ON {TABLE} "
        f"WHEN EXISTS (SELECT 1 FROM {TABLE} AS o WHERE o.id = NEW.id AND {existing}) "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_owner ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS dvmeet_owner_frozen_{TABLE}()")
    else:
        for name in ("insert", "update", "delete", "replace"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_owner_{name}")
    op.drop_index(op.f("ix_mail_message_meeting_id"), TABLE)
    op.drop_table(TABLE)
    op.drop_index(op.f("ix_distribution_recipient_body_id"), "distribution_recipient")
    op.drop_table("distribution_recipient")
    op.drop_column("municipality", "post_email")
