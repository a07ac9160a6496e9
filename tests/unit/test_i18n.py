"""The bokmål catalog: translations load, fall back, and keep placeholders and accelerators."""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from dvmeet import i18n
from dvmeet.i18n import _, catalog_path, set_language


@pytest.fixture(autouse=True)
def reset_language() -> Iterator[None]:
    yield
    set_language("nn")


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


@pytest.mark.parametrize("msgid,msgstr", _messages())
def test_translation_keeps_placeholders_and_one_accelerator(msgid: str, msgstr: str) -> None:
    assert _fields(msgstr) == _fields(msgid)
    assert msgstr.count("&") <= 1
    assert msgstr.count("&") == msgid.count("&")
    fields = {name: "x" for name in _fields(msgid)}
    msgstr.format(**fields)  # must not raise
