"""The saksframlegg as a document and the sakspapir (issue 19): the notice, then every
case's saksframlegg and attachments, as one PDF with bookmarks and page numbers.

Public variants are built from public fields only (O-2): a closed case's paper is its
public title and legal basis; the public sakspapir leaves out a closed case's paper and
attachments altogether, and every closed attachment, so no closed title reaches its
pages, bookmarks or metadata."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from dvmeet.db.models import Case
from dvmeet.documents.models import DocumentMeta, NoticeDocument
from dvmeet.documents.saksframlegg import AdoptedDocument, PaperDocument
from dvmeet.documents.sakspapir import SakspapirAttachment, SakspapirCase, SakspapirDocument
from dvmeet.documents.text import short_date
from dvmeet.domain.labels import nynorsk
from dvmeet.domain.legal import format_reference
from dvmeet.domain.lifecycle import shown_title
from dvmeet.errors import NotFound
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services import exports
from dvmeet.services._files import Written, write_all, write_file
from dvmeet.services._records import case_label
from dvmeet.services._saksgang import recommendation_heading, saksgang_rows
from dvmeet.services.context import Context
from dvmeet.services.papers._attachments import adopted_title, attachment_rows
from dvmeet.services.papers._papers import paper_row
from dvmeet.services.papers.models import SakspapirWritten
from dvmeet.services.progress import Progress, quiet


def _meta(notice: NoticeDocument, kind: str, title: str, subject: str) -> DocumentMeta:
    """The notice's masthead (cooperation, body, letterhead, variant) with this title."""
    return notice.meta.model_copy(update={"kind": kind, "title": title, "subject": subject})


def _reference(case: Case) -> str | None:
    if case.closure_basis is None:
        return None
    return format_reference(case.closure_basis, case.closure_note)


def _paper(
    s: Session, case: Case, notice: NoticeDocument, *, public: bool, titles: list[str]
) -> PaperDocument:
    meeting = case.meeting
    label = case_label(case, meeting.body)
    withheld = public and case.closed
    title = shown_title(case.title, case.public_title, case.closed) if public else case.title
    meta = _meta(
        notice,
        "SAKSFRAMLEGG",
        f"Saksframlegg {label} – {title}",
        f"Saksframlegg til {meeting.body.name} {short_date(meeting.date)}",
    )
    common = {
        "meta": meta,
        "label": label,
        "title": title,
        "body_name": meeting.body.name,
        "meeting_date": meeting.date,
        "closed": case.closed,
        "withheld": withheld,
        "closure_reference": _reference(case),
        "saksgang": saksgang_rows(s, case),  # issue 19: the handlings across bodies
    }
    if withheld:
        return PaperDocument(**common)
    paper = paper_row(s, case.id)
    return PaperDocument(
        **common,
        preparer_name=case.preparer.name if case.preparer else None,
        background=paper.background if paper else None,
        assessment=paper.assessment if paper else None,
        economy=paper.economy if paper else None,
        recommendation=case.recommendation,
        adopted_document=adopted_title(case),
        attachments=titles,
        **(
            {"recommendation_heading": heading}
            if (heading := recommendation_heading(s, case))
            else {}
        ),
    )


def _attachments(
    s: Session, case: Case, notice: NoticeDocument, *, public: bool
) -> list[SakspapirAttachment]:
    """The case's attachments the variant shows: the adopted governing document first."""
    if public and case.closed:
        return []
    out: list[SakspapirAttachment] = []
    version = case.document_version
    title = adopted_title(case)
    if version is not None and title is not None:
        document = version.document
        out.append(
            SakspapirAttachment(
                title=title,
                adopted=AdoptedDocument(
                    meta=_meta(
                        notice,
                        nynorsk(document.kind).upper(),
                        f"{document.title}, versjon {version.version_no}",
                        title,
                    ),
                    title=document.title,
                    kind_word=nynorsk(document.kind),
                    version_no=version.version_no,
                    content=version.content,
                    content_hash=version.content_hash,
                ),
            )
        )
    for row in attachment_rows(s, case.id, content=True):
        if public and row.closed:
            continue
        out.append(SakspapirAttachment(title=row.title, pdf=bytes(row.content)))
    return out


def _in_sakspapir(s: Session, case: Case) -> bool:
    """Every case but a standing one (M-7) with neither paper nor attachments."""
    if case.standing is None or case.document_version_id is not None:
        return True
    if paper_row(s, case.id) is not None:
        return True
    return bool(attachment_rows(s, case.id))


