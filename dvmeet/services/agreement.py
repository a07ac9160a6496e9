"""The agreement process (domain.md §1): milestones, feedback, decisions, signing, seats.

One process is tracked at a time. Every municipality in the registry takes part in it;
its way through the process is one AgreementStatus row (created on first write), plus a
log of amendments to its feedback, contact notes and replaced decisions.

States are computed against a "today" given by the caller (the view passes the date;
tests pass a fixed one). Every write runs in one unit of work with its audit event; a
refused call changes nothing.

For a view "Avtale": `get_process` (None: offer `start_process`), `overview` (table,
counts, seat effect; filterable), `municipality_detail`, `record_feedback`,
`add_contact_note`, `add_attachment`, `record_decision`, `record_signing`,
`update_milestone` / `add_milestone` / `remove_milestone` / `reorder_milestones`,
`seat_effect` and `apply_seats_to_body`, `reminders` and `export_reminders`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from dvmeet.db.models import (
    AgreementAttachment,
    AgreementMilestone,
    AgreementNote,
    AgreementProcess,
    AgreementStatus,
    Body,
    Municipality,
)
from dvmeet.domain.agreement import (
    NOTE_WORDS,
    OUTCOME_WORDS,
    STATE_WORDS,
    MilestoneState,
    MilestoneTrack,
    MunicipalityProgress,
    NoteKind,
    SeatEffect,
    Translate,
    days_word,
    default_milestones,
    keep_nynorsk,
    municipality_state,
    state_of,
)
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.quorum import minimum_voters
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services.agreement_models import (
    AgreementOverview,
    AgreementStatusOut,
    ApplySeatsIn,
    ApplySeatsOut,
    AttachmentIn,
    DecisionIn,
    FeedbackCorrection,
    FeedbackIn,
    FeedbackResult,
    MilestoneCell,
    MilestoneCount,
    MilestoneIn,
    MilestoneOut,
    MilestoneUpdate,
    MunicipalityDetail,
    NoteIn,
    NoteOut,
    OverviewCounts,
    OverviewFilter,
    OverviewIn,
    OverviewRow,
    ProcessOut,
    ProcessUpdate,
    ReminderIn,
    ReminderItem,
    RemindersOut,
    ReorderMilestonesIn,
    SeatEffectOut,
    SigningIn,
    StartProcessIn,
)
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.registry import (
    MEMBER_SEATS_PER_MUNICIPALITY,
    find_body,
    find_municipality,
    nb_sort_key,
)
from dvmeet.services.registry_io import ExportResult
from dvmeet.services.spreadsheet import Value, check_suffix, write_table

LOCALE = "nn_NO"
_ONE_DAY = dt.timedelta(days=1)
_DECIDED = (AgreementOutcome.JOIN, AgreementOutcome.DECLINE)


def long_date(day: dt.date) -> str:
    """'30. juni 2024'."""
    return format_date(day, "d. MMMM y", locale=LOCALE)


# --- Lookups ------------------------------------------------------------------------------


def _process(session: Session) -> AgreementProcess | None:
    return session.scalar(
        select(AgreementProcess)
        .options(joinedload(AgreementProcess.body), selectinload(AgreementProcess.milestones))
        .order_by(AgreementProcess.id)
        .limit(1)
    )


def _require_process(session: Session) -> AgreementProcess:
    process = _process(session)
    if process is None:
        raise NotFound(_("Ingen avtaleprosess er oppretta. Opprett prosessen først."))
    return process


def _municipality(session: Session, number: str) -> Municipality:
    muni = find_municipality(session, number)
    if muni is None:
        raise InvalidInput(
            _(
                "Kommunenummeret {number} finst ikkje i registeret. "
                "Sjekk nummeret, eller last inn kommunane først."
            ).format(number=number)
        )
    return muni


def _status(session: Session, muni: Municipality) -> AgreementStatus:
    """The municipality's status row, created when first needed."""
    status = session.scalar(
        select(AgreementStatus).where(AgreementStatus.municipality_id == muni.id)
    )
    if status is None:
        status = AgreementStatus(municipality_id=muni.id, feedback_change_of_principle=False)
        status.municipality = muni
        session.add(status)
        session.flush()
    return status


def _body(session: Session, code: str) -> Body:
    body = find_body(session, code)
    if body is None:
        raise InvalidInput(
            _("Organet «{code}» finst ikkje. Opprett organet først.").format(code=code)
        )
    return body


