"""What the meeting decided and met, kept: an election of several in one round (the
number to elect on the case, the elected on the vote, Q-4, M-7), a closed case whose
decision is public (O-2), the public text of a correction (B-3), and the warnings the
rules gave (rule_warning), frozen with the meeting like every row it owns (0007).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 16:20:00

Plain ADD COLUMN, never batch mode (batch mode recreates the table and drops its triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
TABLE = "rule_warning"
# the meetings a warning belongs to: its own and its case's
OWNERS = ("R.meeting_id", "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)")


def _owners(row: str) -> str:
    return ", ".join(e.replace("R.", f"{row}.") for e in OWNERS)


def _frozen(ids: str, true: str) -> str:
    return f"EXISTS (SELECT 1 FROM meeting WHERE frozen = {true} AND id IN ({ids}))"


def upgrade() -> None:
    op.add_column(
        "agenda_case", sa.Column("seats_to_fill", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column(
        "agenda_case",
        sa.Column("decision_public", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("vote", sa.Column("elected_person_ids", sa.Text(), nullable=True))
    op.add_column("correction", sa.Column("public_text", sa.Text(), nullable=True))
    # Approved (frozen) meetings keep their record as approved; the freeze triggers would
    # refuse the change anyway and the whole upgrade with it.
    true = "true" if op.get_bind().dialect.name == "postgresql" else "1"
    op.execute(
        "UPDATE agenda_case SET seats_to_fill = 2 WHERE standing = 'signatories' "
        "AND NOT EXISTS (SELECT 1 FROM meeting WHERE meeting.id = agenda_case.meeting_id "
        f"AND meeting.frozen = {true})"
    )
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name="fk_rule_warning_meeting_id_meeting"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["agenda_case.id"], name="fk_rule_warning_case_id_agenda_case"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rule_warning"),
    )
    op.create_index("ix_rule_warning_meeting_id", TABLE, ["meeting_id"])
    op.create_index("ix_rule_warning_case_id", TABLE, ["case_id"])
    if op.get_bind().dialect.name == "postgresql":
        old, new = _frozen(_owners("OLD"), "true"), _frozen(_owners("NEW"), "true")
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
        "insert": _frozen(_owners("NEW"), "1"),
        "update": _frozen(f"{_owners('OLD')}, {_owners('NEW')}", "1"),
        "delete": _frozen(_owners("OLD"), "1"),
    }
    for name, condition in checks.items():
        op.execute(
            f"CREATE TRIGGER trg_{TABLE}_owner_{name} BEFORE {name.upper()} ON {TABLE} "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
    existing = _frozen(_owners("o"), "1")
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
    op.drop_index("ix_rule_warning_case_id", TABLE)
    op.drop_index("ix_rule_warning_meeting_id", TABLE)
    op.drop_table(TABLE)
    op.drop_column("correction", "public_text")
    op.drop_column("vote", "elected_person_ids")
    op.drop_column("agenda_case", "decision_public")
    op.drop_column("agenda_case", "seats_to_fill")
