"""The Fiks Arkiv hand-off of a meeting (issue 19, AR-1): arkivmelding messages
(no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett, KS's Fiks Arkiv V1) built from a pure
data model, validated against the shipped schemas before anything is written.

An arkivmelding holds at most one folder (mappe) and one record (registrering), so a meeting
is handed over as a numbered series: first the meeting folder (moetemappe), then one
moetesak per case, then one moetedokument per document (notice, case papers, minutes), each
naming the folder through dvmeet's external key (referanseEksternNoekkel). The PDF/A files
lie beside the messages and are named in referanseDokumentfil. This module turns the model
into bytes; the services build the model from the database and write the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from lxml import etree

from dvmeet.documents.models import DocModel

NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
SYSTEM = "dvmeet"

Stemme = Literal["Ja", "Nei", "Blankt"]


class Code(DocModel):
    """A Fiks Arkiv kode: a short code and its description."""

    code: str
    description: str | None = None


class ArchiveRef(DocModel):
    """The archive's own references of a folder or case, where they are known."""

    case_year: int | None = None
    case_sequence: int | None = None
    record_number: int | None = None
    series: str | None = None
    class_id: str | None = None


class Skjerming(DocModel):
    """A closed case: its access restriction and the legal basis of it."""

    restriction: Code
    legal_basis: str


class Participant(DocModel):
    name: str
    function: str | None = None  # "Medlem", "Varamedlem for …", "Møteleiar"
    represents: str | None = None  # the municipality


class Ballot(DocModel):
    name: str
    vote: Stemme
    represents: str | None = None


class CaseRecord(DocModel):
    """One moetesak: a case of the meeting as decided."""

    key: str
    title: str
    public_title: str
    case_type: Code
    year: int
    sequence: int
    recommendation: str | None
    decision: str | None
    decided_at: dt.datetime
    ballots: list[Ballot]  # the roll-call vote on the decision, one per voter
    protocol: str | None  # the handling and the votes as the minutes word them
    skjerming: Skjerming | None
    ref: ArchiveRef = ArchiveRef()


class DocumentFile(DocModel):
    """One file of a moetedokument: the archive's variant and where it lies."""

    file_name: str  # the name a user sees (filnavn)
    reference: str  # the file beside the message (referanseDokumentfil)
    variant: Code  # A arkivformat, O offentleg variant
    format: Code = Code(code="fmt/477", description="PDF/A-2b")  # PRONOM
    sha256: str
    size: int


class MeetingDocument(DocModel):
    """One moetedokument: the notice, the case papers or the minutes."""

    key: str
    title: str
    public_title: str
    document_type: Code
    files: list[DocumentFile]
    skjerming: Skjerming | None


class MeetingFolder(DocModel):
    key: str
    title: str
    public_title: str
    number: str
    body_name: str
    body_code: str
    date: dt.date
    place: str | None
    participants: list[Participant]
    ref: ArchiveRef = ArchiveRef()


class Handoff(DocModel):
    """Everything a meeting's hand-off says; `messages` turns it into the XML files."""

    system: str = SYSTEM
    folder: MeetingFolder
    cases: list[CaseRecord]
    documents: list[MeetingDocument]


class Message(DocModel):
    """One arkivmelding: its file name in the folder and its bytes."""

    name: str
    data: bytes


