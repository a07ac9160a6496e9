"""Signed minutes (issue 19): each signatory signs the approved møtebok with a PAdES
signature from their certificate (PKCS#12), one after the other, every signature an
incremental update so the earlier ones stay intact; the signatures read back with what
pyHanko's validator says of each (who, when, intact, the document unmodified since).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.signing._signatures import (
        export_signed_minutes,
        minutes_signatures,
        sign_minutes,
        signed_minutes_pdf,
    )
    from dvmeet.services.signing.models import SignatureOut, SignedMinutesOut, SignMinutesIn

__all__ = [
    "SignMinutesIn",
    "SignatureOut",
    "SignedMinutesOut",
    "export_signed_minutes",
    "minutes_signatures",
    "sign_minutes",
    "signed_minutes_pdf",
]
__getattr__ = open_door(__name__, __all__)
