"""Expected failures. Each carries a message a secretary can act on, in the interface
language (nynorsk source strings, translated by `dvmeet.i18n._` when the error is made)."""

from __future__ import annotations

from collections.abc import Callable

# The few messages made in this module are translated by dvmeet.i18n, which installs its
# `_` here when it is imported (it must be imported to choose any language but nynorsk,
# the source language). This module imports nothing from dvmeet, so that every module,
# dvmeet.resources and dvmeet.i18n among them, can use it without an import cycle.
_translation: Callable[[str], str] | None = None


def translate_with(translation: Callable[[str], str]) -> None:
    """Called by dvmeet.i18n: translate this module's messages through `translation`."""
    global _translation
    _translation = translation


def _(text: str) -> str:
    """A nynorsk source string in the chosen language (scripts/update_catalog.py finds it)."""
    return text if _translation is None else _translation(text)


class DvmeetError(Exception):
    """Base for every expected failure; `str(error)` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DvmeetError):
    """Input failed validation. `problems` lists each problem on its own."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class NotFound(DvmeetError):
    pass


class Conflict(DvmeetError):
    pass


def changed_elsewhere_message() -> str:
    """The default message of ChangedElsewhere, in the language chosen now."""
    return _(
        "Endra av nokon andre medan du arbeidde med det. Endringa di er ikkje lagra: "
        "sjå over dei nye opplysningane og prøv igjen."
    )


class ChangedElsewhere(Conflict):
    """A save based on a stale version was refused; `current` holds the data as it is now
    (the service's output model), or None when it is not known."""

    def __init__(self, current: object | None = None, message: str | None = None) -> None:
        super().__init__(changed_elsewhere_message() if message is None else message)
        self.current = current


class RuleRefused(DvmeetError):
    """A rule of domain.md refuses the action; `rule_id` names it (for example Q-5).

    The message is what the user reads and carries no rule ID; the ID is for logs and
    tests (`repr` shows it)."""

    def __init__(self, rule_id: str, message: str) -> None:
        super().__init__(message)
        self.rule_id = rule_id

    def __repr__(self) -> str:
        return f"RuleRefused({self.rule_id!r}, {self.message!r})"


class FrozenRecord(DvmeetError):
    """The meeting's minutes are approved; its records cannot change (B-3)."""


class StorageError(DvmeetError):
    """The database cannot be used: locked, full disk, damaged, unreachable."""


class ReadOnlyAccess(StorageError):
    """The database server refused a write: the user's role may only read."""


class DatabaseTooNew(StorageError):
    pass


class DatabaseDamaged(StorageError):
    pass


class ImportRejected(DvmeetError):
    """An import was refused as a whole; `rows` holds (line, reason) for every bad row."""

    def __init__(self, message: str, rows: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.rows = rows