def _milestone(
    session: Session, process: AgreementProcess, milestone_id: int
) -> AgreementMilestone:
    m = session.get(AgreementMilestone, milestone_id)
    if m is None or m.process_id != process.id:
        raise NotFound(_("Milepælen med nummer {id} finst ikkje.").format(id=milestone_id))
    return m


# --- Output -------------------------------------------------------------------------------


def _milestone_out(m: AgreementMilestone, state: MilestoneState | None = None) -> MilestoneOut:
    return MilestoneOut(
        id=m.id,
        key=m.key,
        name=m.name,
        due_on=m.due_on,
        opens_on=m.opens_on,
        track=m.track,
        completed_on=m.completed_on,
        position=m.position,
        state=state,
        state_word=STATE_WORDS[state] if state else None,
    )


def _process_out(
    process: AgreementProcess, states: dict[int, MilestoneState] | None = None
) -> ProcessOut:
    states = states or {}
    ordered = sorted(process.milestones, key=lambda m: (m.position, m.id))
    return ProcessOut(
        id=process.id,
        title=process.title,
        body_code=process.body.code if process.body else None,
        body_name=process.body.name if process.body else None,
        milestones=[_milestone_out(m, states.get(m.id)) for m in ordered],
    )


def _note_out(note: AgreementNote, muni: Municipality, attachments: list[str]) -> NoteOut:
    return NoteOut(
        id=note.id,
        municipality_number=muni.number,
        municipality_name=muni.name,
        kind=note.kind,
        kind_word=NOTE_WORDS[note.kind],
        noted_on=note.noted_on,
        text=note.text,
        change_of_principle=note.change_of_principle,
        actor=note.actor,
        attachments=attachments,
    )


class _Log:
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


def _status_out(
    muni: Municipality, status: AgreementStatus | None, log: _Log
) -> AgreementStatusOut:
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
        outcome_word=OUTCOME_WORDS[outcome] if outcome else None,
        council_case_reference=s.council_case_reference if s else None,
        signed_on=s.signed_on if s else None,
    )


def _progress(status: AgreementStatusOut) -> MunicipalityProgress:
    return MunicipalityProgress(
        feedback_on=status.feedback_received_on,
        decision_on=status.council_decision_on,
        outcome=status.council_outcome,
        signed_on=status.signed_on,
    )


# --- The process and its milestones -------------------------------------------------------


