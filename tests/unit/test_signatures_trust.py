"""Trust roots for signatures (issue 19): the secretariat adds CA certificates from PEM and
DER files, listed with subject and expiry, shared through the database and audited;
what is not a CA certificate, expired, not a certificate at all or trusted already is
refused with a clear message and nothing stored; removing one is audited. Both engines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from meeting_setup import snapshot_all
from signing_kit import NOW, make_ca
from sqlalchemy import select
from sqlalchemy.engine import URL

from dvmeet.db.models import AuditEvent
from dvmeet.errors import InvalidInput
from dvmeet.services import signing
from dvmeet.services.context import Context
from dvmeet.services.signing import TrustRootIn


def _expired_ca() -> bytes:
    ca = make_ca()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Gammal CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(ca.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=400))
        .not_valid_after(NOW - dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def _events(ctx: Context) -> list[tuple[str, dict[str, object]]]:
    with ctx.reading() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.payload)
            .where(AuditEvent.entity == "trust_root")
            .order_by(AuditEvent.id)
        ).all()
    return [(a, p if isinstance(p, dict) else json.loads(p)) for a, p in rows]


def test_add_list_refuse_and_remove_trust_roots(ctx: Context, database_url: URL) -> None:
    assert signing.trust_roots(ctx) == []
    first, second, third = make_ca(), make_ca(), make_ca()
    # one PEM file with two CA certificates, then one DER file
    listed = signing.add_trust_roots(
        ctx, TrustRootIn(content=first.pem() + b"\n" + second.pem(), file_name="to.pem")
    )
    assert [r.subject for r in listed] == ["dvmeet test-CA"] * 2
    listed = signing.add_trust_roots(ctx, TrustRootIn(content=third.der, file_name="tre.cer"))
    assert len(listed) == 3
    assert [r.not_after.date() for r in listed] == [
        c.cert.not_valid_after_utc.date() for c in (first, second, third)
    ]
    assert len({r.sha256 for r in listed}) == 3

    before = snapshot_all(database_url)
    _key, leaf = first.issue_key("Kari Leiar")
    refusals = [
        (first.der, "er alt ei tillitsrot"),
        (leaf.public_bytes(serialization.Encoding.PEM), "er ikkje eit CA-sertifikat"),
        (_expired_ca(), "gjekk ut"),
        (b"dette er ikkje eit sertifikat", "er ikkje eit sertifikat"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "har ikkje noko"),
        # a new CA with a leaf after it: the file is refused whole, the CA not added
        (make_ca().pem() + leaf.public_bytes(serialization.Encoding.PEM), "CA-sertifikat"),
    ]
    for content, message in refusals:
        with pytest.raises(InvalidInput, match=message):
            signing.add_trust_roots(ctx, TrustRootIn(content=content, file_name="x.pem"))
    assert snapshot_all(database_url) == before

    removed = listed[1]
    after = signing.remove_trust_root(ctx, removed.id)
    assert [r.id for r in after] == [listed[0].id, listed[2].id]
    with pytest.raises(InvalidInput, match="finst ikkje"):
        signing.remove_trust_root(ctx, removed.id)

    events = _events(ctx)
    assert [a for a, _p in events] == ["signing.trust_root_add"] * 3 + ["signing.trust_root_remove"]
    assert events[0][1]["file"] == "to.pem" and events[2][1]["file"] == "tre.cer"
    assert events[3][1]["sha256"] == removed.sha256
