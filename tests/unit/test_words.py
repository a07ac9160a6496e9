"""The words of the interface and the documents (issue 15, docs/glossary.md).

Scans, in both languages: every `_()` source string (nynorsk), every bokmål msgstr of the
catalogue, the literal texts of the documents and the services that write them, and the
legal texts, for the forms docs/glossary.md lists as not used, for rule IDs shown to users
("(M-3)"), for "jf. jf.", for nynorsk words in the bokmål interface and for untranslated
strings. Then renders a notice and minutes for a case closed with the note typed
"jf. offl. § 13", and a change log after the notice, and reads what they print.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import importlib.util
import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from meeting_setup import add_case, make_body, plan
from pypdf import PdfReader

from dvmeet.db.models import Case as CaseRow
from dvmeet.db.models import Meeting as MeetingRow
from dvmeet.domain.elections import elected_sentence, join_names
from dvmeet.domain.enums import ClosureBasis, DisqualificationGround, MeetingForm
from dvmeet.domain.labels import field_word, field_words
from dvmeet.domain.legal import LEGAL_REFERENCES, format_reference, legal_text, reference_note
from dvmeet.errors import RuleRefused
from dvmeet.i18n import catalog_path, set_language
from dvmeet.services import attendance, meetings
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.exports import meeting_pdf
from dvmeet.services.meetings.models import (
    CaseIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
)

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"

# A rule ID as the code cites it: Q-1, M-5, AR-3 (never shown to a user).
RULE_ID = re.compile(r"(?<![\w/])(?:AR|[RMCOAHQB])-\d+(?!\w)")
# "jf." twice, with anything but words between ("jf. jf.", "jf.jf.", "jf., jf.")
DOUBLE_JF = re.compile(r"\bjf\.[\s,;]*jf\.", re.IGNORECASE)

# Words that are nynorsk only: none may stand in a bokmål translation.
NYNORSK_ONLY = (
    "ikkje", "eit", "vere", "kva", "korleis", "frå", "berre", "medan", "kven", "nokon",
    "noko", "vart", "fleire", "dei", "desse", "enno", "gjekk", "vore", "framlegg",
    "samrøystes", "medlemer", "varamedlemer", "sakliste", "saklista", "møteleiar",
    "møteleiaren", "frammøte", "unnateke", "ugild", "handsame", "handsaming", "handsama",
    "røyst", "røyste", "røyster", "røysting", "røystinga", "røysta",
)  # fmt: skip
# Words that are bokmål only: a nynorsk source string with one is not nynorsk.
BOKMAL_ONLY = ("ikke", "hvem", "hva", "hvordan", "bare", "ble", "noen", "mens", "fra")


def _word(word: str) -> re.Pattern[str]:
    """The word on its own (letters on neither side), case-insensitive."""
    return re.compile(rf"(?<![\wæøå]){re.escape(word)}(?![\wæøå])", re.IGNORECASE)


def _starts(form: str) -> re.Pattern[str]:
    """A form from the start of a word ("vedtaksført", "Vedtaksførte")."""
    return re.compile(rf"(?<![\wæøå]){re.escape(form)}", re.IGNORECASE)


def _plain(text: str) -> str:
    """A string as the user reads it: no accelerator marks."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# --- the sources ------------------------------------------------------------------------