class InvalidMessage(ValueError):
    """A message the schema refuses: which message and the schema's first complaints."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(f"{message}: " + "; ".join(problems))
        self.message = message
        self.problems = problems


# --- building -----------------------------------------------------------------------------


def _q(name: str, ns: str = NS) -> str:
    return f"{{{ns}}}{name}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, ns: str = NS
) -> etree._Element:
    el = etree.SubElement(parent, _q(name, ns))
    if text is not None:
        el.text = text
    return el


def _code(parent: etree._Element, name: str, code: Code) -> etree._Element:
    el = _sub(parent, name)
    _sub(el, "kode", code.code, MDK)
    if code.description:
        _sub(el, "beskrivelse", code.description, MDK)
    return el


def _text(parent: etree._Element, name: str, text: str) -> None:
    el = _sub(parent, name)
    _sub(el, "tekstInnhold", text, MDK)
    fmt = _sub(el, "tekstFormat", None, MDK)
    _sub(fmt, "kode", "text/plain", MDK)


def _key(parent: etree._Element, name: str, key: str) -> None:
    el = _sub(parent, name)
    _sub(el, "fagsystem", SYSTEM, MDK)
    _sub(el, "noekkel", key, MDK)


def _skjerming(parent: etree._Element, skjerming: Skjerming | None) -> None:
    if skjerming is None:
        return
    el = _sub(parent, "skjerming")
    _code(el, "tilgangsrestriksjon", skjerming.restriction)
    _sub(el, "skjermingshjemmel", skjerming.legal_basis)


def _classification(parent: etree._Element, ref: ArchiveRef) -> None:
    if ref.class_id:
        el = _sub(parent, "klassifikasjon")
        _sub(el, "klasseID", ref.class_id)


def _root(files: int) -> etree._Element:
    root = etree.Element(_q("arkivmelding"), nsmap={None: NS, "n5mdk": MDK, "xsi": XSI})
    _sub(root, "system", SYSTEM)
    _sub(root, "antallFiler", str(files))
    return root


def _parent(reg: etree._Element, folder: MeetingFolder) -> None:
    ref = _sub(reg, "referanseForelderMappe")
    key = _sub(ref, "referanseEksternNoekkel", None, MDK)
    _sub(key, "fagsystem", SYSTEM, MDK)
    _sub(key, "noekkel", folder.key, MDK)


def _cross_reference(reg: etree._Element, ref: ArchiveRef) -> None:
    """The case's own arkivsak in the archive (saksår/sekvensnummer), where it is known."""
    if ref.case_year is None or ref.case_sequence is None:
        return
    cross = _sub(reg, "kryssreferanse")
    to = _sub(cross, "referanseTilMappe")
    number = _sub(to, "saksnummer", None, MDK)
    _sub(number, "saksaar", str(ref.case_year), MDK)
    _sub(number, "sakssekvensnummer", str(ref.case_sequence), MDK)


def folder_message(h: Handoff) -> etree._Element:
    f = h.folder
    root = _root(0)
    mappe = _sub(root, "mappe")
    mappe.set(_q("type", XSI), "moetemappe")
    if f.ref.case_year is not None and f.ref.case_sequence is not None:
        _sub(mappe, "mappeID", f"{f.ref.case_year}/{f.ref.case_sequence}")
    _sub(mappe, "tittel", f.title)
    _sub(mappe, "offentligTittel", f.public_title)
    if f.ref.series:
        arkivdel = _sub(mappe, "arkivdel")
        _sub(arkivdel, "kode", f.ref.series, MDK)
    _classification(mappe, f.ref)
    _key(mappe, "referanseEksternNoekkel", f.key)
    _sub(mappe, "moetenummer", f.number)
    utvalg = _sub(mappe, "utvalg")
    _sub(utvalg, "navn", f.body_name, MDK)
    _sub(utvalg, "identifikator", f.body_code, MDK)
    _sub(mappe, "moetedato", f.date.isoformat())
    if f.place:
        _sub(mappe, "moetested", f.place)
    for p in f.participants:
        el = _sub(mappe, "moetedeltaker")
        ident = _sub(el, "identifikator", None, MDK)
        _sub(ident, "navn", p.name, MDK)
        if p.function:
            fn = _sub(el, "funksjon", None, MDK)
            _sub(fn, "kode", p.function, MDK)
        if p.represents:
            rep = _sub(el, "representerer", None, MDK)
            _sub(rep, "navn", p.represents, MDK)
    return root


