"""Freeze by ownership: every row of an approved meeting is refused on insert, update and
delete (B-3), found through every parent it hangs on, not only its own meeting_id.

0002 froze a row when *its own* meeting_id named a frozen meeting. An insider could still
insert a ballot into a frozen vote under another meeting's id, or move a row out of a
frozen meeting with `UPDATE … SET meeting_id`, since the update trigger only looked at the
old row, and `INSERT OR REPLACE` deleted a frozen row or an audit event without any
delete trigger firing. These triggers resolve a row's owners through its parents (case,
vote, proposal, disqualification, attendance event, minutes) and check the old row and
the new one; an insert that would replace an existing frozen row or audit event is
refused. A correction (B-3) is a new record: it may be added to an approved meeting but
never changed or removed, and not decided in a case of an approved meeting.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 14:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FROZEN = "dvmeet_frozen: møteboka er godkjend og møtet er låst"
AUDIT = "dvmeet_frozen: revisjonsloggen kan berre utvidast"
CORRECTION = "dvmeet_frozen: ei retting kan ikkje endrast eller slettast"

# For each table whose rows belong to a meeting: the expressions, over a row R, of every
# meeting the row belongs to (its own column and those of the parents it names).
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
        "(SELECT meeting_id FROM proposal WHERE id = R.against_proposal_id)",
        "(SELECT meeting_id FROM disqualification WHERE id = R.disqualification_id)",
    ),
    "ballot": ("R.meeting_id", "(SELECT meeting_id FROM vote WHERE id = R.vote_id)"),
    "decision": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",
        "(SELECT meeting_id FROM vote WHERE id = R.vote_id)",
    ),
    "minutes": ("R.meeting_id",),
    "minutes_signatory": (
        "R.meeting_id",
        "(SELECT meeting_id FROM minutes WHERE id = R.minutes_id)",
    ),
    "meeting_progress": (
        "R.meeting_id",
        "(SELECT meeting_id FROM agenda_case WHERE id = R.current_case_id)",
    ),
    "vote_draft": ("R.meeting_id", "(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)"),
}


# The primary key where it is not `id`.
KEYS = {"meeting_progress": "meeting_id", "vote_draft": "case_id"}


def owners(table: str, row: str) -> str:
    return ", ".join(e.replace("R.", f"{row}.") for e in OWNERS[table])


def _frozen(ids: str, true: str) -> str:
    return f"EXISTS (SELECT 1 FROM meeting WHERE frozen = {true} AND id IN ({ids}))"


def _sqlite_upgrade() -> None:
    for table in OWNERS:
        checks = {
            "insert": _frozen(owners(table, "NEW"), "1"),
            "update": _frozen(f"{owners(table, 'OLD')}, {owners(table, 'NEW')}", "1"),
            "delete": _frozen(owners(table, "OLD"), "1"),
        }
        for name, condition in checks.items():
            op.execute(
                f"CREATE TRIGGER trg_{table}_owner_{name} BEFORE {name.upper()} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
            )
        # INSERT OR REPLACE deletes the row it replaces without a delete trigger firing.
        existing = _frozen(owners(table, "o"), "1")
        key = KEYS.get(table, "id")
        op.execute(
            f"CREATE TRIGGER trg_{table}_owner_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} AS o WHERE o.{key} = NEW.{key} AND {existing}) "
            f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
    op.execute(
        "CREATE TRIGGER trg_meeting_frozen_replace BEFORE INSERT ON meeting "
        "WHEN EXISTS (SELECT 1 FROM meeting WHERE id = NEW.id AND frozen = 1) "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
    )
    op.execute(
        "CREATE TRIGGER trg_audit_event_no_replace BEFORE INSERT ON audit_event "
        "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id OR hash = NEW.hash) "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END"
    )
    decided_in = _frozen(
        "(SELECT meeting_id FROM agenda_case WHERE id = NEW.decided_in_case_id)", "1"
    )
    op.execute(
        "CREATE TRIGGER trg_correction_insert BEFORE INSERT ON correction "
        f"WHEN {decided_in} OR EXISTS (SELECT 1 FROM correction WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{CORRECTION}'); END"
    )
    for name in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER trg_correction_{name} BEFORE {name.upper()} ON correction "
            f"BEGIN SELECT RAISE(ABORT, '{CORRECTION}'); END"
        )


def _sqlite_downgrade() -> None:
    for table in OWNERS:
        for name in ("insert", "update", "delete", "replace"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_owner_{name}")
    op.execute("DROP TRIGGER IF EXISTS trg_meeting_frozen_replace")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_event_no_replace")
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_correction_{name}")


def _pg_upgrade() -> None:
    for table in OWNERS:
        old, new = _frozen(owners(table, "OLD"), "true"), _frozen(owners(table, "NEW"), "true")
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
    decided_in = _frozen(
        "(SELECT meeting_id FROM agenda_case WHERE id = NEW.decided_in_case_id)", "true"
    )
    op.execute(
        f"""
        CREATE FUNCTION dvmeet_correction_guard() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN RAISE EXCEPTION '{CORRECTION}'; END IF;
            IF {decided_in} THEN RAISE EXCEPTION '{CORRECTION}'; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER trg_correction_guard BEFORE INSERT OR UPDATE OR DELETE ON correction "
        "FOR EACH ROW EXECUTE FUNCTION dvmeet_correction_guard()"
    )


def _pg_downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_correction_guard ON correction")
    op.execute("DROP FUNCTION IF EXISTS dvmeet_correction_guard()")
    for table in OWNERS:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_owner ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS dvmeet_owner_frozen_{table}()")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    else:
        _sqlite_downgrade()
