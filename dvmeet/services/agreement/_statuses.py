"""Each municipality's status in the agreement process (its status row and its log of
notes and attachments) and the milestone states it gives on a day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import (
    AgreementAttachment,
    AgreementMilestone,
    AgreementNote,
    AgreementProcess,
    AgreementStatus,
    Municipality,
)
from dvmeet.domain.agreement import (
    MilestoneState,
    MunicipalityProgress,
    NoteKind,
    municipality_state,
    state_of,
)
from dvmeet.domain.labels import nynorsk
from dvmeet.services.agreement.models import AgreementStatusOut, MilestoneCell
from dvmeet.services.registry.text import nb_sort_key


class Log:
    """Notes and attachments of every municipality, read in two queries."""

    def __init__(self, session: Session, muni_id: int | None = None) -> None:
        notes = select(AgreementNote)
        files = select(AgreementAttachment)
        if muni_id is not None:
            notes = notes.where(AgreementNote.municipality_id == muni_id)
            files = files.where(AgreementAttachment.municipality_id == muni_id)
        self.notes: dict[int, list[AgreementNote]] = defaultdict(list)
        for n in session.scalars(notes.order_by(AgreementNote.noted_on, AgreementNote.id)):
            self.notes[n.municipality_id].append(n)
        self.feedback_files: dict[int, list[str]] = defaultdict(list)
        self.note_files: dict[int, list[str]] = defaultdict(list)
        for f in session.scalars(files.order_by(AgreementAttachment.id)):
            if f.note_id is None:
                self.feedback_files[f.municipality_id].append(f.reference)
            else:
                self.note_files[f.note_id].append(f.reference)

    def count(self, muni_id: int, kind: NoteKind) -> int:
        return sum(1 for n in self.notes[muni_id] if n.kind is kind)

    def principle(self, muni_id: int) -> bool:
        return any(
            n.change_of_principle for n in self.notes[muni_id] if n.kind is NoteKind.AMENDMENT
        )


def status_out(muni: Municipality, status: AgreementStatus | None, log: Log) -> AgreementStatusOut:
    s = status
    outcome = s.council_outcome if s else None
    return AgreementStatusOut(
        municipality_number=muni.number,
        municipality_name=muni.name,
        council=muni.council,
        population=muni.population,
        feedback_received_on=s.feedback_received_on if s else None,
        feedback_summary=s.feedback_summary if s else None,
        change_of_principle=bool(s and s.feedback_change_of_principle) or log.principle(muni.id),
        feedback_attachments=log.feedback_files[muni.id],
        amendments=log.count(muni.id, NoteKind.AMENDMENT),
        contacts=log.count(muni.id, NoteKind.CONTACT),
        council_decision_on=s.council_decision_on if s else None,
        council_body=s.council_body if s else None,
        council_outcome=outcome,
        outcome_word=nynorsk(outcome) if outcome else None,
        council_case_reference=s.council_case_reference if s else None,
        signed_on=s.signed_on if s else None,
        version=s.version if s else 0,
    )


def _progress(status: AgreementStatusOut) -> MunicipalityProgress:
    return MunicipalityProgress(
        feedback_on=status.feedback_received_on,
        decision_on=status.council_decision_on,
        outcome=status.council_outcome,
        signed_on=status.signed_on,
    )


def tracked_milestones(process: AgreementProcess | None) -> list[AgreementMilestone]:
    if process is None:
        return []
    return sorted(
        (m for m in process.milestones if m.track is not None), key=lambda m: (m.position, m.id)
    )


def milestone_cells(
    tracked: Sequence[AgreementMilestone], status: AgreementStatusOut, today: dt.date
) -> list[MilestoneCell]:
    progress = _progress(status)
    out = []
    for m in tracked:
        assert m.track is not None
        state = municipality_state(progress, m.track, m.due_on, m.opens_on, today)
        out.append(
            MilestoneCell(
                milestone_id=m.id,
                track=m.track,
                due_on=m.due_on,
                done_on=progress.done_on(m.track) if progress.applies(m.track) else None,
                state=state,
                state_word=nynorsk(state),
            )
        )
    return out


def all_statuses(s: Session) -> list[AgreementStatusOut]:
    munis = s.scalars(select(Municipality)).all()
    statuses = {st.municipality_id: st for st in s.scalars(select(AgreementStatus))}
    log = Log(s)
    out = [status_out(m, statuses.get(m.id), log) for m in munis]
    out.sort(key=lambda st: (nb_sort_key(st.municipality_name), st.municipality_number))
    return out


def milestone_states(
    s: Session, process: AgreementProcess, today: dt.date
) -> dict[int, MilestoneState]:
    """A secretariat step: done or not by its date. A tracked milestone: done when every
    municipality it applies to is done (late if any was late), else late or pending."""
    statuses = all_statuses(s) if any(m.track for m in process.milestones) else []
    states: dict[int, MilestoneState] = {}
    for m in process.milestones:
        if m.track is None:
            states[m.id] = state_of(m.completed_on, m.due_on, m.opens_on, today)
            continue
        cells = [
            municipality_state(_progress(st), m.track, m.due_on, m.opens_on, today)
            for st in statuses
        ]
        open_cells = [c for c in cells if c not in _FINISHED]
        if not open_cells and cells:
            late = MilestoneState.DONE_LATE in cells
            states[m.id] = MilestoneState.DONE_LATE if late else MilestoneState.DONE
        else:
            states[m.id] = state_of(None, m.due_on, m.opens_on, today)
    return states


_FINISHED = (MilestoneState.DONE, MilestoneState.DONE_LATE, MilestoneState.NOT_APPLICABLE)
