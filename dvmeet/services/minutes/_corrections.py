"""Corrections to approved minutes (B-3): a correction names a real record of the
approved meeting, and both versions of the møtebok print them in a "Rettingar" section
after the approval, built from the correction rows (the approved snapshot is never
changed). The public version prints the correction's public text, and names a closed
case by its public title only (O-2)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import (
    AttendanceEvent,
    Case,
    Correction,
    Decision,
    Disqualification,
    Meeting,
    Proposal,
    Vote,
)
from dvmeet.documents.minutes_model import CorrectionLine
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import case_label
from dvmeet.services.context import Context
from dvmeet.services.minutes._shared import correction_target, correction_text
from dvmeet.services.minutes.models import CorrectionTarget


@dataclass(frozen=True)
class _Target:
    model: type[Case | Decision | Vote | Proposal | AttendanceEvent | Disqualification]
    word: str  # what the møtebok calls it, after the case: "vedtaket"


def _targets() -> dict[str, _Target]:
    return {
        "agenda_case": _Target(Case, "saka"),
        "decision": _Target(Decision, "vedtaket"),
        "vote": _Target(Vote, "røystinga"),
        "proposal": _Target(Proposal, "framlegget"),
        "attendance_event": _Target(AttendanceEvent, "frammøtet"),
        "disqualification": _Target(Disqualification, "ugildskapen"),
    }


TARGET_TABLES = ("meeting", *_targets())


def check_target(s: Session, meeting: Meeting, table: str, target_id: int) -> None:
    """B-3: the correction names a record of this approved meeting; refused otherwise,
    with a message saying what may be corrected."""
    if table == "meeting":
        if target_id != meeting.id:
            raise InvalidInput(
                _("Rettinga gjeld møtet {id}, men møteboka er for møtet {meeting}.").format(
                    id=target_id, meeting=meeting.id
                )
            )
        return
    targets = _targets()
    if table not in targets:
        raise InvalidInput(
            _(
                "Ei retting må gjelde ei oppføring i møtet: møtet, ei sak, eit vedtak, ei "
                "røysting, eit framlegg, frammøtet eller ein ugildskap. «{table}» er ingen av "
                "dei."
            ).format(table=table)
        )
    row = s.get(targets[table].model, target_id)
    if row is None or getattr(row, "meeting_id", None) != meeting.id:
        raise InvalidInput(
            _("Fann ikkje {what} med id {id} i dette møtet.").format(
                what=_what(table), id=target_id
            )
        )


def _what(table: str) -> str:
    """The record in the interface language, for a message."""
    words = {
        "agenda_case": _("saka"),
        "decision": _("vedtaket"),
        "vote": _("røystinga"),
        "proposal": _("framlegget"),
        "attendance_event": _("frammøtet"),
        "disqualification": _("ugildskapen"),
    }
    return words[table]


def _case_of(s: Session, table: str, target_id: int) -> Case | None:
    if table == "meeting":
        return None
    row = s.get(_targets()[table].model, target_id)
    if row is None:
        return None
    if isinstance(row, Case):
        return row
    case_id = getattr(row, "case_id", None)
    return s.get(Case, case_id) if case_id is not None else None


def correction_lines(s: Session, meeting: Meeting, *, public: bool) -> list[CorrectionLine]:
    """The corrections of the meeting as the møtebok prints them, oldest first."""
    body = meeting.body
    lines: list[CorrectionLine] = []
    for c in s.scalars(
        select(Correction).where(Correction.meeting_id == meeting.id).order_by(Correction.id)
    ):
        case = _case_of(s, c.target_table, c.target_id)
        target = correction_target(
            table=c.target_table,
            word=None if c.target_table == "meeting" else _targets()[c.target_table].word,
            case=None
            if case is None
            else (case_label(case, body), case.title, case.public_title, case.closed),
            public=public,
        )
        text = correction_text(
            c.text, c.public_text, public=public, closed=case is not None and case.closed
        )
        decided_in = None
        if c.decided_in_case_id is not None:
            other = s.get_one(Case, c.decided_in_case_id)
            decided_in = case_label(other, other.meeting.body)
        lines.append(
            CorrectionLine(
                made_on=c.created_at.date(),
                target=target,
                text=text,
                decided_in=decided_in,
            )
        )
    return lines


def correction_targets(ctx: Context, meeting_id: int) -> list[CorrectionTarget]:
    """What a correction to the approved minutes can name, in one read: the meeting, each
    case, and each case's decision, votes and proposals («PS 003/25 Budsjett, vedtaket»)."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        body = meeting.body
        targets = [CorrectionTarget(table="meeting", id=meeting.id, label=_("Møtet"))]
        cases = list(
            s.scalars(select(Case).where(Case.meeting_id == meeting.id).order_by(Case.position))
        )
        parts: list[tuple[str, type[Decision | Vote | Proposal], str]] = [
            ("decision", Decision, _("vedtaket")),
            ("vote", Vote, _("røystinga")),
            ("proposal", Proposal, _("framlegget")),
        ]
        for case in cases:
            head = f"{case_label(case, body)} {case.title}"
            targets.append(CorrectionTarget(table="agenda_case", id=case.id, label=head))
            for table, model, word in parts:
                ids = list(
                    s.scalars(select(model.id).where(model.case_id == case.id).order_by(model.id))
                )
                for n, row_id in enumerate(ids, start=1):
                    numbered = f" {n}" if len(ids) > 1 else ""
                    targets.append(
                        CorrectionTarget(table=table, id=row_id, label=f"{head}, {word}{numbered}")
                    )
        return targets
