"""Persons in Norwegian name order from an index (issue 21).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 19:30:00

An index on the persons' name in Norwegian order (the expression of dvmeet.db.name_order:
a–z, then æ, ø, å, whatever the case), so that the registry's person list and searches,
and the case dialog's persons, are read in order and cut at their limit by the database
instead of sorting every person. Registry data: no freeze trigger or facts digest involved.
"""

from __future__ import annotations

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


# dvmeet.db.name_order.name_key_sql("name", ...) as it was written here
AFTER_Z = (
    ("Æ", "{"), ("æ", "{"), ("Ä", "{"), ("ä", "{"),
    ("Ø", "|"), ("ø", "|"), ("Ö", "|"), ("ö", "|"),
    ("Å", "}"), ("å", "}"),
)  # fmt: skip


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    key = 'lower(name COLLATE "C")' if postgresql else "lower(name)"
    for letter, after_z in AFTER_Z:
        key = f"replace({key}, '{letter}', '{after_z}')"
    op.execute(f"CREATE INDEX ix_person_name_order ON person ({key}, id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_person_name_order")