def case_message(h: Handoff, c: CaseRecord) -> etree._Element:
    root = _root(0)
    reg = _sub(root, "registrering")
    reg.set(_q("type", XSI), "moetesak")
    _parent(reg, h.folder)
    _skjerming(reg, c.skjerming)
    if c.ref.record_number is not None:
        _sub(reg, "registreringsID", str(c.ref.record_number))
    _sub(reg, "tittel", c.title)
    _sub(reg, "offentligTittel", c.public_title)
    _cross_reference(reg, c.ref)
    _classification(reg, c.ref)
    _key(reg, "referanseEksternNoekkel", c.key)
    _code(reg, "moetesakstype", c.case_type)
    _sub(reg, "moetesaksaar", str(c.year))
    _sub(reg, "moetesakssekvensnummer", str(c.sequence))
    if c.recommendation:
        _text(reg, "innstilling", c.recommendation)
    if c.decision:
        vedtak = _sub(reg, "vedtak")
        _text(vedtak, "vedtakstekst", c.decision)
        for b in c.ballots:
            votering = _sub(vedtak, "votering")
            who = _sub(votering, "moetedeltaker")
            ident = _sub(who, "identifikator", None, MDK)
            _sub(ident, "navn", b.name, MDK)
            _sub(votering, "stemme", b.vote)
            if b.represents:
                rep = _sub(votering, "representerer")
                _sub(rep, "navn", b.represents, MDK)
        if c.protocol:
            _text(vedtak, "behandlingsprotokoll", c.protocol)
        _sub(vedtak, "dato", c.decided_at.replace(microsecond=0).isoformat())
    return root


def document_message(h: Handoff, d: MeetingDocument) -> etree._Element:
    root = _root(len(d.files))
    reg = _sub(root, "registrering")
    reg.set(_q("type", XSI), "moetedokument")
    _parent(reg, h.folder)
    _skjerming(reg, d.skjerming)
    desc = _sub(reg, "dokumentbeskrivelse")
    _code(desc, "dokumentstatus", Code(code="F", description="Dokumentet er ferdigstilt"))
    _sub(desc, "tittel", d.title)
    _code(desc, "tilknyttetRegistreringSom", Code(code="H", description="Hoveddokument"))
    _sub(desc, "dokumentnummer", "1")
    _skjerming(desc, d.skjerming)
    for f in d.files:
        obj = _sub(desc, "dokumentobjekt")
        _sub(obj, "versjonsnummer", "1")
        _code(obj, "variantformat", f.variant)
        _code(obj, "format", f.format)
        _sub(obj, "mimeType", "application/pdf")
        _sub(obj, "filnavn", f.file_name)
        _sub(obj, "referanseDokumentfil", f.reference)
        _sub(obj, "sjekksum", f.sha256)
        _sub(obj, "sjekksumAlgoritme", "SHA256")
        _sub(obj, "filstoerrelse", str(f.size))
    _sub(reg, "tittel", d.title)
    _sub(reg, "offentligTittel", d.public_title)
    _key(reg, "referanseEksternNoekkel", d.key)
    _code(reg, "moetedokumenttype", d.document_type)
    return root


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def messages(h: Handoff) -> list[Message]:
    """The hand-off's messages in the order the archive takes them, unvalidated."""
    out = [Message(name="01_moetemappe.xml", data=_bytes(folder_message(h)))]
    for c in h.cases:
        kind = c.case_type.code.lower()
        name = f"{len(out) + 1:02d}_moetesak_{kind}_{c.year}_{c.sequence:03d}.xml"
        out.append(Message(name=name, data=_bytes(case_message(h, c))))
    for d in h.documents:
        name = f"{len(out) + 1:02d}_moetedokument_{d.document_type.code.lower()}.xml"
        out.append(Message(name=name, data=_bytes(document_message(h, d))))
    return out


# --- validating ---------------------------------------------------------------------------

_schemas: dict[Path, etree.XMLSchema] = {}


def schema(folder: Path) -> etree.XMLSchema:
    """The arkivmelding schema from `folder` (its imports resolve beside it), loaded once."""
    path = (folder / SCHEMA_FILE).resolve()
    if path not in _schemas:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        _schemas[path] = etree.XMLSchema(etree.parse(str(path), parser))
    return _schemas[path]


def problems(xml: bytes, xsd: etree.XMLSchema) -> list[str]:
    """What the schema says is wrong with one message (empty: valid)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(xml, parser)
    if xsd.validate(doc):
        return []
    return [f"linje {e.line}: {e.message}" for e in list(xsd.error_log)[:5]]


def validated(h: Handoff, schema_folder: Path) -> list[Message]:
    """The messages, each valid against the schema, or InvalidMessage for the first that
    is not."""
    xsd = schema(schema_folder)
    out = messages(h)
    for m in out:
        found = problems(m.data, xsd)
        if found:
            raise InvalidMessage(m.name, found)
    return out
