"""The one table writer (dvmeet.documents.tables): one formula rule for CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from dvmeet.documents.tables import Table, check_suffix, neutralise, table_bytes, table_csv
from dvmeet.errors import InvalidInput


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_could_start_a_formula_gets_an_apostrophe(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


def test_other_text_is_left_alone() -> None:
    assert neutralise("Kari 'Nordmann' = leiar") == "Kari 'Nordmann' = leiar"


def test_csv_is_utf8_with_bom_semicolons_and_crlf() -> None:
    table = Table(
        sheet_title="Ark",
        header=["namn", "=sum"],
        rows=[["Åse; Ærø", -3], [dt.date(2025, 1, 2), None], ["@x", 1.5]],
    )
    assert table_csv(table) == (
        "\ufeffnamn;'=sum\r\n\"Åse; Ærø\";-3\r\n2025-01-02;\r\n'@x;1.5\r\n".encode()
    )


def test_xlsx_types_text_as_text_and_keeps_numbers_and_dates() -> None:
    table = Table(
        sheet_title="Kostnad 2025",
        header=["kommune", "beløp", "dato"],
        rows=[["=Bergen", -1200, dt.date(2025, 1, 2)]],
        money_columns=(1,),
    )
    ws = openpyxl.load_workbook(io.BytesIO(table_bytes(table, ".xlsx"))).active
    assert ws is not None and ws.title == "Kostnad 2025"
    name, amount, day = ws[2]
    assert (name.value, name.data_type, name.quotePrefix) == ("=Bergen", "s", True)
    assert (amount.value, amount.number_format) == (-1200, "#,##0")
    assert day.value == dt.datetime(2025, 1, 2)
    assert ws.cell(1, 1).font.bold


def test_only_csv_and_xlsx_names_are_taken() -> None:
    assert check_suffix("Medlemer.XLSX") == ".xlsx"
    with pytest.raises(InvalidInput, match=r"må slutte på \.csv eller \.xlsx"):
        check_suffix("medlemer.pdf")
    assert check_suffix("k.pdf", (".pdf", ".csv")) == ".pdf"


def test_control_characters_from_older_data_do_not_break_an_xlsx() -> None:
    """Input refuses them now; a name stored before may still hold one (openpyxl raised
    IllegalCharacterError and the whole export failed)."""
    import io

    import openpyxl

    from dvmeet.documents.tables import Table, table_xlsx

    data = table_xlsx(Table(sheet_title="RS", header=["namn"], rows=[["Kari\x07Nordmann"]]))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == "Kari\ufffdNordmann"


def test_xlsx_text_is_as_typed_and_never_a_formula() -> None:
    """A phone number reads "+47 …" in Excel and a mail merge, not "'+47 …": the cell is
    typed as text, which no spreadsheet runs. Read from the file's XML, not through
    openpyxl (which wrote it): no formula element anywhere, every text cell an inline
    string, and formula-like text marked with Excel's quote prefix."""
    import re
    import zipfile

    table = Table(
        sheet_title="Medlemer",
        header=["namn", "telefon"],
        rows=[['=HYPERLINK("http://x")', "+47 912 34 567"], ["Kari", "55 12 34 56"]],
    )
    with zipfile.ZipFile(io.BytesIO(table_bytes(table, ".xlsx"))) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    cells = re.findall(r"<c r=\"([A-Z]+\d+)\"([^>]*)>", sheet)
    assert len(cells) == 6 and all('t="inlineStr"' in attrs for _, attrs in cells)
    assert "<t>+47 912 34 567</t>" in sheet and "'" not in sheet.split("<sheetData>")[1]
    assert 'quotePrefix="1"' in styles
