"""Tables written as .csv or .xlsx files, whole or not at all: the member list and the
agreement reminders.

The bytes come from the one table writer, :mod:`dvmeet.documents.tables` (one formula
rule for every export); this module builds the rows, checks the name and writes the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dvmeet.documents.tables import Table, Value, check_suffix, table_bytes
from dvmeet.domain.labels import nynorsk
from dvmeet.services import agreement, registry
from dvmeet.services._files import write_file
from dvmeet.services.agreement.models import ReminderIn
from dvmeet.services.context import Context
from dvmeet.services.exports.models import ExportResult
from dvmeet.services.registry.models import MEMBER_COLUMNS


def table_file(path: Path, table: Table) -> bytes:
    """The bytes of `table` for the kind of file `path` names (.csv or .xlsx)."""
    return table_bytes(table, check_suffix(path.name))


def write_table(path: Path, table: Table) -> int:
    """Write `table` to .csv or .xlsx; returns the number of rows."""
    write_file(path, table_file(path, table))
    return len(table.rows)


def export_members(
    ctx: Context, body_code: str, path: Path, on_date: dt.date | None = None
) -> ExportResult:
    """The members of a body as .csv (UTF-8 with BOM, semicolons) or .xlsx: the terms valid
    on `on_date`, or every term. Personal data: the file is readable by the user only."""
    check_suffix(path.name)
    rows = registry.export_rows(ctx, body_code, on_date)
    table = Table(sheet_title=body_code.upper(), header=MEMBER_COLUMNS, rows=rows)
    write_table(path, table)
    return ExportResult(path=path, rows=len(rows))


REMINDER_COLUMNS = (
    "kommunenummer",
    "kommune",
    "milepæl",
    "frist",
    "dagar att",
    "status",
    "tekst",
)


def export_reminders(ctx: Context, data: ReminderIn, path: Path) -> ExportResult:
    """The agreement process's reminder list as .csv or .xlsx."""
    check_suffix(path.name)
    out = agreement.reminders(ctx, data)
    rows: list[list[Value]] = [
        [
            i.municipality_number,
            i.municipality_name,
            i.milestone_name,
            i.due_on,
            i.days_left,
            nynorsk(i.state),
            i.line,
        ]
        for i in out.items
    ]
    count = write_table(path, Table(sheet_title="Påminningar", header=REMINDER_COLUMNS, rows=rows))
    return ExportResult(path=path, rows=count)
