"""How registry values are shown: dates, roles, genders, end reasons (the words from
dvmeet.domain.labels)."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import Gender, MembershipEnd, Role
from dvmeet.domain.labels import label
from dvmeet.i18n import _

_NB_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def nb_key(text: str) -> str:
    """Sort key in Norwegian order: a–z, then æ, ø, å."""
    return text.casefold().translate(_NB_ORDER)


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def role_label(role: Role) -> str:
    return label(role)


def seat_label(role: Role, rank: int | None) -> str:
    """ "Medlem", "Leiar", or "1. varamedlem"."""
    if role is Role.VARAMEDLEM and rank:
        return _("{rank}. varamedlem").format(rank=rank)
    return role_label(role)


def gender_label(gender: Gender | None) -> str:
    if gender is None:
        return ""
    return label(gender)


def end_label(reason: MembershipEnd | None) -> str:
    if reason is None:
        return ""
    return label(reason, "registry_column")


def today() -> dt.date:
    return dt.date.today()
