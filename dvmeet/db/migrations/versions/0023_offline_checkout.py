"""The offline meeting file (issue 18): a meeting taken out to a laptop and brought back.

- `offline_checkout` (the main database): one row per checkout: the file's token, the
  meeting and its version, who took it out and when, the SHA-256 of the file's content
  and of its registry at checkout, the meeting's rows at checkout (JSON: what the checkin
  compares both sides with) and its state: `out`, `in` (checked in) or `cancelled`.
- `offline_manifest` (the laptop file; empty in a main database): the one row that makes a
  database a meeting file: the checkout token, the origin database's id, the meeting, who
  took it out, the content hashes at checkout, and the seal (the audit head and the digest
  of every row, renewed by dvmeet at every commit in the file: an edit outside dvmeet
  leaves the seal behind).
- Guards in the main database (triggers on both engines, like the freeze triggers of
  0007): while a meeting is out, every row it owns (cases, attendance, proposals, votes,
  ballots, decisions, disqualification, minutes, progress, vote drafts, the speakers'
  list) is refused on
  insert, update and delete, and so is a change of the meeting's state (status, opened,
  closed, frozen, body) or its deletion. Its title, place and the like stay editable at
  home; the checkin sees such changes and asks which side wins.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

OUT = "dvmeet_offline: møtet er teke med ut på ei møtefil og kan ikkje endrast her"

# Every meeting a row belongs to (a copy of 0007's table, as it stood then).
OWNERS: dict[str, tuple[str, ...]] = {
    "agenda_case": ("R.meeting_id",),
    "attendance_event": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
    ),
    "absence_reason": (
        "R.meeting_id",
        "(SELECT meeting_id FROM attendance_event WHERE id = R.attendance_event_id)",
    ),
    "disqualification": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
    ),
    "proposal": ("R.meeting_id", "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)"),
    "vote": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
        "(SELECT meeting_id FROM proposal WHERE id = R.proposal_id)",
    ),
    "ballot": ("R.meeting_id", "(SELECT meeting_id FROM vote WHERE id = R.vote_id)"),
    "decision": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
    ),
    "minutes": ("R.meeting_id",),
    "minutes_signatory": ("R.meeting_id",),
    "meeting_progress": ("R.meeting_id",),
    "vote_draft": ("R.meeting_id", "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)"),
    "speaker_entry": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
    ),
}

# The meeting's own columns that say what state it is in: changed only where it is.
STATE = ("status", "opened_at", "closed_at", "frozen", "recorded_afterwards", "body_id")


def owners(table: str, row: str) -> str:
    return ", ".join(e.replace("R.", f"{row}.") for e in OWNERS[table])


def _out(ids: str) -> str:
    return f"EXISTS (SELECT 1 FROM offline_checkout WHERE state = 'out' AND meeting_id IN ({ids}))"


def _tables() -> None:
    op.create_table(
        "offline_checkout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("meeting_version", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.Column("taken_by", sa.String(length=200), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("registry_hash", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "state IN ('out', 'in', 'cancelled')", name=op.f("ck_offline_checkout_known_state")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_offline_checkout_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_checkout")),
        sa.UniqueConstraint("uid", name=op.f("uq_offline_checkout_uid")),
    )
    op.create_index(
        op.f("ix_offline_checkout_meeting_id"), "offline_checkout", ["meeting_id"], unique=False
    )
    op.create_table(
        "offline_manifest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkout_uid", sa.String(length=36), nullable=False),
        sa.Column("origin_uid", sa.String(length=36), nullable=False),
        sa.Column("origin_name", sa.String(length=1000), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("meeting_version", sa.Integer(), nullable=False),
        sa.Column("taken_by", sa.String(length=200), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("registry_hash", sa.String(length=64), nullable=False),
        sa.Column("seal_head", sa.String(length=64), nullable=False),
        sa.Column("seal_digest", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_offline_manifest_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_manifest")),
    )


def _sqlite_guards() -> None:
    for table in OWNERS:
        checks = {
            "insert": _out(owners(table, "NEW")),
            "update": _out(f"{owners(table, 'OLD')}, {owners(table, 'NEW')}"),
            "delete": _out(owners(table, "OLD")),
        }
        for name, condition in checks.items():
            op.execute(
                f"CREATE TRIGGER trg_{table}_offline_{name} BEFORE {name.upper()} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{OUT}'); END"
            )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in STATE)
    op.execute(
        "CREATE TRIGGER trg_meeting_offline_update BEFORE UPDATE ON meeting "
        f"WHEN ({changed}) AND {_out('OLD.id')} BEGIN SELECT RAISE(ABORT, '{OUT}'); END"
    )
    op.execute(
        "CREATE TRIGGER trg_meeting_offline_delete BEFORE DELETE ON meeting "
        f"WHEN {_out('OLD.id')} BEGIN SELECT RAISE(ABORT, '{OUT}'); END"
    )


def _pg_guards() -> None:
    for table in OWNERS:
        old, new = _out(owners(table, "OLD")), _out(owners(table, "NEW"))
        op.execute(
            f"""
            CREATE FUNCTION dvmeet_offline_{table}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    IF {old} THEN RAISE EXCEPTION '{OUT}'; END IF;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    IF {new} THEN RAISE EXCEPTION '{OUT}'; END IF;
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_offline BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION dvmeet_offline_{table}()"
        )
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in STATE)
    op.execute(
        f"""
        CREATE FUNCTION dvmeet_offline_meeting() RETURNS trigger AS $$
        BEGIN
            IF {_out("OLD.id")} THEN
                IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{OUT}'; END IF;
                IF {changed} THEN RAISE EXCEPTION '{OUT}'; END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER trg_meeting_offline BEFORE UPDATE OR DELETE ON meeting "
        "FOR EACH ROW EXECUTE FUNCTION dvmeet_offline_meeting()"
    )


def upgrade() -> None:
    _tables()
    if op.get_bind().dialect.name == "postgresql":
        _pg_guards()
    else:
        _sqlite_guards()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_meeting_offline ON meeting")
        op.execute("DROP FUNCTION IF EXISTS dvmeet_offline_meeting()")
        for table in OWNERS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_offline ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS dvmeet_offline_{table}()")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_meeting_offline_update")
        op.execute("DROP TRIGGER IF EXISTS trg_meeting_offline_delete")
        for table in OWNERS:
            for name in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_offline_{name}")
    op.drop_table("offline_manifest")
    op.drop_index(op.f("ix_offline_checkout_meeting_id"), table_name="offline_checkout")
    op.drop_table("offline_checkout")
