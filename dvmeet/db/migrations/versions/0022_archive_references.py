"""Archive references (issue 19): the host municipality's archive references of a meeting
or a case (arkivsak saksår/sekvensnummer, journalpost number, arkivdel, klasse), entered by
hand or read back from the archive's receipt.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
