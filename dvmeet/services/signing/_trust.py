"""The trust roots for signatures: the CA certificates the secretariat trusts, kept in the
database so everyone using it checks signatures against the same roots; added from PEM or
DER files and removed, each audited."""

from __future__ import annotations

import datetime as dt
import hashlib

from asn1crypto import pem, x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import TrustRoot
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.signing.models import TrustRootIn, TrustRootOut


def _name(name: x509.Name) -> str:
    """A name as people read it: «Buypass Class 3 Root CA, Buypass AS, NO»."""
    native = name.native
    keys = ("common_name", "organizational_unit_name", "organization_name", "country_name")
    parts = [native[k] for k in keys if k in native]
    words = [", ".join(p) if isinstance(p, list) else str(p) for p in parts]
    return ", ".join(words) or str(name.human_friendly)


def _out(row: TrustRoot) -> TrustRootOut:
    cert = x509.Certificate.load(bytes(row.der))
    return TrustRootOut(
        id=row.id,
        subject=row.subject,
        issuer=_name(cert.issuer),
        not_after=row.not_after,
        sha256=row.sha256,
        added_at=row.added_at,
    )


def root_certificates(s: Session) -> list[bytes]:
    """Every trust root as DER."""
    return [bytes(d) for d in s.scalars(select(TrustRoot.der).order_by(TrustRoot.id))]


def trust_roots(ctx: Context) -> list[TrustRootOut]:
    """The trust roots, in the order they were added."""
    with ctx.reading() as s:
        return [_out(r) for r in s.scalars(select(TrustRoot).order_by(TrustRoot.id))]


def _certificates(content: bytes, file_name: str) -> list[x509.Certificate]:
    where = file_name or _("fila")
    if pem.detect(content):
        ders = [
            der
            for kind, _headers, der in pem.unarmor(content, multiple=True)
            if kind in ("CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE")
        ]
        if not ders:
            raise InvalidInput(
                _("{file} har ikkje noko sertifikat (PEM utan «BEGIN CERTIFICATE»).").format(
                    file=where
                )
            )
    else:
        ders = [content]
    certs = []
    for der in ders:
        try:
            cert = x509.Certificate.load(der)
            cert.native  # noqa: B018 (parses the whole certificate)
        except Exception as exc:  # asn1crypto raises several kinds for what is not DER
            raise InvalidInput(
                _("{file} er ikkje eit sertifikat (PEM eller DER).").format(file=where)
            ) from exc
        certs.append(cert)
    return certs


def add_trust_roots(ctx: Context, data: TrustRootIn) -> list[TrustRootOut]:
    """Trust the CA certificates in the file (PEM with one or more, or one DER). Refused,
    adding none, when one is not a certificate, not a CA, expired or trusted already."""
    certs = _certificates(data.content, data.file_name)
    now = dt.datetime.now(dt.UTC)
    with ctx.unit_of_work() as uow:
        s = uow.session
        known = set(s.scalars(select(TrustRoot.sha256)))
        rows = []
        for cert in certs:
            subject = _name(cert.subject)
            if not cert.ca:
                raise InvalidInput(
                    _(
                        "«{subject}» er ikkje eit CA-sertifikat. Legg til sertifikatet til "
                        "utferdaren (rotsertifikatet eller mellomliggjande CA)."
                    ).format(subject=subject)
                )
            if cert.not_valid_after < now:
                raise InvalidInput(
                    _("«{subject}» gjekk ut {day}.").format(
                        subject=subject, day=f"{cert.not_valid_after:%d.%m.%Y}"
                    )
                )
            digest = hashlib.sha256(cert.dump()).hexdigest()
            if digest in known:
                raise InvalidInput(_("«{subject}» er alt ei tillitsrot.").format(subject=subject))
            known.add(digest)
            row = TrustRoot(
                subject=subject[:500],
                not_after=cert.not_valid_after.astimezone(dt.UTC).replace(tzinfo=None),
                sha256=digest,
                der=cert.dump(),
                added_at=now.replace(tzinfo=None),
            )
            s.add(row)
            rows.append(row)
        s.flush()
        for row in rows:
            uow.audit(
                "signing.trust_root_add",
                "trust_root",
                row.id,
                {"subject": row.subject, "sha256": row.sha256, "file": data.file_name},
            )
    return trust_roots(ctx)


def remove_trust_root(ctx: Context, root_id: int) -> list[TrustRootOut]:
    """Stop trusting one root (signatures it vouched for then show as not trusted)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        row = s.get(TrustRoot, root_id)
        if row is None:
            raise InvalidInput(_("Tillitsrota finst ikkje lenger."))
        uow.audit(
            "signing.trust_root_remove",
            "trust_root",
            row.id,
            {"subject": row.subject, "sha256": row.sha256},
        )
        s.delete(row)
    return trust_roots(ctx)
