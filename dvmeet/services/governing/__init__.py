"""Governing documents (mandate, strategy, oppdragsbrev) and their versions.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.governing._governing import (
        AdoptionOut,
        DocumentIn,
        DocumentOut,
        VersionIn,
        VersionOut,
        add_version,
        cases_deciding,
        create_document,
        diff_versions,
        list_documents,
        version_text,
    )

__all__ = [
    "AdoptionOut",
    "DocumentIn",
    "DocumentOut",
    "VersionIn",
    "VersionOut",
    "add_version",
    "cases_deciding",
    "create_document",
    "diff_versions",
    "list_documents",
    "version_text",
]
__getattr__ = open_door(__name__, __all__)
