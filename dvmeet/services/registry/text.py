"""How the registry writes dates, periods and why a term ended; names sorted in Norwegian order."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import MembershipEnd
from dvmeet.domain.labels import label
from dvmeet.i18n import _


def end_reason_word(reason: MembershipEnd) -> str:
    """Why a term ended, in the interface language."""
    return label(reason)


def fmt_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def fmt_period(start: dt.date, end: dt.date | None) -> str:
    if end:
        return f"{fmt_date(start)}–{fmt_date(end)}"
    return _("frå {date}").format(date=fmt_date(start))


def nb_sort_key(text: str) -> str:
    """Sort key in Norwegian order: a–z, then æ, ø, å."""
    return text.casefold().translate(_NB_ORDER)


_NB_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})
