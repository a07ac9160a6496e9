"""Vote results of a meeting as XLSX or CSV, formula-injection safe (the registry export's
guard). The public variant leaves out the votes of closed cases (O-2): only their row with
the public title and the legal basis."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from dvmeet.errors import InvalidInput
from dvmeet.services import meetings, voting
from dvmeet.services.context import Context
from dvmeet.services.registry._io import neutralise

COLUMNS = (
    "saknr",
    "tittel",
    "lukka_heimel",
    "røysting",
    "utfall",
    "røyster_for",
    "røyster_mot",
    "blanke",
    "røysteføre",
    "sete",
    "dobbeltrøyst",
    "samrøystes",
    "for",
    "mot",
)
Row = list[str | int | None]


def vote_rows(ctx: Context, meeting_id: int, *, public: bool) -> list[Row]:
    meeting = meetings.get_meeting(ctx, meeting_id)
    rows: list[Row] = []
    for c in meeting.cases:
        if public and c.closed:
            row: Row = [c.label, c.shown_title, c.closure_reference]
            rows.append(row + [None] * (len(COLUMNS) - len(row)))
            continue
        for v in voting.votes(ctx, c.id):
            names_for = sorted(b.name for b in v.ballots if b.choice.value == "for")
            names_against = sorted(b.name for b in v.ballots if b.choice.value == "mot")
            rows.append(
                [
                    c.label,
                    c.title,
                    c.closure_reference if c.closed else None,
                    v.kind.value,
                    v.outcome.value,
                    v.votes_for,
                    v.votes_against,
                    v.votes_blank,
                    v.eligible,
                    v.seats,
                    "ja" if v.casting_vote_used else "nei",
                    "ja" if v.unanimous else "nei",
                    ", ".join(names_for),
                    ", ".join(names_against),
                ]
            )
    return rows


def vote_results_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(str(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def vote_results_xlsx(rows: list[Row]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Røystingar"
    ws.append(list(COLUMNS))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = neutralise(value)
                cell.data_type = "s"  # text, never a formula
            else:
                cell.value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_vote_results(ctx: Context, meeting_id: int, path: Path, *, public: bool) -> int:
    """Write .csv (UTF-8 with BOM, semicolons) or .xlsx; returns the number of rows."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"Fila «{path.name}» må slutte på .csv eller .xlsx.")
    rows = vote_rows(ctx, meeting_id, public=public)
    data = vote_results_csv(rows) if suffix == ".csv" else vote_results_xlsx(rows)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"Kunne ikkje skrive fila {path}: {exc.strerror or exc}") from exc
    return len(rows)
