"""How registry values are shown: dates, roles, genders, end reasons (nynorsk)."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import Gender, MembershipEnd, Role
from dvmeet.i18n import _

_NB_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def nb_key(text: str) -> str:
    """Sort key in Norwegian order: a–z, then æ, ø, å."""
    return text.casefold().translate(_NB_ORDER)


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def role_label(role: Role) -> str:
    return {
        Role.LEIAR: _("Leiar"),
        Role.NESTLEIAR: _("Nestleiar"),
        Role.MEDLEM: _("Medlem"),
        Role.VARAMEDLEM: _("Varamedlem"),
    }[role]


def seat_label(role: Role, rank: int | None) -> str:
    """ "Medlem", "Leiar", or "1. varamedlem"."""
    if role is Role.VARAMEDLEM and rank:
        return _("{rank}. varamedlem").format(rank=rank)
    return role_label(role)


def gender_label(gender: Gender | None) -> str:
    if gender is None:
        return ""
    return {Gender.KVINNE: _("Kvinne"), Gender.MANN: _("Mann"), Gender.ANNA: _("Anna")}[gender]


def end_label(reason: MembershipEnd | None) -> str:
    if reason is None:
        return ""
    return {
        MembershipEnd.TERM: _("perioden gjekk ut"),
        MembershipEnd.FRITAK: _("fritak"),
        MembershipEnd.REPLACED: _("erstatta ved nyval"),
        MembershipEnd.MOVED_UP: _("rykt opp / ny rang"),
        MembershipEnd.CORRECTED: _("retta (ført inn ved ein feil)"),
    }[reason]


def today() -> dt.date:
    return dt.date.today()