def _update_catalog() -> ModuleType:
    path = ROOT / "scripts" / "update_catalog.py"
    spec = importlib.util.spec_from_file_location("update_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def glossary_wrong_forms() -> dict[str, list[tuple[str, str]]]:
    """(wrong, right) per language from the table "Forms we do not use" of the glossary."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Forms we do not use", 1)[1]
    table: dict[str, list[tuple[str, str]]] = {"nn": [], "nb": []}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] in table:
            table[cells[0]].append((cells[1], cells[2]))
    return table


def source_strings() -> dict[str, str]:
    """Every `_()` string of dvmeet/ and ui/ -> where it is (the catalogue's extraction)."""
    extracted = _update_catalog().extract()
    return {msgid: f"{path}:{line}" for msgid, [(path, line), *_rest] in extracted.items()}


def catalogue() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every message in the bokmål catalogue."""
    with open(catalog_path("nb"), "rb") as fh:
        po = read_po(fh, locale="nb")
    return [(m.id, str(m.string or "")) for m in po if m.id and isinstance(m.id, str)]


# The modules whose literal strings are document text (documents are nynorsk), and the
# domain rules whose messages reach the documents and the views. domain/legal.py holds a
# bokmål text per reference too: its table is checked per language below.
DOCUMENT_SOURCES = (
    "dvmeet/documents",
    "dvmeet/services/minutes",
    "dvmeet/services/exports",
    "dvmeet/services/_notice_log.py",
    "dvmeet/services/_records.py",
    "dvmeet/domain",
)


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


@functools.cache
def schema_names() -> frozenset[str]:
    """The element and type names of the shipped archive schemas (KS's Fiks Arkiv, in
    bokmål): the archive's vocabulary that dvmeet writes as XML names, not text a user
    reads (the arkivmelding's "behandlingsprotokoll")."""
    names: set[str] = set()
    for xsd in (ROOT / "resources" / "standards").rglob("*.xsd"):
        names |= set(re.findall(r'name="([A-Za-z]+)"', xsd.read_text(encoding="utf-8")))
    return frozenset(names)


def document_literals() -> Iterator[tuple[str, str]]:
    """(where, text) for every string literal of the document sources, docstrings, bare
    rule IDs (the `rule_id` argument of a finding) and the archive schemas' XML names
    left out."""
    files: list[Path] = []
    for name in DOCUMENT_SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in files:
        if path.name == "legal.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and not RULE_ID.fullmatch(node.value.strip())
                and node.value not in schema_names()
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def nynorsk_texts() -> list[tuple[str, str]]:
    """Every nynorsk text a user can read: `_()` strings, document literals, legal texts."""
    texts = [(where, _plain(text)) for text, where in source_strings().items()]
    texts += list(document_literals())
    texts += [(f"LEGAL_REFERENCES[{k}]", r.text_nn) for k, r in LEGAL_REFERENCES.items()]
    return texts


def bokmal_texts() -> list[tuple[str, str]]:
    """Every bokmål text: the catalogue's translations and the legal texts."""
    texts = [(f"nb: {msgid[:60]!r}", _plain(msgstr)) for msgid, msgstr in catalogue() if msgstr]
    texts += [(f"LEGAL_REFERENCES[{k}]", r.text_nb) for k, r in LEGAL_REFERENCES.items()]
    return texts


def _found(texts: list[tuple[str, str]], pattern: re.Pattern[str]) -> list[str]:
    return [f"{where}: {text[:120]!r}" for where, text in texts if pattern.search(text)]


# --- the glossary -----------------------------------------------------------------------


def test_the_glossary_lists_the_wrong_forms_of_issue_15() -> None:
    forms = glossary_wrong_forms()
    nn = dict(forms["nn"])
    nb = dict(forms["nb"])
    assert nn["vedtaksført"] == "vedtaksfør" and nb["vedtaksført"] == "vedtaksfør"
    assert nn["unnateken"] == "unnateke"
    assert nn["saksbehandlar"] == "sakshandsamar" and nb["sakshandsamar"] == "saksbehandler"
    assert nn["jf. jf."] == "jf." and nb["jf. jf."] == "jf."
    assert len(forms["nn"]) >= 10 and len(forms["nb"]) >= 5


# --- the scans --------------------------------------------------------------------------


@pytest.mark.parametrize(("wrong", "right"), glossary_wrong_forms()["nn"])
def test_no_wrong_nynorsk_form(wrong: str, right: str) -> None:
    found = _found(nynorsk_texts(), _starts(wrong))
    assert not found, f"«{wrong}» (skriv «{right}», docs/glossary.md):\n" + "\n".join(found)


@pytest.mark.parametrize(("wrong", "right"), glossary_wrong_forms()["nb"])
def test_no_wrong_bokmal_form(wrong: str, right: str) -> None:
    found = _found(bokmal_texts(), _starts(wrong))
    assert not found, f"«{wrong}» (skriv «{right}», docs/glossary.md):\n" + "\n".join(found)


def test_no_rule_id_in_any_text_a_user_reads() -> None:
    texts = nynorsk_texts() + bokmal_texts()
    found = _found(texts, RULE_ID)
    assert not found, "rule IDs are for logs and tests:\n" + "\n".join(found)


def test_the_scans_find_what_they_look_for() -> None:
    """The patterns themselves: a scan that finds nothing must be able to find something."""
    assert RULE_ID.search("Møtet er låst (B-3).") and RULE_ID.search("bevarast (AR-3)")
    assert RULE_ID.search("R-1: Kinn har alt medlem")
    assert not RULE_ID.search("arkivformat PDF/A-2b") and not RULE_ID.search("PS 001/25")
    assert DOUBLE_JF.search("koml. § 11-5 (3) a jf. jf. offl. § 25")
    assert _starts("vedtaksført").search("Organet er ikkje Vedtaksført.")
    assert _plain("Saks&behandlar:") == "Saksbehandlar:"
    assert _word("eit").search("Eit møte") and not _word("eit").search("arbeit")
    assert ("dvmeet/documents/notice.py", "Saka er unnateke offentlegheit (") in [
        (where.split(":")[0], text) for where, text in document_literals()
    ]


def test_no_double_jf_anywhere() -> None:
    found = _found(nynorsk_texts() + bokmal_texts(), DOUBLE_JF)
    assert not found, "\n".join(found)


def test_no_nynorsk_word_in_the_bokmal_interface() -> None:
    found = [
        f"«{word}» in {where}: {text[:100]!r}"
        for where, text in bokmal_texts()
        for word in NYNORSK_ONLY
        if _word(word).search(text)
    ]
    assert not found, "\n".join(found)


def test_no_bokmal_word_in_the_nynorsk_source() -> None:
    found = [
        f"«{word}» in {where}: {text[:100]!r}"
        for where, text in nynorsk_texts()
        if not where.startswith("LEGAL")
        for word in BOKMAL_ONLY
        if _word(word).search(text)
    ]
    assert not found, "\n".join(found)


def test_no_untranslated_string_in_the_catalogue() -> None:
    """A msgstr that is empty, or the nynorsk msgid copied, is not bokmål."""
    found = [
        msgid[:100]
        for msgid, msgstr in catalogue()
        if not msgstr.strip()
        or (msgstr == msgid and any(_word(w).search(msgid) for w in NYNORSK_ONLY))
    ]
    assert not found, "\n".join(found)


def test_every_legal_reference_has_both_languages() -> None:
    for key, ref in LEGAL_REFERENCES.items():
        assert ref.text_nn and ref.text_nb and ref.text_nn != ref.text_nb, key
    try:
        set_language("nb")
        assert legal_text(ClosureBasis.KOML_11_5_3A) == (
            "Møtet kan lukkes når hensynet til personvernet krever det."
        )
        assert "Medlemmet er selv part" in legal_text(DisqualificationGround.FVL_6_1_A)
    finally:
        set_language("nn")
    assert legal_text(ClosureBasis.KOML_11_5_3A) == (
        "Møtet kan lukkast når omsynet til personvernet krev det."
    )


# --- legal references: one formatter ------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["offl. § 13", "jf. offl. § 13", "jf offl. § 13", "Jf. jf. offl. § 13", " , jf. offl. § 13 "],
)
def test_one_jf_however_the_note_is_typed(typed: str) -> None:
    assert reference_note(typed) == "offl. § 13"
    assert format_reference(ClosureBasis.KOML_11_5_3A, typed) == (
        "koml. § 11-5 (3) a, jf. offl. § 13"
    )


def test_format_reference_without_a_note_or_with_words() -> None:
    assert format_reference(ClosureBasis.KOML_11_5_2) == "koml. § 11-5 (2)"
    assert format_reference(ClosureBasis.KOML_11_5_2, "  ") == "koml. § 11-5 (2)"
    assert format_reference(ClosureBasis.KOML_11_5_2, "jf.") == "koml. § 11-5 (2)"
    assert format_reference(ClosureBasis.KOML_11_5_2, "fvl. § 13") == (
        "koml. § 11-5 (2), jf. fvl. § 13"
    )
    # a note that cites no law is not "jf." anything
    assert format_reference(ClosureBasis.KOML_11_5_3A, "helseopplysningar") == (
        "koml. § 11-5 (3) a, helseopplysningar"
    )
    assert format_reference(None, "jf. offl. § 25") == "jf. offl. § 25"


def test_the_note_is_stored_without_its_jf(ctx: Context) -> None:
    """Normalised at input: CaseIn and UpdateCaseIn keep "offl. § 13"."""
    body = make_body(ctx)
    m = plan(ctx, body)
    case = add_case(
        ctx,
        m.id,
        "Tilsetjing",
        closed=True,
        public_title="Personalsak",
        closure_basis=ClosureBasis.KOML_11_5_3A,
        closure_note="jf. offl. § 13",
    )
    assert case.closure_note == "offl. § 13"
    assert case.closure_reference == "koml. § 11-5 (3) a, jf. offl. § 13"
    updated = meetings.update_case(
        ctx, UpdateCaseIn(case_id=case.id, closure_note="jf. offl. § 25", expected_version=None)
    )
    assert updated.closure_note == "offl. § 25"
    assert updated.closure_reference == "koml. § 11-5 (3) a, jf. offl. § 25"


# --- rendered documents -------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def _one_jf_before_offl(text: str) -> None:
    """Every "offl." in the text has exactly one "jf." before it."""
    assert "offl. § 13" in text
    assert not DOUBLE_JF.search(text), text
    for hit in re.finditer(r"offl\.", text):
        before = text[max(0, hit.start() - 40) : hit.start()]
        assert before.endswith("jf. "), before
        assert before.count("jf.") == 1, before
    assert not re.search(r"\((?:AR|[RMCOAHQB])-\d+\)", text), text


def _store_note_as_typed(ctx: Context, case_id: int, note: str) -> None:
    """A note as an earlier version stored it (with its own "jf."): output normalisation."""
    with ctx.unit_of_work() as uow:
        row = uow.session.get(CaseRow, case_id)
        assert row is not None
        row.closure_note = note


def test_notice_and_minutes_print_one_jf(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body)
    typed = add_case(
        ctx,
        m.id,
        "Tilsetjing av dagleg leiar",
        closed=True,
        public_title="Personalsak",
        closure_basis=ClosureBasis.KOML_11_5_3A,
        closure_note="jf. offl. § 13",
    )
    legacy = add_case(
        ctx,
        m.id,
        "Lønsforhandlingar",
        closed=True,
        public_title="Personalsak 2",
        closure_basis=ClosureBasis.KOML_11_5_3A,
        closure_note="offl. § 13",
    )
    _store_note_as_typed(ctx, legacy.id, "jf. offl. § 13")
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=m.date - dt.timedelta(20)))
    for public in (False, True):
        notice = pdf_text(meeting_pdf(ctx, "notice", m.id, public=public))
        _one_jf_before_offl(notice)
        title = "Personalsak" if public else typed.title
        assert f"{typed.label} {title} koml. § 11-5 (3) a, jf. offl. § 13" in notice
        if public:
            assert "Saka er unnateke offentlegheit (koml. § 11-5 (3) a, jf. offl. § 13)" in notice

    for person in body.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=m.id, person_id=person))
    start = dt.datetime.combine(m.date, dt.time(10))
    attendance.open_meeting(ctx, OpenMeetingIn(meeting_id=m.id, opened_at=start))
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=start + dt.timedelta(hours=2))
    )
    for public in (False, True):
        text = pdf_text(meeting_pdf(ctx, "minutes", m.id, public=public))
        _one_jf_before_offl(text)
        assert "Lukka møte – heimel: koml. § 11-5 (3) a, jf. offl. § 13" in text or public
        assert "(møteleiar)" not in text  # the label says it once
    internal = pdf_text(meeting_pdf(ctx, "minutes", m.id, public=False))
    assert internal.count("koml. § 11-5 (3) a, jf. offl. § 13") >= 4  # two cases, list + text


