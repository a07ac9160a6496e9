"""Loading rows by key with a clear NotFound, and the frozen-meeting guard (B-3)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Case, Meeting, Municipality, Person
from dvmeet.domain.enums import BodyKind
from dvmeet.domain.verdict import RuleFinding, apply_body_kind, refusals
from dvmeet.errors import FrozenRecord, InvalidInput, NotFound, RuleRefused
from dvmeet.i18n import _

T = TypeVar("T")


def get_or_raise(session: Session, model: type[T], key: int, what: str) -> T:
    """The row, or NotFound naming `what` (a translated word: ``_("saka")``)."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(_("Fann ikkje {what} med id {key}.").format(what=what, key=key))
    return row


def body_by_code(session: Session, code: str) -> Body:
    body = session.scalar(select(Body).where(Body.code == code.strip().upper()))
    if body is None:
        raise NotFound(_("Fann ikkje organet «{code}».").format(code=code))
    return body


def meeting(session: Session, meeting_id: int, *, for_update: bool = False) -> Meeting:
    row = get_or_raise(session, Meeting, meeting_id, _("møtet"))
    if for_update:
        ensure_not_frozen(row)
    return row


def case(session: Session, case_id: int, *, for_update: bool = False) -> Case:
    row = get_or_raise(session, Case, case_id, _("saka"))
    if for_update:
        ensure_not_frozen(row.meeting)
    return row


def person(session: Session, person_id: int) -> Person:
    return get_or_raise(session, Person, person_id, _("personen"))


def ensure_not_frozen(row: Meeting) -> None:
    if row.frozen:
        raise FrozenRecord(
            _(
                "Møteboka for møtet {date} er godkjend, og møtet er låst. "
                "Rettingar må førast som nye, lenkja oppføringar."
            ).format(date=f"{row.date:%d.%m.%Y}")
        )


def enforce(findings: list[RuleFinding], kind: BodyKind) -> list[RuleFinding]:
    """Raise on the first refusal (elected bodies); return what is left as warnings."""
    adjusted = apply_body_kind(findings, kind)
    hard = refusals(adjusted)
    if hard:
        raise RuleRefused(hard[0].rule_id, hard[0].message)
    return adjusted


def find_body(session: Session, code: str) -> Body | None:
    return session.scalar(select(Body).where(Body.code == code.upper()))


def ref_body(session: Session, code: str) -> Body:
    body = find_body(session, code)
    if body is None:
        raise InvalidInput(
            _("Organet «{code}» finst ikkje. Opprett organet først.").format(code=code)
        )
    return body


def find_municipality(session: Session, number: str) -> Municipality | None:
    return session.scalar(select(Municipality).where(Municipality.number == number))


def ref_municipality(session: Session, number: str) -> Municipality:
    muni = find_municipality(session, number)
    if muni is None:
        raise InvalidInput(
            _(
                "Kommunenummeret {number} finst ikkje i registeret. "
                "Sjekk nummeret, eller last inn kommunane først."
            ).format(number=number)
        )
    return muni
