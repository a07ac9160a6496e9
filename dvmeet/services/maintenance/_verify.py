"""`dvmeet verify FILE.pdf`: a distributed møtebok checked against the database (B-3).

An approved møtebok carries, in its PDF keywords, the hash of the snapshot kept at
approval, the head of the audit chain at approval and its variant (written when it is
rendered, `dvmeet.documents.minutes`); the same hashes are printed in it under
"Godkjenning" ("Innhald (SHA-256)", "Revisjonslogg (SHA-256)"). Both are read: the
printed text through the fonts' ToUnicode maps (our own PDFs: ReportLab's one-byte
TrueType subsets). When both are there they must agree; a copy whose metadata another
program dropped is found by its printed hashes. Verifying holds the file against the
database:

1. the database has approved minutes with that snapshot hash, and the meeting is locked;
2. the kept snapshot still hashes to it (the content printed in the møtebok);
3. the rows the meeting owns still give the facts digest kept at approval, and its
   corrections agree with the audit log (`minutes.record_check`);
4. the audit chain holds from the genesis, and the head kept at approval and named in the
   PDF is an event of it (a truncated or rewritten log no longer has it);
5. the file's bytes are the PDF rendered at approval (internal or public), or, failing
   that, its pages (content, fonts, everything drawn) are those of the møtebok rendered
   now from the snapshot: another copy of the same approved content, such as the archive's
   PDF/A copy. The re-render uses the layout the file names in its keywords
   (`dvmeet-layout`; none: layout 1, the two-column attendance of minutes approved before
   issue 20), so a copy in an older layout is checked against that layout, never reported
   as changed; a layout this version does not know is said so. Anything else is a changed
   file.

The verdict is one sentence; `status` is "ok", "mismatch" (the file or the database does
not hold) or "unreadable" (not a readable PDF, or not an approved møtebok from dvmeet).
"""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal, NamedTuple

import pikepdf
from sqlalchemy import select

from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.models import Body, Meeting, Minutes
from dvmeet.documents.minutes import (
    AUDIT_KEY,
    LAYOUT_KEY,
    SNAPSHOT_KEY,
    VARIANT_KEY,
    VARIANTS,
    minutes_pdf,
    read_keywords,
)
from dvmeet.documents.minutes_model import LAYOUTS
from dvmeet.domain.enums import MinutesStatus
from dvmeet.i18n import _
from dvmeet.services import minutes
from dvmeet.services.context import Context
from dvmeet.services.models import Out

Status = Literal["ok", "mismatch", "unreadable"]


class VerifyOut(Out):
    """The verdict on a møtebok PDF: one sentence, and what it found."""

    status: Status
    verdict: str
    meeting_id: int | None = None
    variant: str | None = None  # "intern" or "offentleg", as the PDF says

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class _Read(NamedTuple):
    keywords: dict[str, str]  # the dvmeet words of the PDF's keywords
    printed: dict[str, str]  # the same, as printed on its pages (`_printed`)
    pages: str  # the digest of what its pages draw (`_pages_digest`)


# --- the printed text ----------------------------------------------------------------------

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_TEXT_OPS = {"Tj", "TJ", "'", '"'}


