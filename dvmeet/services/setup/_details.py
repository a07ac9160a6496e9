"""The cooperation's details printed on every document: organisation number, address,
the secretariat's contact, a logo and a letterhead text."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.orm import undefer

from dvmeet.db.models import Cooperation
from dvmeet.errors import InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_version
from dvmeet.services.context import Context
from dvmeet.services.setup.models import (
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    CooperationDetailsIn,
    CooperationDetailsOut,
)

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def logo_type(data: bytes) -> str:
    """The MIME type of a logo file that may be stored ("image/png" or "image/jpeg");
    InvalidInput with the reason otherwise. The file is decoded whole, so a damaged or
    disguised file is refused here, not when a document is made."""
    if len(data) > LOGO_MAX_BYTES:
        raise InvalidInput(
            _("Logoen er {size} kB; han kan vere på høgst {limit} kB.").format(
                size=(len(data) + 1023) // 1024, limit=LOGO_MAX_BYTES // 1024
            )
        )
    if data.startswith(_PNG):
        kind, fmt = "image/png", "PNG"
    elif data.startswith(_JPEG):
        kind, fmt = "image/jpeg", "JPEG"
    else:
        raise InvalidInput(_("Logoen må vere ei PNG- eller JPEG-fil."))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != fmt:
                raise InvalidInput(_("Logoen må vere ei PNG- eller JPEG-fil."))
            width, height = image.size
            image.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise InvalidInput(_("Logofila er skadd eller ufullstendig og kan ikkje brukast.")) from exc
    except Image.DecompressionBombError as exc:
        raise InvalidInput(_("Logoen er for stor.")) from exc
    if max(width, height) > LOGO_MAX_PIXELS or min(width, height) < 16:
        raise InvalidInput(
            _(
                "Logoen er {width} × {height} pikslar; han må vere mellom 16 og {limit} "
                "pikslar på kvar led."
            ).format(width=width, height=height, limit=LOGO_MAX_PIXELS)
        )
    return kind


def _out(c: Cooperation) -> CooperationDetailsOut:
    return CooperationDetailsOut(
        name=c.name,
        org_number=c.org_number,
        address=c.address,
        contact_name=c.contact_name,
        contact_email=c.contact_email,
        contact_phone=c.contact_phone,
        letterhead=c.letterhead,
        logo=c.logo,
        logo_type=c.logo_type,
        version=c.version,
    )


def _missing() -> NotFound:
    return NotFound(
        _("Samarbeidet er ikkje registrert enno. Skriv inn namnet og organisasjonsforma fyrst.")
    )


def get_cooperation_details(ctx: Context) -> CooperationDetailsOut | None:
    with ctx.reading() as s:
        coop = s.scalar(
            select(Cooperation).options(undefer(Cooperation.logo)).order_by(Cooperation.id)
        )
        return _out(coop) if coop is not None else None


def set_cooperation_details(ctx: Context, data: CooperationDetailsIn) -> CooperationDetailsOut:
    """Replace the details of the recorded cooperation (its name and form are set by
    registry.set_cooperation). A logo is checked before anything is written."""
    kind = logo_type(data.logo) if data.logo is not None else None
    with ctx.unit_of_work() as uow:
        s = uow.session
        coop = s.scalar(
            select(Cooperation).options(undefer(Cooperation.logo)).order_by(Cooperation.id)
        )
        if coop is None:
            raise _missing()
        found = coop
        ensure_version(s, found, data.expected_version, lambda: _out(found), _("samarbeidet"))
        coop.org_number = data.org_number
        coop.address = data.address
        coop.contact_name = data.contact_name
        coop.contact_email = data.contact_email
        coop.contact_phone = data.contact_phone
        coop.letterhead = data.letterhead
        if data.logo is not None:
            coop.logo, coop.logo_type = data.logo, kind
        elif not data.keep_logo:
            coop.logo, coop.logo_type = None, None
        s.flush()
        logged = data.model_dump(exclude={"expected_version", "logo", "keep_logo"})
        logged["logo"] = (
            {"type": kind, "bytes": len(data.logo)}
            if data.logo is not None
            else ("kept" if data.keep_logo else None)
        )
        uow.audit("cooperation.details", "cooperation", coop.id, logged)
        return _out(coop)
