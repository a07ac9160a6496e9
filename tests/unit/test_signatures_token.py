"""Signed minutes with a smart card (issue 19): after a PKCS#12 signature, a signatory
signs the approved møtebok with the key on a SoftHSM2 token through PKCS#11; pyHanko's
validator finds both signatures intact, valid and the document unmodified; with the test
CA as the installation's trust root both are «gyldig og tiltrudd», without it «gyldig,
men utferdaren er ikkje tiltrudd», a changed byte «ugyldig»; a wrong PIN is refused with
a clear message and nothing stored; `dvmeet verify` names every signature. Both engines.
Skipped, saying why, where SoftHSM2 is not installed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from meeting_setup import snapshot_all
from pydantic import SecretStr
from signing_kit import Authority, make_ca
from softhsm_kit import Token, make_token, require_softhsm
from sqlalchemy.engine import URL
from test_signatures import approved, ca  # noqa: F401 (fixtures)

from dvmeet.cli import main
from dvmeet.errors import InvalidInput
from dvmeet.services import signing
from dvmeet.services.context import Context
from dvmeet.services.signing import SignMinutesIn, TokenKeyIn, TrustRootIn
from dvmeet.services.signing._pades import check
from dvmeet.services.signing._signatures import describe


@pytest.fixture(scope="module")
def card(ca: Authority) -> Token:  # noqa: F811
    require_softhsm()
    return make_token(ca, "Ola sitt kort", "Ola Medlem", "246810")


def _token_key(card: Token) -> TokenKeyIn:
    (token,) = [t for t in signing.read_tokens(card.module) if t.label == card.label]
    (cert,) = token.certificates  # the CA's certificate beside it is not offered
    assert cert.subject == card.holder and cert.issuer == "dvmeet test-CA"
    return TokenKeyIn(
        module=card.module,
        token_label=token.label,
        token_serial=token.serial,
        label=cert.label,
        object_id=cert.object_id,
    )


def test_sign_with_a_token_after_a_certificate_file(
    ctx: Context,
    approved: dict[str, object],  # noqa: F811
    ca: Authority,  # noqa: F811
    card: Token,
    database_url: URL,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mid = int(approved["meeting_id"])  # type: ignore[call-overload]
    first, second = list(approved["signatories"])[:2]  # type: ignore[call-overload]
    signing.sign_minutes(
        ctx,
        SignMinutesIn(
            meeting_id=mid,
            certificate=ca.issue("Kari Leiar", "pw"),
            password=SecretStr("pw"),
            person_id=first,
            expected_signatures=0,
        ),
    )
    after_file = signing.signed_minutes_pdf(ctx, mid)
    assert after_file is not None
    key = _token_key(card)

    # a wrong PIN: refused, saying so, and nothing stored
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match="Feil PIN-kode til kortet «Ola sitt kort»"):
        signing.sign_minutes(
            ctx,
            SignMinutesIn(meeting_id=mid, token=key, pin=SecretStr("000000"), person_id=second),
        )
    with pytest.raises(InvalidInput, match="Fann ikkje kortet «Anna kort»"):
        signing.sign_minutes(
            ctx,
            SignMinutesIn(
                meeting_id=mid,
                token=key.model_copy(update={"token_label": "Anna kort"}),
                pin=SecretStr(card.pin),
            ),
        )
    with pytest.raises(InvalidInput, match="PKCS#11-modulen"):
        signing.read_tokens(str(tmp_path / "finst-ikkje.so"))
    assert snapshot_all(database_url) == before

    report = signing.sign_minutes(
        ctx,
        SignMinutesIn(
            meeting_id=mid,
            token=key,
            pin=SecretStr(card.pin),
            person_id=second,
            expected_signatures=1,
        ),
    )
    signed = signing.signed_minutes_pdf(ctx, mid)
    assert signed is not None and signed.startswith(after_file)  # incremental
    assert [s.signer for s in report.signatures] == ["Kari Leiar", "Ola Medlem"]
    # pyHanko's validator on the bytes, against the test CA
    from asn1crypto import x509

    checked = check(signed, [x509.Certificate.load(ca.der)])
    assert [c.signer for c in checked] == ["Kari Leiar", "Ola Medlem"]
    assert all(c.intact and c.valid and c.trusted and c.unmodified for c in checked)

    # no trust root set: valid, the issuer not trusted
    assert report.trust_roots == 0
    assert [s.status for s in report.signatures] == ["untrusted", "untrusted"]
    assert signing.signature_verdict(report.signatures[1]) == (
        "gyldig, men utferdaren er ikkje tiltrudd"
    )
    # the installation trusts the test CA: both trusted
    signing.add_trust_roots(ctx, TrustRootIn(content=ca.pem(), file_name="test-ca.pem"))
    trusted = signing.minutes_signatures(ctx, mid)
    assert trusted.trust_roots == 1
    assert [s.status for s in trusted.signatures] == ["trusted", "trusted"]
    assert {signing.signature_verdict(s) for s in trusted.signatures} == {"gyldig og tiltrudd"}
    assert [s.person_name for s in trusted.signatures] == [
        report.signatures[0].person_name,
        report.signatures[1].person_name,
    ]
    # another CA trusted instead: not trusted
    other = make_ca()
    assert {s.status for s in signing.minutes_signatures(ctx, mid, [other.der]).signatures} == {
        "untrusted"
    }
    # one byte changed: invalid
    tampered = bytearray(signed)
    tampered[len(after_file) // 2] ^= 0x01
    broken = describe(mid, bytes(tampered), {}, None, [ca.der])
    assert broken.problem is not None or "invalid" in {s.status for s in broken.signatures}

    # `dvmeet verify` on the signed file: the møtebok, then each signature
    saved = signing.export_signed_minutes(ctx, mid, tmp_path / "ut").files[0]
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == trusted.sha256
    database = (
        str(database_url.database)
        if database_url.get_backend_name() == "sqlite"
        else database_url.render_as_string(hide_password=False)
    )
    ctx.close()
    capsys.readouterr()
    code = main(["--database", database, "verify", str(saved)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0, out
    assert out[1] == "Fila har 2 signatur(ar):"
    assert out[2].startswith("  1. Kari Leiar, ") and out[2].endswith(": gyldig og tiltrudd")
    assert out[3].startswith("  2. Ola Medlem, ") and out[3].endswith(": gyldig og tiltrudd")
    assert len(out) == 4
