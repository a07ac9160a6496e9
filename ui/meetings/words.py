"""Nynorsk words for the domain's enumerations, as the Møte view shows them."""

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
from dvmeet.domain.legal import legal_reference
from dvmeet.i18n import _


def form_word(form: MeetingForm) -> str:
    return {
        MeetingForm.FYSISK: _("Fysisk"),
        MeetingForm.FJERNMOTE: _("Fjernmøte"),
        MeetingForm.HYBRID: _("Hybrid"),
    }[form]


def kind_word(kind: MeetingKind) -> str:
    return {
        MeetingKind.ORDINARY: _("Ordinært"),
        MeetingKind.EXTRAORDINARY: _("Ekstraordinært"),
        MeetingKind.CONSTITUENT: _("Konstituerande"),
    }[kind]


def status_word(status: MeetingStatus) -> str:
    return {
        MeetingStatus.PLANNED: _("Planlagt"),
        MeetingStatus.NOTICE_SENT: _("Innkalling send"),
        MeetingStatus.IN_PROGRESS: _("Pågår"),
        MeetingStatus.HELD: _("Halde – møtebok til godkjenning"),
        MeetingStatus.APPROVED: _("Møtebok godkjend"),
    }[status]


def short_status_word(status: MeetingStatus) -> str:
    return {
        MeetingStatus.PLANNED: _("Planlagt"),
        MeetingStatus.NOTICE_SENT: _("Innkalla"),
        MeetingStatus.IN_PROGRESS: _("Pågår"),
        MeetingStatus.HELD: _("Halde"),
        MeetingStatus.APPROVED: _("Godkjend"),
    }[status]


def case_kind_word(kind: CaseKind) -> str:
    return {
        CaseKind.PS: _("PS – politisk sak"),
        CaseKind.RS: _("RS – referatsak"),
        CaseKind.OS: _("OS – orienteringssak"),
    }[kind]


def closure_word(basis: ClosureBasis) -> str:
    return legal_reference(basis).short


def closure_text(basis: ClosureBasis) -> str:
    return legal_reference(basis).text_nn


def approval_word(method: ApprovalMethod) -> str:
    return {
        ApprovalMethod.SIGNATURES: _("Underskrift av møteleiaren og to medlemer"),
        ApprovalMethod.NEXT_MEETING: _("Godkjend i eit seinare møte"),
        ApprovalMethod.EMAIL_ROUND: _("E-postrunde"),
    }[method]


def date_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def time_text(t: dt.time | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""


WEEKDAYS = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")


def weekday(day: dt.date) -> str:
    return _(WEEKDAYS[day.weekday()])
