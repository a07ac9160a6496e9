"""Notice, demands from a third of the members, and cases added in the meeting
(rules M-2, M-3, M-5)."""

from __future__ import annotations

from datetime import date

from dvmeet.domain.legal import legal_reference
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _

DEFAULT_NOTICE_DAYS = 14  # M-3: suggested per-body setting


def check_notice(notice_sent: date, meeting_date: date, notice_days: int) -> list[RuleFinding]:
    """M-3: warn when the notice was sent fewer than ``notice_days`` days before the meeting.

    The notice period is a per-body setting (suggested :data:`DEFAULT_NOTICE_DAYS`).
    Raises :class:`ValueError` for a negative period.
    """
    if notice_days < 0:
        raise ValueError(
            _("Innkallingsfristen kan ikkje vere negativ ({days}).").format(days=notice_days)
        )
    days = (meeting_date - notice_sent).days
    koml_11_3 = legal_reference("koml_11_3").short
    if days < 0:
        return [
            RuleFinding(
                "M-3",
                Severity.WARNING,
                _(
                    "Innkallinga er send {days} dagar etter møtedatoen. Kontroller datoane ({law})."
                ).format(days=-days, law=koml_11_3),
            )
        ]
    if days < notice_days:
        return [
            RuleFinding(
                "M-3",
                Severity.WARNING,
                _(
                    "Innkallinga vart send {days} dagar før møtet; fristen for organet er "
                    "{notice_days} dagar. Merknader til innkallinga kan takast opp i møtet "
                    "({law})."
                ).format(days=days, notice_days=notice_days, law=koml_11_3),
            )
        ]
    return []


def third_demand_met(demanding: int, members: int) -> bool:
    """M-2: whether at least a third of the members demand it (a case on the list, or a
    meeting): ``3 * demanding >= members``.

    Raises :class:`ValueError` for negative counts, no members, or more demanding than
    members.
    """
    if members < 1:
        raise ValueError(_("Organet må ha minst ein medlem ({members}).").format(members=members))
    if not 0 <= demanding <= members:
        raise ValueError(
            _("Talet som krev det ({demanding}) må vere mellom 0 og {members}.").format(
                demanding=demanding, members=members
            )
        )
    return 3 * demanding >= members


def check_case_added_in_meeting(
    chair_objects: bool, objecting: int, present: int
) -> list[RuleFinding]:
    """M-5: a case not on the list may be decided unless the chair or a third of the
    members present object (``3 * objecting >= present``): then a refusal.

    Raises :class:`ValueError` for negative counts or more objecting than present.
    """
    if present < 0 or not 0 <= objecting <= present:
        raise ValueError(
            _("Ugyldige tal: {objecting} motsegner blant {present} møtande medlemer.").format(
                objecting=objecting, present=present
            )
        )
    koml_11_6 = legal_reference("koml_11_6").short
    findings: list[RuleFinding] = []
    if chair_objects:
        findings.append(
            RuleFinding(
                "M-5",
                Severity.REFUSAL,
                _(
                    "Møteleiaren set seg imot at saka vert avgjord i dette møtet, fordi ho "
                    "ikkje står på saklista ({law})."
                ).format(law=koml_11_6),
            )
        )
    if present > 0 and 3 * objecting >= present:
        findings.append(
            RuleFinding(
                "M-5",
                Severity.REFUSAL,
                _(
                    "{objecting} av {present} møtande medlemer set seg imot at saka vert "
                    "avgjord i dette møtet; det er minst ein tredjedel ({law})."
                ).format(objecting=objecting, present=present, law=koml_11_6),
            )
        )
    return findings
