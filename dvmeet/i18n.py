"""Interface language: nynorsk by default, bokmål selectable.

Source strings are nynorsk; catalogs in resources/locale/<lang>/LC_MESSAGES/dvmeet.po
translate them. Babel reads the .po files at run time, so no compile step is needed.
"""

from __future__ import annotations

import logging

from dvmeet import errors
from dvmeet.resources import resource_path

LANGUAGES = {"nn": "Nynorsk", "nb": "Bokmål"}
DEFAULT_LANGUAGE = "nn"
log = logging.getLogger("dvmeet.i18n")

_catalog: dict[str, str] = {}
_language = DEFAULT_LANGUAGE


def catalog_path(language: str) -> str:
    return str(resource_path(f"locale/{language}/LC_MESSAGES/dvmeet.po"))


def set_language(language: str) -> None:
    """Switch the catalog; an unknown language or a missing catalog falls back to nynorsk."""
    global _language
    _catalog.clear()
    _language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if _language == DEFAULT_LANGUAGE:
        return
    from babel.messages.pofile import read_po  # only when a catalog is needed

    try:
        with open(catalog_path(_language), "rb") as fh:
            po = read_po(fh, locale=_language)
    except OSError as exc:
        log.warning("No catalog for %s: %s", _language, exc)
        return
    for message in po:
        if message.id and isinstance(message.id, str) and message.string:
            _catalog[message.id] = str(message.string)


def language() -> str:
    return _language


def _(text: str) -> str:
    """Translate a nynorsk source string into the chosen language."""
    return _catalog.get(text, text)


errors.translate_with(_)  # dvmeet.errors makes a few messages itself; they follow the language
