"""Smart cards and tokens (PKCS#11) for signing: the module libraries found on this
machine, the tokens a module sees with the certificates on each (read without the PIN:
certificates are public objects), and a pyHanko signer on a token opened with the PIN
for one signature. The PIN is never stored."""

from __future__ import annotations

import datetime as dt
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.signing.models import TokenCertificateOut, TokenKeyIn, TokenOut

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pkcs11
    from asn1crypto import x509
    from pkcs11 import Attribute, ObjectClass
    from pkcs11 import exceptions as p11e
    from pyhanko.sign.pkcs11 import PKCS11Signer

# Where the usual PKCS#11 modules are installed: OpenSC (most Norwegian smart cards,
# Buypass and Commfides included, work through it), the card vendors' own modules, and
# SoftHSM (a software token).
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "linux": (
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib64/opensc-pkcs11.so",
        "/usr/lib/opensc-pkcs11.so",
        "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
    ),
    "win32": (
        r"C:\Windows\System32\opensc-pkcs11.dll",
        r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
        r"C:\Windows\System32\eTPKCS11.dll",
        r"C:\Windows\System32\cmP11.dll",
        r"C:\SoftHSM2\lib\softhsm2-x64.dll",
    ),
    "darwin": (
        "/Library/OpenSC/lib/opensc-pkcs11.so",
        "/usr/local/lib/opensc-pkcs11.so",
        "/opt/homebrew/lib/opensc-pkcs11.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ),
}


def pkcs11_modules() -> list[str]:
    """The PKCS#11 module libraries found at the usual places on this machine, in order
    of preference (OpenSC first); empty when none is installed."""
    platform = "win32" if sys.platform.startswith("win") else sys.platform
    if platform.startswith("linux"):
        platform = "linux"
    found: list[str] = []
    for candidate in _CANDIDATES.get(platform, ()):
        if os.path.isfile(candidate) and candidate not in found:
            found.append(candidate)
    return found


def _library(module: str, fresh: bool = False) -> Any:
    path = Path(module)
    if not module.strip() or not path.is_file():
        raise InvalidInput(
            _("Fann ikkje PKCS#11-modulen {path}. Vel biblioteket frå kortleverandøren.").format(
                path=module or "–"
            )
        )
    try:
        lib = pkcs11.lib(str(path))
        if fresh and lib.initialized:  # a card put in since: the module looks again
            lib.reinitialize()
        return lib
    except Exception as exc:  # a file that is not a PKCS#11 library raises several kinds
        raise InvalidInput(
            _("{path} kunne ikkje lastast som PKCS#11-modul: {reason}").format(
                path=module, reason=exc
            )
        ) from exc


def _tokens(lib: Any) -> Iterator[pkcs11.Token]:
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except p11e.PKCS11Error:
            continue
        if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
            yield token


def _serial(token: pkcs11.Token) -> str:
    return bytes(token.serial).decode("ascii", "replace").strip()


def _name(cert: x509.Certificate, which: str = "subject") -> str:
    name = getattr(cert, which)
    return str(name.native.get("common_name") or name.human_friendly)


def read_tokens(module: str) -> list[TokenOut]:
    """The tokens (smart cards) the PKCS#11 module at `module` sees, each with the
    certificates on it; no PIN needed."""
    lib = _library(module, fresh=True)
    found = []
    for token in _tokens(lib):
        certificates = []
        try:
            with token.open() as session:
                for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                    try:
                        cert = x509.Certificate.load(bytes(obj[Attribute.VALUE]))
                        label = str(obj[Attribute.LABEL] or "")
                        object_id = bytes(obj[Attribute.ID] or b"").hex()
                    except (p11e.PKCS11Error, ValueError):
                        continue
                    if cert.ca:  # the issuer's certificate stored beside it
                        continue
                    certificates.append(
                        TokenCertificateOut(
                            label=label,
                            object_id=object_id,
                            subject=_name(cert),
                            issuer=_name(cert, "issuer"),
                            not_after=cert.not_valid_after.astimezone(dt.UTC).replace(tzinfo=None),
                        )
                    )
        except p11e.PKCS11Error:
            certificates = []
        found.append(
            TokenOut(
                module=module,
                label=token.label.strip(),
                serial=_serial(token),
                manufacturer=str(token.manufacturer_id).strip(),
                model=str(token.model).strip(),
                certificates=certificates,
            )
        )
    return found


@contextmanager
def token_signer(key: TokenKeyIn, pin: str) -> Iterator[PKCS11Signer]:
    """A pyHanko signer on the certificate `key` names, the token opened with `pin` for
    as long as the block runs; a wrong or locked PIN refused in nynorsk."""
    lib = _library(key.module)
    token = next(
        (
            t
            for t in _tokens(lib)
            if t.label.strip() == key.token_label
            and (not key.token_serial or _serial(t) == key.token_serial)
        ),
        None,
    )
    if token is None:
        raise InvalidInput(
            _(
                "Fann ikkje kortet «{label}». Sjå at det står i lesaren, og les korta på nytt."
            ).format(label=key.token_label)
        )
    if not pin:
        raise InvalidInput(_("Skriv PIN-koden til kortet."))
    try:
        session = token.open(user_pin=pin)
    except (p11e.PinIncorrect, p11e.PinInvalid, p11e.PinLenRange) as exc:
        raise InvalidInput(
            _("Feil PIN-kode til kortet «{label}». Ingenting er signert.").format(
                label=key.token_label
            )
        ) from exc
    except (p11e.PinLocked, p11e.PinExpired) as exc:
        raise InvalidInput(
            _(
                "PIN-koden til kortet «{label}» er sperra eller gått ut. Bruk PUK-koden "
                "eller kontakt utferdaren av kortet."
            ).format(label=key.token_label)
        ) from exc
    except p11e.PKCS11Error as exc:
        raise InvalidInput(
            _("Kortet «{label}» kunne ikkje opnast: {reason}").format(
                label=key.token_label, reason=type(exc).__name__
            )
        ) from exc
    try:
        object_id = bytes.fromhex(key.object_id) if key.object_id else None
        signer = PKCS11Signer(
            session,
            cert_label=key.label if object_id is None else None,
            cert_id=object_id,
            other_certs_to_pull=None,  # the issuer's certificates on the card go along
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                signer.signing_cert  # noqa: B018 (reads the certificate and finds the key)
        except Exception as exc:  # pyHanko's and python-pkcs11's errors: not found, several
            raise InvalidInput(
                _("Fann ikkje nøkkelen til sertifikatet «{label}» på kortet.").format(
                    label=key.label or key.object_id
                )
            ) from exc
        yield signer
    finally:
        session.close()
