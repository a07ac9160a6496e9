"""The saksframlegg of a case (issue 19) and a body's template for a new one.

The paper holds bakgrunn/saksopplysningar, vurdering and økonomi; the innstilling is the
case's own `recommendation`, edited with the case (meetings.update_case), so the notice,
the console and the minutes read the same text. A paper is part of the record: once the
meeting's minutes are approved it is frozen with the meeting (migration 0017)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Case, CasePaper, PaperTemplate
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_absent_or_version
from dvmeet.services._records import case_label
from dvmeet.services.context import Context
from dvmeet.services.papers.models import PaperIn, PaperOut, TemplateIn, TemplateOut

PARTS = ("background", "assessment", "economy")


def _blank(text: str | None) -> str | None:
    return text if text and text.strip() else None


def paper_row(session: Session, case_id: int) -> CasePaper | None:
    return session.scalar(select(CasePaper).where(CasePaper.case_id == case_id))


def template_row(session: Session, body_id: int) -> PaperTemplate | None:
    return session.scalar(select(PaperTemplate).where(PaperTemplate.body_id == body_id))


def paper_out(session: Session, case: Case) -> PaperOut:
    meeting = case.meeting
    body = meeting.body
    paper = paper_row(session, case.id)
    source: CasePaper | PaperTemplate | None = paper
    if paper is None:
        source = template_row(session, body.id)
    return PaperOut(
        case_id=case.id,
        meeting_id=meeting.id,
        body_code=body.code,
        label=case_label(case, body),
        title=case.title,
        closed=case.closed,
        recommendation=case.recommendation,
        background=source.background if source else None,
        assessment=source.assessment if source else None,
        economy=source.economy if source else None,
        version=paper.version if paper else 0,
        from_template=paper is None and source is not None,
        editable=not meeting.frozen,
    )


def get_paper(ctx: Context, case_id: int) -> PaperOut:
    """The case's saksframlegg; a case without one shows its body's template texts
    (`from_template`, version 0) until it is saved."""
    with ctx.reading() as s:
        return paper_out(s, lookup.case(s, case_id))


def update_paper(ctx: Context, data: PaperIn) -> PaperOut:
    """Save the saksframlegg's parts. `expected_version`: the version read (0: none was
    saved then), so a paper saved by someone else meanwhile is not overwritten."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = lookup.case(s, data.case_id, for_update=True)
        # one first save at a time: the second waits here, then finds the first's paper
        s.execute(select(Case.id).where(Case.id == case.id).with_for_update())
        paper = paper_row(s, case.id)
        label = case_label(case, case.meeting.body)
        ensure_absent_or_version(
            s,
            paper,
            data.expected_version,
            lambda: paper_out(s, case),
            _("saksframlegget til sak {label}").format(label=label),
        )
        values = {name: _blank(getattr(data, name)) for name in PARTS}
        if paper is None:
            paper = CasePaper(case_id=case.id, **values)
            s.add(paper)
        else:
            for name, value in values.items():
                setattr(paper, name, value)
            paper.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        s.flush()
        uow.audit(
            "case_paper.saved",
            "case_paper",
            paper.id,
            {
                "case_id": case.id,
                "label": label,
                "parts": sorted(k for k, v in values.items() if v),
            },
        )
        return paper_out(s, case)


def _template_out(body_code: str, body_name: str, row: PaperTemplate | None) -> TemplateOut:
    return TemplateOut(
        body_code=body_code,
        body_name=body_name,
        background=row.background if row else None,
        assessment=row.assessment if row else None,
        economy=row.economy if row else None,
        version=row.version if row else 0,
    )


def get_template(ctx: Context, body_code: str) -> TemplateOut:
    with ctx.reading() as s:
        body = lookup.body_by_code(s, body_code)
        return _template_out(body.code, body.name, template_row(s, body.id))


def update_template(ctx: Context, data: TemplateIn) -> TemplateOut:
    """Save a body's default texts for new saksframlegg (a saved paper keeps its texts)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        # one first save at a time: the second waits here, then finds the first's template
        s.execute(select(Body.id).where(Body.id == body.id).with_for_update())
        row = template_row(s, body.id)
        ensure_absent_or_version(
            s,
            row,
            data.expected_version,
            lambda: _template_out(body.code, body.name, template_row(s, body.id)),
            _("malen for saksframlegg i {body}").format(body=body.name),
        )
        values = {name: _blank(getattr(data, name)) for name in PARTS}
        if row is None:
            row = PaperTemplate(body_id=body.id, **values)
            s.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        s.flush()
        uow.audit("paper_template.saved", "paper_template", row.id, {"body": body.code})
        return _template_out(body.code, body.name, row)
