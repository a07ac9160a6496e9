"""A table written as a .csv or .xlsx file, whole or not at all.

The bytes come from the one table writer, :mod:`dvmeet.documents.tables` (one formula
rule for every export); this module only checks the name and writes the file."""

from __future__ import annotations

from pathlib import Path

from dvmeet.documents.tables import Table, Value, check_suffix, table_bytes
from dvmeet.services._files import write_file

__all__ = ["Table", "Value", "check_suffix", "table_file", "write_table"]


def table_file(path: Path, table: Table) -> bytes:
    """The bytes of `table` for the kind of file `path` names (.csv or .xlsx)."""
    return table_bytes(table, check_suffix(path.name))


def write_table(path: Path, table: Table, *, private: bool = False) -> int:
    """Write `table` to .csv or .xlsx; returns the number of rows."""
    write_file(path, table_file(path, table), private=private)
    return len(table.rows)
