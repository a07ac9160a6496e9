"""The public sakspapir (issue 19) carries no closed content (O-2): the canary meeting of
tests/unit/documents/test_doc_canary_paths.py (a case closed by every path the app offers,
a marker in every field) gets a saksframlegg and two attachments per case, one of them
closed, each with markers of its own; the public sakspapir is read by canary_scan (the
text layer by two extractors, every object's strings, the outline, XMP and Info) after
the notice, when held and when approved. No closed marker, no marker of a closed case's
paper or attachment and no closed attachment's marker may be found, while the open
cases' papers and open attachments are there; the internal sakspapir has them all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from papers_kit import make_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent / "documents"))

from canary_scan import assert_clean, found
from test_doc_canary_paths import Run, approve, hold, plan_and_notify

from dvmeet.services import meetings, papers
from dvmeet.services.context import Context


def add_papers(ctx: Context, run: Run) -> dict[int, dict[str, str]]:
    """A paper and two attachments (the second closed) per case, markers in each: per case
    id, the marker names and their words."""
    marks: dict[int, dict[str, str]] = {}
    for key, case_id in sorted(run.case_ids.items()):
        word = key.upper().replace(" ", "")
        m = {
            "paper": f"PAPIR{word}KANARI",
            "open title": f"VEDLEGGTITTEL{word}KANARI",
            "open text": f"VEDLEGGTEKST{word}KANARI",
            "closed title": f"LUKKATITTEL{word}KANARI",
            "closed text": f"LUKKATEKST{word}KANARI",
        }
        papers.update_paper(
            ctx, papers.PaperIn(case_id=case_id, background=f"Bakgrunn {m['paper']}")
        )
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case_id,
                title=f"Vedlegg {m['open title']}",
                filename="open.pdf",
                content=make_pdf(m["open text"]),
            ),
        )
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case_id,
                title=f"Lukka {m['closed title']}",
                filename="lukka.pdf",
                content=make_pdf(m["closed text"]),
                closed=True,
            ),
        )
        marks[case_id] = m
    return marks


def check(ctx: Context, run: Run, marks: dict[int, dict[str, str]], stage: str) -> None:
    public = papers.sakspapir_pdf(ctx, run.meeting_id, public=True)
    internal = papers.sakspapir_pdf(ctx, run.meeting_id, public=False)
    closed_now = {c.id for c in meetings.get_meeting(ctx, run.meeting_id).cases if c.closed}
    m = run.marks
    case_marks = [
        v for k, v in m.closed.items() if stage != "notice" or k not in m.open_before_meeting
    ]
    withheld: list[str] = []
    shown: list[str] = []
    for case_id, words in marks.items():
        withheld += [words["closed title"], words["closed text"]]
        if case_id in closed_now:
            withheld += [words["paper"], words["open title"], words["open text"]]
        else:
            shown += [words["paper"], words["open title"], words["open text"]]
    assert closed_now & set(marks), f"{stage}: the canary has closed cases with papers"
    assert shown, f"{stage}: and open ones"
    assert_clean(case_marks + list(m.never.values()) + withheld, {"sakspapir.pdf": public})
    # the controls: the open papers and attachments are there, so the scan read them
    assert found(shown, "sakspapir.pdf", public) == set(shown), stage
    every = [w for words in marks.values() for w in words.values()]
    assert found(every, "sakspapir.pdf", internal) == set(every), stage


@pytest.mark.parametrize("until", ["notice", "held", "approved"])
def test_the_public_sakspapir_carries_no_closed_content(ctx: Context, until: str) -> None:
    run = plan_and_notify(ctx)
    marks = add_papers(ctx, run)
    check(ctx, run, marks, "notice")
    if until in ("held", "approved"):
        hold(ctx, run)
        check(ctx, run, marks, "held")
    if until == "approved":
        approve(ctx, run)
        check(ctx, run, marks, "approved")


def test_the_scan_finds_closed_titles_when_the_public_title_rule_breaks(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break O-2 (`shown_title`) and the public sakspapir shows a closed title (in its
    notice): the test above would fail if the sakspapir were made from anything but the
    public models."""
    from dvmeet.domain import lifecycle

    run = plan_and_notify(ctx)
    monkeypatch.setattr(lifecycle, "shown_title", lambda title, public_title, closed: title)
    public = papers.sakspapir_pdf(ctx, run.meeting_id, public=True)
    title = run.marks.closed["planned title"]
    assert title in found([title], "sakspapir.pdf", public)
