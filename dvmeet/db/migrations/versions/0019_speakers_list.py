"""The speakers' list (talarliste, issue 17): `speaker_entry`, one turn (innlegg or
replikk) per row with its queue order and its requested, started and ended times, frozen
with the meeting like every row it owns (0007, 0011); and `speaker_settings`, a body's
time limits per innlegg and per replikk, replikkar per innlegg, and whether the minutes
list who spoke.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
TABLE = "speaker_entry"
# the meetings a turn belongs to: its own, its case's and the turn it replies to
OWNERS = (
    "R.meeting_id",
    "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
    "(SELECT meeting_id FROM speaker_entry WHERE id = R.replying_to_id)",
)


def _owners(row: str) -> str:
    return ", ".join(e.replace("R.", f"{row}.") for e in OWNERS)


def _frozen(ids: str, true: str) -> str:
    return f"EXISTS (SELECT 1 FROM meeting WHERE frozen = {true} AND id IN ({ids}))"


def upgrade() -> None:
    op.create_table(
        "speaker_settings",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("innlegg_seconds", sa.Integer(), nullable=True),
        sa.Column("replikk_seconds", sa.Integer(), nullable=True),
        sa.Column("max_replikkar", sa.Integer(), nullable=True),
        sa.Column("in_minutes", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "innlegg_seconds IS NULL OR innlegg_seconds > 0",
            name="ck_speaker_settings_innlegg_positive",
        ),
        sa.CheckConstraint(
            "replikk_seconds IS NULL OR replikk_seconds > 0",
            name="ck_speaker_settings_replikk_positive",
        ),
        sa.CheckConstraint(
            "max_replikkar IS NULL OR max_replikkar >= 0",
            name="ck_speaker_settings_max_non_negative",
        ),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name="fk_speaker_settings_body_id_body"),
        sa.PrimaryKeyConstraint("body_id", name="pk_speaker_settings"),
    )
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("replying_to_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name="fk_speaker_entry_meeting_id_meeting"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["agenda_case.id"], name="fk_speaker_entry_case_id_agenda_case"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_speaker_entry_person_id_person"
        ),
        sa.ForeignKeyConstraint(
            ["replying_to_id"],
            ["speaker_entry.id"],
            name="fk_speaker_entry_replying_to_id_speaker_entry",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_speaker_entry"),
    )
    op.create_index("ix_speaker_entry_meeting_id", TABLE, ["meeting_id"])
    op.create_index("ix_speaker_entry_case_id", TABLE, ["case_id"])
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
    op.drop_index("ix_speaker_entry_case_id", TABLE)
    op.drop_index("ix_speaker_entry_meeting_id", TABLE)
    op.drop_table(TABLE)
    op.drop_table("speaker_settings")