def _unicode_map(font: pikepdf.Object) -> dict[int, str] | None:
    """A one-byte font's ToUnicode map (bfchar and bfrange), or None without one."""
    if not isinstance(font, pikepdf.Dictionary) or "/ToUnicode" not in font:
        return None
    cmap = font["/ToUnicode"]
    if not isinstance(cmap, pikepdf.Stream):
        return None
    found: dict[int, str] = {}
    data = cmap.read_bytes()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=False):
            found[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in _RANGE.findall(block):
            first = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                found[code] = chr(first + n)
    return found


def _decoded(data: bytes, mapping: dict[int, str] | None) -> str:
    if mapping is None:
        return data.decode("latin-1")
    return "".join(mapping.get(b, "") for b in data)


def _page_text(page: pikepdf.Page) -> str:
    fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    maps: dict[str, dict[int, str] | None] = {}
    current: dict[int, str] | None = None
    out: list[str] = []
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, op = instruction.operands, str(instruction.operator)
        if op == "Tf" and operands:
            name = str(operands[0])
            if name not in maps:
                font = fonts.get(name)
                maps[name] = _unicode_map(font) if font is not None else None
            current = maps[name]
        elif op in _TEXT_OPS and operands:
            items = operands[-1]
            parts = items if isinstance(items, pikepdf.Array) else [items]
            out.extend(_decoded(bytes(p), current) for p in parts if isinstance(p, pikepdf.String))
    return "".join(out)


_PRINTED = {
    SNAPSHOT_KEY: re.compile(r"Innhald\(SHA-256\)([0-9a-f]{64})"),
    AUDIT_KEY: re.compile(r"Revisjonslogg\(SHA-256\)([0-9a-f]{64})"),
}


def _printed(doc: pikepdf.Pdf) -> dict[str, str]:
    """The hashes and the variant printed on the pages, as keyword words: the last of each,
    since the approval and the version line close the møtebok (a case's text quoting such
    a line comes before them)."""
    text = "".join("".join(_page_text(p) for p in doc.pages).split())
    found = {key: hits[-1] for key, rx in _PRINTED.items() if (hits := rx.findall(text))}
    versions = re.findall(r"Versjon:(Intern|Offentleg)", text)
    if versions:
        found[VARIANT_KEY] = VARIANTS[versions[-1] == "Offentleg"]
    return found


def _feed(h: hashlib._Hash, obj: object, seen: dict[tuple[int, int], int]) -> None:
    """Everything a page draws with, in a form that does not depend on how the file was
    saved (object numbers, compression, the order of keys)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        key = obj.objgen
        if key in seen:
            h.update(f"R{seen[key]};".encode())
            return
        seen[key] = len(seen)
    if isinstance(obj, pikepdf.Stream):
        h.update(b"S<")
        _feed_dict(h, obj.stream_dict, seen, skip={"/Length", "/Filter", "/DecodeParms"})
        data = obj.read_bytes()
        h.update(f"{len(data)}:".encode())
        h.update(data)
        h.update(b">")
    elif isinstance(obj, pikepdf.Dictionary):
        _feed_dict(h, obj, seen, skip={"/Parent"})
    elif isinstance(obj, pikepdf.Array):
        h.update(b"[")
        for item in obj:
            _feed(h, item, seen)
        h.update(b"]")
    elif isinstance(obj, pikepdf.Name):
        h.update(f"N{obj};".encode())
    elif isinstance(obj, pikepdf.String):
        data = bytes(obj)
        h.update(f"B{len(data)}:".encode())
        h.update(data)
    elif isinstance(obj, bool):
        h.update(b"T;" if obj else b"F;")
    elif isinstance(obj, int | Decimal | float):
        h.update(f"D{Decimal(str(obj)).normalize()};".encode())
    else:
        h.update(f"O{obj!r};".encode())


def _feed_dict(
    h: hashlib._Hash, obj: pikepdf.Dictionary, seen: dict[tuple[int, int], int], skip: set[str]
) -> None:
    h.update(b"{")
    for key in sorted(str(k) for k in obj if k not in skip):
        h.update(f"K{key};".encode())
        _feed(h, obj[key], seen)
    h.update(b"}")


def _pages_digest(doc: pikepdf.Pdf) -> str:
    h = hashlib.sha256()
    seen: dict[tuple[int, int], int] = {}
    for page in doc.pages:
        h.update(b"P")
        for key in ("/MediaBox", "/CropBox", "/Rotate", "/Contents", "/Resources"):
            if key in page.obj:
                h.update(key.encode())
                _feed(h, page.obj[key], seen)
    return h.hexdigest()


def _read(data: bytes) -> _Read | None:
    try:
        with pikepdf.open(io.BytesIO(data)) as doc:
            keywords = str(doc.docinfo.get("/Keywords", ""))
            return _Read(read_keywords(keywords), _printed(doc), _pages_digest(doc))
    except (pikepdf.PdfError, ValueError, KeyError, TypeError):
        return None


def _same_pages(
    ctx: Context, meeting_id: int, public: bool, pages: str, layout: str | None
) -> bool:
    """Whether the møtebok rendered now from the snapshot draws `pages`: with the
    corrections made since approval or without them (a copy made before a correction), in
    the layout the file names (`LAYOUT_KEY`; none named: layout 1; the keywords dropped:
    any layout this version knows)."""
    for corrections in (True, False):
        document = minutes.minutes_document(ctx, meeting_id, public=public, corrections=corrections)
        layouts = [int(layout)] if layout is not None else [document.layout, *LAYOUTS]
        for n in dict.fromkeys(layouts):
            fresh = _read(minutes_pdf(document.model_copy(update={"layout": n})))
            if fresh is not None and fresh.pages == pages:
                return True
    return False


def _meeting_name(day: object, body: str) -> str:
    return f"{body} {day:%d.%m.%Y}"


def verify_pdf(ctx: Context, path: Path) -> VerifyOut:
    """Hold a møtebok PDF against the database (see the module's docstring)."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return VerifyOut(
            status="unreadable",
            verdict=_("Fila {name} kan ikkje lesast: {error}").format(
                name=path, error=exc.strerror or exc
            ),
        )
    read = _read(data)
    if read is None:
        return VerifyOut(
            status="unreadable",
            verdict=_("Fila {name} er ikkje ein PDF som kan lesast.").format(name=name),
        )
    said = {**read.printed, **read.keywords}  # the keywords, else what is printed
    differ = [k for k in read.keywords if k in read.printed and read.keywords[k] != read.printed[k]]
    if differ:
        return VerifyOut(
            status="mismatch",
            verdict=_(
                "Fila {name} oppgjev andre hashar i metadata enn dei som er trykte i ho: "
                "fila er endra."
            ).format(name=name),
        )
    kept_hash = said.get(SNAPSHOT_KEY)
    variant = said.get(VARIANT_KEY)
    if not kept_hash or variant not in VARIANTS.values():
        return VerifyOut(
            status="unreadable",
            verdict=_(
                "Fila {name} er ikkje ei godkjend møtebok frå dvmeet: ho har ingen "
                "innhaldshash (eit utkast, eller ein PDF frå eit anna program)."
            ).format(name=name),
        )
    public = variant == VARIANTS[True]
    with ctx.reading() as s:
        found = s.execute(
            select(Minutes, Meeting.frozen, Meeting.date, Body.name)
            .join(Meeting, Meeting.id == Minutes.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .where(Minutes.snapshot_hash == kept_hash)
            .order_by(Minutes.id)
        ).first()
        if found is None:
            return VerifyOut(
                status="mismatch",
                variant=variant,
                verdict=_(
                    "Ingen godkjend møtebok i databasen {database} har innhaldshashen "
                    "{hash} som fila {name} ber: fila høyrer ikkje til denne databasen, "
                    "eller møteboka er fjerna eller skriven om."
                ).format(database=ctx.display_name, hash=kept_hash[:16], name=name),
            )
        kept, frozen, day, body = found
        chain = verify_audit_chain(s)
    meeting = _meeting_name(day, body)

    def refused(verdict: str) -> VerifyOut:
        return VerifyOut(
            status="mismatch", verdict=verdict, meeting_id=kept.meeting_id, variant=variant
        )

    if kept.status is not MinutesStatus.APPROVED or not frozen:
        return refused(
            _(
                "Møteboka for {meeting} er ikkje godkjend og låst i databasen, sjølv om fila "
                "{name} seier det: databasen er endra."
            ).format(meeting=meeting, name=name)
        )
    snapshot = kept.snapshot or ""
    if hashlib.sha256(snapshot.encode("utf-8")).hexdigest() != kept_hash:
        return refused(
            _(
                "Innhaldet i møteboka for {meeting} i databasen er endra etter godkjenninga: "
                "det gjev ikkje lenger innhaldshashen som er trykt i fila {name}."
            ).format(meeting=meeting, name=name)
        )
    records = minutes.record_check(ctx, kept.meeting_id)
    if records.problems:
        return refused(
            _("Databasen held ikkje det som vart godkjend: {problem}.").format(
                problem=records.problems[0]
            )
        )
    if chain.broken_at is not None:
        return refused(
            _(
                "Revisjonsloggen i databasen er endra (hending nr. {n}: {problem}), så "
                "godkjenninga av møteboka for {meeting} kan ikkje stadfestast."
            ).format(n=chain.broken_at, problem=chain.problem, meeting=meeting)
        )
    head = said.get(AUDIT_KEY)
    if head is None or head != kept.audit_head or head not in chain.verified:
        return refused(
            _(
                "Revisjonsloggen i databasen har ikkje hendinga som godkjende møteboka for "
                "{meeting} (hash {head}, trykt i fila {name}): loggen er avkorta eller "
                "skriven om."
            ).format(meeting=meeting, head=(head or kept.audit_head or "–")[:16], name=name)
        )
    digest = hashlib.sha256(data).hexdigest()
    words = {
        False: _("den interne versjonen"),
        True: _("den offentlege versjonen"),
    }
    if digest == (kept.public_pdf_hash if public else kept.pdf_hash):
        return VerifyOut(
            status="ok",
            meeting_id=kept.meeting_id,
            variant=variant,
            verdict=_(
                "Fila {name} er den godkjende møteboka for {meeting} ({version}), slik ho "
                "vart laga ved godkjenninga; databasen og revisjonsloggen stemmer med ho."
            ).format(name=name, meeting=meeting, version=words[public]),
        )
    layout = said.get(LAYOUT_KEY, "1" if read.keywords else None)
    if layout is not None and layout not in {str(n) for n in LAYOUTS}:
        return refused(
            _(
                "Fila {name} er laga med oppsett {layout} av møteboka, som denne versjonen av "
                "dvmeet ikkje kjenner: kontroller ho med ein nyare versjon."
            ).format(name=name, layout=layout)
        )
    if _same_pages(ctx, kept.meeting_id, public, read.pages, layout):
        return VerifyOut(
            status="ok",
            meeting_id=kept.meeting_id,
            variant=variant,
            verdict=_(
                "Fila {name} har det same innhaldet som den godkjende møteboka for {meeting} "
                "({version}), men er ein annan kopi av ho (til dømes arkivkopien i PDF/A); "
                "databasen og revisjonsloggen stemmer med ho."
            ).format(name=name, meeting=meeting, version=words[public]),
        )
    return refused(
        _(
            "Fila {name} ber innhaldshashen til møteboka for {meeting}, men sidene i ho er "
            "ikkje dei som vart godkjende: fila er endra (eller laga av ein annan versjon av "
            "dvmeet)."
        ).format(name=name, meeting=meeting)
    )
