"""A SoftHSM2 token for the PKCS#11 signing tests: a token initialised in a temporary
SOFTHSM2_CONF folder, with a key and a certificate issued by the test CA imported through
python-pkcs11 (as a municipal smart card carries its holder's key and certificate).

SoftHSM reads SOFTHSM2_CONF when the library is first loaded in a process, so the folder
is made once per test process and every token of the run lives in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives import serialization

if TYPE_CHECKING:
    from signing_kit import Authority

MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
SO_PIN = "87654321"

_folder: Path | None = None


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    pin: str
    holder: str
    object_id: str  # hex, the key's and the certificate's CKA_ID


def module_path() -> str | None:
    return next((m for m in MODULES if os.path.isfile(m)), None)


def require_softhsm() -> str:
    """The SoftHSM2 module, or skip the test saying what is missing."""
    module = module_path()
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 er ikkje installert (apt-get install softhsm2)")
    return module


def _config() -> Path:
    global _folder
    if _folder is None:
        folder = Path(tempfile.mkdtemp(prefix="dvmeet-softhsm-"))
        (folder / "tokens").mkdir()
        (folder / "softhsm2.conf").write_text(
            f"directories.tokendir = {folder / 'tokens'}\n"
            "objectstore.backend = file\nlog.level = ERROR\n",
            encoding="utf-8",
        )
        os.environ["SOFTHSM2_CONF"] = str(folder / "softhsm2.conf")
        _folder = folder
    return _folder


def make_token(ca: Authority, label: str, holder: str, pin: str) -> Token:
    """A new token `label` holding `holder`'s key and certificate from `ca` (and the CA's
    certificate, as cards carry their issuer's)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    module = require_softhsm()
    _config()
    subprocess.run(
        [
            *("softhsm2-util", "--init-token", "--free", "--label", label),
            *("--so-pin", SO_PIN, "--pin", pin),
        ],
        check=True,
        capture_output=True,
        env=os.environ.copy(),
    )
    key, cert = ca.issue_key(holder)
    object_id = os.urandom(8)
    lib = pkcs11.lib(module)
    if lib.initialized:  # loaded before this token was made: let it look again
        lib.reinitialize()
    token = lib.get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        attrs = decode_rsa_private_key(der_key)
        attrs.update(
            {
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
                Attribute.LABEL: holder,
                Attribute.ID: object_id,
            }
        )
        session.create_object(attrs)
        for (
            der,
            name,
            oid,
        ) in (
            (cert.public_bytes(serialization.Encoding.DER), holder, object_id),
            (ca.der, "CA", b"\xca"),
        ):
            cert_attrs = decode_x509_certificate(der)
            cert_attrs.update(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: name,
                    Attribute.ID: oid,
                }
            )
            session.create_object(cert_attrs)
    return Token(module=module, label=label, pin=pin, holder=holder, object_id=object_id.hex())
