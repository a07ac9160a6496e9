"""Write a table as CSV (UTF-8 with BOM, semicolons) or XLSX, formula-safe (OWASP).

Text that a spreadsheet would run as a formula gets an apostrophe first
(:func:`dvmeet.services.registry._io.neutralise`); XLSX text cells are typed as text. The
file is written beside the target and moved into place, so a failure leaves no half file.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.registry._io import neutralise

Value = str | int | float | dt.date | None


def check_suffix(path: Path, allowed: Sequence[str] = (".csv", ".xlsx")) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise InvalidInput(
            _("Fila «{name}» må slutte på {suffixes}.").format(
                name=path.name, suffixes=" eller ".join(allowed)
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


def write_table(
    path: Path,
    sheet_title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    *,
    money_columns: Sequence[int] = (),
) -> int:
    """Write `rows` under `header` to .csv or .xlsx; returns the number of rows."""
    suffix = check_suffix(path)
    partial = path.with_name(path.name + ".partial")
    try:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f, delimiter=";")
                writer.writerow([neutralise(h) for h in header])
                for row in rows:
                    writer.writerow([csv_text(v) for v in row])
        else:
            xlsx_bytes_to(partial, sheet_title, header, rows, money_columns)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Kunne ikkje skrive fila {path}: {error}").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    return len(rows)


def xlsx_bytes_to(
    path: Path,
    sheet_title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    money_columns: Sequence[int] = (),
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = neutralise(sheet_title)[:31].replace("'", "") or "Ark"
    for c, h in enumerate(header, start=1):
        cell = ws.cell(row=1, column=c, value=neutralise(h))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = neutralise(value)
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.value = value
                if c - 1 in money_columns:
                    cell.number_format = "#,##0"
    ws.freeze_panes = "A2"
    wb.save(path)
