"""The Fiks Arkiv hand-off of a meeting with approved minutes (issue 19, AR-1): the
arkivmelding messages (dvmeet.documents.arkivmelding) and the PDF/A files they name, built
from the approved record, validated against the shipped schemas and written whole into a
folder of their own, or refused with nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvmeet.db.models import Ballot as BallotRow
from dvmeet.db.models import Body, Case, Decision, Meeting, Minutes, Person, Vote
from dvmeet.documents import arkivmelding as am
from dvmeet.documents.minutes_model import CaseMinutes, MinutesDocument
from dvmeet.domain.enums import BallotChoice, MinutesStatus, VoteMethod
from dvmeet.domain.labels import label
from dvmeet.domain.legal import format_reference
from dvmeet.domain.lifecycle import shown_title
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.resources import resource_path
from dvmeet.services import _lookup as lookup
from dvmeet.services import exports, minutes
from dvmeet.services._files import private_folder, write_all
from dvmeet.services._records import case_label, meeting_cases
from dvmeet.services.archive._refs import (
    case_key,
    database_uid,
    document_key,
    meeting_key,
    refs_of,
)
from dvmeet.services.archive.models import ArchiveRefOut, HandoffWritten
from dvmeet.services.context import Context
from dvmeet.services.progress import Progress, quiet

SCHEMA = f"standards/fiks-arkiv-v1/{am.SCHEMA_FILE}"
_STEMME: dict[BallotChoice, am.Stemme] = {
    BallotChoice.FOR: "Ja",
    BallotChoice.MOT: "Nei",
    BallotChoice.BLANK: "Blankt",
}
_OFFL = re.compile(r"offl\.\s*§\s*(\d+)")


def schema_folder() -> Path:
    """The folder of the shipped Fiks Arkiv schemas."""
    return resource_path(SCHEMA).parent


def _ref(out: ArchiveRefOut) -> am.ArchiveRef:
    return am.ArchiveRef(
        case_year=out.case_year,
        case_sequence=out.case_sequence,
        record_number=out.record_number,
        series=out.series,
        class_id=out.class_id,
    )


def _skjerming(reference: str) -> am.Skjerming:
    """A closed case's access restriction: the offl. section it cites as the code (as
    Noark archives code it), else U.off.; the whole reference as the legal basis."""
    found = _OFFL.search(reference)
    code = found.group(1) if found else "U.off."
    return am.Skjerming(
        restriction=am.Code(code=code, description=_("Unnateke offentlegheit")),
        legal_basis=reference,
    )


def _meeting_number(s: Session, meeting: Meeting) -> str:
    """The meeting's number in its body's year: "2/2025"."""
    start, end = dt.date(meeting.date.year, 1, 1), dt.date(meeting.date.year, 12, 31)
    earlier = s.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.body_id == meeting.body_id,
            Meeting.date.between(start, end),
            (Meeting.date < meeting.date)
            | ((Meeting.date == meeting.date) & (Meeting.id < meeting.id)),
        )
    )
    return f"{(earlier or 0) + 1}/{meeting.date.year}"


def _ballots(s: Session, decision: Decision | None) -> tuple[list[am.Ballot], dt.datetime | None]:
    """The roll-call ballots on the vote that made the decision, and when it was taken."""
    if decision is None or decision.vote_id is None:
        return [], None
    vote = s.get_one(Vote, decision.vote_id)
    if vote.method is not VoteMethod.ROLL_CALL:
        return [], vote.recorded_at
    rows = s.execute(
        select(BallotRow, Person)
        .join(Person, Person.id == BallotRow.person_id)
        .where(BallotRow.vote_id == vote.id)
        .order_by(Person.name)
    ).all()
    ballots = [
        am.Ballot(
            name=person.name,
            vote=_STEMME[ballot.choice],
            represents=person.municipality.name if person.municipality else None,
        )
        for ballot, person in rows
    ]
    return ballots, vote.recorded_at


def _protocol(c: CaseMinutes) -> str | None:
    parts = [c.handling or "", *(p.text for p in c.proposals), *(v.text for v in c.votes)]
    text = "\n\n".join(p for p in parts if p)
    return text or None


def _case_record(
    s: Session,
    meeting: Meeting,
    case: Case,
    body: Body,
    internal: CaseMinutes | None,
    public: CaseMinutes | None,
    ref: ArchiveRefOut,
    uid: str,
) -> am.CaseRecord:
    decision = s.scalar(
        select(Decision).where(Decision.case_id == case.id).order_by(Decision.id.desc())
    )
    ballots, taken = _ballots(s, decision)
    on_day = taken if taken is not None and taken.date() == meeting.date else None
    decided_at = on_day or dt.datetime.combine(meeting.date, meeting.start_time)
    reference = format_reference(case.closure_basis, case.closure_note) if case.closed else ""
    kind = label(case.kind)
    # O-2: the public journal's title comes from the public minutes, else the public rule
    shown = public.title if public else shown_title(case.title, case.public_title, case.closed)
    return am.CaseRecord(
        key=case_key(uid, case.id),
        title=f"{case_label(case, body)} {case.title}",
        public_title=f"{case_label(case, body)} {shown}",
        case_type=am.Code(code=case.kind.value, description=kind.split(" – ", 1)[-1]),
        year=case.year,
        sequence=case.number,
        recommendation=internal.recommendation if internal else case.recommendation,
        decision=(internal.decision if internal else None) or (decision.text if decision else None),
        decided_at=decided_at,
        ballots=ballots,
        protocol=_protocol(internal) if internal else None,
        skjerming=_skjerming(reference or _("heimel manglar")) if case.closed else None,
        ref=_ref(ref),
    )


def _approved(s: Session, meeting_id: int) -> Meeting:
    meeting = lookup.meeting(s, meeting_id)
    kept = s.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    if kept is None or kept.status is not MinutesStatus.APPROVED:
        raise InvalidInput(
            _(
                "Møtet kan arkiverast når møteboka er godkjend: arkivet skal ha den "
                "godkjende møteboka."
            )
        )
    return meeting


def _handoff(ctx: Context, meeting_id: int, files: dict[str, list[am.DocumentFile]]) -> am.Handoff:
    internal = minutes.minutes_document(ctx, meeting_id, public=False)
    public = minutes.minutes_document(ctx, meeting_id, public=True)
    return _model(ctx, meeting_id, internal, public, files)


def _model(
    ctx: Context,
    meeting_id: int,
    internal: MinutesDocument,
    public: MinutesDocument,
    files: dict[str, list[am.DocumentFile]],
) -> am.Handoff:
    with ctx.reading() as s:
        meeting = _approved(s, meeting_id)
        body = s.get_one(Body, meeting.body_id)
        uid = database_uid(s)
        refs = refs_of(s, meeting)
        by_case = {r.case_id: r for r in refs.cases}
        inside = {c.label: c for c in internal.minutes.cases}
        outside = {c.label: c for c in public.minutes.cases}
        cases = []
        for case in meeting_cases(s, meeting.id):
            lbl = case_label(case, body)
            cases.append(
                _case_record(
                    s, meeting, case, body, inside.get(lbl), outside.get(lbl), by_case[case.id], uid
                )
            )
        draft = internal.minutes
        participants = [
            am.Participant(name=p.name, function=p.role or _("Medlem"), represents=p.municipality)
            for p in draft.present
        ] + [
            am.Participant(
                name=d.name,
                function=_("Varamedlem for {name}").format(name=d.for_name),
                represents=d.municipality,
            )
            for d in draft.deputies
        ]
        title = _("Møte i {body} {day}").format(body=body.name, day=f"{meeting.date:%d.%m.%Y}")
        folder = am.MeetingFolder(
            key=meeting_key(uid, meeting.id),
            title=title,
            public_title=title,
            number=_meeting_number(s, meeting),
            body_name=body.name,
            body_code=body.code,
            date=meeting.date,
            place=meeting.place or None,
            participants=participants,
            ref=_ref(refs.meeting),
        )
        closed = [c for c in meeting_cases(s, meeting.id) if c.closed]
        bases = sorted({format_reference(c.closure_basis, c.closure_note) for c in closed})
        documents = []
        for slug, code, word in _documents():
            if slug not in files:
                continue
            doc_title = f"{word} – {title}"
            documents.append(
                am.MeetingDocument(
                    key=document_key(uid, meeting.id, slug),
                    title=doc_title,
                    public_title=doc_title,
                    document_type=am.Code(code=code, description=word),
                    files=files[slug],
                    # a document with a public variant holds closed content
                    skjerming=_skjerming("; ".join(b for b in bases if b) or _("heimel manglar"))
                    if any(f.variant.code == "O" for f in files[slug])
                    else None,
                )
            )
        return am.Handoff(folder=folder, cases=cases, documents=documents)


def _documents() -> list[tuple[str, str, str]]:
    """(slug, moetedokumenttype, word) of the documents handed over, in order."""
    return [
        ("innkalling", "MI", _("Møteinnkalling")),
        ("sakspapir", "SP", _("Sakspapir")),
        ("moetebok", "MP", _("Møtebok")),
    ]


PDFA = am.Code(code="fmt/477", description="PDF/A-2b")
PDF = am.Code(code="fmt/276", description="PDF 1.7")


def _makers(ctx: Context, meeting_id: int) -> list[tuple[str, Callable[[bool], bytes], am.Code]]:
    """(slug, make(public) -> bytes, format) of each document: the notice and the approved
    minutes as PDF/A-2b (the minutes as signed, once signed); the sakspapir (the notice
    with every case paper and attachment) as the PDF it is, since attachments come as
    their authors made them."""
    from dvmeet.services import papers

    def notice(public: bool) -> bytes:
        return exports.meeting_pdf(ctx, "notice", meeting_id, public=public, pdfa=True)

    def sakspapir(public: bool) -> bytes:
        return papers.sakspapir_pdf(ctx, meeting_id, public=public)

    def minutes_pdf(public: bool) -> bytes:
        if not public:  # the archive's copy is the signed one, once anyone has signed
            from dvmeet.services import signing

            signed = signing.signed_minutes_pdf(ctx, meeting_id)
            if signed is not None:
                return signed
        return exports.meeting_pdf(ctx, "minutes", meeting_id, public=public, pdfa=True)

    return [
        ("innkalling", notice, PDFA),
        ("sakspapir", sakspapir, PDF),
        ("moetebok", minutes_pdf, PDFA),
    ]


def _closed_attachment(ctx: Context, case_ids: list[int]) -> bool:
    """Whether any case of the meeting has a closed attachment (the sakspapir's public
    variant leaves it out)."""
    from dvmeet.services import papers

    return any(a.closed for case_id in case_ids for a in papers.list_attachments(ctx, case_id))


def arkivmelding_handoff(ctx: Context, meeting_id: int) -> am.Handoff:
    """The hand-off's model without its files (what the messages will say of the meeting
    and its cases); refused unless the minutes are approved."""
    return _handoff(ctx, meeting_id, {})


def _file(
    slug: str, stem: str, public: bool, data: bytes, fmt: am.Code
) -> tuple[str, am.DocumentFile]:
    variant = (
        am.Code(code="O", description=_("Offentleg variant"))
        if public
        else am.Code(code="A", description=_("Arkivformat"))
    )
    name = f"{slug}_{stem}_{'offentleg' if public else 'arkiv'}.pdf"
    return name, am.DocumentFile(
        file_name=name,
        reference=name,
        variant=variant,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def write_arkivmelding(
    ctx: Context, meeting_id: int, directory: Path, progress: Progress | None = None
) -> HandoffWritten:
    """Write the hand-off into `directory`: the messages, numbered in the order the archive
    takes them, and the PDF/A files they name. Everything is made and every message
    validated before the folder is made; an invalid message is refused with the schema's
    words and nothing is written."""
    progress = progress or quiet()
    with ctx.reading() as s:
        meeting = _approved(s, meeting_id)
        body = s.get_one(Body, meeting.body_id)
        stem = f"{body.code.lower()}_{meeting.date:%Y-%m-%d}"
        cases = meeting_cases(s, meeting.id)
        closed = any(c.closed for c in cases)
        case_ids = [c.id for c in cases]
    kinds = _makers(ctx, meeting_id)
    closed_attachment = _closed_attachment(ctx, case_ids)
    made: list[tuple[Path, bytes]] = []
    files: dict[str, list[am.DocumentFile]] = {}
    restricted = {
        slug: closed or (slug == "sakspapir" and closed_attachment) for slug, _m, _f in kinds
    }
    total = sum(2 if r else 1 for r in restricted.values()) + 1
    for slug, make, fmt in kinds:
        # the archive's variant; a public one beside it where closed content is withheld
        for public in [False, True] if restricted[slug] else [False]:
            progress.step(len(made), total, slug)
            data = make(public)
            name, described = _file(slug, stem, public, data, fmt)
            files.setdefault(slug, []).append(described)
            made.append((directory / name, data))
    progress.step(total - 1, total, _("Arkivmelding"))
    model = _handoff(ctx, meeting_id, files)
    try:
        messages = am.validated(model, schema_folder())
    except am.InvalidMessage as exc:
        raise InvalidInput(
            _(
                "Arkivmeldinga «{name}» følgjer ikkje Fiks Arkiv-skjemaet, så ingenting er "
                "skrive. Skjemaet seier: {problems}"
            ).format(name=exc.message, problems="; ".join(exc.problems)),
            exc.problems,
        ) from exc
    written = [(directory / m.name, m.data) for m in messages]
    private_folder(directory)
    write_all(written + made)
    return HandoffWritten(
        folder=directory,
        messages=[p for p, _d in written],
        documents=[p for p, _d in made],
    )


def export_arkivmelding(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> HandoffWritten:
    """The hand-off in a folder of its own in `folder` ("Arkivmelding RS 2025-03-12")."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        code = s.get_one(Body, meeting.body_id).code
    target = folder / f"{_('Arkivmelding')} {code} {meeting.date:%Y-%m-%d}"
    return write_arkivmelding(ctx, meeting_id, target, progress)