def start_process(ctx: Context, data: StartProcessIn) -> ProcessOut:
    """Create the agreement process, with the seed's timeline unless milestones are given."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        if _process(s) is not None:
            raise Conflict(_("Det finst alt ein avtaleprosess. Endre milepælane i han i staden."))
        body = _body(s, data.body_code) if data.body_code else None
        process = AgreementProcess(title=data.title, body=body)
        s.add(process)
        s.flush()
        if data.milestones is None:
            items = [
                MilestoneIn(
                    name=t.name, due_on=t.due_on, opens_on=t.opens_on, track=t.track, key=t.key
                )
                for t in default_milestones(data.year, keep_nynorsk)  # stored: nynorsk
            ]
        else:
            items = list(data.milestones)
        _check_tracks([m.track for m in items])
        for position, item in enumerate(items, start=1):
            _check_dates(item.name, item.opens_on, item.due_on)
            s.add(
                AgreementMilestone(
                    process_id=process.id,
                    key=item.key,
                    name=item.name,
                    due_on=item.due_on,
                    opens_on=item.opens_on,
                    track=item.track,
                    position=position,
                )
            )
        s.flush()
        s.refresh(process)
        out = _process_out(process)
        uow.audit("agreement.process.start", "agreement_process", process.id, out.model_dump())
        return out


def get_process(ctx: Context, today: dt.date | None = None) -> ProcessOut | None:
    """The process with its milestones (with states when `today` is given), or None."""
    with ctx.reading() as s:
        process = _process(s)
        if process is None:
            return None
        if today is None:
            return _process_out(process)
        return _process_out(process, _milestone_states(s, process, today))


def update_process(ctx: Context, data: ProcessUpdate) -> ProcessOut:
    fields = data.model_fields_set
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = _require_process(s)
        if "title" in fields:
            if data.title is None:
                raise InvalidInput(_("{field}: må fyllast ut").format(field=_("tittel")))
            process.title = data.title
        if "body_code" in fields:
            process.body = _body(s, data.body_code) if data.body_code else None
        s.flush()
        uow.audit(
            "agreement.process.update",
            "agreement_process",
            process.id,
            data.model_dump(include=fields),
        )
        return _process_out(process)


def _check_dates(name: str, opens_on: dt.date | None, due_on: dt.date) -> None:
    if opens_on is not None and opens_on > due_on:
        raise InvalidInput(_("Milepælen «{name}» kan ikkje opne etter fristen.").format(name=name))


def _check_tracks(tracks: Sequence[MilestoneTrack | None]) -> None:
    used = [t for t in tracks if t is not None]
    for track in set(used):
        if used.count(track) > 1:
            raise InvalidInput(
                _(
                    "Berre éin milepæl kan måle «{track}» for kommunane; "
                    "fjern målinga frå den andre."
                ).format(track=track.value)
            )


def _renumber(milestones: Sequence[AgreementMilestone]) -> None:
    for position, m in enumerate(milestones, start=1):
        m.position = position


def add_milestone(ctx: Context, data: MilestoneIn) -> ProcessOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = _require_process(s)
        _check_dates(data.name, data.opens_on, data.due_on)
        ordered = sorted(process.milestones, key=lambda m: (m.position, m.id))
        _check_tracks([m.track for m in ordered] + [data.track])
        new = AgreementMilestone(
            process_id=process.id,
            key=data.key,
            name=data.name,
            due_on=data.due_on,
            opens_on=data.opens_on,
            track=data.track,
            position=0,
        )
        place = (
            len(ordered) if data.position is None else max(0, min(data.position - 1, len(ordered)))
        )
        ordered.insert(place, new)
        s.add(new)
        _renumber(ordered)
        s.flush()
        s.refresh(process)
        uow.audit("agreement.milestone.add", "agreement_milestone", new.id, data.model_dump())
        return _process_out(process)


def update_milestone(ctx: Context, data: MilestoneUpdate) -> ProcessOut:
    """Change the fields given (an explicit None clears opens_on, track or completed_on)."""
    fields = data.model_fields_set - {"id"}
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = _require_process(s)
        m = _milestone(s, process, data.id)
        for key in ("name", "due_on"):
            if key in fields and getattr(data, key) is None:
                field = _("namn") if key == "name" else _("frist")
                raise InvalidInput(_("{field}: må fyllast ut").format(field=field))
        for key in fields:
            setattr(m, key, getattr(data, key))
        _check_dates(m.name, m.opens_on, m.due_on)
        _check_tracks([x.track for x in process.milestones])
        s.flush()
        uow.audit(
            "agreement.milestone.update",
            "agreement_milestone",
            m.id,
            data.model_dump(include=fields),
        )
        return _process_out(process)


def remove_milestone(ctx: Context, milestone_id: int) -> ProcessOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = _require_process(s)
        m = _milestone(s, process, milestone_id)
        payload = _milestone_out(m).model_dump()
        s.delete(m)
        s.flush()
        s.refresh(process)
        _renumber(sorted(process.milestones, key=lambda x: (x.position, x.id)))
        s.flush()
        uow.audit("agreement.milestone.remove", "agreement_milestone", milestone_id, payload)
        return _process_out(process)


def reorder_milestones(ctx: Context, data: ReorderMilestonesIn) -> ProcessOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = _require_process(s)
        by_id = {m.id: m for m in process.milestones}
        if sorted(data.ids) != sorted(by_id):
            raise InvalidInput(
                _("Den nye rekkjefølgja må innehalde kvar milepæl nøyaktig éin gong.")
            )
        _renumber([by_id[i] for i in data.ids])
        s.flush()
        uow.audit("agreement.milestone.reorder", "agreement_process", process.id, data.ids)
        return _process_out(process)


# --- Feedback, notes, decisions, signing --------------------------------------------------


def record_feedback(ctx: Context, data: FeedbackIn) -> FeedbackResult:
    """The municipality's feedback. One submission per municipality: when it has already
    sent one, this one is logged as an amendment (with its own date and attachment)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = _municipality(s, data.number)
        status = _status(s, muni)
        if status.feedback_received_on is None:
            status.feedback_received_on = data.received_on
            status.feedback_summary = data.summary
            status.feedback_change_of_principle = data.change_of_principle
            if data.attachment:
                s.add(AgreementAttachment(municipality_id=muni.id, reference=data.attachment))
            s.flush()
            uow.audit("agreement.feedback", "agreement_status", status.id, data.model_dump())
            return FeedbackResult(
                municipality_number=muni.number,
                municipality_name=muni.name,
                amendment=False,
                message=_("Tilbakemeldinga frå {name} er registrert.").format(name=muni.name),
                note=None,
            )
        note = _add_note(
            uow,
            muni,
            NoteKind.AMENDMENT,
            data.received_on,
            data.summary,
            data.attachment,
            data.change_of_principle,
        )
        uow.audit("agreement.feedback.amendment", "agreement_note", note.id, data.model_dump())
        first = status.feedback_received_on
        return FeedbackResult(
            municipality_number=muni.number,
            municipality_name=muni.name,
            amendment=True,
            message=_(
                "{name} sende tilbakemelding {date}; det er éi innsending per "
                "kommune, så denne er ført som eit tillegg."
            ).format(name=muni.name, date=f"{first:%d.%m.%Y}"),
            note=note,
        )


