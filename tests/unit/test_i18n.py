"""The bokmål catalog: translations load, fall back, and keep placeholders and accelerators."""

from __future__ import annotations

import importlib.util
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from dvmeet import i18n
from dvmeet.i18n import _, catalog_path, set_language


@pytest.fixture(autouse=True)
def reset_language() -> Iterator[None]:
    yield
    set_language("nn")


ROOT = Path(__file__).resolve().parents[2]


def _update_catalog() -> ModuleType:
    """scripts/update_catalog.py, loaded from its path (scripts/ is not a package)."""
    path = ROOT / "scripts" / "update_catalog.py"
    spec = importlib.util.spec_from_file_location("update_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _messages() -> list[tuple[str, str]]:
    with open(catalog_path("nb"), "rb") as fh:
        po = read_po(fh, locale="nb")
    return [(m.id, str(m.string)) for m in po if m.id and isinstance(m.id, str) and m.string]


def test_bokmal_translates_known_strings() -> None:
    set_language("nb")
    assert i18n.language() == "nb"
    assert _("&Innstillingar") == "&Innstillinger"
    assert _("&Opne database …") == "&Åpne database …"
    assert _("Databasen er open.") == "Databasen er åpen."


def test_nynorsk_returns_source() -> None:
    set_language("nb")
    set_language("nn")
    assert i18n.language() == "nn"
    assert _("&Innstillingar") == "&Innstillingar"


def test_unknown_language_falls_back_to_nynorsk() -> None:
    set_language("xx")
    assert i18n.language() == "nn"
    assert _("&Innstillingar") == "&Innstillingar"


def test_untranslated_string_returns_source() -> None:
    set_language("nb")
    assert _("ein streng som ikkje finst i katalogen") == "ein streng som ikkje finst i katalogen"


def test_catalog_has_translations() -> None:
    assert len(_messages()) > 50


def test_every_source_string_has_a_bokmal_translation() -> None:
    """Each `_("...")` in ui/ and dvmeet/ needs a msgstr in the nb catalog."""
    extracted = _update_catalog().extract()
    assert len(extracted) > 50  # the extraction found the source
    translated = {msgid for msgid, _msgstr in _messages()}
    missing = sorted(set(extracted) - translated)
    listing = "\n".join(
        f"  {msgid!r}  ({', '.join(f'{path}:{line}' for path, line in extracted[msgid][:2])})"
        for msgid in missing
    )
    assert not missing, (
        f"{len(missing)} interface string(s) have no bokmål translation. Run "
        "`uv run python scripts/update_catalog.py` and fill in their msgstr in "
        f"resources/locale/nb/LC_MESSAGES/dvmeet.po:\n{listing}"
    )


def test_bokmal_reaches_agreement_and_console_views() -> None:
    pytest.importorskip("PySide6")
    from dvmeet.domain.agreement import MilestoneState, MilestoneTrack
    from dvmeet.domain.enums import AgreementOutcome, DisqualificationGround, VoteOutcome
    from ui.agreement.words import outcome_label, state_word, track_header
    from ui.console.words import ground_word, outcome_word, status_word

    # imported while nynorsk is chosen: the words must follow a later switch
    assert track_header(MilestoneTrack.FEEDBACK) == "Tilbakemelding"
    assert outcome_word(VoteOutcome.NOT_QUORATE) == "Ikkje vedtaksført"
    set_language("nb")
    # the agreement view
    assert _("&Avtaleprosess") == "&Avtaleprosess"
    assert _("Kommunane i avtaleprosessen") == "Kommunene i avtaleprosessen"
    assert _("{n} har takka nei").format(n=3) == "3 har takket nei"
    assert outcome_label(AgreementOutcome.DECLINE) == "Takket nei"
    assert state_word(MilestoneState.LATE) == "Forsinket"
    # the console
    assert _("Hev møtet") == "Hev møtet"
    assert _("Registrer røystinga") == "Registrer voteringen"
    assert _("Røystemåte") == "Voteringsmåte"
    assert outcome_word(VoteOutcome.NOT_QUORATE) == "Ikke vedtaksført"
    assert status_word("present") == "Til stede"
    assert ground_word(DisqualificationGround.FVL_6_1_A).endswith("Er selv part i saken")


@pytest.mark.parametrize("msgid,msgstr", _messages())
def test_translation_keeps_placeholders_and_one_accelerator(msgid: str, msgstr: str) -> None:
    assert _fields(msgstr) == _fields(msgid)
    assert msgstr.count("&") <= 1
    assert msgstr.count("&") == msgid.count("&")
    fields = {name: "x" for name in _fields(msgid)}
    msgstr.format(**fields)  # must not raise
