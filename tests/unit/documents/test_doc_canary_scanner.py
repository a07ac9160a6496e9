"""The canary's scanner finds a marker in each place a file can hide it, and that reading
alone finds it there: the canary tests can only say "nothing found" because the scanner
would have found it (canary_scan.py)."""

from __future__ import annotations

import io
import json
import secrets
import shutil
import zipfile
import zlib

import openpyxl
import pikepdf
import pytest
from canary_scan import assert_clean, found, scan
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from dvmeet.documents.fonts import REGULAR, register_fonts


def _marker() -> str:
    return f"KANARISKANNAR{secrets.token_hex(6).upper()}"


def _layers(marker: str, name: str, data: bytes) -> set[str]:
    return {h.layer for h in scan([marker], name, data)}


def _pdf(draw: str = "Ingenting å sjå her", **info: str) -> bytes:
    """A one-page PDF drawn with the embedded font, as the renderers draw (text as glyph
    codes: the words are not in the bytes, only in the text layer)."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setFont(REGULAR, 11)
    canvas.drawString(72, 720, draw)
    for key, value in info.items():
        getattr(canvas, f"set{key}")(value)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pdf_text_layer_is_read() -> None:
    m = _marker()
    data = _pdf(f"Sak 001/24 Personalsak {m} – Bergen")
    assert m.encode() not in data  # glyph codes, compressed: the bytes alone would miss it
    layers = _layers(m, "x.pdf", data)
    assert "pdf text (pypdf)" in layers
    assert not any(layer.startswith("raw") for layer in layers)


def test_pdf_text_broken_over_lines_is_joined() -> None:
    m = _marker()
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setFont(REGULAR, 11)
    canvas.drawString(72, 720, f"Tittel {m[:9]}-")
    canvas.drawString(72, 700, m[9:])
    canvas.showPage()
    canvas.save()
    layers = _layers(m, "x.pdf", out.getvalue())
    assert "pdf text (pypdf), joined" in layers
    assert "pdf text (pypdf)" not in layers


def test_pdf_info_outline_and_annotations_in_utf16_are_read() -> None:
    m = _marker()
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        pdf.docinfo["/Title"] = pikepdf.String(f"Møtebok č {m}")  # č: written as UTF-16
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(f"Sak {m} ø", 0))
        pdf.pages[0].Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Text,
                        Rect=[0, 0, 10, 10],
                        Contents=pikepdf.String(f"Merknad {m} å"),
                    )
                ]
            )
        )
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    data = out.getvalue()
    assert m.encode() not in data  # strings in compressed object streams
    layers = _layers(m, "x.pdf", data)
    assert {"pdf strings and names", "pdf outline (pypdf)", "pdf info (pypdf)"} <= layers


def test_pdf_compressed_stream_and_xmp_are_read() -> None:
    m = _marker()
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        hidden = pdf.make_stream(zlib.compress(f"BT ({m}) Tj ET".encode()))
        hidden.Filter = pikepdf.Name.FlateDecode
        pdf.Root.PieceInfo = pdf.make_indirect(hidden)
        out = io.BytesIO()
        pdf.save(out)
    data = out.getvalue()
    assert m.encode() not in data
    layers = _layers(m, "x.pdf", data)
    assert "pdf stream (decoded)" in layers
    assert "pdf qpdf --qdf" in layers or shutil.which("qpdf") is None

    m = _marker()
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:description"] = f"Skildring {m}"
        out = io.BytesIO()
        pdf.save(out)
    assert "pdf XMP" in _layers(m, "x.pdf", out.getvalue())


def test_pdf_attachment_is_read() -> None:
    m = _marker()
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        pdf.attachments["vedlegg.txt"] = pikepdf.AttachedFileSpec(pdf, f"Vedlegg {m}".encode())
        out = io.BytesIO()
        pdf.save(out, compress_streams=True)
    assert "pdf attachment" in _layers(m, "x.pdf", out.getvalue())


def test_ics_folded_line_is_unfolded() -> None:
    m = _marker()
    folded = f"DESCRIPTION:Sakliste: PS 001/24 Personalsak {m[:10]}\r\n {m[10:]}"
    data = f"BEGIN:VCALENDAR\r\n{folded}\r\nEND:VCALENDAR\r\n".encode()
    assert m.encode() not in data
    assert "iCalendar unfolded" in _layers(m, "x.ics", data)


def test_xlsx_cells_properties_sheet_names_and_entry_names_are_read() -> None:
    for where in ("cell", "title", "sheet", "creator"):
        m = _marker()
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet["A1"] = f"Sak {m}" if where == "cell" else "Sak"
        if where == "sheet":
            sheet.title = m[:31]
            m = m[:31]
        if where == "title":
            book.properties.title = f"Røysting {m}"
        if where == "creator":
            book.properties.creator = m
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
        assert m.encode() not in data, where  # deflated
        assert any(layer.startswith("zip ") for layer in _layers(m, "x.xlsx", data)), where

    m = _marker()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("ingenting.txt", b"tomt")
        z.writestr(f"docs/{m}.xml", b"<a/>")
    assert "zip entry name" in _layers(m, "x.zip", out.getvalue())


def test_html_entities_and_tags_and_json_escapes_are_resolved() -> None:
    m = _marker()
    entity = "".join(f"&#{ord(c)};" for c in m)
    assert "HTML/XML as read" in _layers(m, "x.html", f"<p>Sak {entity}</p>".encode())
    split = f"<p>Sak {m[:8]}<b></b>{m[8:]}</p>"
    assert "HTML/XML as read" in _layers(m, "x.html", split.encode())
    escaped = json.dumps({"tittel": "".join(f"\\u{ord(c):04x}" for c in m)}).replace("\\\\", "\\")
    assert m not in escaped
    assert "JSON strings" in _layers(m, "metadata.json", escaped.encode())


def test_raw_bytes_in_utf16_and_the_file_name_are_read() -> None:
    m = _marker()
    assert "raw bytes" in _layers(m, "x.csv", ("\ufeff" + f"Sak;{m}").encode("utf-16-le"))
    assert _layers(m, f"Møtebok {m}.pdf", b"tomt") == {"file name", "file name, joined"}


def test_clean_output_passes_and_a_hit_fails_with_its_place() -> None:
    m = _marker()
    assert found([m], "x.pdf", _pdf("Ingen merke")) == set()
    assert_clean([m], {"x.pdf": _pdf("Ingen merke")})
    with pytest.raises(AssertionError, match=f"{m} in y.pdf"):
        assert_clean([m], {"y.pdf": _pdf(f"Merke {m}")})
