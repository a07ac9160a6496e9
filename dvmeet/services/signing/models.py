"""The signatures' models: a signature asked for, each signature as validated."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from dvmeet.i18n import _
from dvmeet.services.models import In, Out


class TokenKeyIn(In):
    """A certificate with its key on a smart card or token (PKCS#11): the module library,
    the token by label (and serial when known), the certificate by its object id (hex)
    or, when it has none, by label."""

    module: str = Field(min_length=1, max_length=1000)
    token_label: str = Field(max_length=64)
    token_serial: str | None = Field(default=None, max_length=64)
    label: str = Field(default="", max_length=300)
    object_id: str = Field(default="", max_length=256, pattern=r"^([0-9a-f]{2})*$")


class SignMinutesIn(In):
    """One signature on the approved minutes of `meeting_id`, either with the PKCS#12
    certificate `certificate` (the file's bytes) and its `password`, or with the key on a
    smart card `token` and its `pin` (never stored). `expected_signatures`: how many
    signatures the signer saw (a signature made since refuses this one); `person_id`: the
    signatory signing, when chosen."""

    meeting_id: int
    certificate: bytes | None = Field(default=None, min_length=1, max_length=1_000_000)
    password: SecretStr = SecretStr("")
    token: TokenKeyIn | None = None
    pin: SecretStr = SecretStr("")
    person_id: int | None = None
    expected_signatures: int | None = None

    @model_validator(mode="after")
    def _one_key(self) -> SignMinutesIn:
        if (self.certificate is None) == (self.token is None):
            raise ValueError(_("vel anten ei sertifikatfil eller eit smartkort"))
        return self


class TokenCertificateOut(Out):
    label: str
    object_id: str  # CKA_ID in hex; the key beside it has the same
    subject: str  # the holder's name
    issuer: str
    not_after: dt.datetime  # UTC


class TokenOut(Out):
    """A token (smart card) a PKCS#11 module sees, with its certificates."""

    module: str
    label: str
    serial: str
    manufacturer: str
    model: str
    certificates: list[TokenCertificateOut]


class TrustRootIn(In):
    """A file with CA certificates to trust (PEM with one or more, or one DER)."""

    content: bytes = Field(min_length=1, max_length=2_000_000)
    file_name: str = Field(default="", max_length=500)


class TrustRootOut(Out):
    id: int
    subject: str
    issuer: str
    not_after: dt.datetime  # UTC
    sha256: str
    added_at: dt.datetime


class SignatureOut(Out):
    position: int
    signer: str  # the certificate's holder
    person_name: str | None  # the signatory chosen when signing
    signed_at: dt.datetime | None  # as the signature says
    intact: bool
    valid: bool
    trusted: bool | None  # None: no trust roots were given to check against
    unmodified: bool  # nothing but later signatures added after it

    @property
    def status(self) -> Literal["trusted", "untrusted", "invalid"]:
        """«gyldig og tiltrudd», «gyldig, men utferdaren er ikkje tiltrudd», «ugyldig»."""
        if not (self.intact and self.valid and self.unmodified):
            return "invalid"
        return "trusted" if self.trusted else "untrusted"


class SignedMinutesOut(Out):
    meeting_id: int
    signatures: list[SignatureOut]
    sha256: str | None  # of the signed PDF as kept (None: not signed yet)
    problem: str | None = None  # the signed PDF could not be read at all
    trust_roots: int = 0  # how many trust roots the signatures were checked against

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(
            s.intact and s.valid and s.unmodified for s in self.signatures
        )
