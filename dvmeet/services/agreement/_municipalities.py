"""A municipality's way through the agreement process: its feedback (and amendments),
contact notes, attachments, the council's decision and the signing; and its detail.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import AgreementAttachment, AgreementNote, AgreementStatus, Municipality
from dvmeet.domain.agreement import NoteKind
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.labels import nynorsk
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_absent_or_version
from dvmeet.services._lookup import ref_municipality
from dvmeet.services.agreement._process import find_process
from dvmeet.services.agreement._statuses import Log, milestone_cells, status_out, tracked_milestones
from dvmeet.services.agreement.models import (
    AgreementStatusOut,
    AttachmentIn,
    DecisionIn,
    FeedbackCorrection,
    FeedbackIn,
    FeedbackResult,
    MunicipalityDetail,
    NoteIn,
    NoteOut,
    SigningIn,
)
from dvmeet.services.context import Context, UnitOfWork


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


def _ensure_status_version(session: Session, muni: Municipality, expected: int | None) -> None:
    """Refuse a change based on a stale view of the municipality's status (0: the user saw
    none). The municipality's row is locked first, so two first saves cannot both make one."""
    if expected is None:
        return
    session.execute(select(Municipality.id).where(Municipality.id == muni.id).with_for_update())
    found = session.scalar(
        select(AgreementStatus).where(AgreementStatus.municipality_id == muni.id)
    )
    ensure_absent_or_version(
        session,
        found,
        expected,
        lambda: status_out(muni, found, Log(session, muni.id)),
        _("avtalestatusen til {name}").format(name=muni.name),
    )


def _note_out(note: AgreementNote, muni: Municipality, attachments: list[str]) -> NoteOut:
    return NoteOut(
        id=note.id,
        municipality_number=muni.number,
        municipality_name=muni.name,
        kind=note.kind,
        kind_word=nynorsk(note.kind),
        noted_on=note.noted_on,
        text=note.text,
        change_of_principle=note.change_of_principle,
        actor=note.actor,
        attachments=attachments,
    )


def record_feedback(ctx: Context, data: FeedbackIn) -> FeedbackResult:
    """The municipality's feedback. One submission per municipality: when it has already
    sent one, this one is logged as an amendment (with its own date and attachment)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = ref_municipality(s, data.number)
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
                version=status.version,
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
            version=status.version,
        )


def correct_feedback(ctx: Context, data: FeedbackCorrection) -> AgreementStatusOut:
    """Correct the feedback as entered (the fields given); a new submission is an amendment."""
    fields = data.model_fields_set - {"number", "expected_version"}
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = ref_municipality(s, data.number)
        _ensure_status_version(s, muni, data.expected_version)
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
        return status_out(muni, status, Log(s, muni.id))


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
        muni = ref_municipality(uow.session, data.number)
        note = _add_note(uow, muni, NoteKind.CONTACT, data.noted_on, data.text, data.attachment)
        uow.audit("agreement.contact", "agreement_note", note.id, data.model_dump())
        return note


def add_attachment(ctx: Context, data: AttachmentIn) -> MunicipalityDetail:
    """Attach a file path or a link to the feedback (note_id None) or to a log entry."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = ref_municipality(s, data.number)
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
        muni = ref_municipality(s, data.number)
        _ensure_status_version(s, muni, data.expected_version)
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
                f"{nynorsk(status.council_outcome)}"
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
        uow.audit(
            "agreement.decision",
            "agreement_status",
            status.id,
            data.model_dump(exclude={"expected_version"}),
        )
        return status_out(muni, status, Log(s, muni.id))


def record_signing(ctx: Context, data: SigningIn) -> AgreementStatusOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        muni = ref_municipality(s, data.number)
        _ensure_status_version(s, muni, data.expected_version)
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
        uow.audit(
            "agreement.signing",
            "agreement_status",
            status.id,
            data.model_dump(exclude={"expected_version"}),
        )
        return status_out(muni, status, Log(s, muni.id))


def municipality_detail(
    ctx: Context, number: str, today: dt.date | None = None
) -> MunicipalityDetail:
    """One municipality: its status, its log (newest first), and its milestone states."""
    with ctx.reading() as s:
        muni = ref_municipality(s, number)
        return _detail(s, muni, today)


def _detail(s: Session, muni: Municipality, today: dt.date | None) -> MunicipalityDetail:
    status = s.scalar(select(AgreementStatus).where(AgreementStatus.municipality_id == muni.id))
    log = Log(s, muni.id)
    out = status_out(muni, status, log)
    notes = [_note_out(n, muni, log.note_files[n.id]) for n in reversed(log.notes[muni.id])]
    process = find_process(s)
    cells = milestone_cells(tracked_milestones(process), out, today) if process and today else []
    return MunicipalityDetail(status=out, notes=notes, cells=cells)
