"""PAdES signatures on a PDF with pyHanko: sign with a PKCS#12 certificate (bytes and
password in, signed bytes out; each signature an incremental update, so the earlier ones
stay intact), and read back every signature with what pyHanko's validator says of it. No
database here."""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _

with warnings.catch_warnings():
    # pyHanko's import names a cryptography API it still supports as deprecated
    warnings.simplefilter("ignore")
    from asn1crypto import x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext


@dataclass(frozen=True)
class Checked:
    """One embedded signature as the validator saw it."""

    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are as signed
    valid: bool  # the signature over them verifies with the signer's key
    trusted: bool | None  # the certificate chains to a trust root given (None: none given)
    covers_whole_file: bool  # nothing added after this signature
    # what was added after it is only further signatures or form filling (pyHanko's
    # difference analysis), so the signed document itself is unmodified
    unmodified: bool


def load_signer(pkcs12: bytes, password: str) -> signers.SimpleSigner:
    """The signer of a PKCS#12 file (.p12/.pfx), or InvalidInput in nynorsk."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            signer = signers.SimpleSigner.load_pkcs12_data(
                pkcs12, other_certs=[], passphrase=password.encode("utf-8") if password else None
            )
    except Exception as exc:  # pyHanko and cryptography raise several kinds here
        raise InvalidInput(
            _(
                "Sertifikatet kunne ikkje opnast: feil passord, eller fila er ikkje eit "
                "PKCS#12-sertifikat (.p12 eller .pfx)."
            )
        ) from exc
    if not isinstance(signer, signers.SimpleSigner) or signer.signing_cert is None:
        raise InvalidInput(_("Sertifikatfila har ikkje noko sertifikat med privat nøkkel."))
    return signer


def signer_name(cert: x509.Certificate) -> str:
    """The name a certificate gives its holder (common name, else the whole subject)."""
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


def sign(pdf: bytes, signer: signers.Signer, field: str, reason: str) -> bytes:
    """`pdf` with one more PAdES signature, appended as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason,
        name=signer_name(signer.signing_cert),
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(out.getvalue())


def has_signatures(pdf: bytes) -> bool:
    """Whether `pdf` is a PDF with at least one embedded signature."""
    try:
        return bool(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except Exception:  # not a PDF pyHanko can read: then no signature either
        return False


def check(pdf: bytes, trust_roots: list[x509.Certificate] | None = None) -> list[Checked]:
    """Every signature of `pdf` in order, validated; trusted only against `trust_roots`
    (never the operating system's store: the secretariat says whom it trusts; None when
    no root is given). Raises ValueError when the file cannot be read as a signed PDF."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    roots = list(trust_roots or [])
    found = []
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    # a certificate without a path to a root is an answer here, not worth a logged traceback
    quiet.setLevel(logging.CRITICAL)
    try:
        statuses = []
        for embedded in reader.embedded_signatures:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                context = ValidationContext(trust_roots=roots, allow_fetching=False, other_certs=[])
                statuses.append((embedded, validate_pdf_signature(embedded, context)))
    finally:
        quiet.setLevel(level)
    for embedded, status in statuses:
        found.append(
            Checked(
                field=str(embedded.field_name),
                signer=signer_name(status.signing_cert),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted) if roots else None,
                covers_whole_file=str(status.coverage).endswith("ENTIRE_FILE"),
                unmodified=_unmodified(status),
            )
        )
    return found


def _unmodified(status: Any) -> bool:
    """Nothing but signatures (and the fields they fill) added after this signature."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    if str(status.coverage).endswith("ENTIRE_FILE"):
        return bool(status.intact)
    level = status.modification_level
    allowed = (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    return bool(status.intact) and level in allowed and status.docmdp_ok is not False
