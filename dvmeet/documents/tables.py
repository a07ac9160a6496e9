"""A table as CSV (UTF-8 with BOM, semicolons) or XLSX: the one table writer, with one
formula rule (OWASP CSV injection).

The rule: in CSV (which has no types) text that a spreadsheet would run as a formula (it
starts with =, +, -, @, a tab or a carriage return) gets an apostrophe first. In XLSX every
text cell is typed as text, which no spreadsheet runs, so the text stays exactly as typed
(a phone number reads "+47 …", not "'+47 …", in Excel and in a mail merge); text that
looks like a formula also carries Excel's quote prefix, so editing the cell keeps it text.
Numbers and dates are written as numbers and dates, never changed. Bytes out; the
services write the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SUFFIXES = (".csv", ".xlsx")

Value = str | int | float | dt.date | None


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Table:
    """What a table file holds: a header, rows of plain values, and for XLSX the sheet's
    title and the columns (0-based) shown as whole kroner."""

    sheet_title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    money_columns: Sequence[int] = field(default=())


def check_suffix(name: str, allowed: Sequence[str] = SUFFIXES) -> str:
    """The file's suffix (lower case) if it is one we write, else a message naming them."""
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
    if suffix not in allowed:
        raise InvalidInput(
            _("Fila «{name}» må slutte på {suffixes}.").format(
                name=name, suffixes=" eller ".join(allowed)
            )
        )
    return suffix


def csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.header])
    for row in table.rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_text(text: str) -> str:
    """Text an XLSX cell can hold: control characters (which openpyxl refuses with
    IllegalCharacterError; input refuses them, older data may hold them) shown as the
    replacement mark."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return cleaned


def _text_cell(cell: Cell, text: str) -> None:
    cell.value = xlsx_text(text)
    cell.data_type = "s"  # text, never a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def table_xlsx(table: Table) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = neutralise(table.sheet_title)[:31].replace("'", "") or "Ark"
    for c, h in enumerate(table.header, start=1):
        cell = ws.cell(row=1, column=c)
        _text_cell(cell, h)
        cell.font = Font(bold=True)
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                _text_cell(cell, value)
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.value = value
                if c - 1 in table.money_columns:
                    cell.number_format = "#,##0"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_bytes(table: Table, suffix: str) -> bytes:
    """The table as .csv or .xlsx (`suffix` as check_suffix returns it)."""
    return table_csv(table) if suffix == ".csv" else table_xlsx(table)
