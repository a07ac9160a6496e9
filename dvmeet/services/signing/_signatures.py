"""The signatures on a meeting's approved minutes: sign (the approved møtebok as PDF/A, as
approved, then each further signature on the PDF the one before left), read back and
validated, and the signed PDF written out."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from dvmeet.db.models import Minutes, MinutesSignature, Person
from dvmeet.domain.enums import MinutesStatus
from dvmeet.errors import ChangedElsewhere, InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services import minutes
from dvmeet.services._concurrency import stale_message
from dvmeet.services._files import Written, private_folder, write_file
from dvmeet.services.context import Context
from dvmeet.services.signing._pades import check, load_signer, sign
from dvmeet.services.signing._trust import root_certificates
from dvmeet.services.signing.models import SignatureOut, SignedMinutesOut, SignMinutesIn


@contextmanager
def _signer(data: SignMinutesIn) -> Iterator[Any]:
    """The signer `data` asks for: a PKCS#12 file opened with its password, or the key on
    a smart card opened with its PIN for as long as the block runs."""
    if data.token is not None:
        from dvmeet.services.signing._pkcs11 import token_signer

        with token_signer(data.token, data.pin.get_secret_value()) as signer:
            yield signer
        return
    assert data.certificate is not None
    yield load_signer(data.certificate, data.password.get_secret_value())


def signature_verdict(s: SignatureOut) -> str:
    """What the validator says of one signature, in words: «gyldig og tiltrudd»,
    «gyldig, men utferdaren er ikkje tiltrudd» or «ugyldig» with why."""
    if s.status == "trusted":
        return _("gyldig og tiltrudd")
    if s.status == "untrusted":
        return _("gyldig, men utferdaren er ikkje tiltrudd")
    if not s.intact:
        return _("ugyldig: det signerte innhaldet er endra")
    if not s.valid:
        return _("ugyldig: signaturen stemmer ikkje med sertifikatet")
    return _("ugyldig: dokumentet er endra etter denne signaturen")


def _ensure_approved(s: Session, meeting_id: int) -> None:
    lookup.meeting(s, meeting_id)
    kept = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if kept is None or kept.status is not MinutesStatus.APPROVED:
        raise InvalidInput(
            _("Møteboka kan signerast når ho er godkjend: signaturane gjeld den godkjende.")
        )


def _latest(s: Session, meeting_id: int) -> MinutesSignature | None:
    return s.scalar(
        select(MinutesSignature)
        .options(undefer(MinutesSignature.pdf))
        .where(MinutesSignature.meeting_id == meeting_id)
        .order_by(MinutesSignature.position.desc())
        .limit(1)
    )


def _approved_pdf(ctx: Context, meeting_id: int) -> bytes:
    """The møtebok as approved (internal, without later corrections) as PDF/A-2b."""
    from dvmeet.documents.minutes import MinutesRenderer
    from dvmeet.documents.pdfa import to_pdfa

    document = minutes.minutes_document(ctx, meeting_id, public=False, corrections=False)
    renderer = MinutesRenderer(document)
    return to_pdfa(renderer.render(), renderer.meta)


def signed_minutes_pdf(ctx: Context, meeting_id: int) -> bytes | None:
    """The signed møtebok with every signature so far (None: nobody has signed)."""
    with ctx.reading() as s:
        latest = _latest(s, meeting_id)
        return bytes(latest.pdf) if latest is not None else None


def _sign_with(ctx: Context, data: SignMinutesIn, signer: Any) -> tuple[bytes, str | None]:
    """The PDF with one more signature by `signer` (and the signatory's name); refused
    before signing when the minutes are not approved, the signatory signed already or
    someone signed since."""
    with ctx.reading() as s:
        _ensure_approved(s, data.meeting_id)
        latest = _latest(s, data.meeting_id)
        base = bytes(latest.pdf) if latest is not None else None
        position = (latest.position if latest is not None else 0) + 1
        person_name = None
        if data.person_id is not None:
            person_name = lookup.person(s, data.person_id).name
            already = s.scalar(
                select(func.count(MinutesSignature.id)).where(
                    MinutesSignature.meeting_id == data.meeting_id,
                    MinutesSignature.person_id == data.person_id,
                )
            )
            if already:
                raise InvalidInput(
                    _("{name} har alt signert denne møteboka.").format(name=person_name)
                )
    if data.expected_signatures is not None and data.expected_signatures != position - 1:
        raise ChangedElsewhere(None, stale_message(_("signaturane på møteboka")))
    if base is None:
        base = _approved_pdf(ctx, data.meeting_id)
    return sign(base, signer, f"Signatur{position}", _("Godkjend møtebok")), person_name


def sign_minutes(ctx: Context, data: SignMinutesIn) -> SignedMinutesOut:
    """Add one PAdES signature to the approved minutes: the first on the approved møtebok
    (PDF/A), each later one on the PDF the one before left, so every earlier signature
    stays intact. Refused, changing nothing, for minutes not approved, a certificate that
    cannot be opened, a signatory who has signed already, or when someone else signed
    since the signer looked (`expected_signatures`)."""
    with _signer(data) as signer:
        signed, person_name = _sign_with(ctx, data, signer)
    checked = check(signed)
    position = len(checked)
    mine = checked[-1]
    with ctx.unit_of_work() as uow:
        s = uow.session
        _ensure_approved(s, data.meeting_id)
        count = s.scalar(
            select(func.count(MinutesSignature.id)).where(
                MinutesSignature.meeting_id == data.meeting_id
            )
        )
        if count != position - 1:  # someone signed while this signature was made
            raise ChangedElsewhere(None, stale_message(_("signaturane på møteboka")))
        row = MinutesSignature(
            meeting_id=data.meeting_id,
            position=position,
            signer=mine.signer,
            person_id=data.person_id,
            signed_at=(mine.signed_at or dt.datetime.now(dt.UTC))
            .astimezone(dt.UTC)
            .replace(tzinfo=None),
            sha256=hashlib.sha256(signed).hexdigest(),
            pdf=signed,
        )
        s.add(row)
        s.flush()
        uow.audit(
            "minutes.sign",
            "minutes_signature",
            row.id,
            {
                "meeting_id": data.meeting_id,
                "position": position,
                "signer": mine.signer,
                "person": person_name,
                "sha256": row.sha256,
            },
        )
    return minutes_signatures(ctx, data.meeting_id)


def minutes_signatures(
    ctx: Context, meeting_id: int, trust_roots: list[bytes] | None = None
) -> SignedMinutesOut:
    """The signatures on the signed møtebok as kept, each validated by pyHanko: who signed
    and when, intact, valid, unmodified since, and trusted: its certificate chains to one
    of the trust roots the secretariat set (`trust_roots`, DER certificates, instead of
    them when given)."""
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        latest = _latest(s, meeting_id)
        rows = s.execute(
            select(MinutesSignature.position, Person.name)
            .outerjoin(Person, Person.id == MinutesSignature.person_id)
            .where(MinutesSignature.meeting_id == meeting_id)
        ).all()
        data = bytes(latest.pdf) if latest is not None else None
        sha = latest.sha256 if latest is not None else None
        roots = root_certificates(s) if trust_roots is None else trust_roots
    if data is None:
        return SignedMinutesOut(
            meeting_id=meeting_id, signatures=[], sha256=None, trust_roots=len(roots)
        )
    return describe(meeting_id, data, {p: n for p, n in rows}, sha, roots)


def file_signatures(ctx: Context, path: Path) -> SignedMinutesOut | None:
    """The signatures in the PDF file at `path`, validated against the trust roots set
    (`dvmeet verify`); None when the file carries no signature."""
    from dvmeet.services.signing._pades import has_signatures

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Kunne ikkje lese {where}: {reason}").format(where=path, reason=exc.strerror or exc)
        ) from exc
    if not has_signatures(data):
        return None
    with ctx.reading() as s:
        roots = root_certificates(s)
        digest = hashlib.sha256(data).hexdigest()
        meeting_id = s.scalar(
            select(MinutesSignature.meeting_id).where(MinutesSignature.sha256 == digest)
        )
        rows = (
            s.execute(
                select(MinutesSignature.position, Person.name)
                .outerjoin(Person, Person.id == MinutesSignature.person_id)
                .where(MinutesSignature.meeting_id == meeting_id)
            ).all()
            if meeting_id is not None
            else []
        )
    return describe(meeting_id or 0, data, {p: n for p, n in rows}, None, roots)


def describe(
    meeting_id: int,
    data: bytes,
    people: dict[int, str | None],
    sha: str | None,
    trust_roots: list[bytes] | None = None,
) -> SignedMinutesOut:
    """What pyHanko's validator says of every signature in `data`."""
    from asn1crypto import x509

    if sha is not None and hashlib.sha256(data).hexdigest() != sha:
        return SignedMinutesOut(
            meeting_id=meeting_id,
            signatures=[],
            sha256=sha,
            problem=_("Den signerte møteboka er ikkje lenger den som vart lagra ved signeringa."),
        )
    roots = [x509.Certificate.load(der) for der in trust_roots or []]
    try:
        checked = check(data, roots)
    except Exception as exc:  # a damaged file: pyHanko's reader raises several kinds
        return SignedMinutesOut(
            meeting_id=meeting_id,
            signatures=[],
            sha256=sha,
            problem=_("Den signerte møteboka kan ikkje lesast som signert PDF: {reason}").format(
                reason=exc
            ),
        )
    return SignedMinutesOut(
        meeting_id=meeting_id,
        sha256=sha,
        trust_roots=len(roots),
        signatures=[
            SignatureOut(
                position=n,
                signer=c.signer,
                person_name=people.get(n),
                signed_at=c.signed_at,
                intact=c.intact,
                valid=c.valid,
                trusted=c.trusted,
                unmodified=c.unmodified,
            )
            for n, c in enumerate(checked, start=1)
        ],
    )


def export_signed_minutes(ctx: Context, meeting_id: int, folder: Path) -> Written:
    """The signed møtebok written to `folder` ("Møtebok RS 2025-03-12 signert.pdf")."""
    data = signed_minutes_pdf(ctx, meeting_id)
    if data is None:
        raise InvalidInput(_("Ingen har signert møteboka enno."))
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        code = meeting.body.code
        day = meeting.date
    path = folder / _("Møtebok {code} {day} signert.pdf").format(code=code, day=f"{day:%Y-%m-%d}")
    private_folder(folder)
    return Written([write_file(path, data)])
