"""The command line in the user's language: argparse's own texts (usage, errors, the
built-in help lines) in nynorsk, or bokmål through the catalogue, and the language chosen
from the environment (the command line has no settings window).

argparse takes its words from `gettext` through the module-level names `_` and `ngettext`;
`install()` replaces those two names in the argparse module with lookups in the table
below, so every message argparse makes (and its `%`-placeholders) comes out translated.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping

from dvmeet import i18n
from dvmeet.i18n import _


def _argparse_words() -> Mapping[str, str]:
    return {
        "usage: ": _("bruk: "),
        "positional arguments": _("argument"),
        "options": _("val"),
        "show this help message and exit": _("vis denne hjelpa og avslutt"),
        "show program's version number and exit": _("vis versjonen og avslutt"),
        "argument %(argument_name)s: %(message)s": _("argumentet %(argument_name)s: %(message)s"),
        "unrecognized arguments: %s": _("ukjende argument: %s"),
        "the following arguments are required: %s": _("desse argumenta manglar: %s"),
        "one of the arguments %s is required": _("eitt av argumenta %s må vere med"),
        "not allowed with argument %s": _("kan ikkje brukast saman med argumentet %s"),
        "ignored explicit argument %r": _("argumentet %r vart ikkje brukt"),
        "expected one argument": _("ventar eitt argument"),
        "expected at most one argument": _("ventar høgst eitt argument"),
        "expected at least one argument": _("ventar minst eitt argument"),
        "ambiguous option: %(option)s could match %(matches)s": _(
            "uklart val: %(option)s kan vere %(matches)s"
        ),
        "unexpected option string: %s": _("uventa val: %s"),
        "unknown parser %(parser_name)r (choices: %(choices)s)": _(
            "ukjend kommando %(parser_name)r (vel mellom %(choices)s)"
        ),
        "invalid %(type)s value: %(value)r": _("ugyldig verdi (%(type)s): %(value)r"),
        "invalid choice: %(value)r (choose from %(choices)s)": _(
            "ukjent val: %(value)r (vel mellom %(choices)s)"
        ),
        "%(prog)s: error: %(message)s\n": _("%(prog)s: feil: %(message)s\n"),
        "can't open '%(filename)s': %(error)s": _("kan ikkje opne «%(filename)s»: %(error)s"),
    }


def _plural_words() -> Mapping[str, tuple[str, str]]:
    return {"expected %s argument": (_("ventar %s argument"), _("ventar %s argument"))}


def translate(message: str) -> str:
    return _argparse_words().get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    words = _plural_words().get(singular)
    if words is None:
        return singular if n == 1 else plural
    return words[0] if n == 1 else words[1]


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """DVMEET_LANGUAGE (nn or nb) if set; else bokmål when the system's language is bokmål
    (nb_NO, no_NO), nynorsk otherwise, as in the app."""
    chosen = environ.get("DVMEET_LANGUAGE", "").strip().lower()
    if chosen in i18n.LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "nb" if value.lower().startswith(("nb", "no_", "no.")) else "nn"
    return i18n.DEFAULT_LANGUAGE


def install() -> None:
    """Set the language from the environment and make argparse speak it."""
    i18n.set_language(language_from_environment())
    module: object = argparse
    gettext: Callable[[str], str] = translate
    setattr(module, "_", gettext)  # noqa: B010 - argparse reads the module global
    setattr(module, "ngettext", translate_plural)  # noqa: B010
