"""What the rules say about a planned meeting (M-1, M-3, M-7, O-1, M-6, H-2), from its
facts.

One copy of the rule for both readers: `dvmeet.services._records.meeting_findings` (the
services, through SQLAlchemy) and `dvmeet.services.peek` (the Møte view's first look,
sqlite3 only). The readers fetch the meeting, its cases and the body's seats; the
findings are decided here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from dvmeet.domain.closure import check_closure
from dvmeet.domain.disqualification import preparer_warning
from dvmeet.domain.enums import BodyKind, ClosureBasis, MeetingForm, MeetingStatus, StandingCase
from dvmeet.domain.notice import check_notice
from dvmeet.domain.verdict import RuleFinding, Severity, apply_body_kind
from dvmeet.i18n import _

# M-7: the standing cases that open the list, in this order (eventuelt closes it)
FIRST_STANDING = (
    StandingCase.NOTICE_APPROVAL,
    StandingCase.SIGNATORIES,
    StandingCase.PREVIOUS_MINUTES,
)


class PlannedCase(NamedTuple):
    """What the rules look at in a case on the list."""

    label: str  # "PS 004/25", the prefix of its findings
    standing: StandingCase | None
    closed: bool
    closure_basis: ClosureBasis | None
    preparer_person_id: int | None


def standing_order_findings(ordered: Sequence[StandingCase | None]) -> list[RuleFinding]:
    """M-7: the standing first cases in their fixed order at the top, eventuelt last
    (`ordered`: the standing of each case in list order)."""
    present = set(ordered)
    first = [standing for standing in FIRST_STANDING if standing in present]
    leading = list(ordered[: len(first)])
    wrong = leading != first or (
        StandingCase.EVENTUELT in present and ordered[-1] is not StandingCase.EVENTUELT
    )
    if not wrong:
        return []
    return [
        RuleFinding(
            "M-7",
            Severity.REFUSAL,
            _(
                "Dei faste sakene skal stå fyrst (godkjenning av innkalling, val av "
                "underskrivarar, førre møtebok) og eventuelt sist."
            ),
        )
    ]


def meeting_findings(
    *,
    date: dt.date,
    status: MeetingStatus,
    form: MeetingForm,
    notice_sent_at: dt.datetime | None,
    body_name: str,
    body_kind: BodyKind,
    notice_days: int,
    remote_allowed: bool,
    cases: Sequence[PlannedCase],
    members: set[int],
) -> list[RuleFinding]:
    """What the rules say about a planned meeting: notice (M-3), remote meeting (M-1),
    the standing cases' order (M-7), closure (O-1, M-6), the preparer (H-2); `cases` in
    list order, `members` everyone holding a seat in the body on the meeting's date."""
    findings: list[RuleFinding] = []
    if notice_sent_at is not None:
        findings += check_notice(notice_sent_at.date(), date, notice_days)
    elif status is MeetingStatus.PLANNED:
        latest = date - dt.timedelta(days=notice_days)
        if dt.date.today() > latest and date >= dt.date.today():
            findings.append(
                RuleFinding(
                    "M-3",
                    Severity.WARNING,
                    _(
                        "Innkallinga er ikkje send, og fristen på {days} dagar gjekk ut {date}."
                    ).format(days=notice_days, date=f"{latest:%d.%m.%Y}"),
                )
            )
    if form.is_remote and not remote_allowed:
        findings.append(
            RuleFinding(
                "M-1",
                Severity.WARNING,
                _("{body} har ikkje opna for fjernmøte.").format(body=body_name),
            )
        )
    findings += standing_order_findings([c.standing for c in cases])
    for case in cases:
        for f in check_closure(case.closed, case.closure_basis, form):
            if f.severity is not Severity.INFO:
                findings.append(RuleFinding(f.rule_id, f.severity, f"{case.label}: {f.message}"))
        for f in preparer_warning(case.preparer_person_id, members):
            findings.append(RuleFinding(f.rule_id, f.severity, f"{case.label}: {f.message}"))
    # An administrative body gets the rules as warnings (domain.md §1).
    return apply_body_kind(findings, body_kind)