def correct_feedback(ctx: Context, data: FeedbackCorrection) -> AgreementStatusOut:
    """Correct the feedback as entered (the fields given); a new submission is an amendment."""
    fields = data.model_fields_set - {"number"}
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = _municipality(s, data.number)
        status = _status(s, muni)
        if status.feedback_received_on is None:
            raise Conflict(
                _("{name} har ikkje sendt tilbakemelding som kan rettast.").format(name=muni.name)
            )
        if any(getattr(data, k) is None for k in fields):
            raise InvalidInput(_("Felta i ei tilbakemelding kan ikkje gjerast tomme."))
        mapping = {
            "received_on": "feedback_received_on",
            "summary": "feedback_summary",
            "change_of_principle": "feedback_change_of_principle",
        }
        for key in fields:
            setattr(status, mapping[key], getattr(data, key))
        s.flush()
        uow.audit(
            "agreement.feedback.correct",
            "agreement_status",
            status.id,
            data.model_dump(include=fields | {"number"}),
        )
        return _status_out(muni, status, _Log(s, muni.id))


def _add_note(
    uow: UnitOfWork,
    muni: Municipality,
    kind: NoteKind,
    on: dt.date,
    text: str,
    attachment: str | None,
    change_of_principle: bool | None = None,
) -> NoteOut:
    s = uow.session
    note = AgreementNote(
        municipality_id=muni.id,
        kind=kind,
        noted_on=on,
        text=text,
        change_of_principle=change_of_principle,
        actor=uow.actor,
    )
    s.add(note)
    s.flush()
    files = []
    if attachment:
        s.add(AgreementAttachment(municipality_id=muni.id, note_id=note.id, reference=attachment))
        files.append(attachment)
        s.flush()
    return _note_out(note, muni, files)


def add_contact_note(ctx: Context, data: NoteIn) -> NoteOut:
    """A follow-up contact with the municipality (telephone, meeting, e-mail)."""
    with ctx.unit_of_work() as uow:
        muni = _municipality(uow.session, data.number)
        note = _add_note(uow, muni, NoteKind.CONTACT, data.noted_on, data.text, data.attachment)
        uow.audit("agreement.contact", "agreement_note", note.id, data.model_dump())
        return note


def add_attachment(ctx: Context, data: AttachmentIn) -> MunicipalityDetail:
    """Attach a file path or a link to the feedback (note_id None) or to a log entry."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = _municipality(s, data.number)
        if data.note_id is not None:
            note = s.get(AgreementNote, data.note_id)
            if note is None or note.municipality_id != muni.id:
                raise NotFound(
                    _("Notatet med nummer {id} finst ikkje for {name}.").format(
                        id=data.note_id, name=muni.name
                    )
                )
        else:
            status = _status(s, muni)
            if status.feedback_received_on is None:
                raise Conflict(
                    _("{name} har ikkje sendt tilbakemelding; registrer henne først.").format(
                        name=muni.name
                    )
                )
        file = AgreementAttachment(
            municipality_id=muni.id, note_id=data.note_id, reference=data.reference
        )
        s.add(file)
        s.flush()
        uow.audit("agreement.attachment", "agreement_attachment", file.id, data.model_dump())
        return _detail(s, muni, None)


def record_decision(ctx: Context, data: DecisionIn) -> AgreementStatusOut:
    """The council's decision. A later decision (after a postponement, say) replaces it;
    the earlier one is kept in the municipality's log."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = _municipality(s, data.number)
        status = _status(s, muni)
        if status.signed_on is not None and data.outcome is not AgreementOutcome.JOIN:
            raise Conflict(
                _(
                    "{name} har alt signert avtalen ({date}). "
                    "Fjern signeringa før du fører eit anna vedtak."
                ).format(name=muni.name, date=f"{status.signed_on:%d.%m.%Y}")
            )
        if status.council_outcome is not None and status.council_decision_on is not None:
            previous = (
                f"{OUTCOME_WORDS[status.council_outcome]}"
                f" ({status.council_body.value if status.council_body else 'kommunestyret'}"
                f" {status.council_decision_on:%d.%m.%Y}"
                f"{', ' + status.council_case_reference if status.council_case_reference else ''})"
            )
            _add_note(uow, muni, NoteKind.DECISION, status.council_decision_on, previous, None)
        status.council_decision_on = data.decided_on
        status.council_outcome = data.outcome
        status.council_body = data.council_body or muni.council
        status.council_case_reference = data.case_reference
        s.flush()
        uow.audit("agreement.decision", "agreement_status", status.id, data.model_dump())
        return _status_out(muni, status, _Log(s, muni.id))


