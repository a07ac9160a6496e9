"""`dvmeet verify FILE.pdf` (issue 14): anyone holding an approved møtebok can prove the
database was not rewritten. Exit 0 when the file and the database hold, 1 when either
does not (each case with its own sentence), 2 when the file is not an approved møtebok
from dvmeet. Both engines."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from meeting_setup import make_body
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from test_constituent_meeting import run_constituent_meeting
from test_facts_digest import without_triggers

from dvmeet.cli import main
from dvmeet.db.models import Minutes
from dvmeet.documents.minutes import minutes_pdf, read_keywords
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import exports, minutes, registry
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn


def _target(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def files(ctx: Context, database_url: URL, tmp_path: Path) -> dict[str, Any]:
    """A held meeting: its draft PDF; then approved, its internal and public PDF and the
    internal PDF/A archive copy, written as the export does."""
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    mid = run["meeting_id"]
    draft = tmp_path / "utkast.pdf"
    draft.write_bytes(minutes_pdf(minutes.minutes_document(ctx, mid, public=False)))
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=run["signatories"],
        ),
    )
    out: dict[str, Any] = {"meeting_id": mid, "draft": draft, "ctx": ctx}
    for key, public, pdfa in (
        ("internal", False, False),
        ("public", True, False),
        ("archive", False, True),
    ):
        path = tmp_path / f"{key}.pdf"
        path.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=public, pdfa=pdfa))
        out[key] = path
    out["named"] = f"{registry.get_body(ctx, body.code).name} 11.12.2024"
    with ctx.reading() as s:
        out["audit_head"] = s.query(Minutes).filter_by(meeting_id=mid).one().audit_head
    out["database"] = _target(database_url)
    return out


def verify(files: dict[str, Any], pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `dvmeet verify` as a user would, with the app's own connection closed."""
    files["ctx"].close()
    capsys.readouterr()
    code = main(["--database", files["database"], "verify", str(pdf)])
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).strip().splitlines()
    assert len(lines) == 1, lines  # one verdict line
    return code, lines[0]


