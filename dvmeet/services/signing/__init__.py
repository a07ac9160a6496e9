"""Signed minutes (issue 19): each signatory signs the approved møtebok with a PAdES
signature from their certificate (PKCS#12 file or a smart card through PKCS#11), one
after the other, every signature an incremental update so the earlier ones stay intact;
the signatures read back with what pyHanko's validator says of each (who, when, intact,
the document unmodified since, trusted against the trust roots the secretariat set).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.signing._pkcs11 import pkcs11_modules, read_tokens
    from dvmeet.services.signing._signatures import (
        export_signed_minutes,
        file_signatures,
        minutes_signatures,
        sign_minutes,
        signature_verdict,
        signed_minutes_pdf,
    )
    from dvmeet.services.signing._trust import add_trust_roots, remove_trust_root, trust_roots
    from dvmeet.services.signing.models import (
        SignatureOut,
        SignedMinutesOut,
        SignMinutesIn,
        TokenCertificateOut,
        TokenKeyIn,
        TokenOut,
        TrustRootIn,
        TrustRootOut,
    )

__all__ = [
    "SignMinutesIn",
    "SignatureOut",
    "SignedMinutesOut",
    "TokenCertificateOut",
    "TokenKeyIn",
    "TokenOut",
    "TrustRootIn",
    "TrustRootOut",
    "add_trust_roots",
    "export_signed_minutes",
    "file_signatures",
    "minutes_signatures",
    "pkcs11_modules",
    "read_tokens",
    "remove_trust_root",
    "sign_minutes",
    "signature_verdict",
    "signed_minutes_pdf",
    "trust_roots",
]
__getattr__ = open_door(__name__, __all__)