def record_signing(ctx: Context, data: SigningIn) -> AgreementStatusOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = _municipality(s, data.number)
        status = _status(s, muni)
        if data.signed_on is not None and status.council_outcome is not AgreementOutcome.JOIN:
            raise Conflict(
                _(
                    "{name} har ikkje vedteke å slutte seg til avtalen. "
                    "Før vedtaket før signeringa."
                ).format(name=muni.name)
            )
        if data.signed_on is not None and (
            status.council_decision_on is not None and data.signed_on < status.council_decision_on
        ):
            raise InvalidInput(
                _("Avtalen kan ikkje vere signert før vedtaket ({date}).").format(
                    date=f"{status.council_decision_on:%d.%m.%Y}"
                )
            )
        status.signed_on = data.signed_on
        s.flush()
        uow.audit("agreement.signing", "agreement_status", status.id, data.model_dump())
        return _status_out(muni, status, _Log(s, muni.id))


def municipality_detail(
    ctx: Context, number: str, today: dt.date | None = None
) -> MunicipalityDetail:
    """One municipality: its status, its log (newest first), and its milestone states."""
    with ctx.reading() as s:
        muni = _municipality(s, number)
        return _detail(s, muni, today)


def _detail(s: Session, muni: Municipality, today: dt.date | None) -> MunicipalityDetail:
    status = s.scalar(select(AgreementStatus).where(AgreementStatus.municipality_id == muni.id))
    log = _Log(s, muni.id)
    out = _status_out(muni, status, log)
    notes = [_note_out(n, muni, log.note_files[n.id]) for n in reversed(log.notes[muni.id])]
    process = _process(s)
    cells = _cells(_tracked(process), out, today) if process and today else []
    return MunicipalityDetail(status=out, notes=notes, cells=cells)


# --- Overview -----------------------------------------------------------------------------


def _tracked(process: AgreementProcess | None) -> list[AgreementMilestone]:
    if process is None:
        return []
    return sorted(
        (m for m in process.milestones if m.track is not None), key=lambda m: (m.position, m.id)
    )


def _cells(
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
                state_word=STATE_WORDS[state],
            )
        )
    return out


def _all_statuses(s: Session) -> list[AgreementStatusOut]:
    munis = s.scalars(select(Municipality)).all()
    statuses = {st.municipality_id: st for st in s.scalars(select(AgreementStatus))}
    log = _Log(s)
    out = [_status_out(m, statuses.get(m.id), log) for m in munis]
    out.sort(key=lambda st: (nb_sort_key(st.municipality_name), st.municipality_number))
    return out


def _milestone_states(
    s: Session, process: AgreementProcess, today: dt.date
) -> dict[int, MilestoneState]:
    """A secretariat step: done or not by its date. A tracked milestone: done when every
    municipality it applies to is done (late if any was late), else late or pending."""
    statuses = _all_statuses(s) if any(m.track for m in process.milestones) else []
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


