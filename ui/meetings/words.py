"""Words of the Møte view; the enums' words come from dvmeet.domain.labels."""

from __future__ import annotations

import datetime as dt

from dvmeet.domain.enums import (
    ApprovalMethod,
    CaseKind,
    ClosureBasis,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
)
from dvmeet.domain.labels import label
from dvmeet.domain.legal import legal_reference, legal_text
from dvmeet.i18n import _


def form_word(form: MeetingForm) -> str:
    return label(form)


def kind_word(kind: MeetingKind) -> str:
    return label(kind)


def status_word(status: MeetingStatus) -> str:
    return label(status)


def short_status_word(status: MeetingStatus) -> str:
    return label(status, "short")


def case_kind_word(kind: CaseKind) -> str:
    return label(kind)


def closure_word(basis: ClosureBasis) -> str:
    return legal_reference(basis).short


def closure_text(basis: ClosureBasis) -> str:
    return legal_text(basis)


def approval_word(method: ApprovalMethod) -> str:
    return label(method)


def date_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def time_text(t: dt.time | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""


WEEKDAYS = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")


def weekday(day: dt.date) -> str:
    return _(WEEKDAYS[day.weekday()])
