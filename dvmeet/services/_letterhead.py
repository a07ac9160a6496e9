"""The cooperation's details as the letterhead of every document (issue 16), read once
per document by the services that build document models (exports, minutes)."""

from __future__ import annotations

import base64

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from dvmeet.db.models import Cooperation
from dvmeet.documents.models import Letterhead


def letterhead(session: Session) -> Letterhead | None:
    """The recorded cooperation's details, or None when there is nothing to print."""
    coop = session.scalar(
        select(Cooperation).options(undefer(Cooperation.logo)).order_by(Cooperation.id)
    )
    if coop is None:
        return None
    contact = ", ".join(p for p in (coop.contact_name, coop.contact_email, coop.contact_phone) if p)
    head = Letterhead(
        org_number=coop.org_number,
        address=coop.address,
        contact=contact or None,
        text=coop.letterhead,
        logo_base64=base64.b64encode(coop.logo).decode("ascii") if coop.logo else None,
    )
    return head if any(head.model_dump().values()) else None
