"""Import and export of members: all rows or none, round trips, no spreadsheet formulas."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from snapshots import Rows, audit_actions, rows_of
from sqlalchemy import select

from dvmeet.db.models import AuditEvent, Body, Membership, Municipality, Person
from dvmeet.domain.enums import BodyKind, Gender, Role
from dvmeet.errors import ImportRejected, InvalidInput, NotFound
from dvmeet.services.context import Context
from dvmeet.services.exports import export_members
from dvmeet.services.registry import (
    add_membership,
    create_body,
    create_person,
    import_members,
    import_preview,
    load_municipalities,
    search_persons,
    seats,
)
from dvmeet.services.registry._io import MAX_ROWS
from dvmeet.services.registry.models import MEMBER_COLUMNS as COLUMNS
from dvmeet.services.registry.models import BodyIn, MembershipIn, PersonIn

HEADER = "namn;e-post;telefon;kommunenummer;organ;rolle;vararang;frå;til;vedtak;kjønn"
GOOD = [
    "Kari Nordmann;kari@kinn.kommune.no;+47 912 34 567;4602;RS;medlem;;2025-01-01;;KS 12/24;kvinne",
    "Per Vara;per@kinn.kommune.no;;4602;RS;varamedlem;1;01.01.2025;31.12.2028;KS 12/24;mann",
    "Åse Ærø;;;Etne;rs;Leiar;;2025-01-01;;;K",
    "Øystein Vara;;;4611;RS;varamedlem;1;2025-01-01;;;",
]


def snapshot(ctx: Context) -> Rows:
    return rows_of(ctx, Municipality, Body, Person, Membership)


@pytest.fixture
def reg(ctx: Context) -> Context:
    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    return ctx


def write_csv(path: Path, lines: list[str], *, bom: bool = True, header: str = HEADER) -> Path:
    text = "\r\n".join([header, *lines]) + "\r\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_csv_import_creates_persons_and_terms(reg: Context, tmp_path: Path) -> None:
    result = import_members(reg, write_csv(tmp_path / "m.csv", GOOD))
    assert (result.rows, result.persons_created, result.memberships_created) == (4, 4, 4)
    kinn, etne = (s for s in seats(reg, "RS", dt.date(2025, 6, 1)) if s.members)
    assert [(m.person_name, m.role) for m in kinn.members] == [("Kari Nordmann", Role.MEDLEM)]
    assert [(d.person_name, d.deputy_rank) for d in kinn.deputies] == [("Per Vara", 1)]
    assert (etne.municipality_name, etne.members[0].role) == ("Etne", Role.LEIAR)
    assert etne.members[0].valid_to == dt.date(2028, 12, 31)  # default term
    kari = search_persons(reg, "kari")[0]
    assert (kari.phone, kari.gender, kari.municipality_number) == (
        "+47 912 34 567",
        Gender.KVINNE,
        "4602",
    )
    actions = audit_actions(reg)
    assert actions.count("person.create") == 4 and actions.count("membership.add") == 4
    assert actions[-1] == "members.import"
    assert (
        list((tmp_path / "userdata" / "backups").glob("*-import.sqlite")) or reg.is_sqlite is False
    )


def test_import_is_idempotent_and_matches_persons(reg: Context, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", GOOD)
    import_members(reg, path)
    before = snapshot(reg)
    again = import_members(reg, path)
    assert (again.persons_created, again.memberships_created, again.unchanged) == (0, 0, 4)
    after = snapshot(reg)
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }
    # A later term for the same person: matched by e-mail, then by name and municipality.
    later = [
        "Kari Nordmann;KARI@kinn.kommune.no;;4602;RS;medlem;;2029-01-01;;;",
        "Åse Ærø;;;4611;RS;medlem;;2029-01-01;;;",
        "kari nordmann;;;4602;RS;medlem;;2033-01-01;;;",  # no e-mail: by name
        "Kari Nordmann;kari@annan.no;;4602;RS;medlem;;2037-01-01;;;",  # another e-mail
    ]
    result = import_members(reg, write_csv(tmp_path / "later.csv", later))
    assert (result.persons_created, result.memberships_created) == (1, 4)
    assert len(search_persons(reg, "kari nordmann")) == 2


def test_comma_csv_without_bom_english_headers(reg: Context, tmp_path: Path) -> None:
    header = "Name,Email,Phone,Municipality,Body,Role,Rank,From,To,Decision,Gender"
    lines = ["Ola,ola@etne.kommune.no,,4611,RS,member,,1.2.2025,,,male"]
    preview = import_preview(reg, write_csv(tmp_path / "m.csv", lines, bom=False, header=header))
    assert preview.ok and preview.rows[0].valid_from == dt.date(2025, 2, 1)
    assert preview.rows[0].person_id is None and not preview.rows[0].already_registered


def test_one_bad_row_rejects_the_file_and_names_every_bad_row(reg: Context, tmp_path: Path) -> None:
    lines = [
        *GOOD,  # lines 2-5
        "Feil Post;ikkje-epost;;4602;RS;varamedlem;2;2025-01-01;;;",  # 6
        "Ukjend;;;9999;RS;medlem;;2025-01-01;;;",  # 7
        "Dobbel;;;4602;RS;medlem;;2026-01-01;;;",  # 8: Kinn has a member (line 2)
        "Hol;;;4602;RS;varamedlem;3;2025-01-01;;;",  # 9: no rank 2 in Kinn
        "",  # 10: blank, skipped
        "Berit Bergen;;;4601;RS;varamedlem;1;2025-01-01;;;",  # 11: fine
        "Dato;;;4601;RS;medlem;;2025-13-01;;;",  # 12
        "Rolle;;;4601;RS;sjef;;2025-01-01;;;",  # 13
    ]
    path = write_csv(tmp_path / "m.csv", lines)
    before = snapshot(reg)
    with pytest.raises(ImportRejected) as info:
        import_members(reg, path)
    assert snapshot(reg) == before
    bad = dict(info.value.rows)
    assert sorted(bad) == [6, 7, 8, 9, 12, 13]
    assert "Ingenting vart lagra" in str(info.value)
    assert "e-post: «ikkje-epost» er ikkje ei gyldig e-postadresse" in bad[6]
    assert "kommunen «9999» finst ikkje" in bad[7]
    assert "Kinn har alt medlem i RS i perioden: Kari Nordmann (rad 2)" in bad[8]
    assert "(R-1)" not in bad[8]  # the rule ID is for logs and tests, not the user
    assert "har ingen 2. varamedlem" in bad[9]
    assert bad[12] == "frå: ugyldig dato «2025-13-01» (skriv til dømes 2025-01-01 eller 01.01.2025)"
    assert "«sjef» er ikkje ei rolle" in bad[13]
    preview = import_preview(reg, path)
    assert [r.line for r in preview.rejected] == [6, 7, 8, 9, 12, 13]
    assert [r.line for r in preview.rows] == [2, 3, 4, 5, 11]
    assert snapshot(reg) == before


def test_rows_conflict_with_the_registry(reg: Context, tmp_path: Path) -> None:
    pid = create_person(reg, PersonIn(name="Sitjande", municipality_number="4602")).id
    add_membership(
        reg,
        MembershipIn(
            person_id=pid,
            body_code="RS",
            municipality_number="4602",
            role=Role.MEDLEM,
            valid_from=dt.date(2025, 1, 1),
        ),
    )
    before = snapshot(reg)
    with pytest.raises(ImportRejected) as info:
        import_members(reg, write_csv(tmp_path / "m.csv", GOOD))
    assert [line for line, _ in info.value.rows] == [2]
    assert "Kinn har alt medlem i RS i perioden: Sitjande" in info.value.rows[0][1]
    assert snapshot(reg) == before


def test_deputy_from_another_municipality_in_file(reg: Context, tmp_path: Path) -> None:
    lines = [
        "Berit;berit@x.no;;4601;RS;medlem;;2025-01-01;;;",
        "Berit;berit@x.no;;4602;RS;varamedlem;1;2029-01-01;;;",
    ]
    with pytest.raises(ImportRejected) as info:
        import_members(reg, write_csv(tmp_path / "m.csv", lines))
    assert info.value.rows[0][0] == 3
    assert "høyrer til kommune 4601 og kan ikkje vere varamedlem for Kinn" in info.value.rows[0][1]


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("namn;e-post;organ;rolle;frå", "manglar kolonnane «kommunenummer»"),
        ("namn;namn;kommunenummer;organ;rolle;frå", "kolonnen «namn» står meir enn éin gong"),
    ],
)
def test_bad_header(reg: Context, tmp_path: Path, header: str, fragment: str) -> None:
    with pytest.raises(ImportRejected) as info:
        import_members(reg, write_csv(tmp_path / "m.csv", ["x"], header=header))
    assert info.value.rows[0][0] == 1 and fragment in info.value.rows[0][1]


def test_file_guards(reg: Context, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(HEADER.encode() + b"\n" + b"x" * (5 * 1024 * 1024))
    with pytest.raises(ImportRejected, match="Fila er for stor"):
        import_members(reg, big)
    many = write_csv(tmp_path / "many.csv", [GOOD[2]] * (MAX_ROWS + 1))
    with pytest.raises(ImportRejected, match="meir enn 5000 rader"):
        import_members(reg, many)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\nÅse;;;4611;RS;medlem;;2025-01-01;;;\n").encode("cp1252"))
    with pytest.raises(ImportRejected, match="ikkje lagra som UTF-8"):
        import_members(reg, latin)
    with pytest.raises(ImportRejected, match=r"verken \.csv eller \.xlsx"):
        import_members(reg, write_csv(tmp_path / "m.txt", GOOD))
    fake = tmp_path / "fake.xlsx"
    fake.write_text("ikkje ei Excel-fil")
    with pytest.raises(ImportRejected, match="kan ikkje lesast som ei Excel-fil"):
        import_members(reg, fake)
    with pytest.raises(InvalidInput, match="Finn ikkje fila"):
        import_members(reg, tmp_path / "borte.csv")
    with pytest.raises(ImportRejected, match="ingen rader"):
        import_members(reg, write_csv(tmp_path / "empty.csv", []))


def test_xlsx_with_entities_is_refused(reg: Context, tmp_path: Path) -> None:
    """openpyxl parses with defusedxml: a DTD with entities is refused, not expanded."""
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["namn", "kommunenummer", "organ", "rolle", "frå"])  # type: ignore[union-attr]
    wb.active.append(["&x;", "4611", "RS", "medlem", "2025-01-01"])  # type: ignore[union-attr]
    wb.save(plain)
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY x "xx">]><worksheet', 1)
            dst.writestr(item, data)
    with pytest.raises(ImportRejected, match="kan ikkje lesast som ei Excel-fil"):
        import_members(reg, evil)


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [list(COLUMNS), *rows]:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_import_with_numbers_and_dates(reg: Context, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Kari", "kari@kinn.no", 4791234567, 4602, "RS", "medlem", None, dt.datetime(2025, 1, 1)],
        ["Per", None, None, 4602.0, "RS", "varamedlem", 1.0, "01.01.2025", dt.date(2028, 12, 31)],
    ]
    result = import_members(reg, _xlsx(tmp_path / "m.xlsx", rows))
    assert result.memberships_created == 2
    seat = seats(reg, "RS", dt.date(2025, 1, 1))[0]
    assert seat.members[0].person_name == "Kari" and seat.deputies[0].deputy_rank == 1
    assert search_persons(reg, "kari")[0].phone == "4791234567"


def test_xlsx_bad_row_has_spreadsheet_line_number(reg: Context, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Kari", None, None, "4602", "RS", "medlem", None, "2025-01-01"],
        [None] * 8,  # an empty row 3 keeps its number
        ["Per", None, None, "4602", "RS", "varamedlem", None, "2025-01-01"],
    ]
    with pytest.raises(ImportRejected) as info:
        import_members(reg, _xlsx(tmp_path / "m.xlsx", rows))
    assert info.value.rows == [
        (4, "vararang: må fyllast ut for varamedlemer (1 for første varamedlem)")
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(reg: Context, tmp_path: Path, suffix: str) -> None:
    import_members(reg, write_csv(tmp_path / "in.csv", GOOD))
    out = export_members(reg, "RS", tmp_path / f"out{suffix}")
    assert out.rows == 4
    preview = import_preview(reg, out.path)
    assert preview.ok and len(preview.rows) == 4
    assert all(r.already_registered and r.person_id is not None for r in preview.rows)
    assert {(r.name, r.role, r.deputy_rank, r.valid_to) for r in preview.rows} == {
        ("Kari Nordmann", Role.MEDLEM, None, dt.date(2028, 12, 31)),
        ("Per Vara", Role.VARAMEDLEM, 1, dt.date(2028, 12, 31)),
        ("Åse Ærø", Role.LEIAR, None, dt.date(2028, 12, 31)),
        ("Øystein Vara", Role.VARAMEDLEM, 1, dt.date(2028, 12, 31)),
    }
    kari = next(r for r in preview.rows if r.name == "Kari Nordmann")
    assert (kari.phone, kari.gender, kari.electing_decision) == (
        "+47 912 34 567",
        Gender.KVINNE,
        "KS 12/24",
    )
    result = import_members(reg, out.path)
    assert (result.memberships_created, result.unchanged) == (0, 4)


def test_export_on_date_and_unknown_body(reg: Context, tmp_path: Path) -> None:
    lines = [*GOOD, "Neste;;;4602;RS;medlem;;2029-01-01;;;"]
    import_members(reg, write_csv(tmp_path / "in.csv", lines))
    assert export_members(reg, "RS", tmp_path / "all.csv").rows == 5
    assert export_members(reg, "RS", tmp_path / "now.csv", dt.date(2025, 6, 1)).rows == 4
    text = (tmp_path / "now.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == HEADER
    with pytest.raises(NotFound):
        export_members(reg, "XX", tmp_path / "x.csv")
    with pytest.raises(InvalidInput, match=r"må slutte på \.csv eller \.xlsx"):
        export_members(reg, "RS", tmp_path / "x.pdf")


def _dangerous(reg: Context, tmp_path: Path) -> None:
    lines = [
        '=HYPERLINK("http://evil.example","Klikk");;+47 912 34 567;4602;RS;medlem;'
        ";2025-01-01;;@SUM(1+1);",
        "-Minus;;;4611;RS;medlem;;2025-01-01;;;",
    ]
    import_members(reg, write_csv(tmp_path / "in.csv", lines))


def test_csv_export_neutralises_formulas(reg: Context, tmp_path: Path) -> None:
    _dangerous(reg, tmp_path)
    path = export_members(reg, "RS", tmp_path / "out.csv").path
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    first = lines[1].split(";")
    assert first[0].startswith("\"'=HYPERLINK(")
    assert "'+47 912 34 567" in lines[1]
    assert "'@SUM(1+1)" in lines[1]
    assert lines[2].startswith("'-Minus;")
    # Every cell: nothing starts a formula.
    for line in lines[1:]:
        for cell in line.split(";"):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_export_neutralises_formulas(reg: Context, tmp_path: Path) -> None:
    _dangerous(reg, tmp_path)
    path = export_members(reg, "RS", tmp_path / "out.xlsx").path
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    name, phone = ws.cell(2, 1), ws.cell(2, 3)
    # Typed as text (never run), exactly as typed, with Excel's quote prefix.
    assert name.value.startswith("=HYPERLINK(") and name.data_type == "s" and name.quotePrefix
    assert phone.value == "+47 912 34 567" and phone.data_type == "s"
    assert ws.cell(2, 10).value == "@SUM(1+1)" and ws.cell(2, 10).data_type == "s"
    assert ws.cell(3, 1).value == "-Minus" and ws.cell(3, 1).quotePrefix
    assert ws.cell(2, 4).value == "4602"  # municipality numbers stay text
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def test_preview_writes_nothing(reg: Context, tmp_path: Path) -> None:
    before = snapshot(reg)
    preview = import_preview(reg, write_csv(tmp_path / "m.csv", [*GOOD, "x;;;"]))
    assert len(preview.rows) == 4 and [r.line for r in preview.rejected] == [6]
    assert snapshot(reg) == before


def test_import_audit_payload_names_the_file(reg: Context, tmp_path: Path) -> None:
    import_members(reg, write_csv(tmp_path / "medlemer.csv", GOOD[:1]))
    with reg.reading() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None and last.action == "members.import"
    assert '"file_name":"medlemer.csv"' in last.payload


@pytest.mark.parametrize("stop_at", ["Kontrollerer", "Lagrar"])
def test_cancelled_import_changes_nothing(reg: Context, tmp_path: Path, stop_at: str) -> None:
    """Cancel while the rows are checked, or at the last step before they are written."""
    from dvmeet.services.progress import Cancelled, Progress

    seen: list[str] = []

    def report(_done: int, _total: int, text: str) -> None:
        seen.append(text)
        if text.startswith(stop_at):
            progress.cancel()

    progress = Progress(report)
    before = snapshot(reg)
    with pytest.raises(Cancelled):
        import_members(reg, write_csv(tmp_path / "m.csv", GOOD), progress=progress)
    assert snapshot(reg) == before
    assert any(t.startswith(stop_at) for t in seen)
    # and the same file imports in full afterwards
    result = import_members(reg, tmp_path / "m.csv")
    assert result.memberships_created == 4


def _cells(path: Path) -> list[list[Any]]:
    """Every cell of a written table, as a spreadsheet would read it (with XLSX types)."""
    if path.suffix == ".csv":
        import csv

        text = path.read_text(encoding="utf-8-sig")
        return [list(r) for r in csv.reader(text.splitlines(), delimiter=";")]
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    return [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formerly_separate_table_exports_neutralise_alike(
    reg: Context, tmp_path: Path, suffix: str
) -> None:
    """The member export and the vote-results export had writers (and formula guards) of
    their own, the cost and reminder exports a third: all now go through one writer with
    one rule. The same dangerous text comes out the same, typed as text; numbers stay
    numbers."""
    from dvmeet.documents.tables import Table
    from dvmeet.documents.vote_results import vote_results_csv, vote_results_xlsx
    from dvmeet.services.exports._tables import write_table

    _dangerous(reg, tmp_path)
    members = _cells(export_members(reg, "RS", tmp_path / f"members{suffix}").path)
    name = members[1][0]
    phone = members[1][2]
    dangerous = ['=HYPERLINK("http://evil.example","Klikk")', "+47 912 34 567", "-Minus"]
    votes_path = tmp_path / f"votes{suffix}"
    rows: list[list[str | int | None]] = [[d, -5, None] for d in dangerous]
    render = vote_results_csv if suffix == ".csv" else vote_results_xlsx
    votes_path.write_bytes(render(rows))
    votes = _cells(votes_path)
    table_path = tmp_path / f"table{suffix}"
    write_table(table_path, Table(sheet_title="=T", header=["=h", "b", "c"], rows=rows))
    table = _cells(table_path)

    assert name == votes[1][0] == table[1][0]
    assert phone == votes[2][0] == table[2][0]
    assert members[2][0] == votes[3][0] == table[3][0]
    if suffix == ".csv":
        assert name == "'" + dangerous[0] and phone == "'+47 912 34 567"
        assert votes[1][1] == table[1][1] == "-5"  # a number is not neutralised
        assert table[0][0] == "'=h"
    else:
        assert name == (dangerous[0], "s") and phone == ("+47 912 34 567", "s")
        assert votes[1][1] == table[1][1] == (-5, "n")
        assert table[0][0] == ("=h", "s")
