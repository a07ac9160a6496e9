"""The signatures' models: a signature asked for, each signature as validated."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, SecretStr

from dvmeet.services.models import In, Out


class SignMinutesIn(In):
    """One signature on the approved minutes of `meeting_id` with the PKCS#12 certificate
    `certificate` (the file's bytes) and its password. `expected_signatures`: how many
    signatures the signer saw (a signature made since refuses this one); `person_id`: the
    signatory signing, when chosen."""

    meeting_id: int
    certificate: bytes = Field(min_length=1, max_length=1_000_000)
    password: SecretStr
    person_id: int | None = None
    expected_signatures: int | None = None


class SignatureOut(Out):
    position: int
    signer: str  # the certificate's holder
    person_name: str | None  # the signatory chosen when signing
    signed_at: dt.datetime | None  # as the signature says
    intact: bool
    valid: bool
    trusted: bool | None  # None: no trust roots were given to check against
    unmodified: bool  # nothing but later signatures added after it


class SignedMinutesOut(Out):
    meeting_id: int
    signatures: list[SignatureOut]
    sha256: str | None  # of the signed PDF as kept (None: not signed yet)
    problem: str | None = None  # the signed PDF could not be read at all

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(
            s.intact and s.valid and s.unmodified for s in self.signatures
        )