def paper_document(ctx: Context, case_id: int, *, public: bool) -> PaperDocument:
    """The case's saksframlegg as a document; public: a closed case shows only its
    public title and «Unnateke offentlegheit, jf. …»."""
    with ctx.reading() as s:
        meeting_id = lookup.case(s, case_id).meeting_id
    notice = exports.notice_document(ctx, meeting_id, public=public)
    with ctx.reading() as s:
        case = lookup.case(s, case_id)
        titles = [a.title for a in _attachments(s, case, notice, public=public)]
        return _paper(s, case, notice, public=public, titles=titles)


def saksframlegg_pdf(ctx: Context, case_id: int, *, public: bool) -> bytes:
    from dvmeet.documents.saksframlegg import paper_pdf

    return paper_pdf(paper_document(ctx, case_id, public=public))


def adopted_document_pdf(ctx: Context, case_id: int) -> bytes:
    """The governing document version the case adopts, as its automatic attachment is
    printed in the sakspapir (internal)."""
    from dvmeet.documents.saksframlegg import adopted_document_pdf as render

    with ctx.reading() as s:
        meeting_id = lookup.case(s, case_id).meeting_id
    notice = exports.notice_document(ctx, meeting_id, public=False)
    with ctx.reading() as s:
        case = lookup.case(s, case_id)
        adopted = next((a.adopted for a in _attachments(s, case, notice, public=False)), None)
        if adopted is None:
            raise NotFound(_("Saka vedtek ikkje noko dokument."))
    return render(adopted)


def sakspapir_document(ctx: Context, meeting_id: int, *, public: bool) -> SakspapirDocument:
    """The notice, then per case its saksframlegg and attachments (public: closed papers
    and closed attachments left out, closed titles nowhere)."""
    notice = exports.notice_document(ctx, meeting_id, public=public)
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        cases: list[SakspapirCase] = []
        for case in meeting.cases:
            if public and case.closed:
                continue
            if not _in_sakspapir(s, case):
                continue
            attachments = _attachments(s, case, notice, public=public)
            paper = _paper(s, case, notice, public=public, titles=[a.title for a in attachments])
            heading = f"Sak {case.number:03d}/{case.year % 100:02d}"
            cases.append(
                SakspapirCase(
                    outline=f"{heading} {paper.title}", paper=paper, attachments=attachments
                )
            )
        variant = "offentleg versjon" if public else "intern versjon"
        meta = _meta(
            notice,
            "SAKSPAPIR",
            f"Sakspapir – {meeting.body.name} {short_date(meeting.date)}",
            f"Innkalling, saksframlegg og vedlegg til møte i {meeting.body.name} "
            f"{short_date(meeting.date)} ({variant})",
        )
        return SakspapirDocument(meta=meta, notice=notice, cases=cases)


def sakspapir_pdf(ctx: Context, meeting_id: int, *, public: bool) -> bytes:
    from dvmeet.documents.sakspapir import sakspapir_pdf as render

    return render(sakspapir_document(ctx, meeting_id, public=public))


def export_sakspapir(
    ctx: Context, meeting_id: int, path: Path, *, public: bool
) -> SakspapirWritten:
    """Write the sakspapir (internal or public) to `path`, whole or not at all."""
    import io

    import pikepdf

    data = sakspapir_pdf(ctx, meeting_id, public=public)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    written = write_file(path, data)
    return SakspapirWritten(path=str(written), pages=pages, public=public)


def export_sakspapir_files(
    ctx: Context, meeting_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """The internal and the public sakspapir in `folder` (as the notice's two files), both
    written or neither."""
    progress = progress or quiet()
    made: list[tuple[Path, bytes]] = []
    for n, public in enumerate((False, True)):
        variant = _("offentleg") if public else _("intern")
        progress.step(n, 3, _("Sakspapir ({variant})").format(variant=variant))
        data = sakspapir_pdf(ctx, meeting_id, public=public)
        made.append((folder / default_filename(ctx, meeting_id, public=public), data))
    progress.step(2, 3, _("Skriv filene"))
    written = write_all(made)
    progress.step(3, 3, _("Skriv filene"))
    return written


def default_filename(ctx: Context, meeting_id: int, *, public: bool) -> str:
    """ "Sakspapir RS 2024-12-11 offentleg.pdf"."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        variant = _("offentleg") if public else _("intern")
        return f"{_('Sakspapir')} {meeting.body.code} {meeting.date:%Y-%m-%d} {variant}.pdf"
