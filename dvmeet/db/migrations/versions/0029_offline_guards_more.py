"""The offline meeting file (issue 18), second round: the tables added since 0023 that
are part of what a meeting is while it is held are refused at home while it is out.

- `case_paper`, `case_attachment` (0017): the case papers travel in the meeting file
  (read-only there: the laptop shows them in the meeting); a change at home would never
  reach the laptop, and a change there would never come back, so at home they wait too.
- `minutes_signature` (0024): signatures are made only on approved minutes, and a meeting
  out on a file is never approved; refused all the same, so no signature can name minutes
  that are still being written on the laptop.

Left editable at home on purpose (see docs/architecture.md, the meeting file):
`archive_reference` (0022: where the case is filed in the archive, registered after the
fact; it is not part of what the meeting did and does not travel), `mail_message` (0020:
the secretariat's outbox; mail is sent from home, the file holds none), `rule_warning`
(the rules' log: the warnings of both sides are kept at checkin), and the saksgang tables
(0025: planning data outside the record; a decision made on the laptop is carried to the
next body at checkin).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 19:35:00
"""

from __future__ import annotations

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

OUT = "dvmeet_offline: møtet er teke med ut på ei møtefil og kan ikkje endrast her"

OWNERS: dict[str, tuple[str, ...]] = {
    "case_paper": ("(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",),
    "case_attachment": ("(SELECT meeting_id FROM agenda_case WHERE id = R.case_id)",),
    "minutes_signature": ("R.meeting_id",),
}


def owners(table: str, row: str) -> str:
    return ", ".join(e.replace("R.", f"{row}.") for e in OWNERS[table])


def _out(ids: str) -> str:
    return f"EXISTS (SELECT 1 FROM offline_checkout WHERE state = 'out' AND meeting_id IN ({ids}))"


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


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_guards()
    else:
        _sqlite_guards()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in OWNERS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_offline ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS dvmeet_offline_{table}()")
    else:
        for table in OWNERS:
            for name in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_offline_{name}")