def _matches(row: OverviewRow, which: OverviewFilter) -> bool:
    st = row.status
    if which is OverviewFilter.ALL:
        return True
    if which is OverviewFilter.MISSING_DECISION:
        return row.missing_decision
    if which is OverviewFilter.LATE:
        return row.late
    if which is OverviewFilter.MISSING_FEEDBACK:
        return st.feedback_received_on is None
    if which is OverviewFilter.CHANGE_OF_PRINCIPLE:
        return st.change_of_principle
    if which is OverviewFilter.DECLINED:
        return st.council_outcome is AgreementOutcome.DECLINE
    return st.council_outcome is AgreementOutcome.JOIN and st.signed_on is None


def overview(ctx: Context, data: OverviewIn) -> AgreementOverview:
    """Every municipality against every tracked milestone on `data.today`, filtered; the
    counts and the seat effect are over all municipalities, whatever the filter."""
    with ctx.reading() as s:
        process = _require_process(s)
        tracked = _tracked(process)
        rows = []
        for st in _all_statuses(s):
            cells = _cells(tracked, st, data.today)
            rows.append(
                OverviewRow(
                    status=st,
                    cells=cells,
                    late=any(c.state is MilestoneState.LATE for c in cells),
                    missing_decision=st.council_outcome not in _DECIDED,
                )
            )
        counts = _counts(rows)
        milestone_counts = [
            MilestoneCount(
                milestone_id=m.id,
                name=m.name,
                track=m.track,
                counts={
                    state: sum(1 for r in rows if r.cells[i].state is state)
                    for state in MilestoneState
                },
            )
            for i, m in enumerate(tracked)
            if m.track is not None
        ]
        effect = _seat_effect(s, process.body, [r.status for r in rows])
        return AgreementOverview(
            today=data.today,
            filter=data.filter,
            process=_process_out(process, _milestone_states(s, process, data.today)),
            rows=[r for r in rows if _matches(r, data.filter)],
            counts=counts,
            milestone_counts=milestone_counts,
            seat_effect=effect,
        )


def _counts(rows: Sequence[OverviewRow]) -> OverviewCounts:
    statuses = [r.status for r in rows]

    def outcome(o: AgreementOutcome) -> int:
        return sum(1 for st in statuses if st.council_outcome is o)

    feedback_cells = [c for r in rows for c in r.cells if c.track is MilestoneTrack.FEEDBACK]
    return OverviewCounts(
        municipalities=len(rows),
        feedback_received=sum(1 for st in statuses if st.feedback_received_on is not None),
        feedback_after_deadline=sum(
            1 for c in feedback_cells if c.state is MilestoneState.DONE_LATE
        ),
        feedback_missing=sum(1 for st in statuses if st.feedback_received_on is None),
        change_of_principle=sum(1 for st in statuses if st.change_of_principle),
        joined=outcome(AgreementOutcome.JOIN),
        declined=outcome(AgreementOutcome.DECLINE),
        postponed=outcome(AgreementOutcome.POSTPONED),
        missing_decision=sum(1 for r in rows if r.missing_decision),
        signed=sum(1 for st in statuses if st.signed_on is not None),
        late=sum(1 for r in rows if r.late),
    )


# --- Seats --------------------------------------------------------------------------------


def _seat_effect(
    s: Session, body: Body | None, statuses: Sequence[AgreementStatusOut]
) -> SeatEffectOut:
    def numbers(*outcomes: AgreementOutcome | None) -> list[str]:
        return sorted(st.municipality_number for st in statuses if st.council_outcome in outcomes)

    joined = numbers(AgreementOutcome.JOIN)
    declined = numbers(AgreementOutcome.DECLINE)
    undecided = numbers(None, AgreementOutcome.POSTPONED)
    effect = SeatEffect(
        joined=len(joined),
        declined=len(declined),
        undecided=len(undecided),
        seats_per_municipality=MEMBER_SEATS_PER_MUNICIPALITY,
        current_seats=body.seats if body else None,
    )
    return SeatEffectOut(
        body_code=body.code if body else None,
        joined=effect.joined,
        declined=effect.declined,
        undecided=effect.undecided,
        seats=effect.seats,
        quorum=effect.quorum,
        seats_if_undecided_join=effect.seats_if_undecided_join,
        quorum_if_undecided_join=effect.quorum_if_undecided_join,
        current_seats=effect.current_seats,
        summary=effect.summary,
        sentences=effect.sentences,
        participants=joined,
        declined_numbers=declined,
        undecided_numbers=undecided,
    )


def seat_effect(ctx: Context, body_code: str | None = None) -> SeatEffectOut:
    """What the decisions do to a body's seats and quorum (default: the process's body)."""
    with ctx.reading() as s:
        if body_code is not None:
            body: Body | None = _body(s, body_code)
        else:
            process = _process(s)
            body = process.body if process else None
        return _seat_effect(s, body, _all_statuses(s))


