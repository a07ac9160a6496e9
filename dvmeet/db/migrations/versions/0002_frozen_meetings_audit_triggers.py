"""Frozen meetings and the append-only audit log, enforced by the database itself (B-3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 23:57:09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Every table whose rows belong to one meeting (column meeting_id).
MEETING_TABLES = (
    "agenda_case",
    "attendance_event",
    "absence_reason",
    "disqualification",
    "proposal",
    "vote",
    "ballot",
    "decision",
    "minutes",
    "minutes_signatory",
    "meeting_progress",
)
FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
AUDIT = "dvmeet_frozen: revisjonsloggen kan berre utvidast"


def _sqlite_upgrade() -> None:
    for table in MEETING_TABLES:
        for op_name, row in (("UPDATE", "OLD"), ("DELETE", "OLD"), ("INSERT", "NEW")):
            op.execute(
                f"CREATE TRIGGER trg_{table}_frozen_{op_name.lower()} "
                f"BEFORE {op_name} ON {table} "
                f"WHEN (SELECT frozen FROM meeting WHERE id = {row}.meeting_id) = 1 "
                f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
            )
    for op_name in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER trg_meeting_frozen_{op_name.lower()} BEFORE {op_name} ON meeting "
            f"WHEN OLD.frozen = 1 BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
        op.execute(
            f"CREATE TRIGGER trg_audit_event_no_{op_name.lower()} BEFORE {op_name} "
            f"ON audit_event BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END"
        )


def _sqlite_downgrade() -> None:
    for table in MEETING_TABLES:
        for op_name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_frozen_{op_name}")
    for op_name in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_meeting_frozen_{op_name}")
        op.execute(f"DROP TRIGGER IF EXISTS trg_audit_event_no_{op_name}")


def _pg_upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION dvmeet_refuse_frozen() RETURNS trigger AS $$
        DECLARE
            mid integer;
        BEGIN
            IF TG_TABLE_NAME = 'meeting' THEN
                IF OLD.frozen THEN
                    RAISE EXCEPTION '{FROZEN}';
                END IF;
            ELSE
                IF TG_OP = 'INSERT' THEN mid := NEW.meeting_id; ELSE mid := OLD.meeting_id; END IF;
                IF EXISTS (SELECT 1 FROM meeting WHERE id = mid AND frozen) THEN
                    RAISE EXCEPTION '{FROZEN}';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION dvmeet_refuse_audit_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{AUDIT}';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in MEETING_TABLES:
        for op_name in ("update", "delete", "insert"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_frozen_{op_name} BEFORE {op_name.upper()} "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION dvmeet_refuse_frozen()"
            )
    for op_name in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER trg_meeting_frozen_{op_name} BEFORE {op_name.upper()} ON meeting "
            "FOR EACH ROW EXECUTE FUNCTION dvmeet_refuse_frozen()"
        )
        op.execute(
            f"CREATE TRIGGER trg_audit_event_no_{op_name} BEFORE {op_name.upper()} "
            "ON audit_event FOR EACH ROW EXECUTE FUNCTION dvmeet_refuse_audit_change()"
        )


def _pg_downgrade() -> None:
    for table in MEETING_TABLES:
        for op_name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_frozen_{op_name} ON {table}")
    for op_name in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_meeting_frozen_{op_name} ON meeting")
        op.execute(f"DROP TRIGGER IF EXISTS trg_audit_event_no_{op_name} ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS dvmeet_refuse_frozen()")
    op.execute("DROP FUNCTION IF EXISTS dvmeet_refuse_audit_change()")


def upgrade() -> None:
    with op.batch_alter_table("agenda_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_election", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    else:
        _sqlite_downgrade()
    with op.batch_alter_table("agenda_case", schema=None) as batch_op:
        batch_op.drop_column("is_election")