def test_the_approved_pdf_verifies(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, line = verify(files, files["internal"], capsys)
    assert code == 0
    assert line == (
        f"Fila internal.pdf er den godkjende møteboka for {files['named']} (den interne "
        "versjonen), slik ho vart laga ved godkjenninga; databasen og revisjonsloggen stemmer "
        "med ho."
    )


def test_the_public_pdf_verifies(files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, line = verify(files, files["public"], capsys)
    assert code == 0
    assert "(den offentlege versjonen), slik ho vart laga ved godkjenninga" in line


def test_the_archive_copy_verifies_as_the_same_content(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """PDF/A is another file (its bytes differ) with the same pages."""
    assert files["archive"].read_bytes() != files["internal"].read_bytes()
    code, line = verify(files, files["archive"], capsys)
    assert code == 0
    assert line.startswith(
        f"Fila archive.pdf har det same innhaldet som den godkjende møteboka for "
        f"{files['named']} (den interne versjonen), men er ein annan kopi av ho"
    )


def test_the_pdf_names_its_hashes_in_its_keywords(files: dict[str, Any]) -> None:
    with pikepdf.open(files["internal"]) as doc:
        words = read_keywords(str(doc.docinfo["/Keywords"]))
        created = str(doc.docinfo["/CreationDate"])
    with files["ctx"].reading() as s:
        kept = s.query(Minutes).filter_by(meeting_id=files["meeting_id"]).one()
    assert words == {
        "dvmeet-innhald-sha256": kept.snapshot_hash,
        "dvmeet-revisjonslogg-sha256": kept.audit_head,
        "dvmeet-variant": "intern",
        "dvmeet-layout": "3",  # the lean text of issue 21 (2: one column; none named: 1)
    }
    assert created.startswith("D:20241213")


def _edited(source: Path, target: Path) -> Path:
    """The PDF with one drawn string changed (two bytes swapped), its keywords kept."""
    with pikepdf.open(source) as doc:
        page = doc.pages[0]
        ops = list(pikepdf.parse_content_stream(page))
        for i, (operands, operator) in enumerate(ops):
            if str(operator) == "Tj" and len(bytes(operands[0])) > 2:
                data = bytes(operands[0])
                swapped = data[1:2] + data[0:1] + data[2:]
                assert swapped != data
                ops[i] = pikepdf.ContentStreamInstruction([pikepdf.String(swapped)], operator)
                break
        else:
            raise AssertionError("no text drawn on page 1")
        page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(ops))
        doc.save(target)
    return target


def test_an_edited_pdf_is_refused(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, line = verify(files, _edited(files["internal"], tmp_path / "endra.pdf"), capsys)
    assert code == 1
    assert line == (
        f"Fila endra.pdf ber innhaldshashen til møteboka for {files['named']}, men sidene i ho "
        "er ikkje dei som vart godkjende: fila er endra (eller laga av ein annan versjon av "
        "dvmeet)."
    )


@pytest.fixture
def other_database(template: str, database_url: URL, tmp_path: Path) -> Iterator[str]:
    """Another dvmeet database, empty: minutes approved elsewhere are unknown to it."""
    if database_url.get_backend_name() == "sqlite":
        path = tmp_path / "annan.sqlite"
        shutil.copyfile(template, path)
        path.chmod(0o600)
        yield str(path)
        return
    name = f"dvmeet_v_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield database_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_minutes_of_another_database_are_refused(
    files: dict[str, Any], other_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    files["database"] = other_database
    code, line = verify(files, files["internal"], capsys)
    assert code == 1
    assert line.startswith("Ingen godkjend møtebok i databasen ")
    assert "som fila internal.pdf ber: fila høyrer ikkje til denne databasen" in line


def test_a_database_with_the_meeting_rewritten_is_refused(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with without_triggers(files["ctx"], "ballot") as conn:
        conn.execute(
            text(
                "UPDATE ballot SET choice = CASE WHEN choice = 'for' THEN 'mot' ELSE 'for' END "
                "WHERE id = (SELECT min(id) FROM ballot WHERE meeting_id = :m)"
            ),
            {"m": files["meeting_id"]},
        )
    code, line = verify(files, files["internal"], capsys)
    assert code == 1
    assert line == (
        f"Databasen held ikkje det som vart godkjend: Opplysningane i møtet {files['named']} er "
        "endra etter at møteboka vart godkjend (summen av radene møtet eig, stemmer ikkje)."
    )


def test_a_snapshot_rewritten_is_refused(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with without_triggers(files["ctx"], "minutes") as conn:
        conn.execute(
            text("UPDATE minutes SET snapshot = snapshot || ' ' WHERE meeting_id = :m"),
            {"m": files["meeting_id"]},
        )
    code, line = verify(files, files["internal"], capsys)
    assert code == 1
    assert line == (
        f"Innhaldet i møteboka for {files['named']} i databasen er endra etter godkjenninga: "
        "det gjev ikkje lenger innhaldshashen som er trykt i fila internal.pdf."
    )


def test_a_truncated_chain_is_refused(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """The log cut back to before the approval: what is left still chains from the
    genesis, but no longer holds the head the møtebok names."""
    with without_triggers(files["ctx"], "audit_event") as conn:
        cut = conn.execute(
            text("SELECT id FROM audit_event WHERE hash = :h"), {"h": files["audit_head"]}
        ).scalar_one()
        conn.execute(text("DELETE FROM audit_event WHERE id >= :c"), {"c": cut})
    code, line = verify(files, files["internal"], capsys)
    assert code == 1
    assert line == (
        f"Revisjonsloggen i databasen har ikkje hendinga som godkjende møteboka for "
        f"{files['named']} (hash {files['audit_head'][:16]}, trykt i fila internal.pdf): "
        "loggen er avkorta eller skriven om."
    )


def test_a_draft_is_not_an_approved_minutes_pdf(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, line = verify(files, files["draft"], capsys)
    assert code == 2
    assert line == (
        "Fila utkast.pdf er ikkje ei godkjend møtebok frå dvmeet: ho har ingen innhaldshash "
        "(eit utkast, eller ein PDF frå eit anna program)."
    )


def test_a_file_that_is_not_a_pdf_is_unreadable(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "notat.pdf"
    other.write_bytes(b"Dette er ikkje ein PDF.\n")
    code, line = verify(files, other, capsys)
    assert code == 2
    assert line == "Fila notat.pdf er ikkje ein PDF som kan lesast."


def test_a_missing_file_is_unreadable(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, line = verify(files, tmp_path / "borte.pdf", capsys)
    assert code == 2
    assert line.startswith(f"Fila {tmp_path / 'borte.pdf'} kan ikkje lesast: ")


def test_a_truncated_file_is_unreadable(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cut = tmp_path / "avkorta.pdf"
    cut.write_bytes(files["internal"].read_bytes()[:2000])
    code, line = verify(files, cut, capsys)
    assert code == 2, line
    assert line.startswith("Fila avkorta.pdf er ikkje ")


def test_the_printed_hashes_are_read_from_the_pages(files: dict[str, Any]) -> None:
    """What a reader sees under "Godkjenning", read back through the fonts' maps."""
    from dvmeet.services.maintenance._verify import _printed

    with files["ctx"].reading() as s:
        kept = s.query(Minutes).filter_by(meeting_id=files["meeting_id"]).one()
    for key, variant in (("internal", "intern"), ("public", "offentleg")):
        with pikepdf.open(files[key]) as doc:
            assert _printed(doc) == {
                "dvmeet-innhald-sha256": kept.snapshot_hash,
                "dvmeet-revisjonslogg-sha256": kept.audit_head,
                "dvmeet-variant": variant,
            }


def test_a_copy_without_metadata_is_verified_by_its_printed_hashes(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Another program dropped the keywords: the hashes printed on the page still hold."""
    bare = tmp_path / "utan.pdf"
    with pikepdf.open(files["internal"]) as doc:
        del doc.docinfo["/Keywords"]
        doc.save(bare)
    code, line = verify(files, bare, capsys)
    assert code == 0, line
    assert line.startswith(
        f"Fila utan.pdf har det same innhaldet som den godkjende møteboka for {files['named']}"
    )


def test_metadata_that_disagrees_with_the_printed_hashes_is_refused(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Keywords pointing at other minutes than the page prints."""
    forged = tmp_path / "blanda.pdf"
    with pikepdf.open(files["internal"]) as doc:
        doc.docinfo["/Keywords"] = pikepdf.String(
            f"dvmeet-innhald-sha256:{'cd' * 32} dvmeet-variant:intern"
        )
        doc.save(forged)
    code, line = verify(files, forged, capsys)
    assert code == 1
    assert line == (
        "Fila blanda.pdf oppgjev andre hashar i metadata enn dei som er trykte i ho: fila er endra."
    )


def test_verify_against_a_database_that_is_not_there_creates_nothing(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "finst-ikkje.sqlite"
    capsys.readouterr()
    code = main(["--database", str(missing), "verify", str(files["internal"])])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"Feil: Databasen finst ikkje: {missing}"
    assert not missing.exists()


def test_verify_reads_a_write_protected_copy_and_writes_nothing(
    files: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An auditor's copy of the database, write-protected: verified as it is."""
    if "://" in files["database"]:
        pytest.skip("a write-protected copy is a SQLite file")
    files["ctx"].close()
    copy = tmp_path / "revisor" / "dvmeet.sqlite"
    copy.parent.mkdir()
    with sqlite3.connect(files["database"]) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(files["database"], copy)
    copy.parent.chmod(0o555)
    try:
        before = {p.name: p.read_bytes() for p in copy.parent.iterdir()}
        files["database"] = str(copy)
        code, line = verify(files, files["internal"], capsys)
        assert code == 0, line
        assert {p.name: p.read_bytes() for p in copy.parent.iterdir()} == before
    finally:
        copy.parent.chmod(0o700)