# --- the change log after the notice names fields in words -------------------------------

FIELD_INPUTS = {
    UpdateMeetingIn: {"meeting_id", "expected_version"},
    UpdateCaseIn: {"case_id", "expected_version", "clear"},
}


def test_every_field_a_change_can_name_has_a_word() -> None:
    for model, ids in FIELD_INPUTS.items():
        for name in set(model.model_fields) - ids:
            assert field_word(name) != "anna", f"{model.__name__}.{name} has no word"
            assert "_" not in field_word(name)
    assert field_words(["closed", "closure_basis", "public_title"]) == (
        "lukka, heimel for lukking, offentleg tittel"
    )
    assert field_word("ein_ny_kolonne") == "anna"  # never the code name


def _orm_names() -> set[str]:
    names = set(CaseRow.__table__.columns.keys()) | set(MeetingRow.__table__.columns.keys())
    return {n for n in names if n not in {"id"}}


def test_no_change_log_text_names_an_orm_field(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body)
    case = add_case(ctx, m.id, "Innkjøp av skyteneste")
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=m.date - dt.timedelta(20)))
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=case.id,
            title="Innkjøp av skyteneste, ny runde",
            closed=True,
            public_title="Forretningsløyndom",
            closure_basis=ClosureBasis.KOML_11_5_3B,
            closure_note="offl. § 23",
            recommendation="Ny innstilling.",
            description="Ny utgreiing.",
        ),
    )
    meetings.update_meeting(
        ctx,
        UpdateMeetingIn(
            meeting_id=m.id,
            place="Førde",
            start_time=dt.time(9, 30),
            form=MeetingForm.FYSISK,
            date=m.date + dt.timedelta(days=1),
        ),
    )
    log = [c.description for c in meetings.notice_changes(ctx, m.id)]
    assert log == [
        f"Endra sak {case.label}: lukka, heimel for lukking, merknad til heimelen, "
        "saksutgreiing, offentleg tittel, innstilling, tittel",
        "Møtet er endra: dato, møteform, møtestad, starttid",
    ]
    orm = _orm_names()
    texts = log + [
        pdf_text(meeting_pdf(ctx, "notice", m.id, public=public)) for public in (False, True)
    ]
    for text in texts:
        for name in orm:
            assert not re.search(rf"(?<![\wæøå]){re.escape(name)}(?![\wæøå])", text), (
                name,
                text[:200],
            )
    public_notice = texts[-1]
    assert "Endra sak" in public_notice and "heimel for lukking" in public_notice


# --- lists of names end with "og" -----------------------------------------------------------


def test_a_list_of_names_ends_with_og() -> None:
    names = ["Solveig Bøe", "Ingrid Brekke"]
    assert elected_sentence(names, unanimous=True) == (
        "Solveig Bøe og Ingrid Brekke vart samrøystes valde."
    )
    assert join_names(["A", "B", "C"]) == "A, B og C"


# --- rule IDs are kept for logs and tests ---------------------------------------------------


def test_a_refusal_keeps_its_rule_id_out_of_the_message(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, form=MeetingForm.FJERNMOTE)
    with pytest.raises(RuleRefused) as refused:
        meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=m.id,
                title="Teiepliktig sak",
                closed=True,
                public_title="Lukka sak",
                closure_basis=ClosureBasis.KOML_11_5_2,
            ),
        )
    assert refused.value.rule_id == "M-6"
    assert str(refused.value) == refused.value.message
    assert not RULE_ID.search(refused.value.message)
    assert "M-6" in repr(refused.value)  # for the log
