"""Signed minutes (issue 19): two signatories sign the approved møtebok in turn with
PKCS#12 certificates from the test's own CA; pyHanko's validator finds both signatures
intact, valid, trusted and the document unmodified; a one-byte change is reported;
refusals (wrong password, a second signature by the same signatory, a stale count,
minutes not approved) change nothing; the Fiks Arkiv hand-off carries the signed file.
Both engines."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from lxml import etree
from meeting_setup import make_body, plan, snapshot_all
from pydantic import SecretStr
from signing_kit import Authority, make_ca
from sqlalchemy.engine import URL
from test_constituent_meeting import run_constituent_meeting

from dvmeet.documents import arkivmelding as am
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.errors import ChangedElsewhere, InvalidInput
from dvmeet.services import archive, maintenance, minutes, signing
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.signing import SignMinutesIn
from dvmeet.services.signing._signatures import describe

NS = {"a": am.NS, "m": am.MDK}


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


@pytest.fixture
def approved(ctx: Context) -> dict[str, object]:
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=run["signatories"],
        ),
    )
    return run


def _sign(ctx: Context, mid: int, p12: bytes, password: str, person: int, seen: int) -> None:
    signing.sign_minutes(
        ctx,
        SignMinutesIn(
            meeting_id=mid,
            certificate=p12,
            password=SecretStr(password),
            person_id=person,
            expected_signatures=seen,
        ),
    )


def test_two_signatories_sign_in_turn(
    ctx: Context, approved: dict[str, object], ca: Authority, database_url: URL, tmp_path: Path
) -> None:
    mid = int(approved["meeting_id"])  # type: ignore[call-overload]
    first, second = list(approved["signatories"])[:2]  # type: ignore[call-overload]
    assert signing.minutes_signatures(ctx, mid).signatures == []

    _sign(ctx, mid, ca.issue("Kari Leiar", "hemmeleg1"), "hemmeleg1", first, 0)
    after_one = signing.signed_minutes_pdf(ctx, mid)
    assert after_one is not None
    _sign(ctx, mid, ca.issue("Ola Medlem", "hemmeleg2"), "hemmeleg2", second, 1)
    signed = signing.signed_minutes_pdf(ctx, mid)
    assert signed is not None and signed.startswith(after_one)  # incremental

    report = signing.minutes_signatures(ctx, mid, trust_roots=[ca.der])
    assert [s.signer for s in report.signatures] == ["Kari Leiar", "Ola Medlem"]
    assert all(s.intact and s.valid and s.trusted and s.unmodified for s in report.signatures)
    assert all(s.signed_at is not None for s in report.signatures)
    assert report.all_valid and report.problem is None
    assert report.sha256 == hashlib.sha256(signed).hexdigest()
    # without a trust root the validator cannot say who vouches for the certificates
    assert {s.trusted for s in signing.minutes_signatures(ctx, mid).signatures} == {None}

    # one byte changed inside the first signature's range: reported
    tampered = bytearray(signed)
    tampered[len(after_one) // 3] ^= 0x01
    broken = describe(mid, bytes(tampered), {}, None, [ca.der])
    assert broken.problem is not None or not all(s.intact for s in broken.signatures), broken
    assert not broken.all_valid
    # the kept file changed in the database: said before anything else
    kept_changed = describe(mid, bytes(tampered), {}, report.sha256, [ca.der])
    assert kept_changed.problem is not None and not kept_changed.all_valid

    # refusals change nothing
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match="feil passord"):
        _sign(ctx, mid, ca.issue("Per Tredje", "rett"), "feil", first, 2)
    with pytest.raises(InvalidInput, match="alt signert"):
        _sign(ctx, mid, ca.issue("Kari Leiar", "igjen"), "igjen", first, 2)
    with pytest.raises(ChangedElsewhere):
        signing.sign_minutes(
            ctx,
            SignMinutesIn(
                meeting_id=mid,
                certificate=ca.issue("Per Tredje", "p3"),
                password=SecretStr("p3"),
                expected_signatures=1,  # what the signer saw before the second signature
            ),
        )
    assert snapshot_all(database_url) == before

    # the hand-off to the archive carries the signed møtebok
    written = archive.export_arkivmelding(ctx, mid, tmp_path / "ut")
    message = next(p for p in written.messages if p.name.endswith("_moetedokument_mp.xml"))
    root = etree.parse(str(message)).getroot()
    kept = [
        o
        for o in root.iterfind(".//a:dokumentobjekt", NS)
        if o.findtext("a:variantformat/m:kode", namespaces=NS) == "A"
    ]
    assert len(kept) == 1
    assert kept[0].findtext("a:sjekksum", namespaces=NS) == hashlib.sha256(signed).hexdigest()
    file = written.folder / str(kept[0].findtext("a:referanseDokumentfil", namespaces=NS))
    assert file.read_bytes() == signed

    saved = signing.export_signed_minutes(ctx, mid, tmp_path / "signert")
    assert saved.files[0].read_bytes() == signed
    # `dvmeet verify` knows the signed file as a copy of the approved møtebok
    checked = maintenance.verify_pdf(ctx, saved.files[0])
    assert checked.status == "ok" and checked.meeting_id == mid, checked.verdict


def test_minutes_not_approved_cannot_be_signed(
    ctx: Context, ca: Authority, database_url: URL
) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2025, 2, 1))
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match="godkjend"):
        signing.sign_minutes(
            ctx,
            SignMinutesIn(
                meeting_id=meeting.id,
                certificate=ca.issue("Kari Leiar", "pw"),
                password=SecretStr("pw"),
            ),
        )
    assert snapshot_all(database_url) == before
