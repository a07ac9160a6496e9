"""Vote results of a meeting as XLSX or CSV, through the one table writer (its formula
rule). The rows come from dvmeet.services.exports.vote_results_document; the public
variant's rows leave out the votes of closed cases (O-2): only their row with the public
title and the legal basis."""

from __future__ import annotations

from dvmeet.documents.models import DocModel
from dvmeet.documents.tables import Table, table_csv, table_xlsx

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


class VoteResultsDocument(DocModel):
    """One row per vote, in COLUMNS order."""

    meeting_id: int
    public: bool
    rows: list[Row]


def vote_results_table(rows: list[Row]) -> Table:
    return Table(sheet_title="Røystingar", header=COLUMNS, rows=rows)


def vote_results_csv(rows: list[Row]) -> bytes:
    return table_csv(vote_results_table(rows))


def vote_results_xlsx(rows: list[Row]) -> bytes:
    return table_xlsx(vote_results_table(rows))
