"""Every document type: qpdf --check, every font embedded (pdffonts), metadata, PDF/A-2b
structure (checked with pikepdf; no veraPDF here, so conformance itself is not validated)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from doc_helpers import pdf_reader, pdf_text, run_tool

from dvmeet.documents.attendance_list import AttendanceRenderer
from dvmeet.documents.minutes import MinutesRenderer
from dvmeet.documents.notice import NoticeRenderer
from dvmeet.documents.pdfa import to_pdfa
from dvmeet.documents.registry_pdf import RegistryRenderer
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.services.context import Context
from dvmeet.services.exports import attendance_document, notice_document, registry_document
from dvmeet.services.minutes import minutes_document

Make = Callable[[Context, int], PdfRenderer]
DOCUMENTS: dict[str, Make] = {
    "notice-internal": lambda c, m: NoticeRenderer(notice_document(c, m, public=False)),
    "notice-public": lambda c, m: NoticeRenderer(notice_document(c, m, public=True)),
    "minutes-internal": lambda c, m: MinutesRenderer(minutes_document(c, m, public=False)),
    "minutes-public": lambda c, m: MinutesRenderer(minutes_document(c, m, public=True)),
    "attendance": lambda c, m: AttendanceRenderer(attendance_document(c, m, public=False)),
    "registry": lambda c, m: RegistryRenderer(registry_document(c, "RS", dt.date(2024, 12, 11))),
}


@pytest.fixture
def rendered(ctx: Context, held: dict[str, Any]) -> dict[str, tuple[PdfRenderer, bytes]]:
    out = {}
    for name, make in DOCUMENTS.items():
        renderer = make(ctx, held["meeting_id"])
        out[name] = (renderer, renderer.render())
    return out


def test_qpdf_check_and_fonts_embedded(
    rendered: dict[str, tuple[PdfRenderer, bytes]], tmp_path: Path
) -> None:
    for name, (renderer, data) in rendered.items():
        for variant, blob in (("plain", data), ("pdfa", to_pdfa(data, renderer.meta))):
            path = tmp_path / f"{name}-{variant}.pdf"
            path.write_bytes(blob)
            check = run_tool("qpdf", "--check", str(path))
            assert check.returncode == 0, f"{path.name}: {check.stdout}{check.stderr}"
            fonts = run_tool("pdffonts", str(path))
            assert fonts.returncode == 0
            rows = fonts.stdout.splitlines()[2:]
            assert rows, f"{path.name}: no fonts"
            for row in rows:
                emb = row.split()[-5]
                assert emb == "yes", f"{path.name}: font not embedded: {row}"
                assert "DejaVuSans" in row, f"{path.name}: unexpected font {row}"


def test_metadata_and_page_numbers(rendered: dict[str, tuple[PdfRenderer, bytes]]) -> None:
    for name, (renderer, data) in rendered.items():
        reader = pdf_reader(data)
        meta = reader.metadata
        assert meta is not None
        assert meta.title == renderer.meta.title, name
        assert meta.author == "DigiVestland", name
        assert meta.subject, name
        assert reader.trailer["/Root"]["/Lang"] == "nn-NO", name
        pages = len(reader.pages)
        assert f"Side {pages} av {pages}" in (reader.pages[-1].extract_text() or ""), name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), name


def test_pdfa_structure(rendered: dict[str, tuple[PdfRenderer, bytes]]) -> None:
    renderer, data = rendered["minutes-internal"]
    archived = to_pdfa(data, renderer.meta)
    with pikepdf.open(io.BytesIO(archived)) as pdf:
        assert not pdf.is_encrypted
        root = pdf.Root
        intents = root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "
        assert str(root.Lang) == "nn-NO"
        for key in ("/OpenAction", "/AA", "/JavaScript"):
            assert key not in root
        assert "/Names" not in root or "/JavaScript" not in root.Names
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == renderer.meta.title
        assert str(pdf.docinfo["/Title"]) == renderer.meta.title
        assert "/ID" in pdf.trailer
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor
    # The text layer survives (Ghostscript's conversion would drop æøå).
    assert "Møtebok – Organ RS" in pdf_text(archived)


def test_draft_mark_only_on_drafts(rendered: dict[str, tuple[PdfRenderer, bytes]]) -> None:
    assert "UTKAST" in pdf_text(rendered["minutes-internal"][1])
    assert "UTKAST" not in pdf_text(rendered["notice-internal"][1])
