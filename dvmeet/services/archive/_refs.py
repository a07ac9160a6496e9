"""The archive references of a meeting and its cases: read, set by hand, and the keys that
name a meeting, a case or a document to the archive (referanseEksternNoekkel)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import ArchiveReference, Body, Case, DatabaseIdentity, Meeting
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_absent_or_version
from dvmeet.services._records import case_label, meeting_cases
from dvmeet.services.archive.models import ArchiveRefIn, ArchiveRefOut, ArchiveRefs
from dvmeet.services.context import Context


def database_uid(s: Session) -> str:
    uid = s.scalar(select(DatabaseIdentity.uid).where(DatabaseIdentity.id == 1))
    return uid or "dvmeet"


def meeting_key(uid: str, meeting_id: int) -> str:
    return f"{uid}/moete/{meeting_id}"


def case_key(uid: str, case_id: int) -> str:
    return f"{uid}/sak/{case_id}"


def document_key(uid: str, meeting_id: int, slug: str) -> str:
    return f"{uid}/moete/{meeting_id}/{slug}"


def meeting_word(meeting: Meeting, body: Body) -> str:
    return _("Møtet i {body} {day}").format(body=body.name, day=f"{meeting.date:%d.%m.%Y}")


def case_word(case: Case, body: Body) -> str:
    return f"{case_label(case, body)} {case.title}"


def _row(
    s: Session, *, meeting_id: int | None = None, case_id: int | None = None
) -> ArchiveReference | None:
    if meeting_id is not None:
        return s.scalar(select(ArchiveReference).where(ArchiveReference.meeting_id == meeting_id))
    return s.scalar(select(ArchiveReference).where(ArchiveReference.case_id == case_id))


def ref_out(row: ArchiveReference | None, label: str, **owner: int | None) -> ArchiveRefOut:
    if row is None:
        return ArchiveRefOut(label=label, **owner)
    return ArchiveRefOut(
        meeting_id=row.meeting_id,
        case_id=row.case_id,
        label=label,
        case_year=row.case_year,
        case_sequence=row.case_sequence,
        record_number=row.record_number,
        series=row.series,
        class_id=row.class_id,
        version=row.version,
    )


def refs_of(s: Session, meeting: Meeting) -> ArchiveRefs:
    body = s.get_one(Body, meeting.body_id)
    cases = meeting_cases(s, meeting.id)
    by_case = {
        r.case_id: r
        for r in s.scalars(
            select(ArchiveReference).where(ArchiveReference.case_id.in_([c.id for c in cases]))
        )
    }
    return ArchiveRefs(
        meeting=ref_out(
            _row(s, meeting_id=meeting.id), meeting_word(meeting, body), meeting_id=meeting.id
        ),
        cases=[ref_out(by_case.get(c.id), case_word(c, body), case_id=c.id) for c in cases],
    )


def archive_references(ctx: Context, meeting_id: int) -> ArchiveRefs:
    """The archive references of the meeting and of each of its cases."""
    with ctx.reading() as s:
        return refs_of(s, lookup.meeting(s, meeting_id))


def store_reference(s: Session, data: ArchiveRefIn) -> tuple[ArchiveReference, str]:
    """Set (or make) the references `data` names after the version check; the row and the
    words that name its owner."""
    if data.meeting_id is not None:
        meeting = lookup.meeting(s, data.meeting_id)
        label = meeting_word(meeting, s.get_one(Body, meeting.body_id))
        row = _row(s, meeting_id=meeting.id)
        what = _("arkivreferansane til {what}").format(what=label.lower()[:1] + label[1:])
    else:
        assert data.case_id is not None
        case = lookup.case(s, data.case_id)
        label = case_word(case, s.get_one(Body, case.body_id))
        row = _row(s, case_id=case.id)
        what = _("arkivreferansane til sak {what}").format(what=label)
    owner = {"meeting_id": data.meeting_id, "case_id": data.case_id}
    ensure_absent_or_version(
        s, row, data.expected_version, lambda: ref_out(_row(s, **owner), label, **owner), what
    )
    if row is None:
        row = ArchiveReference(meeting_id=data.meeting_id, case_id=data.case_id)
        s.add(row)
    row.case_year = data.case_year
    row.case_sequence = data.case_sequence
    row.record_number = data.record_number
    row.series = data.series
    row.class_id = data.class_id
    s.flush()
    return row, label


def set_archive_reference(ctx: Context, data: ArchiveRefIn) -> ArchiveRefOut:
    """Set the archive references of a meeting or a case by hand (`expected_version`: the
    version read; 0 when none were kept). Archive references are not part of the record:
    they may be set after the minutes are approved."""
    with ctx.unit_of_work() as uow:
        row, label = store_reference(uow.session, data)
        out = ref_out(row, label, meeting_id=data.meeting_id, case_id=data.case_id)
        uow.audit(
            "archive_reference.set",
            "archive_reference",
            row.id,
            out.model_dump(mode="json", exclude={"label", "version"}),
        )
        return out