def apply_seats_to_body(ctx: Context, data: ApplySeatsIn) -> ApplySeatsOut:
    """Set the body's seat count from the decisions (one seat per joined municipality).

    With `update_participation`, municipalities that joined become participants from
    `participant_from` (default: the constituent meeting's date, else the in-force date;
    an earlier start is kept), and a participant that declined stops the day before.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = _body(s, data.body_code)
        statuses = _all_statuses(s)
        effect = _seat_effect(s, body, statuses)
        before = body.seats
        after = effect.seats_if_undecided_join if data.count_undecided else effect.seats
        if after < 1:
            raise Conflict(
                _(
                    "Ingen kommune har vedteke å slutte seg til avtalen; organet kan ikkje "
                    "setjast til 0 sete."
                )
            )
        body.seats = after
        changed: list[str] = []
        if data.update_participation:
            start = data.participant_from or _default_start(s)
            joining = set(effect.participants)
            if data.count_undecided:
                joining |= set(effect.undecided_numbers)
            changed = _set_participation(s, joining, set(effect.declined_numbers), start)
        s.flush()
        message = _(
            "{body}: {before} → {after} sete; vedtaksfør med {quorum} (før: {quorum_before})."
        ).format(
            body=body.name,
            before=before,
            after=after,
            quorum=minimum_voters(after),
            quorum_before=minimum_voters(before) if before else 0,
        )
        uow.audit(
            "agreement.apply_seats",
            "body",
            body.id,
            {
                "seats_before": before,
                "seats_after": after,
                "count_undecided": data.count_undecided,
                "participation_changed": changed,
            },
        )
        return ApplySeatsOut(
            body_code=body.code,
            seats_before=before,
            seats_after=after,
            quorum_before=minimum_voters(before) if before else 0,
            quorum_after=minimum_voters(after),
            participation_changed=changed,
            message=message,
        )


def _default_start(s: Session) -> dt.date:
    process = _process(s)
    if process is not None:
        by_key = {m.key: m for m in process.milestones}
        for key in ("constituent_meeting", "in_force"):
            if key in by_key:
                return by_key[key].due_on
    raise InvalidInput(_("Oppgje datoen deltakinga skal gjelde frå."))


def _set_participation(
    s: Session, joining: set[str], declined: set[str], start: dt.date
) -> list[str]:
    changed = []
    for muni in s.scalars(select(Municipality).order_by(Municipality.number)):
        before = (muni.participant_from, muni.participant_to)
        if muni.number in joining:
            if muni.participant_from is None or muni.participant_from > start:
                muni.participant_from = start
            if muni.participant_to is not None and muni.participant_to < start:
                # an ended participation restarts: the new period begins at `start`
                muni.participant_from = start
            muni.participant_to = None
        elif muni.number in declined and muni.participant_from is not None:
            last = start - _ONE_DAY
            if muni.participant_to is None or muni.participant_to > last:
                muni.participant_to = max(last, muni.participant_from)
        if (muni.participant_from, muni.participant_to) != before:
            changed.append(muni.number)
    return changed


# --- Reminders ----------------------------------------------------------------------------


def _late_line(track: MilestoneTrack, _: Translate) -> str:
    if track is MilestoneTrack.FEEDBACK:
        return _("Vi har ikkje fått tilbakemeldinga på utkastet til samarbeidsavtale.")
    if track is MilestoneTrack.DECISION:
        return _(
            "Vi har ikkje fått melding om politisk vedtak om tilslutning til samarbeidsavtalen."
        )
    return _("Vi har ikkje fått den signerte samarbeidsavtalen.")


def _near_line(track: MilestoneTrack, _: Translate) -> str:
    if track is MilestoneTrack.FEEDBACK:
        return _("Tilbakemeldinga på utkastet til samarbeidsavtale skal vere send")
    if track is MilestoneTrack.DECISION:
        return _("Melding om politisk vedtak om tilslutning skal vere send")
    return _("Samarbeidsavtalen skal vere signert")


def _reminder_line(
    name: str,
    number: str,
    track: MilestoneTrack,
    due: dt.date,
    days_left: int,
    st: AgreementStatusOut,
    _: Translate = keep_nynorsk,
) -> str:
    """One reminder; nynorsk for the record (status report, export) unless `_` translates."""
    who = f"{name} ({number}): "
    postponed = ""
    if (
        track is MilestoneTrack.DECISION
        and st.council_outcome is AgreementOutcome.POSTPONED
        and st.council_decision_on
    ):
        body = f"{st.council_body.value}t" if st.council_body else "kommunestyret"
        postponed = " " + _(
            "Saka vart utsett i {body} {date}; vi treng melding om endeleg vedtak."
        ).format(body=body, date=long_date(st.council_decision_on))
    if days_left < 0:
        return f"{who}{_late_line(track, _)}{postponed} " + _(
            "Fristen var {date} ({days} sidan)."
        ).format(date=long_date(due), days=days_word(-days_left, _))
    when = _("i dag") if days_left == 0 else _("om {days}").format(days=days_word(days_left, _))
    return (
        f"{who}{_near_line(track, _)} "
        + _("innan {date} ({when}).").format(date=long_date(due), when=when)
        + postponed
    )


def reminders(ctx: Context, data: ReminderIn) -> RemindersOut:
    """Municipalities behind a deadline that has passed or is within `days_before` days."""
    with ctx.reading() as s:
        process = _require_process(s)
        tracked = [m for m in _tracked(process) if data.tracks is None or m.track in data.tracks]
        items: list[ReminderItem] = []
        shown: list[str] = []  # each item's line in the interface language, for `text`
        for st in _all_statuses(s):
            for m, cell in zip(tracked, _cells(tracked, st, data.today), strict=True):
                assert m.track is not None
                days_left = (m.due_on - data.today).days
                due = cell.state is MilestoneState.LATE or (
                    cell.state is MilestoneState.PENDING and days_left <= data.days_before
                )
                if not due:
                    continue
                items.append(
                    ReminderItem(
                        municipality_number=st.municipality_number,
                        municipality_name=st.municipality_name,
                        milestone_id=m.id,
                        milestone_name=m.name,
                        track=m.track,
                        due_on=m.due_on,
                        days_left=days_left,
                        overdue=days_left < 0,
                        state=cell.state,
                        line=_reminder_line(
                            st.municipality_name,
                            st.municipality_number,
                            m.track,
                            m.due_on,
                            days_left,
                            st,
                        ),
                    )
                )
                shown.append(
                    _reminder_line(
                        st.municipality_name,
                        st.municipality_number,
                        m.track,
                        m.due_on,
                        days_left,
                        st,
                        _,
                    )
                )
        order = sorted(
            range(len(items)),
            key=lambda k: (items[k].due_on, nb_sort_key(items[k].municipality_name)),
        )
        items = [items[k] for k in order]
        return RemindersOut(
            today=data.today,
            days_before=data.days_before,
            items=items,
            text=_reminder_text(data.today, items, [shown[k] for k in order]),
        )


def _reminder_text(today: dt.date, items: Sequence[ReminderItem], lines: Sequence[str]) -> str:
    """The reminders to copy into an e-mail, in the interface language (`lines`: the
    items' lines, translated)."""
    if not items:
        return _("Påminningar per {date}: ingen kommunar ligg etter ein frist.").format(
            date=long_date(today)
        )
    munis = len({i.municipality_number for i in items})
    head = (
        _("Påminningar per {date}: 1 kommune ligg etter ein frist som er nær eller passert.")
        if munis == 1
        else _(
            "Påminningar per {date}: {n} kommunar ligg etter ein frist som er nær eller passert."
        )
    ).format(date=long_date(today), n=munis)
    return "\n".join([head, "", *(f"– {line}" for line in lines)]) + "\n"


REMINDER_COLUMNS = (
    "kommunenummer",
    "kommune",
    "milepæl",
    "frist",
    "dagar att",
    "status",
    "tekst",
)


def export_reminders(ctx: Context, data: ReminderIn, path: Path) -> ExportResult:
    """The reminder list as .csv or .xlsx (no cell can start a formula)."""
    check_suffix(path)
    out = reminders(ctx, data)
    rows: list[list[Value]] = [
        [
            i.municipality_number,
            i.municipality_name,
            i.milestone_name,
            i.due_on,
            i.days_left,
            STATE_WORDS[i.state],
            i.line,
        ]
        for i in out.items
    ]
    count = write_table(path, "Påminningar", REMINDER_COLUMNS, rows)
    return ExportResult(path=path, rows=count)
