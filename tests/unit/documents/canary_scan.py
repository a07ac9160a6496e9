"""The canary's scanner: every way a file could carry a marker to a reader.

A marker is a unique word (letters and digits). `readings(name, data)` gives every reading
of a file that a person or a program could make of it, each named by its layer:

- the raw bytes, as UTF-8, UTF-16 (big and little endian) and Latin-1;
- a PDF: the text layer as pypdf and as pdftotext extract it, every string and name of
  every object (Info, outline, XMP, annotations, form fields, in object streams too),
  every stream decoded (what qpdf --qdf shows), qpdf's uncompressed rewrite, attachments;
- a ZIP (XLSX, any package): the entry names and comments and every entry read the same
  way (XML with entities resolved and tags removed: core properties, shared strings,
  sheet names);
- iCalendar: the lines unfolded (RFC 5545 folds at 75 octets) and unescaped;
- HTML and XML: entities resolved (&#75; is K), tags removed;
- JSON: every string and key, escapes resolved;
- the file's name.

Every text reading is also searched with its white space removed and lines joined at a
hyphen, so a marker broken over two lines is still found. The self-tests in
test_doc_canary_scanner.py show that each layer finds what it alone can find.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENCODINGS = ("utf-8", "utf-16-be", "utf-16-le", "latin-1")


@dataclass(frozen=True)
class Hit:
    marker: str
    file: str
    layer: str

    def __str__(self) -> str:
        return f"{self.marker} in {self.file} ({self.layer})"


def _joined(text: str) -> str:
    """The text with lines joined at a hyphen and every white space removed."""
    return re.sub(r"\s+", "", re.sub(r"[-\u00ad\u2010]\s*\n\s*", "", text))


def _html_text(text: str) -> str:
    """HTML or XML as a reader sees it: tags removed, entities resolved."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- PDF ------------------------------------------------------------------------------


def _pdf_readings(data: bytes) -> Iterator[tuple[str, str | bytes]]:
    import pikepdf
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    yield "pdf text (pypdf)", "\n".join(page.extract_text() or "" for page in reader.pages)
    yield "pdf info (pypdf)", " ".join(str(v) for v in (reader.metadata or {}).values())
    yield "pdf outline (pypdf)", "\n".join(_outline(reader.outline))
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=60
        )
        yield "pdf text (pdftotext)", out.stdout.decode("utf-8", "replace")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        strings: list[str] = []
        for obj in pdf.objects:
            _pdf_strings(obj, strings)
            if isinstance(obj, pikepdf.Stream):
                try:
                    yield "pdf stream (decoded)", obj.read_bytes()
                except pikepdf.PdfError:
                    yield "pdf stream (raw)", obj.read_raw_bytes()
        yield "pdf strings and names", "\n".join(strings)
        yield "pdf XMP", str(pdf.open_metadata())
        for name, spec in pdf.attachments.items():
            yield "pdf attachment name", name
            yield "pdf attachment", spec.get_file().read_bytes()
    if shutil.which("qpdf"):
        with tempfile.TemporaryDirectory() as tmp:
            source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
            source.write_bytes(data)
            subprocess.run(
                ["qpdf", "--qdf", "--object-streams=disable", str(source), str(target)],
                capture_output=True,
                timeout=60,
            )
            if target.exists():
                yield "pdf qpdf --qdf", target.read_bytes()


def _outline(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield str(item.title)


def _pdf_strings(obj: Any, out: list[str]) -> None:
    """Every string and name in an object, its dictionaries and arrays (not following
    indirect references: every object is visited from pdf.objects)."""
    import pikepdf

    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
        out.append(bytes(obj).decode("latin-1"))
    elif isinstance(obj, pikepdf.Name):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            if not getattr(item, "is_indirect", False):
                _pdf_strings(item, out)
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key, value in obj.items():
            out.append(key)
            if not getattr(value, "is_indirect", False):
                _pdf_strings(value, out)


# --- Other formats ---------------------------------------------------------------------


def _zip_readings(data: bytes) -> Iterator[tuple[str, str | bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        yield "zip comment", z.comment
        for info in z.infolist():
            yield "zip entry name", info.filename
            yield "zip entry comment", info.comment
            for layer, reading in _readings(z.read(info)):
                yield f"zip {info.filename}: {layer}", reading


def _ics_text(text: str) -> str:
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return re.sub(r"\\([,;\\nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _json_text(text: str) -> str:
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return ""
    return "\n".join(_json_strings(value))


def _readings(data: bytes) -> Iterator[tuple[str, str | bytes]]:
    yield "raw bytes", data
    if data.startswith(b"%PDF"):
        yield from _pdf_readings(data)
        return
    if data.startswith(b"PK\x03\x04"):
        yield from _zip_readings(data)
        return
    text = _decode(data)
    yield "text", text
    if text.lstrip("\ufeff").startswith("BEGIN:VCALENDAR"):
        yield "iCalendar unfolded", _ics_text(text)
    if "<" in text and ">" in text:
        yield "HTML/XML as read", _html_text(text)
    if text.lstrip("\ufeff").startswith(("{", "[")):
        yield "JSON strings", _json_text(text)


def readings(name: str, data: bytes) -> Iterator[tuple[str, str | bytes]]:
    """Every reading of the file `name` holding `data`: (layer, text or bytes)."""
    yield "file name", name
    yield from _readings(data)


@functools.lru_cache(maxsize=256)
def _searchable(name: str, data: bytes) -> tuple[tuple[str, str | bytes], ...]:
    """The readings of a file, each text reading also joined and with entities resolved
    (made once per file: a test asks about many markers)."""
    out: list[tuple[str, str | bytes]] = []
    for layer, reading in readings(name, data):
        if isinstance(reading, bytes):
            out.append((layer, reading))
            continue
        out.append((layer, reading + "\n" + html.unescape(reading)))
        out.append((f"{layer}, joined", _joined(reading) + "\n" + _joined(html.unescape(reading))))
    return tuple(out)


def scan(markers: Iterable[str], name: str, data: bytes) -> list[Hit]:
    """Every (marker, layer) that a reading of the file shows."""
    wanted = list(markers)
    hits: list[Hit] = []
    for layer, reading in _searchable(name, data):
        for m in wanted:
            if isinstance(reading, bytes):
                if any(m.encode(e) in reading for e in ENCODINGS):
                    hits.append(Hit(m, name, layer))
            elif m in reading:
                hits.append(Hit(m, name, layer))
    return hits


def found(markers: Iterable[str], name: str, data: bytes) -> set[str]:
    """The markers that some reading of the file shows."""
    return {h.marker for h in scan(markers, name, data)}


def assert_clean(markers: Iterable[str], outputs: dict[str, bytes]) -> None:
    """No marker in any reading of any output; the message lists every hit."""
    wanted = list(markers)
    hits = [h for name, data in outputs.items() for h in scan(wanted, name, data)]
    assert not hits, "closed content in public output:\n" + "\n".join(
        sorted({str(h) for h in hits})
    )
